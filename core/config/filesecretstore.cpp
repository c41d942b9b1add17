// SPDX-License-Identifier: MIT
#include "filesecretstore.h"

#include "crypto/aesgcm.h"
#include "crypto/securerandom.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QtEndian>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace paydesk {

Q_LOGGING_CATEGORY(lcFileSecrets, "paydesk.secrets")

namespace {

constexpr char Magic[] = "PDSECRET";
constexpr int MagicSize = 8;
constexpr quint8 FormatVersion = 1;
constexpr quint8 KdfPbkdf2Sha256 = 1;
constexpr int SaltSize = 16;
constexpr int CheckSize = 16;
constexpr int NonceSize = 12;
constexpr int HeaderSize = MagicSize + 1 + 1 + 4 + SaltSize + CheckSize + NonceSize;
// Above this a file is not ours, and deriving with its iteration count would
// only let a planted file stall the terminal.
constexpr quint32 MaximumIterations = 50'000'000;
constexpr qint64 MaximumFileSize = 16 * 1024 * 1024;
constexpr char CheckLabel[] = "paydesk secrets passphrase check v1";

struct Header
{
    quint8 version = 0;
    quint8 kdf = 0;
    quint32 iterations = 0;
    QByteArray salt;
    QByteArray check;
    QByteArray nonce;
};

Result<SecretBytes> deriveKey(const QByteArray &passphrase, const QByteArray &salt, int iterations)
{
    QByteArray key(AesGcm::KeySize, '\0');
    if (PKCS5_PBKDF2_HMAC(passphrase.constData(), int(passphrase.size()),
                          reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                          EVP_sha256(), int(key.size()), reinterpret_cast<unsigned char *>(key.data()))
        != 1) {
        SecretBytes::wipe(key);
        return makeError(QStringLiteral("crypto_error"), QStringLiteral("PBKDF2 key derivation failed (OpenSSL)"));
    }
    return SecretBytes(std::move(key));
}

QByteArray passphraseCheck(const QByteArray &key)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t length = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.constData(), size_t(key.size()),
                   reinterpret_cast<const unsigned char *>(CheckLabel), sizeof(CheckLabel) - 1, mac, sizeof(mac),
                   &length)
        || length < size_t(CheckSize)) {
        return {};
    }
    return QByteArray(reinterpret_cast<const char *>(mac), CheckSize);
}

QByteArray headerBytes(const Header &h)
{
    QByteArray out(Magic, MagicSize);
    out.append(char(h.version));
    out.append(char(h.kdf));
    char iterations[4];
    qToBigEndian<quint32>(h.iterations, iterations);
    out.append(iterations, 4);
    out.append(h.salt);
    out.append(h.check);
    out.append(h.nonce);
    return out;
}

Error damaged(const QString &path, const QString &why)
{
    return makeError(QStringLiteral("secret_file_damaged"),
                     QStringLiteral("secrets file %1 %2: restore it from a backup or import the secrets again "
                                    "(paydesk-cli secrets import)")
                         .arg(path, why));
}

Result<Header> parseHeader(const QString &path, const QByteArray &file)
{
    if (file.size() < HeaderSize + AesGcm::TagSize || !file.startsWith(QByteArray(Magic, MagicSize)))
        return damaged(path, QStringLiteral("is not a PayDesk secrets file"));
    Header h;
    const char *p = file.constData() + MagicSize;
    h.version = quint8(p[0]);
    h.kdf = quint8(p[1]);
    h.iterations = qFromBigEndian<quint32>(p + 2);
    int offset = MagicSize + 6;
    h.salt = file.mid(offset, SaltSize);
    offset += SaltSize;
    h.check = file.mid(offset, CheckSize);
    offset += CheckSize;
    h.nonce = file.mid(offset, NonceSize);
    if (h.version != FormatVersion) {
        return makeError(QStringLiteral("secret_file_version"),
                         QStringLiteral("secrets file %1 has format version %2, this PayDesk reads version %3: "
                                        "update PayDesk")
                             .arg(path)
                             .arg(h.version)
                             .arg(FormatVersion));
    }
    if (h.kdf != KdfPbkdf2Sha256 || h.iterations < quint32(FileSecretStore::DefaultIterations)
        || h.iterations > MaximumIterations) {
        return damaged(path, QStringLiteral("names a key derivation this PayDesk does not accept"));
    }
    return h;
}

} // namespace

FileSecretStore::FileSecretStore(const QString &path, QObject *parent) : SecretStore(parent), m_path(path) {}

// m_key and m_secrets are SecretBytes: wiped as they go.
FileSecretStore::~FileSecretStore() = default;

QByteArray FileSecretStore::passphraseFromEnvironment()
{
    return qgetenv("PAYDESK_SECRET_PASSPHRASE");
}

QString FileSecretStore::fallbackWarning(const QString &path)
{
    return QStringLiteral("no OS keychain: secrets are kept in an encrypted file %1, readable only by this user "
                          "and unlocked with the installer's passphrase (PAYDESK_SECRET_PASSPHRASE or a prompt); "
                          "keep the passphrase safe, without it the secrets must be imported again")
        .arg(QDir::toNativeSeparators(path));
}

Result<std::unique_ptr<FileSecretStore>> FileSecretStore::open(const QString &path, const QByteArray &passphrase,
                                                               QObject *parent)
{
    if (passphrase.isEmpty()) {
        return makeError(QStringLiteral("secret_passphrase_missing"),
                         QStringLiteral("the secrets file %1 needs the installer's passphrase: set "
                                        "PAYDESK_SECRET_PASSPHRASE or enter it when asked")
                             .arg(path));
    }
    std::unique_ptr<FileSecretStore> store(new FileSecretStore(QFileInfo(path).absoluteFilePath(), parent));

    QFile file(store->m_path);
    if (!file.exists()) {
        if (passphrase.size() < MinimumPassphraseLength) {
            return makeError(QStringLiteral("secret_passphrase_weak"),
                             QStringLiteral("a passphrase for a new secrets file needs at least %1 characters")
                                 .arg(MinimumPassphraseLength));
        }
        store->m_salt = SecureRandom::bytes(SaltSize);
        auto key = deriveKey(passphrase, store->m_salt, store->m_iterations);
        if (!key)
            return key.error();
        store->m_key = std::move(key).value();
        qCInfo(lcFileSecrets) << "secrets file" << store->m_path << "does not exist yet; it is created on the first write";
        return store;
    }

    if (file.size() > MaximumFileSize)
        return damaged(store->m_path, QStringLiteral("is far too large"));
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read secrets file %1: %2").arg(store->m_path, file.errorString()));
    }
    const QByteArray content = file.readAll();
    auto header = parseHeader(store->m_path, content);
    if (!header)
        return header.error();
    store->m_iterations = int(header->iterations);
    store->m_salt = header->salt;
    auto key = deriveKey(passphrase, store->m_salt, store->m_iterations);
    if (!key)
        return key.error();
    store->m_key = std::move(key).value();
    const QByteArray check = passphraseCheck(store->m_key);
    if (check.size() != CheckSize || CRYPTO_memcmp(check.constData(), header->check.constData(), CheckSize) != 0) {
        return makeError(QStringLiteral("secret_passphrase_wrong"),
                         QStringLiteral("the passphrase does not unlock secrets file %1: use the passphrase chosen "
                                        "when the secrets were imported")
                             .arg(store->m_path));
    }
    if (auto decrypted = store->decryptInto(content, &store->m_secrets); !decrypted)
        return decrypted.error();
    store->m_lastWritten = content;

    // A copy may have lost its mode on the way (backup restore, USB stick).
    const auto permissions = file.permissions();
    if (permissions & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)) {
        qCWarning(lcFileSecrets) << "secrets file" << store->m_path
                                 << "was readable by others; restricting it to its owner";
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return store;
}

Result<void> FileSecretStore::decryptInto(const QByteArray &file, QMap<QString, SecretBytes> *secrets) const
{
    auto header = parseHeader(m_path, file);
    if (!header)
        return header.error();
    if (header->salt != m_salt || int(header->iterations) != m_iterations) {
        return makeError(QStringLiteral("secret_file_changed"),
                         QStringLiteral("secrets file %1 was replaced with one under another passphrase: open it "
                                        "again")
                             .arg(m_path));
    }
    auto plaintext = AesGcm::decrypt(m_key, header->nonce, file.left(HeaderSize), file.mid(HeaderSize));
    if (!plaintext)
        return damaged(m_path, QStringLiteral("has been altered or damaged (the authentication tag does not match)"));
    // The decrypted file and each secret's text are wiped once read. The JSON
    // parser's own copies of the base64 text are Qt's: they go with `object`,
    // unwiped (docs/secrets.md).
    const SecretBytes json = std::move(plaintext).value();
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    const QJsonObject list = object.value(QLatin1String("secrets")).toObject();
    QMap<QString, SecretBytes> result;
    for (auto it = list.constBegin(); it != list.constEnd(); ++it) {
        QByteArray base64 = it.value().toString().toLatin1();
        result.insert(it.key(), SecretBytes(QByteArray::fromBase64(base64)));
        SecretBytes::wipe(base64);
    }
    *secrets = std::move(result);
    return {};
}

Result<void> FileSecretStore::save()
{
    QJsonObject list;
    for (auto it = m_secrets.constBegin(); it != m_secrets.constEnd(); ++it) {
        QByteArray base64 = it.value().bytes().toBase64();
        list.insert(it.key(), QString::fromLatin1(base64));
        SecretBytes::wipe(base64);
    }
    SecretBytes json = QJsonDocument(QJsonObject { { QStringLiteral("secrets"), list } }).toJson(QJsonDocument::Compact);

    Header h;
    h.version = FormatVersion;
    h.kdf = KdfPbkdf2Sha256;
    h.iterations = quint32(m_iterations);
    h.salt = m_salt;
    h.check = passphraseCheck(m_key);
    h.nonce = SecureRandom::bytes(NonceSize); // never reused: a fresh one per write
    const QByteArray header = headerBytes(h);
    auto sealed = AesGcm::encrypt(m_key, h.nonce, header, json);
    json.wipe();
    if (!sealed)
        return sealed.error();
    const QByteArray content = header + *sealed;

    const QFileInfo info(m_path);
    if (!info.absoluteDir().exists()) {
        if (!QDir().mkpath(info.absolutePath())) {
            return makeError(QStringLiteral("file_unwritable"),
                             QStringLiteral("cannot create folder %1 for the secrets file").arg(info.absolutePath()));
        }
        QFile::setPermissions(info.absolutePath(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write secrets file %1: %2").arg(m_path, file.errorString()));
    }
    // Before the first byte, so the file is never readable by others, not even
    // as ciphertext.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(content);
    if (!file.commit()) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write secrets file %1: %2").arg(m_path, file.errorString()));
    }
    m_lastWritten = content;
    return {};
}

// Another process (the CLI next to the GUI) may have written since we read:
// take its changes in before making ours.
Result<void> FileSecretStore::refreshFromDisk()
{
    QFile current(m_path);
    if (!current.exists() || !current.open(QIODevice::ReadOnly))
        return {};
    const QByteArray onDisk = current.read(MaximumFileSize);
    if (onDisk == m_lastWritten)
        return {};
    QMap<QString, SecretBytes> reloaded;
    if (auto decrypted = decryptInto(onDisk, &reloaded); !decrypted)
        return decrypted.error();
    m_secrets = std::move(reloaded);
    m_lastWritten = onDisk;
    return {};
}

Result<QByteArray> FileSecretStore::read(const QString &name)
{
    if (!isValidName(name))
        return invalidName(name);
    const auto it = m_secrets.constFind(name);
    if (it == m_secrets.constEnd()) {
        return makeError(QStringLiteral("secret_not_found"),
                         QStringLiteral("no secret %1 in %2: import it (paydesk-cli secrets import)").arg(name, m_path));
    }
    return it.value().bytes();
}

Result<void> FileSecretStore::write(const QString &name, const QByteArray &secret)
{
    if (!isValidName(name))
        return invalidName(name);
    if (secret.isEmpty()) {
        return makeError(QStringLiteral("secret_empty"),
                         QStringLiteral("refusing to store an empty secret as %1").arg(name));
    }
    if (auto fresh = refreshFromDisk(); !fresh)
        return fresh.error();
    const SecretBytes previous = m_secrets.value(name);
    const bool existed = m_secrets.contains(name);
    m_secrets.insert(name, secret);
    if (auto saved = save(); !saved) {
        if (existed)
            m_secrets.insert(name, previous);
        else
            m_secrets.remove(name);
        return saved.error();
    }
    qCInfo(lcFileSecrets) << "stored secret" << name << "in" << m_path;
    return {};
}

Result<void> FileSecretStore::remove(const QString &name)
{
    if (!isValidName(name))
        return invalidName(name);
    if (auto fresh = refreshFromDisk(); !fresh)
        return fresh.error();
    if (!m_secrets.contains(name))
        return {};
    SecretBytes previous = m_secrets.take(name);
    if (auto saved = save(); !saved) {
        m_secrets.insert(name, previous);
        return saved.error();
    }
    previous.wipe();
    qCInfo(lcFileSecrets) << "removed secret" << name << "from" << m_path;
    return {};
}

void FileSecretStore::read(const QString &name, ReadCallback done)
{
    later([this, name, done] { done(read(name)); });
}

void FileSecretStore::write(const QString &name, const QByteArray &secret, DoneCallback done)
{
    later([this, name, secret, done] { done(write(name, secret)); });
}

void FileSecretStore::remove(const QString &name, DoneCallback done)
{
    later([this, name, done] { done(remove(name)); });
}

} // namespace paydesk
