// SPDX-License-Identifier: MIT
// The real paydesk-cli against a real paydesk-sandbox process, with the
// merchant key and the APIv3 key moved into the encrypted secrets file by
// `secrets import --delete-files`: `config check` and a paid `sale native
// --wait` then work from the store alone, and a wrong or missing passphrase
// stops them with exit 5 and a message that says so.

#include "clirun.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using paydesk::testing::CliRun;
using paydesk::testing::freePort;

namespace {

const QString Passphrase = QStringLiteral("correct horse battery");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestSecretsCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void importMovesTheKeysIntoTheFile();
    void configCheckReadsTheStore();
    void saleIsPaidWithKeysFromTheStore();
    void receiptKeyMovesIntoTheStore();
    void guiStartsWithKeysFromTheStore();
    void wrongPassphraseStopsWithExit5();
    void missingPassphraseStopsWithExit5();

private:
    CliRun cli(const QStringList &arguments, const QString &passphrase = Passphrase, int timeoutMs = 60000);
    QProcessEnvironment environment(const QString &passphrase) const;
    QJsonObject control(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                        int *status = nullptr);
    QJsonObject profileJson() const;

    QTemporaryDir m_dir;
    paydesk::testing::SandboxProcess m_sandbox;
    QString m_config;
    QString m_secretsFile;
    QString m_baseUrl;
    QString m_mchid;
    QString m_keyFile;
    QString m_apiV3File;
    QByteArray m_keyPem;
    QByteArray m_apiV3Key;
    QString m_paidOrder;
};

QProcessEnvironment TestSecretsCli::environment(const QString &passphrase) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PAYDESK_CONFIG"), m_config);
    env.insert(QStringLiteral("PAYDESK_DB"), m_dir.filePath(QStringLiteral("till/paydesk.sqlite")));
    env.insert(QStringLiteral("PAYDESK_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("PAYDESK_LOG_DIR"), m_dir.filePath(QStringLiteral("logs")));
    // The file backend on purpose: a test machine's keychain, if any, stays untouched.
    env.insert(QStringLiteral("PAYDESK_SECRET_STORE"), QStringLiteral("file"));
    env.insert(QStringLiteral("PAYDESK_SECRETS_FILE"), m_secretsFile);
    env.remove(QStringLiteral("PAYDESK_SECRET_PASSPHRASE"));
    if (!passphrase.isEmpty())
        env.insert(QStringLiteral("PAYDESK_SECRET_PASSPHRASE"), passphrase);
    return env;
}

QJsonObject TestSecretsCli::profileJson() const
{
    return paydesk::testing::SandboxProcess::defaultProfile(m_config);
}

void TestSecretsCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_CLI_PATH)));
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_SANDBOX_PATH)));
    const QString port = QString::number(freePort());
    const QString initError
        = paydesk::testing::SandboxProcess::init(QStringLiteral(PAYDESK_SANDBOX_PATH), m_dir.path(), port);
    QVERIFY2(initError.isEmpty(), qPrintable(initError));
    m_config = m_dir.filePath(QStringLiteral("paydesk.json"));
    m_secretsFile = m_dir.filePath(QStringLiteral("vault/secrets.bin"));

    const QJsonObject profile = profileJson();
    m_baseUrl = profile.value(QLatin1String("base_url")).toString();
    m_mchid = profile.value(QLatin1String("mchid")).toString();
    const QDir base = QFileInfo(m_config).absoluteDir();
    m_keyFile = base.absoluteFilePath(profile.value(QLatin1String("merchant_key_file")).toString());
    m_apiV3File = base.absoluteFilePath(profile.value(QLatin1String("apiv3_key_file")).toString());
    m_keyPem = readAll(m_keyFile);
    m_apiV3Key = readAll(m_apiV3File).trimmed();
    QVERIFY2(m_keyPem.contains("PRIVATE KEY"), qPrintable(m_keyFile));
    QCOMPARE(m_apiV3Key.size(), 32);

    const QString sandboxError = m_sandbox.start(QStringLiteral(PAYDESK_SANDBOX_PATH),
                                                 m_dir.filePath(QStringLiteral("sandbox")), port, m_baseUrl,
                                                 {});
    QVERIFY2(sandboxError.isEmpty(), qPrintable(sandboxError));
}

void TestSecretsCli::cleanupTestCase()
{
    const QString stopped = m_sandbox.stop();
    QVERIFY2(stopped.isEmpty(), qPrintable(stopped));
}

CliRun TestSecretsCli::cli(const QStringList &arguments, const QString &passphrase, int timeoutMs)
{
    return paydesk::testing::runCli(QStringLiteral(PAYDESK_CLI_PATH), arguments, environment(passphrase), timeoutMs);
}

QJsonObject TestSecretsCli::control(const QByteArray &method, const QString &path, const QJsonObject &body, int *status)
{
    return m_sandbox.control(method, path, body, status);
}

void TestSecretsCli::importMovesTheKeysIntoTheFile()
{
    // Before the import the profile works from the key files.
    CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check"), QStringLiteral("--offline") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(run.check(QStringLiteral("secret_store")).isEmpty());

    run = cli({ QStringLiteral("secrets"), QStringLiteral("import"), QStringLiteral("--mchid"), m_mchid,
                QStringLiteral("--merchant-key"), m_keyFile, QStringLiteral("--apiv3-key-file"), m_apiV3File,
                QStringLiteral("--delete-files") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    // The installer is told the keys sit in a file, not a keychain.
    QVERIFY2(run.err.contains("\"warning\""), run.err.constData());

    QVERIFY(!QFileInfo::exists(m_keyFile));
    QVERIFY(!QFileInfo::exists(m_apiV3File));
    const QJsonObject profile = profileJson();
    QCOMPARE(profile.value(QLatin1String("merchant_key_secret")).toString(), QStringLiteral("merchant-key/") + m_mchid);
    QCOMPARE(profile.value(QLatin1String("apiv3_key_secret")).toString(), QStringLiteral("apiv3-key/") + m_mchid);
    QVERIFY(profile.value(QLatin1String("merchant_key_file")).toString().isEmpty());
    QVERIFY(profile.value(QLatin1String("apiv3_key_file")).toString().isEmpty());

    // The file holds them encrypted: neither key appears in it.
    const QByteArray vault = readAll(m_secretsFile);
    QVERIFY(vault.startsWith("PDSECRET"));
    QVERIFY(!vault.contains("PRIVATE KEY"));
    QVERIFY(!vault.contains(m_apiV3Key));
    QCOMPARE(QFileInfo(m_secretsFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
}

void TestSecretsCli::configCheckReadsTheStore()
{
    const CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(run.json().value(QLatin1String("ok")).toBool());
    QCOMPARE(run.json().value(QLatin1String("secret_store")).toString(), QStringLiteral("file"));
    const QJsonObject store = run.check(QStringLiteral("secret_store"));
    QVERIFY2(store.value(QLatin1String("ok")).toBool(), qPrintable(run.describe()));
    QVERIFY2(store.value(QLatin1String("detail")).toString().contains(m_secretsFile), qPrintable(run.describe()));
    const QString key = run.check(QStringLiteral("merchant_key")).value(QLatin1String("detail")).toString();
    QVERIFY2(key.contains(QStringLiteral("merchant-key/") + m_mchid), qPrintable(key));
    QVERIFY(run.check(QStringLiteral("key_matches_certificate")).value(QLatin1String("ok")).toBool());
    const QString apiV3 = run.check(QStringLiteral("apiv3_key")).value(QLatin1String("detail")).toString();
    QVERIFY2(apiV3.contains(QStringLiteral("apiv3-key/") + m_mchid), qPrintable(apiV3));
    // A real signed call went through with the key from the store.
    QVERIFY2(run.check(QStringLiteral("wechatpay")).value(QLatin1String("ok")).toBool(), qPrintable(run.describe()));
    // Never a secret in what is printed.
    QVERIFY(!run.out.contains(m_apiV3Key) && !run.err.contains(m_apiV3Key));
    QVERIFY(!run.out.contains("PRIVATE KEY") && !run.err.contains("PRIVATE KEY"));
}

void TestSecretsCli::saleIsPaidWithKeysFromTheStore()
{
    const auto sale = m_sandbox.paidSale(QStringLiteral(PAYDESK_CLI_PATH), environment(Passphrase), 880);
    QVERIFY2(sale.run.exitCode == 0, qPrintable(sale.run.describe()));
    QVERIFY(sale.paid);
    QCOMPARE(sale.order.value(QLatin1String("state")).toString(), QStringLiteral("Paid"));
    // WeChat Pay (the sandbox) has the same order, paid.
    QCOMPARE(sale.order.value(QLatin1String("transaction_id")).toString(),
             sale.remote.value(QLatin1String("transaction_id")).toString());
    m_paidOrder = sale.outTradeNo;
}

void TestSecretsCli::receiptKeyMovesIntoTheStore()
{
    QVERIFY(!m_paidOrder.isEmpty());
    const QString keyFolder = m_dir.filePath(QStringLiteral("till/receipt-key"));
    const QString before = m_dir.filePath(QStringLiteral("before.pdf"));
    const QString after = m_dir.filePath(QStringLiteral("after.pdf"));

    // The first receipt makes the key in the folder beside the database.
    CliRun run = cli({ QStringLiteral("receipt"), QStringLiteral("pdf"), QStringLiteral("--out-trade-no"), m_paidOrder,
                       QStringLiteral("--out"), before });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(QFileInfo::exists(keyFolder + QStringLiteral("/receipt_key.pem")));
    run = cli({ QStringLiteral("receipt"), QStringLiteral("verify"), before, QStringLiteral("--key-dir"), keyFolder });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QString serial = run.json().value(QLatin1String("certificate_serial")).toString();
    QVERIFY(!serial.isEmpty());

    // Moved into the store: the same key (earlier receipts keep their signer), the folder gone.
    run = cli({ QStringLiteral("secrets"), QStringLiteral("import"), QStringLiteral("--mchid"), m_mchid,
                QStringLiteral("--receipt-key") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY2(!QFileInfo::exists(keyFolder), qPrintable(run.describe()));
    QCOMPARE(profileJson().value(QLatin1String("receipt_key_secret")).toString(), QStringLiteral("receipt-key/") + m_mchid);
    const QJsonArray stored = run.json().value(QLatin1String("stored")).toArray();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first()[QLatin1String("certificate_serial")].toString(), serial);
    QVERIFY(!run.out.contains("PRIVATE KEY") && !run.err.contains("PRIVATE KEY"));
    QVERIFY(!readAll(m_secretsFile).contains("PRIVATE KEY"));

    // A new receipt is signed with the key from the store, and no key file comes back.
    run = cli({ QStringLiteral("receipt"), QStringLiteral("pdf"), QStringLiteral("--out-trade-no"), m_paidOrder,
                QStringLiteral("--out"), after, QStringLiteral("--new") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(!QFileInfo::exists(keyFolder));
    for (const QString &file : { before, after }) {
        // No --key-dir: the signer must be the store's receipt key.
        run = cli({ QStringLiteral("receipt"), QStringLiteral("verify"), file });
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.json().value(QLatin1String("trusted")).toBool());
        QCOMPARE(run.json().value(QLatin1String("certificate_serial")).toString(), serial);
    }

    // secrets check reports it, loaded.
    run = cli({ QStringLiteral("secrets"), QStringLiteral("check") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    bool listed = false;
    for (const QJsonValue &secret : run.json().value(QLatin1String("secrets")).toArray()) {
        if (secret[QLatin1String("secret")].toString() == QLatin1String("receipt_key")) {
            listed = true;
            QVERIFY2(secret[QLatin1String("ok")].toBool(), qPrintable(run.describe()));
            QCOMPARE(secret[QLatin1String("name")].toString(), QStringLiteral("receipt-key/") + m_mchid);
        }
    }
    QVERIFY2(listed, qPrintable(run.describe()));
}

void TestSecretsCli::guiStartsWithKeysFromTheStore()
{
#ifndef PAYDESK_GUI_PATH
    QSKIP("the GUI is not built (PAYDESK_BUILD_APPS=OFF or no Qt Widgets)");
#else
    // The cashier's program on this terminal: a real-merchant setup whose
    // merchant key, APIv3 key and receipt key are all in the secrets file.
    QVERIFY(!profileJson().value(QLatin1String("receipt_key_secret")).toString().isEmpty());
    const QString ini = m_dir.filePath(QStringLiteral("gui.ini"));
    {
        QSettings settings(ini, QSettings::IniFormat);
        settings.setValue(QStringLiteral("setup/mode"), QStringLiteral("merchant"));
        settings.setValue(QStringLiteral("setup/profile_path"), m_config);
        settings.setValue(QStringLiteral("setup/first_run_done"), true);
    }
    auto start = [&](const QString &passphrase) {
        QProcessEnvironment env = environment(passphrase);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data"))); // its log files
        return paydesk::testing::runCli(QStringLiteral(PAYDESK_GUI_PATH),
                                        { QStringLiteral("--settings"), ini, QStringLiteral("--measure-startup") }, env,
                                        60000);
    };
    const CliRun run = start(Passphrase);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY2(run.out.contains("startup_ms"), qPrintable(run.describe()));
    QVERIFY(!run.out.contains("PRIVATE KEY") && !run.err.contains("PRIVATE KEY"));
    // The file store's warning reaches whoever starts it.
    QVERIFY2(run.err.contains("encrypted file"), qPrintable(run.describe()));

    // A wrong passphrase stops it with a message, before any window.
    const CliRun wrong = start(QStringLiteral("not the passphrase"));
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains("passphrase"), qPrintable(wrong.describe()));
#endif
}

void TestSecretsCli::wrongPassphraseStopsWithExit5()
{
    const QString wrong = QStringLiteral("not the passphrase");
    CliRun run = cli({ QStringLiteral("config"), QStringLiteral("check") }, wrong);
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    const QJsonObject store = run.check(QStringLiteral("secret_store"));
    QVERIFY2(!store.value(QLatin1String("ok")).toBool(true), qPrintable(run.describe()));
    QVERIFY2(store.value(QLatin1String("detail")).toString().contains(QStringLiteral("passphrase")),
             qPrintable(run.describe()));
    QVERIFY(!run.check(QStringLiteral("merchant_key")).value(QLatin1String("ok")).toBool(true));

    run = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QStringLiteral("100"),
                QStringLiteral("--wait"), QStringLiteral("--timeout-s"), QStringLiteral("10") },
              wrong);
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("secret_passphrase_wrong"));
    QVERIFY2(run.error().value(QLatin1String("message")).toString().contains(QStringLiteral("passphrase")),
             qPrintable(run.describe()));
    QVERIFY(!run.error().value(QLatin1String("message")).toString().contains(wrong));
    // Nothing was started: no order stored or sent.
    QVERIFY(run.event(QStringLiteral("stored")).isEmpty());
}

void TestSecretsCli::missingPassphraseStopsWithExit5()
{
    // No PAYDESK_SECRET_PASSPHRASE and no terminal to ask on.
    const CliRun run
        = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QStringLiteral("100") },
              QString());
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("secret_passphrase_missing"));
    QVERIFY2(
        run.error().value(QLatin1String("message")).toString().contains(QStringLiteral("PAYDESK_SECRET_PASSPHRASE")),
        qPrintable(run.describe()));
}

QTEST_GUILESS_MAIN(TestSecretsCli)
#include "tst_secrets_cli.moc"
