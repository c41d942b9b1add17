// SPDX-License-Identifier: MIT
#include "receiptkey.h"

#include "config/secretstore.h"
#include "crypto/opensslutil_p.h"
#include "crypto/securerandom.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace paydesk {

using namespace crypto_detail;

namespace {

const char *const KeyFile = "receipt_key.pem";
const char *const CertificateFile = "receipt_cert.pem";
constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

struct X509Deleter { void operator()(X509 *x) const { X509_free(x); } };

bool addName(X509_NAME *name, const char *field, const QString &value)
{
    if (value.isEmpty())
        return true;
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      int(utf8.size()), -1, 0) == 1;
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!extension)
        return false;
    const bool ok = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return ok;
}

// Self-signed, ten years, for signing documents only (digitalSignature,
// nonRepudiation). Made here rather than with Certificate::create, which
// signs with SHA-256 only: an SM2 key must sign its certificate with SM3.
Result<Certificate> selfSigned(EVP_PKEY *key, const QString &storeName, ReceiptKey::Algorithm algorithm)
{
    std::unique_ptr<X509, X509Deleter> cert(X509_new());
    X509_set_version(cert.get(), 2);
    QByteArray serial = SecureRandom::bytes(16);
    serial[0] = char((serial[0] & 0x7f) | 0x01);
    BIGNUM *bn = BN_bin2bn(reinterpret_cast<const unsigned char *>(serial.constData()), int(serial.size()), nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ASN1_TIME_set(X509_getm_notBefore(cert.get()), time_t(now.addDays(-1).toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(cert.get()), time_t(now.addYears(10).toSecsSinceEpoch()));
    X509_set_pubkey(cert.get(), key);
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QString commonName = storeName.isEmpty() ? QStringLiteral("PayDesk receipts") : storeName;
    if (!addName(name, "O", QStringLiteral("PayDesk")) || !addName(name, "OU", QStringLiteral("Receipts"))
        || !addName(name, "CN", commonName))
        return makeError(QStringLiteral("bad_certificate"), lastOpenSslError());
    X509_set_issuer_name(cert.get(), name);
    if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,nonRepudiation")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash"))
        return makeError(QStringLiteral("bad_certificate"), lastOpenSslError());
    const EVP_MD *digest = algorithm == ReceiptKey::Algorithm::Sm2 ? EVP_sm3() : EVP_sha256();
    if (X509_sign(cert.get(), key, digest) <= 0)
        return makeError(QStringLiteral("sign_failed"),
                         QStringLiteral("cannot sign the receipt certificate: %1").arg(lastOpenSslError()));
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert.get());
    return Certificate::fromPem(bioContents(bio.get()));
}

Result<std::shared_ptr<EVP_PKEY>> generateKey(ReceiptKey::Algorithm algorithm)
{
    ERR_clear_error();
    EVP_PKEY *key = algorithm == ReceiptKey::Algorithm::Rsa ? EVP_RSA_gen(2048u)
                                                             : EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
    if (!key)
        return makeError(QStringLiteral("keygen_failed"),
                         QStringLiteral("cannot make the receipt key: %1").arg(lastOpenSslError()));
    return sharePkey(key);
}

QByteArray privatePem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioContents(bio.get());
}

Result<void> writePrivate(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    // Permissions before the first byte: the key is never readable by others, not even briefly.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(OwnerOnly) || file.write(content) != content.size()
        || !file.commit())
        return makeError(QStringLiteral("key_write_failed"),
                         QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

QString ReceiptKey::folderBeside(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteDir().filePath(QStringLiteral("receipt-key"));
}

Result<ReceiptKey> ReceiptKey::generate(const QString &storeName, Algorithm algorithm)
{
    auto key = generateKey(algorithm);
    if (!key)
        return key.error();
    auto certificate = selfSigned(key->get(), storeName, algorithm);
    if (!certificate)
        return certificate.error();
    ReceiptKey result;
    result.m_key = *key;
    result.m_certificate = *certificate;
    result.m_algorithm = algorithm;
    return result;
}

Result<void> ReceiptKey::save(const QString &folder) const
{
    QDir dir(folder);
    if (!dir.mkpath(QStringLiteral(".")))
        return makeError(QStringLiteral("key_write_failed"), QStringLiteral("cannot create the folder %1").arg(folder));
    QFile::setPermissions(dir.absolutePath(), OwnerOnly | QFileDevice::ExeOwner);
    if (auto written = writePrivate(dir.filePath(QLatin1String(CertificateFile)), m_certificate.toPem()); !written)
        return written;
    return writePrivate(dir.filePath(QLatin1String(KeyFile)), privatePem(m_key.get()));
}

Result<ReceiptKey> ReceiptKey::open(const QString &folder)
{
    const QDir dir(folder);
    const QString keyPath = dir.filePath(QLatin1String(KeyFile));
    if (!QFileInfo::exists(keyPath))
        return makeError(QStringLiteral("no_receipt_key"), QStringLiteral("no receipt key in %1").arg(folder));
#ifndef Q_OS_WIN
    if (QFile::permissions(keyPath) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                                       | QFileDevice::WriteOther))
        return makeError(QStringLiteral("key_permissions"),
                         QStringLiteral("the receipt key %1 is readable by other users: chmod 600 it (and check "
                                        "nobody copied it)").arg(keyPath));
#endif
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("key_read_failed"),
                         QStringLiteral("cannot read %1: %2").arg(keyPath, keyFile.errorString()));
    QByteArray keyPem = keyFile.readAll();
    EVP_PKEY *decoded = decodePem(keyPem, EVP_PKEY_KEYPAIR);
    OPENSSL_cleanse(keyPem.data(), size_t(keyPem.size()));
    if (!decoded)
        return makeError(QStringLiteral("bad_private_key"),
                         QStringLiteral("%1 is not a PEM private key: restore it from a backup").arg(keyPath));
    auto certificate = Certificate::fromFile(dir.filePath(QLatin1String(CertificateFile)));
    if (!certificate) {
        EVP_PKEY_free(decoded);
        return certificate.error();
    }
    auto result = assemble(sharePkey(decoded), *certificate, folder);
    if (result)
        result.value().m_folder = dir.absolutePath();
    return result;
}

Result<ReceiptKey> ReceiptKey::assemble(std::shared_ptr<EVP_PKEY> key, const Certificate &certificate,
                                        const QString &source)
{
    if (EVP_PKEY_eq(certificate.publicKey().handle(), key.get()) != 1)
        return makeError(QStringLiteral("key_mismatch"),
                         QStringLiteral("the receipt certificate in %1 does not belong to its key: restore both from "
                                        "the same backup").arg(source));
    ReceiptKey result;
    result.m_key = std::move(key);
    result.m_certificate = certificate;
    result.m_algorithm = QLatin1String(EVP_PKEY_get0_type_name(result.m_key.get())) == QLatin1String("SM2")
        ? Algorithm::Sm2 : Algorithm::Rsa;
    return result;
}

QByteArray ReceiptKey::toPem() const
{
    if (!m_key)
        return {};
    return privatePem(m_key.get()) + m_certificate.toPem();
}

Result<ReceiptKey> ReceiptKey::fromPem(const QByteArray &pem, const QString &source)
{
    // decodePem reads the first PEM block it can use; the certificate is
    // found by its own header.
    const qsizetype certificateAt = pem.indexOf("-----BEGIN CERTIFICATE-----");
    if (certificateAt < 0)
        return makeError(QStringLiteral("bad_receipt_key"),
                         QStringLiteral("%1 holds no receipt certificate: import the receipt key again").arg(source));
    QByteArray keyPem = pem.left(certificateAt);
    EVP_PKEY *decoded = decodePem(keyPem, EVP_PKEY_KEYPAIR);
    OPENSSL_cleanse(keyPem.data(), size_t(keyPem.size()));
    if (!decoded)
        return makeError(QStringLiteral("bad_receipt_key"),
                         QStringLiteral("%1 holds no PEM private key: import the receipt key again").arg(source));
    auto certificate = Certificate::fromPem(pem.mid(certificateAt));
    if (!certificate) {
        EVP_PKEY_free(decoded);
        return certificate.error();
    }
    return assemble(sharePkey(decoded), *certificate, source);
}

Result<ReceiptKey> ReceiptKey::fromSecretStore(SecretStore *secrets, const QString &name)
{
    if (!secrets)
        return makeError(QStringLiteral("secret_store_missing"),
                         QStringLiteral("the receipt key %1 is in the secret store, which is not open").arg(name));
    auto secret = secrets->read(name);
    if (!secret)
        return secret.error();
    QByteArray pem = *secret;
    auto key = fromPem(pem, QStringLiteral("%1 (%2)").arg(name, secrets->location()));
    OPENSSL_cleanse(pem.data(), size_t(pem.size()));
    return key;
}

void ReceiptKey::importInto(SecretStore *secrets, const QString &name, const QString &folder,
                            const QString &storeName, std::function<void(Result<ReceiptKey>)> done)
{
    auto key = QFileInfo::exists(QDir(folder).filePath(QLatin1String(KeyFile))) ? open(folder)
                                                                                 : generate(storeName);
    if (!key)
        return done(key.error());
    ReceiptKey made = *key;
    made.m_folder.clear();
    QByteArray pem = made.toPem();
    secrets->writeVerified({ { name, pem } }, [made, done](Result<void> stored) {
        if (!stored)
            return done(stored.error());
        done(made);
    });
    OPENSSL_cleanse(pem.data(), size_t(pem.size()));
}

Result<void> ReceiptKey::removeFolder(const QString &folder)
{
    QDir dir(folder);
    for (const char *file : { KeyFile, CertificateFile }) {
        const QString path = dir.filePath(QLatin1String(file));
        if (!QFileInfo::exists(path))
            continue;
        if (!SecretStore::shredFile(path))
            return makeError(QStringLiteral("key_remove_failed"),
                             QStringLiteral("cannot remove %1: delete it by hand").arg(path));
    }
    dir.rmdir(dir.absolutePath());
    return {};
}

Result<ReceiptKey> ReceiptKey::openOrCreate(const QString &folder, const QString &storeName, Algorithm algorithm)
{
    if (QFileInfo::exists(QDir(folder).filePath(QLatin1String(KeyFile))))
        return open(folder);
    auto made = generate(storeName, algorithm);
    if (!made)
        return made.error();
    if (auto saved = made->save(folder); !saved)
        return saved.error();
    made.value().m_folder = QDir(folder).absolutePath();
    return made;
}

} // namespace paydesk
