// SPDX-License-Identifier: MIT
#include "config/merchantprofile.h"
#include "config/profilestore.h"
#include "testfixtures.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <openssl/pem.h>

using namespace paydesk;
using namespace paydesk::testing;

namespace {

// The profile file exactly as paydesk-sandbox init writes it.
// (single-line raw strings: moc in Qt 6.4 loses its way in multi-line ones)
const char *const kSandboxJson
    = R"({"default_profile":"training","profiles":{"training":{)"
      R"("training":true,"mchid":"1900000109","appid":"wxd678efh567hg6787",)"
      R"("base_url":"http://127.0.0.1:18790",)"
      R"("merchant_key_file":"merchant/apiclient_key.pem","merchant_cert_file":"merchant/apiclient_cert.pem",)"
      R"("apiv3_key_file":"merchant/apiv3.key","platform_cert_files":[],)"
      R"("wechatpay_public_key_file":"","wechatpay_public_key_id":"",)"
      R"("notify_url":"http://127.0.0.1:18791/paydesk/notify","terminal_id":"TRAINING-01",)"
      R"("store_name":"PayDesk Training Store",)"
      R"("sub_merchants":[{"mchid":"1900000110","name":"Noodle Bar"},{"mchid":"1900000111","name":"Tea House"}]}}})";

const QByteArray kApiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(content);
}

QByteArray pkcs1Pem(const PrivateKey &key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey_traditional(bio, key.handle(), nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(size));
    BIO_free(bio);
    return pem;
}

} // namespace

class TestMerchantProfile : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void parsesSandboxProfile();
    void roundTrip();
    void keepsUnknownKeys();
    void refusesBadJson_data();
    void refusesBadJson();

    void relativePathsFollowTheProfileFile();
    void absolutePathsStay();
    void loadsCredentials();
    void pkcs1KeyAccepted();
    void keyCertificateMismatch();
    void apiV3KeyLength_data();
    void apiV3KeyLength();
    void missingFiles_data();
    void missingFiles();
    void corruptKeyNamesTheFile();
    void warnsWithoutPlatformKeys();
    void publicKeyMode();
    void publicKeyNeedsId();
    void expiredPlatformCertificateSkipped();
    void nothingSecretInJson();

    void storeSaveLoad();
    void storeDefaultProfile();
    void storeUnknownProfileListsNames();
    void storeBrokenProfileDoesNotBlockOthers();
    void storeMissingFile();
    void storeInvalidJson();
    void storeDefaultPath();

private:
    // A complete merchant in m_dir: key, certificate, APIv3 key, platform certificate.
    MerchantProfile writeMerchant(const QString &folder = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    TestWorld m_world;
};

void TestMerchantProfile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

MerchantProfile TestMerchantProfile::writeMerchant(const QString &folder)
{
    const QString base = folder.isEmpty() ? m_dir->path() : folder;
    writeFile(base + QStringLiteral("/merchant/apiclient_key.pem"), m_world.merchant.key.toPem());
    writeFile(base + QStringLiteral("/merchant/apiclient_cert.pem"), m_world.merchant.certificate.toPem());
    writeFile(base + QStringLiteral("/merchant/apiv3.key"), kApiV3Key + '\n');
    writeFile(base + QStringLiteral("/platform/wechatpay_cert.pem"), m_world.platform.certificate.toPem());
    writeFile(base + QStringLiteral("/platform/pub_key.pem"), m_world.platform.key.publicKey().toPem());

    auto store = ProfileStore::fromJson(QJsonDocument::fromJson(kSandboxJson).object(),
                                        base + QStringLiteral("/paydesk.json"));
    auto profile = store->profile();
    profile->platformCertFiles = { QStringLiteral("platform/wechatpay_cert.pem") };
    return *profile;
}

void TestMerchantProfile::parsesSandboxProfile()
{
    auto store = ProfileStore::fromJson(QJsonDocument::fromJson(kSandboxJson).object());
    QVERIFY(store.ok());
    QCOMPARE(store->names(), QStringList { QStringLiteral("training") });
    QCOMPARE(store->defaultProfileName(), QStringLiteral("training"));
    auto p = store->profile();
    QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message));
    QCOMPARE(p->name, QStringLiteral("training"));
    QVERIFY(p->training);
    QCOMPARE(p->mchid, QStringLiteral("1900000109"));
    QCOMPARE(p->appid, QStringLiteral("wxd678efh567hg6787"));
    QCOMPARE(p->baseUrl, QStringLiteral("http://127.0.0.1:18790"));
    QCOMPARE(p->merchantKeyFile, QStringLiteral("merchant/apiclient_key.pem"));
    QCOMPARE(p->merchantCertFile, QStringLiteral("merchant/apiclient_cert.pem"));
    QCOMPARE(p->apiV3KeyFile, QStringLiteral("merchant/apiv3.key"));
    QVERIFY(p->platformCertFiles.isEmpty());
    QVERIFY(p->wechatpayPublicKeyFile.isEmpty());
    QVERIFY(p->wechatpayPublicKeyId.isEmpty());
    QCOMPARE(p->notifyUrl, QStringLiteral("http://127.0.0.1:18791/paydesk/notify"));
    QCOMPARE(p->terminalId, QStringLiteral("TRAINING-01"));
    QCOMPARE(p->storeName, QStringLiteral("PayDesk Training Store"));
    QCOMPARE(p->subMerchants.size(), 2);
    QCOMPARE(p->subMerchants.at(1).mchid, QStringLiteral("1900000111"));
    QCOMPARE(p->subMerchants.at(1).name, QStringLiteral("Tea House"));
    QVERIFY(p->subMerchant(QStringLiteral("1900000110")));
    QVERIFY(!p->subMerchant(QStringLiteral("1900000109")));
    QVERIFY(p->extra.isEmpty());
}

void TestMerchantProfile::roundTrip()
{
    const QJsonObject original = QJsonDocument::fromJson(kSandboxJson).object();
    const QJsonObject training
        = original.value(QLatin1String("profiles")).toObject().value(QLatin1String("training")).toObject();
    auto p = MerchantProfile::fromJson(training, QStringLiteral("training"));
    QVERIFY(p.ok());
    // Every key the sandbox writes comes back, with the same value and nothing more.
    QCOMPARE(p->toJson(), training);

    p->platformCertFiles = { QStringLiteral("a.pem"), QStringLiteral("b.pem") };
    p->wechatpayPublicKeyId = QStringLiteral("PUB_KEY_ID_01");
    p->training = false;
    auto again = MerchantProfile::fromJson(p->toJson(), p->name);
    QVERIFY(again.ok());
    QCOMPARE(again->toJson(), p->toJson());
    QCOMPARE(again->platformCertFiles, p->platformCertFiles);
    QCOMPARE(again->subMerchants, p->subMerchants);

    auto store = ProfileStore::fromJson(original);
    QVERIFY(store.ok());
    QCOMPARE(store->toJson(), original);
}

void TestMerchantProfile::keepsUnknownKeys()
{
    QJsonObject o { { QStringLiteral("mchid"), QStringLiteral("1900000109") },
                    { QStringLiteral("printer"), QStringLiteral("EPSON TM-T88") } };
    auto p = MerchantProfile::fromJson(o);
    QVERIFY(p.ok());
    QCOMPARE(p->toJson().value(QLatin1String("printer")).toString(), QStringLiteral("EPSON TM-T88"));
}

void TestMerchantProfile::refusesBadJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no mchid") << QByteArray(R"({"appid":"wx1"})") << QStringLiteral("mchid");
    QTest::newRow("mchid not digits") << QByteArray(R"({"mchid":"19x"})") << QStringLiteral("mchid");
    QTest::newRow("mchid a number") << QByteArray(R"({"mchid":1900000109})") << QStringLiteral("mchid");
    QTest::newRow("training a string") << QByteArray(R"({"mchid":"1","training":"yes"})") << QStringLiteral("training");
    QTest::newRow("certs not a list") << QByteArray(R"({"mchid":"1","platform_cert_files":"a.pem"})")
                                      << QStringLiteral("platform_cert_files");
    QTest::newRow("sub merchant bad") << QByteArray(R"({"mchid":"1","sub_merchants":[{"mchid":"x"}]})")
                                      << QStringLiteral("sub_merchants");
    QTest::newRow("inline APIv3 key") << QByteArray(R"({"mchid":"1","apiv3_key":"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"})")
                                      << QStringLiteral("apiv3_key");
    QTest::newRow("inline private key") << QByteArray(R"({"mchid":"1","private_key":"x"})")
                                        << QStringLiteral("private_key");
    QTest::newRow("PEM in file field") << QByteArray(
        R"({"mchid":"1","merchant_key_file":"-----BEGIN PRIVATE KEY-----\nMIIE"})")
                                       << QStringLiteral("merchant_key_file");
}

void TestMerchantProfile::refusesBadJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    auto p = MerchantProfile::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("shop"));
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, QStringLiteral("profile_invalid"));
    QVERIFY2(p.error().message.contains(mentions), qPrintable(p.error().message));
    QVERIFY2(p.error().message.contains(QLatin1String("profile \"shop\"")), qPrintable(p.error().message));
    QVERIFY(!p.error().message.contains(QLatin1String("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")));
}

void TestMerchantProfile::relativePathsFollowTheProfileFile()
{
    const QString folder = m_dir->path() + QStringLiteral("/terminal");
    MerchantProfile profile = writeMerchant(folder);
    ProfileStore store = *ProfileStore::fromJson({}, folder + QStringLiteral("/paydesk.json"));
    store.setProfile(profile);
    store.setDefaultProfileName(profile.name);
    QVERIFY(store.save(folder + QStringLiteral("/paydesk.json")).ok());

    // Loaded from another working directory, the files are still found.
    const QString previous = QDir::currentPath();
    QDir::setCurrent(m_dir->path());
    auto loaded = ProfileStore::load(QStringLiteral("terminal/paydesk.json"));
    QDir::setCurrent(QDir::rootPath());
    QVERIFY(loaded.ok());
    auto p = loaded->profile();
    QVERIFY(p.ok());
    QCOMPARE(p->merchantKeyFile, QStringLiteral("merchant/apiclient_key.pem"));
    QCOMPARE(p->resolvePath(p->merchantKeyFile),
             QDir(folder).absoluteFilePath(QStringLiteral("merchant/apiclient_key.pem")));
    auto credentials = p->loadCredentials();
    QDir::setCurrent(previous);
    QVERIFY2(credentials.ok(), qPrintable(credentials.ok() ? QString() : credentials.error().message));
}

void TestMerchantProfile::absolutePathsStay()
{
    MerchantProfile p;
    p.baseDirectory = m_dir->path();
    const QString absolute = QDir::cleanPath(QDir::tempPath() + QStringLiteral("/x/key.pem"));
    QCOMPARE(p.resolvePath(absolute), absolute);
    QCOMPARE(p.resolvePath(QStringLiteral("a/../b.pem")), m_dir->path() + QStringLiteral("/b.pem"));
    QCOMPARE(p.resolvePath(QString()), QString());
}

void TestMerchantProfile::loadsCredentials()
{
    const MerchantProfile profile = writeMerchant();
    QStringList warnings;
    auto c = profile.loadCredentials(&warnings);
    QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
    QCOMPARE(c->mchid, QStringLiteral("1900000109"));
    QCOMPARE(c->appid, QStringLiteral("wxd678efh567hg6787"));
    QCOMPARE(c->certificateSerial, m_world.merchant.certificate.serialHex());
    QCOMPARE(c->apiV3Key.bytes(), kApiV3Key); // the trailing newline is not part of the key
    QVERIFY(c->merchantKey.publicKey() == m_world.merchant.key.publicKey());
    QVERIFY(c->platformKeys.keyFor(m_world.platform.certificate.serialHex()).has_value());
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
}

void TestMerchantProfile::pkcs1KeyAccepted()
{
    const MerchantProfile profile = writeMerchant();
    const QByteArray pem = pkcs1Pem(m_world.merchant.key);
    QVERIFY(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    writeFile(profile.resolvePath(profile.merchantKeyFile), pem);
    auto c = profile.loadCredentials();
    QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
    QVERIFY(c->merchantKey.publicKey() == m_world.merchant.certificate.publicKey());
}

void TestMerchantProfile::keyCertificateMismatch()
{
    const MerchantProfile profile = writeMerchant();
    const KeyAndCertificate other = makeKeyAndCertificate(2, QStringLiteral("1900000109"));
    writeFile(profile.resolvePath(profile.merchantKeyFile), other.key.toPem());
    auto c = profile.loadCredentials();
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, QStringLiteral("key_mismatch"));
    const QString expected = QStringLiteral("merchant private key does not match certificate %1: "
                                            "import the key that belongs to this certificate")
                                 .arg(m_world.merchant.certificate.serialHex());
    QCOMPARE(c.error().message, expected);
    QVERIFY(!c.error().message.contains(QLatin1String("PRIVATE KEY")));
}

void TestMerchantProfile::apiV3KeyLength_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("32") << kApiV3Key << true;
    QTest::newRow("32 + LF") << kApiV3Key + "\n" << true;
    QTest::newRow("32 + CRLF") << kApiV3Key + "\r\n" << true;
    QTest::newRow("31") << kApiV3Key.left(31) << false;
    QTest::newRow("33") << kApiV3Key + "x" << false;
    QTest::newRow("32 + space") << kApiV3Key + " " << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("space inside") << QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8G ") << false;
    QTest::newRow("two lines") << kApiV3Key + "\n" + kApiV3Key + "\n" << false;
}

void TestMerchantProfile::apiV3KeyLength()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, accepted);
    const MerchantProfile profile = writeMerchant();
    writeFile(profile.resolvePath(profile.apiV3KeyFile), content);
    auto key = profile.loadApiV3Key();
    QCOMPARE(key.ok(), accepted);
    auto c = profile.loadCredentials();
    QCOMPARE(c.ok(), accepted);
    if (!accepted) {
        QCOMPARE(c.error().code, QStringLiteral("bad_apiv3_key"));
        QVERIFY2(c.error().message.contains(profile.resolvePath(profile.apiV3KeyFile)), qPrintable(c.error().message));
        QVERIFY(!c.error().message.contains(QLatin1String(kApiV3Key.left(20))));
    }
}

void TestMerchantProfile::missingFiles_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");
    QTest::newRow("key file missing") << QStringLiteral("merchant_key_file") << QStringLiteral("file_missing");
    QTest::newRow("cert file missing") << QStringLiteral("merchant_cert_file") << QStringLiteral("file_missing");
    QTest::newRow("APIv3 file missing") << QStringLiteral("apiv3_key_file") << QStringLiteral("file_missing");
    QTest::newRow("platform cert missing") << QStringLiteral("platform_cert_files") << QStringLiteral("file_missing");
    QTest::newRow("public key missing") << QStringLiteral("wechatpay_public_key_file")
                                        << QStringLiteral("file_missing");
    QTest::newRow("key not configured") << QStringLiteral("merchant_key_file=") << QStringLiteral("config_missing");
    QTest::newRow("APIv3 not configured") << QStringLiteral("apiv3_key_file=") << QStringLiteral("config_missing");
}

void TestMerchantProfile::missingFiles()
{
    QFETCH(QString, field);
    QFETCH(QString, code);
    MerchantProfile profile = writeMerchant();
    const bool unset = field.endsWith(QLatin1Char('='));
    if (unset)
        field.chop(1);
    const QString missing = unset ? QString() : QStringLiteral("nowhere/missing.pem");
    if (field == QLatin1String("merchant_key_file"))
        profile.merchantKeyFile = missing;
    else if (field == QLatin1String("merchant_cert_file"))
        profile.merchantCertFile = missing;
    else if (field == QLatin1String("apiv3_key_file"))
        profile.apiV3KeyFile = missing;
    else if (field == QLatin1String("platform_cert_files"))
        profile.platformCertFiles.append(missing);
    else if (field == QLatin1String("wechatpay_public_key_file")) {
        profile.wechatpayPublicKeyFile = missing;
        profile.wechatpayPublicKeyId = m_world.publicKeyId;
    }
    auto c = profile.loadCredentials();
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, code);
    QVERIFY2(c.error().message.contains(field), qPrintable(c.error().message));
    if (!unset) {
        QVERIFY2(c.error().message.contains(profile.resolvePath(missing)), qPrintable(c.error().message));
        QVERIFY2(c.error().message.contains(QLatin1String("does not exist")), qPrintable(c.error().message));
    }
}

void TestMerchantProfile::corruptKeyNamesTheFile()
{
    const MerchantProfile profile = writeMerchant();
    writeFile(profile.resolvePath(profile.merchantKeyFile), "not a key\n");
    auto c = profile.loadCredentials();
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, QStringLiteral("bad_private_key"));
    QVERIFY2(c.error().message.contains(profile.resolvePath(profile.merchantKeyFile)), qPrintable(c.error().message));
}

void TestMerchantProfile::warnsWithoutPlatformKeys()
{
    MerchantProfile profile = writeMerchant();
    profile.platformCertFiles.clear();
    QStringList warnings;
    auto c = profile.loadCredentials(&warnings);
    QVERIFY(c.ok());
    QVERIFY(c->platformKeys.isEmpty());
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QLatin1String("downloaded")), qPrintable(warnings.first()));
}

void TestMerchantProfile::publicKeyMode()
{
    MerchantProfile profile = writeMerchant();
    profile.platformCertFiles.clear();
    profile.wechatpayPublicKeyFile = QStringLiteral("platform/pub_key.pem");
    profile.wechatpayPublicKeyId = m_world.publicKeyId;
    QStringList warnings;
    auto c = profile.loadCredentials(&warnings);
    QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
    QVERIFY(warnings.isEmpty());
    QVERIFY(c->platformKeys.hasPublicKey());
    QCOMPARE(c->platformKeys.publicKeyId(), m_world.publicKeyId);
    QVERIFY(c->platformKeys.keyFor(m_world.publicKeyId).has_value());
}

void TestMerchantProfile::publicKeyNeedsId()
{
    MerchantProfile profile = writeMerchant();
    profile.wechatpayPublicKeyFile = QStringLiteral("platform/pub_key.pem");
    auto c = profile.loadCredentials();
    QVERIFY(!c.ok());
    QVERIFY2(c.error().message.contains(QLatin1String("wechatpay_public_key_id")), qPrintable(c.error().message));

    profile.wechatpayPublicKeyFile.clear();
    profile.wechatpayPublicKeyId = m_world.publicKeyId;
    c = profile.loadCredentials();
    QVERIFY(!c.ok());
    QVERIFY2(c.error().message.contains(QLatin1String("wechatpay_public_key_file")), qPrintable(c.error().message));
}

void TestMerchantProfile::expiredPlatformCertificateSkipped()
{
    MerchantProfile profile = writeMerchant();
    Certificate::Options options;
    options.commonName = QStringLiteral("Tenpay.com Root CA");
    options.notBefore = QDateTime::currentDateTimeUtc().addYears(-6);
    options.notAfter = QDateTime::currentDateTimeUtc().addYears(-1);
    auto expired = Certificate::create(m_world.platform.key.publicKey(), m_world.platform.key, options);
    QVERIFY(expired.ok());
    writeFile(m_dir->path() + QStringLiteral("/platform/old.pem"), expired->toPem());
    profile.platformCertFiles = { QStringLiteral("platform/old.pem") };
    QStringList warnings;
    auto c = profile.loadCredentials(&warnings);
    QVERIFY(c.ok());
    QVERIFY(!c->platformKeys.keyFor(expired->serialHex()).has_value());
    QCOMPARE(warnings.size(), 2); // the expired one, and: nothing left to verify with
    QVERIFY(warnings.first().contains(expired->serialHex()));
}

void TestMerchantProfile::nothingSecretInJson()
{
    const MerchantProfile profile = writeMerchant();
    QVERIFY(profile.loadCredentials().ok());
    const QByteArray json = QJsonDocument(profile.toJson()).toJson();
    QVERIFY(!json.contains(kApiV3Key));
    QVERIFY(!json.contains("PRIVATE KEY"));
    QVERIFY(!json.contains("BEGIN"));
}

void TestMerchantProfile::storeSaveLoad()
{
    MerchantProfile profile = writeMerchant();
    MerchantProfile production = profile;
    production.name = QStringLiteral("production");
    production.training = false;
    production.baseUrl.clear();
    production.wechatpayPublicKeyFile = QStringLiteral("platform/pub_key.pem");
    production.wechatpayPublicKeyId = m_world.publicKeyId;

    ProfileStore store;
    store.setProfile(profile);
    store.setProfile(production);
    store.setDefaultProfileName(QStringLiteral("production"));
    const QString path = m_dir->path() + QStringLiteral("/new/folder/paydesk.json");
    QVERIFY(store.save(path).ok());
    QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));

    auto loaded = ProfileStore::load(path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->path(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(loaded->names(), (QStringList { QStringLiteral("production"), QStringLiteral("training") }));
    QCOMPARE(loaded->defaultProfileName(), QStringLiteral("production"));
    QCOMPARE(loaded->toJson(), store.toJson());
    auto p = loaded->profile();
    QVERIFY(p.ok());
    QCOMPARE(p->name, QStringLiteral("production"));
    QCOMPARE(p->effectiveBaseUrl(), QStringLiteral("https://api.mch.weixin.qq.com"));
    QCOMPARE(p->baseDirectory, QFileInfo(path).absolutePath());

    QVERIFY(loaded->removeProfile(QStringLiteral("training")));
    QVERIFY(!loaded->removeProfile(QStringLiteral("training")));
    QCOMPARE(loaded->names(), QStringList { QStringLiteral("production") });
}

void TestMerchantProfile::storeDefaultProfile()
{
    auto store = ProfileStore::fromJson(QJsonDocument::fromJson(R"({"profiles":{"only":{"mchid":"1"}}})").object());
    QVERIFY(store.ok());
    QCOMPARE(store->defaultProfileName(), QStringLiteral("only"));
    QVERIFY(store->profile().ok());

    store = ProfileStore::fromJson(
        QJsonDocument::fromJson(R"({"profiles":{"a":{"mchid":"1"},"b":{"mchid":"2"}}})").object());
    QVERIFY(store.ok());
    auto p = store->profile();
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, QStringLiteral("profile_missing"));
    QVERIFY2(p.error().message.contains(QLatin1String("a, b")), qPrintable(p.error().message));
    QCOMPARE(store->profile(QStringLiteral("b"))->mchid, QStringLiteral("2"));
}

void TestMerchantProfile::storeUnknownProfileListsNames()
{
    auto store = ProfileStore::fromJson(QJsonDocument::fromJson(kSandboxJson).object());
    auto p = store->profile(QStringLiteral("production"));
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, QStringLiteral("profile_missing"));
    QVERIFY2(p.error().message.contains(QLatin1String("\"production\"")), qPrintable(p.error().message));
    QVERIFY2(p.error().message.contains(QLatin1String("training")), qPrintable(p.error().message));
}

void TestMerchantProfile::storeBrokenProfileDoesNotBlockOthers()
{
    auto store = ProfileStore::fromJson(
        QJsonDocument::fromJson(R"({"default_profile":"good","profiles":{"good":{"mchid":"1"},"bad":{"mchid":2}}})")
            .object());
    QVERIFY(store.ok());
    QVERIFY(store->profile().ok());
    QVERIFY(!store->profile(QStringLiteral("bad")).ok());

    auto notObject = ProfileStore::fromJson(QJsonDocument::fromJson(R"({"profiles":{"x":[]}})").object());
    QVERIFY(!notObject.ok());
    QCOMPARE(notObject.error().code, QStringLiteral("config_invalid"));
}

void TestMerchantProfile::storeMissingFile()
{
    const QString path = m_dir->path() + QStringLiteral("/absent.json");
    auto store = ProfileStore::load(path);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().code, QStringLiteral("config_missing"));
    QVERIFY(store.error().message.contains(path));
}

void TestMerchantProfile::storeInvalidJson()
{
    const QString path = m_dir->path() + QStringLiteral("/broken.json");
    writeFile(path, "{\"profiles\": {");
    auto store = ProfileStore::load(path);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().code, QStringLiteral("config_invalid"));
    QVERIFY(store.error().message.contains(path));
}

void TestMerchantProfile::storeDefaultPath()
{
    const QByteArray previous = qgetenv("PAYDESK_CONFIG");
    qputenv("PAYDESK_CONFIG", "/etc/paydesk/terminal.json");
    QCOMPARE(ProfileStore::defaultPath(), QStringLiteral("/etc/paydesk/terminal.json"));
    qunsetenv("PAYDESK_CONFIG");
    const QString path = ProfileStore::defaultPath();
    QVERIFY2(path.endsWith(QLatin1String("/PayDesk/paydesk/paydesk.json")), qPrintable(path));
    QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)));
    if (!previous.isEmpty())
        qputenv("PAYDESK_CONFIG", previous);
}

QTEST_GUILESS_MAIN(TestMerchantProfile)
#include "tst_merchantprofile.moc"
