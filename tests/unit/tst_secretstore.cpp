// SPDX-License-Identifier: MIT
// The secret store: the encrypted file (round trip, wrong passphrase, every
// kind of tampering, 0600, no plaintext on disk), the OS keychain where a
// Secret Service answers, the locator's choice, and MerchantProfile loading
// its credentials from a store.

#include "config/filesecretstore.h"
#include "config/keychainsecretstore.h"
#include "config/merchantprofile.h"
#include "config/secretstorelocator.h"
#include "crypto/securerandom.h"
#include "testfixtures.h"

#include <QFile>
#include <QJsonObject>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace paydesk;

namespace {

const QByteArray Passphrase = "correct horse battery staple";
const QByteArray ApiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
const QString Mchid = QStringLiteral("1900000109");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// Every form in which a key could sit in a file by accident.
QList<QByteArray> encodingsOf(const QByteArray &secret)
{
    return { secret, secret.toBase64(), secret.toHex(), secret.toBase64(QByteArray::Base64UrlEncoding) };
}

// The base64 lines of a PEM body, each long enough not to match by chance.
QList<QByteArray> pemBodyLines(const QByteArray &pem)
{
    QList<QByteArray> lines;
    for (const QByteArray &line : pem.split('\n')) {
        if (line.size() >= 16 && !line.startsWith("-----"))
            lines << line;
    }
    return lines;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void namesAreChecked_data();
    void namesAreChecked();
    void fileRoundTrip();
    void wrongPassphraseIsRefused();
    void missingAndWeakPassphrases();
    void tamperedFileIsRefused_data();
    void tamperedFileIsRefused();
    void fileIsOwnerOnly();
    void fileNeverHoldsPlaintext();
    void asyncCallsAnswerLater();
    void secondWriterKeepsTheFirstWritersSecrets();
    void removeForgetsTheSecret();
    void locatorHonoursFilePreference();
    void keychainRoundTrip();
    void profileLoadsCredentialsFromTheStore();
    void profileRefusesASecretPastedAsAName();
};

void TestSecretStore::namesAreChecked_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("merchant key") << SecretStore::merchantKeyName(Mchid) << true;
    QTest::newRow("apiv3 key") << SecretStore::apiV3KeyName(Mchid) << true;
    QTest::newRow("receipt key") << SecretStore::receiptKeyName(QStringLiteral("store-01")) << true;
    QTest::newRow("no kind") << QStringLiteral("1900000109") << false;
    QTest::newRow("empty id") << QStringLiteral("merchant-key/") << false;
    QTest::newRow("path escape") << QStringLiteral("merchant-key/../x") << false;
    QTest::newRow("pasted key") << QStringLiteral("-----BEGIN PRIVATE KEY-----\nMIIE") << false;
    QTest::newRow("spaces") << QStringLiteral("merchant key/1") << false;
}

void TestSecretStore::namesAreChecked()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(SecretStore::isValidName(name), valid);
}

void TestSecretStore::fileRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    const QByteArray pem = testing::makeKeyAndCertificate(0, Mchid).key.toPem();
    {
        auto store = FileSecretStore::open(path, Passphrase);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QVERIFY(!QFile::exists(path)); // nothing written before the first secret
        QVERIFY((*store)->write(SecretStore::merchantKeyName(Mchid), pem).ok());
        QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key).ok());
        QVERIFY(QFile::exists(path));
    }
    auto again = FileSecretStore::open(path, Passphrase);
    QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
    QCOMPARE((*again)->names(), (QStringList { SecretStore::apiV3KeyName(Mchid), SecretStore::merchantKeyName(Mchid) }));
    QCOMPARE((*again)->read(SecretStore::merchantKeyName(Mchid)).value(), pem);
    QCOMPARE((*again)->read(SecretStore::apiV3KeyName(Mchid)).value(), ApiV3Key);
    QCOMPARE((*again)->kind(), SecretStore::Kind::EncryptedFile);

    const auto missing = (*again)->read(SecretStore::receiptKeyName(QStringLiteral("s1")));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QStringLiteral("secret_not_found"));
    QVERIFY(missing.error().message.contains(QLatin1String("secrets import")));
}

void TestSecretStore::wrongPassphraseIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    {
        auto store = FileSecretStore::open(path, Passphrase);
        QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key).ok());
    }
    auto wrong = FileSecretStore::open(path, "correct horse battery stapler");
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code, QStringLiteral("secret_passphrase_wrong"));
    QVERIFY(wrong.error().message.contains(QLatin1String("passphrase does not unlock")));
    QVERIFY(wrong.error().message.contains(path));
    QVERIFY(!wrong.error().message.contains(QLatin1String(ApiV3Key)));
}

void TestSecretStore::missingAndWeakPassphrases()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    auto none = FileSecretStore::open(path, QByteArray());
    QVERIFY(!none);
    QCOMPARE(none.error().code, QStringLiteral("secret_passphrase_missing"));
    QVERIFY(none.error().message.contains(QLatin1String("PAYDESK_SECRET_PASSPHRASE")));
    auto weak = FileSecretStore::open(path, "1234");
    QVERIFY(!weak);
    QCOMPARE(weak.error().code, QStringLiteral("secret_passphrase_weak"));
}

void TestSecretStore::tamperedFileIsRefused_data()
{
    // Layout: magic 0-7, version 8, kdf 9, iterations 10-13, salt 14-29,
    // check 30-45, nonce 46-57, ciphertext, tag (last 16).
    QTest::addColumn<int>("offset"); // negative: from the end
    QTest::addColumn<QString>("code");
    QTest::newRow("magic") << 0 << QStringLiteral("secret_file_damaged");
    QTest::newRow("version") << 8 << QStringLiteral("secret_file_version");
    QTest::newRow("kdf") << 9 << QStringLiteral("secret_file_damaged");
    QTest::newRow("iterations lowered") << 11 << QStringLiteral("secret_file_damaged");
    QTest::newRow("salt") << 20 << QStringLiteral("secret_passphrase_wrong");
    QTest::newRow("nonce") << 50 << QStringLiteral("secret_file_damaged");
    QTest::newRow("ciphertext") << 70 << QStringLiteral("secret_file_damaged");
    QTest::newRow("tag") << -1 << QStringLiteral("secret_file_damaged");
    QTest::newRow("truncated") << -1000 << QStringLiteral("secret_file_damaged");
}

void TestSecretStore::tamperedFileIsRefused()
{
    QFETCH(int, offset);
    QFETCH(QString, code);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    {
        auto store = FileSecretStore::open(path, Passphrase);
        QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key).ok());
    }
    QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 90);
    if (offset == -1000) {
        bytes.chop(20);
    } else if (offset == 11) {
        bytes[11] = 0x01; // 600,000 (00 09 27 C0) -> 75,712: below the minimum
        bytes[10] = 0;
    } else {
        const int at = offset < 0 ? int(bytes.size()) + offset : offset;
        bytes[at] = char(bytes[at] ^ 0x01);
    }
    writeAll(path, bytes);
    auto opened = FileSecretStore::open(path, Passphrase);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, code);
    QVERIFY(opened.error().message.contains(path));
}

void TestSecretStore::fileIsOwnerOnly()
{
#ifndef Q_OS_UNIX
    QSKIP("file modes are a POSIX matter; Windows relies on the profile folder's ACL");
#else
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/secrets.bin"));
    auto store = FileSecretStore::open(path, Passphrase);
    QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key).ok());
    struct stat info {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    // Rewrites keep the mode.
    QVERIFY((*store)->write(SecretStore::merchantKeyName(Mchid), "another secret").ok());
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    // A restored copy that lost its mode is tightened when opened.
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    QVERIFY(FileSecretStore::open(path, Passphrase).ok());
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
#endif
}

void TestSecretStore::fileNeverHoldsPlaintext()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    const QByteArray pem = testing::makeKeyAndCertificate(0, Mchid).key.toPem();
    auto store = FileSecretStore::open(path, Passphrase);
    QVERIFY((*store)->write(SecretStore::merchantKeyName(Mchid), pem).ok());
    QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key).ok());
    const QByteArray onDisk = readAll(path);
    QVERIFY(onDisk.size() > pem.size());

    QList<QByteArray> needles = encodingsOf(ApiV3Key) + encodingsOf(pem) + pemBodyLines(pem);
    needles << Passphrase << Passphrase.toBase64() << QByteArray("PRIVATE KEY") << QByteArray("merchant-key")
            << QByteArray("apiv3-key");
    for (const QByteArray &needle : std::as_const(needles))
        QVERIFY2(!onDisk.contains(needle), "the secrets file holds a secret, or its name, in the clear");
}

void TestSecretStore::asyncCallsAnswerLater()
{
    QTemporaryDir dir;
    auto opened = FileSecretStore::open(dir.filePath(QStringLiteral("secrets.bin")), Passphrase);
    SecretStore *store = opened->get();
    std::optional<Result<void>> written;
    store->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key, [&](Result<void> r) { written = r; });
    QVERIFY(!written.has_value()); // never before the call returns
    QTRY_VERIFY(written.has_value());
    QVERIFY(written->ok());

    std::optional<Result<QByteArray>> read;
    store->read(SecretStore::apiV3KeyName(Mchid), [&](Result<QByteArray> r) { read = r; });
    QVERIFY(!read.has_value());
    QTRY_VERIFY(read.has_value());
    QCOMPARE(read->value(), ApiV3Key);

    std::optional<Result<void>> preloaded;
    store->preload({ SecretStore::apiV3KeyName(Mchid), SecretStore::merchantKeyName(Mchid) },
                   [&](Result<void> r) { preloaded = r; });
    QTRY_VERIFY(preloaded.has_value());
    QVERIFY(!preloaded->ok());
    QCOMPARE(preloaded->error().code, QStringLiteral("secret_not_found"));

    std::optional<Result<void>> refused;
    store->write(QStringLiteral("no name"), ApiV3Key, [&](Result<void> r) { refused = r; });
    QTRY_VERIFY(refused.has_value());
    QCOMPARE(refused->error().code, QStringLiteral("secret_name_invalid"));
}

void TestSecretStore::secondWriterKeepsTheFirstWritersSecrets()
{
    // The GUI and paydesk-cli may both have the file open.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    auto first = FileSecretStore::open(path, Passphrase);
    QVERIFY((*first)->write(QStringLiteral("receipt-key/s0"), "zero").ok());
    auto second = FileSecretStore::open(path, Passphrase);
    QVERIFY((*first)->write(QStringLiteral("receipt-key/s1"), "one").ok());
    QVERIFY((*second)->write(QStringLiteral("receipt-key/s2"), "two").ok());
    auto third = FileSecretStore::open(path, Passphrase);
    QCOMPARE((*third)->names().size(), 3);
    QCOMPARE((*third)->read(QStringLiteral("receipt-key/s1")).value(), QByteArray("one"));
}

void TestSecretStore::removeForgetsTheSecret()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.bin"));
    auto store = FileSecretStore::open(path, Passphrase);
    QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), ApiV3Key).ok());
    QVERIFY((*store)->remove(SecretStore::apiV3KeyName(Mchid)).ok());
    QVERIFY((*store)->remove(SecretStore::apiV3KeyName(Mchid)).ok()); // gone is gone
    auto again = FileSecretStore::open(path, Passphrase);
    QVERIFY(!(*again)->contains(SecretStore::apiV3KeyName(Mchid)));
}

void TestSecretStore::locatorHonoursFilePreference()
{
    QTemporaryDir dir;
    SecretStoreLocator::Options options;
    options.preference = SecretStoreLocator::Preference::File;
    options.filePath = dir.filePath(QStringLiteral("secrets.bin"));
    std::optional<Result<SecretStoreLocator::Choice>> choice;
    QObject context;
    SecretStoreLocator::choose(options, &context, [&](Result<SecretStoreLocator::Choice> c) { choice = c; });
    QTRY_VERIFY(choice.has_value());
    QVERIFY(choice->ok());
    QCOMPARE(choice->value().kind, SecretStore::Kind::EncryptedFile);
    QCOMPARE(choice->value().filePath, options.filePath);
    QVERIFY(choice->value().warning.startsWith(QLatin1String("no OS keychain: secrets are kept in an encrypted file")));
    QCOMPARE(SecretStoreLocator::filePathBeside(dir.filePath(QStringLiteral("paydesk.json"))),
             dir.filePath(QStringLiteral("secrets.bin")));
}

void TestSecretStore::keychainRoundTrip()
{
    std::optional<std::pair<bool, QString>> probed;
    QObject context;
    KeychainSecretStore::probe(&context, 5000, [&](bool available, QString reason) { probed = { available, reason }; });
    QTRY_VERIFY_WITH_TIMEOUT(probed.has_value(), 8000);
    if (!probed->first)
        QSKIP(qPrintable(QStringLiteral("no OS keychain reachable here: ") + probed->second));

    // A service of its own, so the test never touches a real terminal's entries.
    KeychainSecretStore store(QStringLiteral("PayDesk-test-") + QString::fromLatin1(SecureRandom::alphanumeric(8)));
    const QString name = SecretStore::apiV3KeyName(Mchid);
    std::optional<Result<void>> written;
    store.write(name, ApiV3Key, [&](Result<void> r) { written = r; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10000);
    QVERIFY2(written->ok(), qPrintable(written->ok() ? QString() : written->error().message));

    KeychainSecretStore fresh(store.service());
    QCOMPARE(fresh.read(name).error().code, QStringLiteral("secret_not_loaded")); // never blocks
    std::optional<Result<void>> preloaded;
    fresh.preload({ name }, [&](Result<void> r) { preloaded = r; });
    QTRY_VERIFY_WITH_TIMEOUT(preloaded.has_value(), 10000);
    QVERIFY(preloaded->ok());
    QCOMPARE(fresh.read(name).value(), ApiV3Key);

    std::optional<Result<void>> removed;
    fresh.remove(name, [&](Result<void> r) { removed = r; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10000);
    QVERIFY(removed->ok());
    std::optional<Result<QByteArray>> gone;
    fresh.read(name, [&](Result<QByteArray> r) { gone = r; });
    QTRY_VERIFY_WITH_TIMEOUT(gone.has_value(), 10000);
    QCOMPARE(gone->error().code, QStringLiteral("secret_not_found"));
}

void TestSecretStore::profileLoadsCredentialsFromTheStore()
{
    testing::TestWorld world;
    QTemporaryDir dir;
    QFile cert(dir.filePath(QStringLiteral("apiclient_cert.pem")));
    QVERIFY(cert.open(QIODevice::WriteOnly));
    cert.write(world.merchant.certificate.toPem());
    cert.close();
    QFile platform(dir.filePath(QStringLiteral("platform.pem")));
    QVERIFY(platform.open(QIODevice::WriteOnly));
    platform.write(world.platform.certificate.toPem());
    platform.close();

    auto store = FileSecretStore::open(dir.filePath(QStringLiteral("secrets.bin")), Passphrase);
    QVERIFY((*store)->write(SecretStore::merchantKeyName(Mchid), world.merchant.key.toPem()).ok());
    QVERIFY((*store)->write(SecretStore::apiV3KeyName(Mchid), world.apiV3Key + '\n').ok());

    MerchantProfile profile;
    profile.name = QStringLiteral("production");
    profile.baseDirectory = dir.path();
    profile.mchid = Mchid;
    profile.appid = QStringLiteral("wxd678efh567hg6787");
    profile.merchantCertFile = QStringLiteral("apiclient_cert.pem");
    profile.platformCertFiles = { QStringLiteral("platform.pem") };
    profile.merchantKeySecret = SecretStore::merchantKeyName(Mchid);
    profile.apiV3KeySecret = SecretStore::apiV3KeyName(Mchid);

    // The JSON names the secrets, never holds them, and reads back the same.
    const QJsonObject json = profile.toJson();
    QCOMPARE(json.value(QLatin1String("merchant_key_secret")).toString(), profile.merchantKeySecret);
    QCOMPARE(json.value(QLatin1String("apiv3_key_secret")).toString(), profile.apiV3KeySecret);
    auto parsed = MerchantProfile::fromJson(json, profile.name, dir.path());
    QVERIFY(parsed);
    QCOMPARE(parsed->secretNames(), (QStringList { profile.merchantKeySecret, profile.apiV3KeySecret }));
    QCOMPARE(parsed->toJson(), json);
    // A profile with files only writes no secret keys at all.
    MerchantProfile filesOnly = profile;
    filesOnly.merchantKeySecret.clear();
    filesOnly.apiV3KeySecret.clear();
    QVERIFY(!filesOnly.toJson().contains(QLatin1String("merchant_key_secret")));

    QStringList warnings;
    auto credentials = parsed->loadCredentials(store->get(), &warnings);
    QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error().message));
    QCOMPARE(credentials->apiV3Key.bytes(), world.apiV3Key);
    QCOMPARE(credentials->merchantKey.toPem(), world.merchant.key.toPem());
    QCOMPARE(credentials->certificateSerial, world.merchant.certificate.serialHex());

    // The file-based call, which has no store, says where the key is.
    auto withoutStore = parsed->loadCredentials();
    QVERIFY(!withoutStore);
    QCOMPARE(withoutStore.error().code, QStringLiteral("secret_store_needed"));
    QVERIFY(withoutStore.error().message.contains(profile.merchantKeySecret));

    // A key that does not belong to the certificate is refused as from a file.
    QVERIFY((*store)->write(SecretStore::merchantKeyName(Mchid), world.platform.key.toPem()).ok());
    auto mismatch = parsed->loadCredentials(store->get(), nullptr);
    QVERIFY(!mismatch);
    QCOMPARE(mismatch.error().code, QStringLiteral("key_mismatch"));

    // A secret missing from the store names the secret and the fix.
    QVERIFY((*store)->remove(SecretStore::apiV3KeyName(Mchid)).ok());
    QVERIFY((*store)->write(SecretStore::merchantKeyName(Mchid), world.merchant.key.toPem()).ok());
    auto missing = parsed->loadCredentials(store->get(), nullptr);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QStringLiteral("secret_not_found"));
    QVERIFY(missing.error().message.contains(profile.apiV3KeySecret));
}

void TestSecretStore::profileRefusesASecretPastedAsAName()
{
    const QByteArray pem = testing::makeKeyAndCertificate(0, Mchid).key.toPem();
    for (const QString &value : { QString::fromLatin1(pem), QString::fromLatin1(ApiV3Key) }) {
        QJsonObject json { { QStringLiteral("mchid"), Mchid }, { QStringLiteral("apiv3_key_secret"), value } };
        auto parsed = MerchantProfile::fromJson(json, QStringLiteral("p"));
        QVERIFY(!parsed);
        QVERIFY(parsed.error().message.contains(QLatin1String("apiv3_key_secret")));
        QVERIFY2(!parsed.error().message.contains(value.left(20)), "the message repeats what was pasted");
    }
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
