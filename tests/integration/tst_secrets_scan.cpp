// SPDX-License-Identifier: MIT
// Issue #7's promise, checked end to end: the merchant key, the APIv3 key and
// the receipt signing key come from the encrypted secret store, a full sale, a
// refund, their signed receipts and a reconciliation run against the real
// sandbox with every log category at debug, and then every file the terminal
// wrote (logs, the SQLite database and its -wal, the profile, whatever else
// appeared) is scanned for the keys, in every encoding, and for the payer's
// full openid: zero hits.

#include "config/filesecretstore.h"
#include "config/merchantprofile.h"
#include "config/profilestore.h"
#include "config/secretstore.h"
#include "crypto/securerandom.h"
#include "logging/logsink.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "receipt/pdfsigner.h"
#include "receipt/receiptkey.h"
#include "receipt/receiptrepository.h"
#include "receipt/receiptservice.h"
#include "reconcile/chinaday.h"
#include "reconcile/reconciliationresult.h"
#include "reconcile/reconciliationrunner.h"
#include "redaction.h"
#include "sandboxserver.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "testfixtures.h"

#include <QDirIterator>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace paydesk;
using namespace paydesk::sandbox;

namespace {

const QString Merchant = QStringLiteral("1900000109");
const QString AppId = QStringLiteral("wxd678efh567hg6787");

struct Needle
{
    QString what; // printed on a hit; the needle itself never is
    QByteArray bytes;
};

QByteArray derOf(const QByteArray &pem)
{
    QByteArray body;
    for (const QByteArray &line : pem.split('\n')) {
        if (!line.startsWith("-----"))
            body += line.trimmed();
    }
    return QByteArray::fromBase64(body);
}

// Every form of what is public anyway: the certificate and the public key
// (the private key's DER repeats the modulus, which the certificate publishes).
QByteArray publicMaterial(const QList<QByteArray> &pems)
{
    QByteArray all;
    for (const QByteArray &pem : pems) {
        const QByteArray der = derOf(pem);
        all += pem + '\n' + der + '\n' + der.toHex() + '\n' + der.toBase64() + '\n';
    }
    return all;
}

// The merchant key however it might be written: its PEM lines, its DER as one
// base64 line or wrapped at any width (every aligned 24-character window), the
// raw DER bytes and their hex; less what the public material holds too.
QList<Needle> keyNeedles(const QString &what, const QByteArray &pem, const QByteArray &publicBytes)
{
    QList<Needle> needles;
    for (const QByteArray &line : pem.split('\n')) {
        if (line.size() >= 16 && !line.startsWith("-----"))
            needles.append({ what + QStringLiteral(" PEM line"), line });
    }
    const QByteArray der = derOf(pem);
    const QByteArray base64 = der.toBase64();
    needles.append({ what + QStringLiteral(" DER base64 (one line)"), base64 });
    for (int i = 0; i + 24 <= base64.size(); i += 4)
        needles.append({ what + QStringLiteral(" DER base64 at %1").arg(i), base64.mid(i, 24) });
    for (int i = 0; i + 24 <= der.size(); i += 24) {
        needles.append({ what + QStringLiteral(" DER bytes at %1").arg(i), der.mid(i, 24) });
        needles.append({ what + QStringLiteral(" DER hex at %1").arg(i), der.mid(i, 24).toHex() });
    }
    needles.removeIf([&](const Needle &n) { return publicBytes.contains(n.bytes); });
    return needles;
}

QList<Needle> plainNeedles(const QString &what, const QByteArray &secret)
{
    return { { what, secret },
             { what + QStringLiteral(" (base64)"), secret.toBase64() },
             { what + QStringLiteral(" (hex)"), secret.toHex() } };
}

} // namespace

class TestSecretsScan : public QObject
{
    Q_OBJECT

private slots:
    void saleRefundAndReconciliationLeakNothing();
};

void TestSecretsScan::saleRefundAndReconciliationLeakNothing()
{
    testing::TestWorld keys;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString configDir = dir.filePath(QStringLiteral("config"));
    const QString logDir = dir.filePath(QStringLiteral("logs"));

    // Every category at debug, into a log file, as an installer chasing a
    // problem would set it.
    LogSink::Options logging;
    logging.folder = logDir;
    logging.alsoStderr = false;
    logging.rules = QStringLiteral("*.debug=true");
    LogSink::install(logging);
    struct Uninstall
    {
        ~Uninstall() { LogSink::uninstall(); }
    } uninstallLogSink;

    // The sandbox: WeChat Pay, here in-process on loopback.
    SandboxServer::Options so;
    so.immediateBills = true;
    so.refundDelayMs = 100;
    so.refundIntervalSeconds = 0;
    SandboxServer sandbox(so);
    QVERIFY(sandbox.start().ok());
    MerchantRegistration m;
    m.mchid = Merchant;
    m.appid = AppId;
    m.name = QStringLiteral("Test Store");
    m.apiV3Key = keys.apiV3Key;
    m.certificate = keys.merchant.certificate;
    QVERIFY(sandbox.registerMerchant(m).ok());

    // The secrets go into the encrypted file; the passphrase comes the way an
    // unattended terminal gets it.
    const QByteArray passphrase = QByteArray("pass-") + SecureRandom::alphanumeric(20);
    qputenv("PAYDESK_SECRET_PASSPHRASE", passphrase);
    const QString secretsPath = dir.filePath(QStringLiteral("config/secrets.bin"));
    auto receiptKey = ReceiptKey::generate(QStringLiteral("Test Store"));
    QVERIFY(receiptKey);
    const QByteArray receiptBundle = receiptKey->toPem();
    const QByteArray receiptKeyPem = receiptBundle.left(receiptBundle.indexOf("-----BEGIN CERTIFICATE-----"));
    {
        auto store = FileSecretStore::open(secretsPath, FileSecretStore::passphraseFromEnvironment());
        QVERIFY(store);
        QVERIFY((*store)->write(SecretStore::merchantKeyName(Merchant), keys.merchant.key.toPem()).ok());
        QVERIFY((*store)->write(SecretStore::apiV3KeyName(Merchant), keys.apiV3Key).ok());
        QVERIFY((*store)->write(SecretStore::receiptKeyName(Merchant), receiptBundle).ok());
    }

    // The profile: certificates (public) as files, the two secrets by name.
    QVERIFY(QDir().mkpath(configDir + QStringLiteral("/merchant")));
    QFile cert(configDir + QStringLiteral("/merchant/apiclient_cert.pem"));
    QVERIFY(cert.open(QIODevice::WriteOnly));
    cert.write(keys.merchant.certificate.toPem());
    cert.close();
    MerchantProfile profile;
    profile.name = QStringLiteral("store");
    profile.training = true;
    profile.mchid = Merchant;
    profile.appid = AppId;
    profile.baseUrl = sandbox.baseUrl().toString();
    profile.merchantCertFile = QStringLiteral("merchant/apiclient_cert.pem");
    profile.merchantKeySecret = SecretStore::merchantKeyName(Merchant);
    profile.apiV3KeySecret = SecretStore::apiV3KeyName(Merchant);
    profile.receiptKeySecret = SecretStore::receiptKeyName(Merchant);
    int n = 0;
    for (const Certificate &platform : sandbox.platformKeys().certificates()) {
        const QString file = QStringLiteral("platform/wechatpay_%1.pem").arg(n++);
        QVERIFY(QDir(configDir).mkpath(QStringLiteral("platform")));
        QFile out(configDir + QLatin1Char('/') + file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(platform.toPem());
        profile.platformCertFiles << file;
    }
    profile.notifyUrl = QStringLiteral("https://example.invalid/notify");
    profile.terminalId = QStringLiteral("T01");
    auto profiles = ProfileStore::fromJson(QJsonObject {});
    QVERIFY(profiles);
    ProfileStore store = *profiles;
    store.setProfile(profile);
    store.setDefaultProfileName(profile.name);
    const QString configPath = configDir + QStringLiteral("/paydesk.json");
    QVERIFY(store.save(configPath).ok());

    // What the terminal does at start-up: the profile from disk, the secrets
    // from the store, unlocked with the passphrase.
    auto loadedStore = ProfileStore::load(configPath);
    QVERIFY(loadedStore);
    auto loadedProfile = loadedStore->profile();
    QVERIFY2(loadedProfile, qPrintable(loadedProfile ? QString() : loadedProfile.error().message));
    QVERIFY(loadedProfile->merchantKeyFile.isEmpty());
    QVERIFY(loadedProfile->apiV3KeyFile.isEmpty());
    auto secrets = FileSecretStore::open(secretsPath, FileSecretStore::passphraseFromEnvironment());
    QVERIFY(secrets);
    QStringList warnings;
    auto credentials = loadedProfile->loadCredentials(secrets->get(), &warnings);
    QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error().message));
    QCOMPARE(credentials->apiV3Key.bytes(), keys.apiV3Key);

    PaymentTerminal::Options options;
    auto storedReceiptKey = ReceiptKey::fromSecretStore(secrets->get(), loadedProfile->receiptKeySecret);
    QVERIFY2(storedReceiptKey, qPrintable(storedReceiptKey ? QString() : storedReceiptKey.error().message));
    options.receiptKey = *storedReceiptKey;
    options.databasePath = dir.filePath(QStringLiteral("data/paydesk.sqlite"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
    options.timeoutMs = 3000;
    options.paymentPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
    options.refundPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
    auto opened = PaymentTerminal::open(*loadedProfile, *credentials, options);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    std::unique_ptr<PaymentTerminal> terminal = std::move(opened).value();

    // A sale, paid by a customer whose openid we know.
    const QString openid = QStringLiteral("oUpF8") + QString::fromLatin1(SecureRandom::alphanumeric(23));
    auto state = [&](const QString &no) { return terminal->orders()->find(no)->state; };
    auto no = terminal->payments()->startNativeSale(1234, QStringLiteral("咖啡"), QStringLiteral("cashier-1"));
    QVERIFY2(no, qPrintable(no ? QString() : no.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(state(*no), OrderState::Pending, 5000);
    const auto paid = sandbox.control("POST", QStringLiteral("/sandbox/customer/pay"),
                                      QJsonObject { { QStringLiteral("out_trade_no"), *no },
                                                    { QStringLiteral("openid"), openid } });
    QCOMPARE(paid.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(state(*no), OrderState::Paid, 5000);
    // The openid really went through the terminal: it keeps the masked form only.
    QCOMPARE(terminal->orders()->find(*no)->payerMasked, Redaction::maskOpenid(openid));

    // A refund, to its final status.
    auto refundNo = terminal->refundService()->refund(*no, 500, QStringLiteral("customer changed mind"),
                                                      QStringLiteral("manager"));
    QVERIFY2(refundNo, qPrintable(refundNo ? QString() : refundNo.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(terminal->refunds()->find(*refundNo)->status, QStringLiteral("SUCCESS"), 8000);

    // Both receipts, signed with the receipt key from the store and kept in the database.
    ReceiptService receipts(terminal->database(), terminal->orders(), terminal->refunds(), QStringLiteral("Test Store"));
    receipts.setKey(terminal->options().receiptKey);
    for (const QString &refund : { QString(), *refundNo }) {
        auto issued = receipts.pdf(*no, refund);
        QVERIFY2(issued, qPrintable(issued ? QString() : issued.error().message));
        QVERIFY(PdfSigner::verify(issued->stored.content, receiptKey->certificate()));
    }
    QVERIFY(!QFileInfo::exists(ReceiptKey::folderBeside(options.databasePath)));

    // The day's reconciliation: the bill WeChat Pay sends lists the full openid.
    ReconciliationRunner runner(terminal->api(), terminal->database()->path(), terminal->orders());
    std::optional<ReconciliationResult> result;
    QString failure;
    connect(&runner, &ReconciliationRunner::finished, this, [&](const ReconciliationResult &r) { result = r; });
    connect(&runner, &ReconciliationRunner::failed, this,
            [&](const QString &code, const QString &message) { failure = code + QLatin1Char(' ') + message; });
    QVERIFY(runner.start(ChinaDay::today(QDateTime::currentDateTimeUtc())));
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value() || !failure.isEmpty(), 20000);
    QVERIFY2(result.has_value(), qPrintable(failure));
    QCOMPARE(result->matched, 1);
    QCOMPARE(result->matchedRefunds, 1);

    // Everything on disk now, the -wal included (no checkpoint yet): scan it all.
    LogSink::uninstall();
    QList<Needle> needles = keyNeedles(
        QStringLiteral("merchant key"), keys.merchant.key.toPem(),
        publicMaterial({ keys.merchant.certificate.toPem(), keys.merchant.key.publicKey().toPem() }));
    // The private exponent and primes are most of the key: most windows must remain.
    QVERIFY2(needles.size() > 300, qPrintable(QString::number(needles.size())));
    const int merchantNeedles = needles.size();
    needles += keyNeedles(QStringLiteral("receipt key"), receiptKeyPem,
                          publicMaterial({ receiptKey->certificate().toPem(),
                                           receiptKey->certificate().publicKey().toPem() }));
    QVERIFY2(needles.size() - merchantNeedles > 300, qPrintable(QString::number(needles.size() - merchantNeedles)));
    needles += plainNeedles(QStringLiteral("APIv3 key"), keys.apiV3Key);
    needles += plainNeedles(QStringLiteral("payer openid"), openid.toLatin1());
    needles += plainNeedles(QStringLiteral("secrets passphrase"), passphrase);

    // The scanner itself: it finds the key in the key's own PEM and the openid in a bill line.
    const QByteArray keyPem = keys.merchant.key.toPem();
    QVERIFY(std::any_of(needles.cbegin(), needles.cend(), [&](const Needle &n) { return keyPem.contains(n.bytes); }));
    QVERIFY(std::any_of(needles.cbegin() + merchantNeedles, needles.cend(),
                        [&](const Needle &n) { return receiptKeyPem.contains(n.bytes); }));
    const QByteArray billLine = "`2024-05-20 10:00:00,`wxd678efh567hg6787,`" + openid.toLatin1() + ",`SUCCESS";
    QVERIFY(std::any_of(needles.cbegin(), needles.cend(), [&](const Needle &n) { return billLine.contains(n.bytes); }));

    QStringList scanned;
    QStringList hits;
    bool sawWal = false;
    QByteArray allLogs;
    QByteArray database;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path == secretsPath)
            continue; // encrypted on purpose; tst_secretstore checks it holds no plaintext
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray content = file.readAll();
        scanned << QDir(dir.path()).relativeFilePath(path);
        if (path.endsWith(QLatin1String("-wal")) && !content.isEmpty())
            sawWal = true;
        if (path.startsWith(logDir))
            allLogs += content;
        if (path == options.databasePath || path.endsWith(QLatin1String("-wal")))
            database += content;
        for (const Needle &needle : std::as_const(needles)) {
            if (content.contains(needle.bytes))
                hits << QStringLiteral("%1 in %2").arg(needle.what, QDir(dir.path()).relativeFilePath(path));
        }
    }
    qInfo().noquote() << "scanned" << scanned.join(QStringLiteral(", "));
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QStringLiteral("; "))));

    // The scan looked at real content: debug lines about this sale in the
    // logs, the order in the database, the profile naming the secrets.
    QVERIFY(scanned.contains(QStringLiteral("config/paydesk.json")));
    QVERIFY(sawWal || QFile::exists(options.databasePath));
    QVERIFY2(allLogs.size() > 1000, "the log files hold almost nothing: was debug logging on?");
    QVERIFY(allLogs.contains(no->toLatin1()));
    QVERIFY(database.contains(no->toLatin1()));
    QVERIFY(database.contains(Redaction::maskOpenid(openid).toUtf8()));
}

int main(int argc, char *argv[])
{
    // Before the application exists, so nothing logs before debug is on.
    qputenv("QT_LOGGING_RULES", "*.debug=true");
    QGuiApplication app(argc, argv);
    TestSecretsScan test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secrets_scan.moc"
