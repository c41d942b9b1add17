// SPDX-License-Identifier: MIT
// paydesk-cli's store-backed commands as a process against a real
// paydesk-sandbox process: sale native/combine/refund, order wait, recover,
// db check, db backup, audit verify, notify listen and history. Each test
// checks what a support engineer would: the printed JSON, the exit code, the
// store and the sandbox's books.

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
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using paydesk::testing::CliRun;
using paydesk::testing::freePort;

namespace {

} // namespace

class TestCliStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void usageErrors();
    void saleNativeIsStoredThenCreated();
    void saleWaitFollowsToPaidAndOrderWait();
    void saleExpiresAndCloses();
    void saleRefundWithinTheRemainder();
    void saleCombine();
    void reconcileLeavesOtherTillsSales();
    void closedDayStaysAsPrinted();
    void recoverSettlesAKilledSale();
    void historyFilters();
    void dbCheckAndAuditVerifyFindTampering();
    void dbBackupKeepsN();
    void notifyListenAppliesNotifications();

private:
    CliRun cli(const QStringList &arguments, const QString &db = {}, int timeoutMs = 60000);
    // The same merchant on another till: `config` and `db` of its own.
    CliRun cliAs(const QString &config, const QString &db, const QStringList &arguments, const QByteArray &input = {});
    QJsonObject control(const QByteArray &method, const QString &path, const QJsonObject &body = {}, int *status = nullptr);
    QString paidSale(qint64 amount, const QString &config = {}, const QString &db = {});
    QProcessEnvironment environment(const QString &db, const QString &config = {}) const;
    QString sqlValue(const QString &db, const QString &sql);
    void sqlExec(const QString &db, const QString &sql);

    QTemporaryDir m_dir;
    paydesk::testing::SandboxProcess m_sandbox;
    QString m_config;
    QString m_baseUrl;
    QString m_db;
    quint16 m_notifyPort = 0;
};

QProcessEnvironment TestCliStore::environment(const QString &db, const QString &config) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PAYDESK_CONFIG"), config.isEmpty() ? m_config : config);
    env.insert(QStringLiteral("PAYDESK_DB"), db.isEmpty() ? m_db : db);
    env.insert(QStringLiteral("PAYDESK_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("PAYDESK_LOG_DIR"), m_dir.filePath(QStringLiteral("logs")));
    return env;
}

void TestCliStore::initTestCase()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_CLI_PATH)));
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_SANDBOX_PATH)));
    const QString port = QString::number(freePort());
    const QString initError
        = paydesk::testing::SandboxProcess::init(QStringLiteral(PAYDESK_SANDBOX_PATH), m_dir.path(), port);
    QVERIFY2(initError.isEmpty(), qPrintable(initError));
    m_config = m_dir.filePath(QStringLiteral("paydesk.json"));
    m_db = m_dir.filePath(QStringLiteral("till/paydesk.sqlite"));

    // Notifications go to `notify listen` (notifyListenAppliesNotifications).
    m_notifyPort = freePort();
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonObject profiles = json.value(QLatin1String("profiles")).toObject();
    const QString name = json.value(QLatin1String("default_profile")).toString();
    QJsonObject profile = profiles.value(name).toObject();
    m_baseUrl = profile.value(QLatin1String("base_url")).toString();
    profile.insert(QStringLiteral("notify_url"), QStringLiteral("http://127.0.0.1:%1/paydesk/notify").arg(m_notifyPort));
    profiles.insert(name, profile);
    json.insert(QStringLiteral("profiles"), profiles);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(json).toJson());
    file.close();

    const QString sandboxError = m_sandbox.start(QStringLiteral(PAYDESK_SANDBOX_PATH),
                                                 m_dir.filePath(QStringLiteral("sandbox")), port, m_baseUrl,
                                                 { QStringLiteral("--refund-delay-ms"), QStringLiteral("200"),
                                                   QStringLiteral("--refund-interval"), QStringLiteral("0"),
                                                   QStringLiteral("--time-scale"), QStringLiteral("60"),
                                                   QStringLiteral("--immediate-bills") });
    QVERIFY2(sandboxError.isEmpty(), qPrintable(sandboxError));
}

void TestCliStore::cleanupTestCase()
{
    const QString stopped = m_sandbox.stop();
    QVERIFY2(stopped.isEmpty(), qPrintable(stopped));
}

CliRun TestCliStore::cli(const QStringList &arguments, const QString &db, int timeoutMs)
{
    return paydesk::testing::runCli(QStringLiteral(PAYDESK_CLI_PATH), arguments, environment(db), timeoutMs);
}

CliRun TestCliStore::cliAs(const QString &config, const QString &db, const QStringList &arguments,
                           const QByteArray &input)
{
    return paydesk::testing::runCli(QStringLiteral(PAYDESK_CLI_PATH), arguments, environment(db, config), 60000,
                                    input);
}

QJsonObject TestCliStore::control(const QByteArray &method, const QString &path, const QJsonObject &body, int *status)
{
    return m_sandbox.control(method, path, body, status);
}

QString TestCliStore::sqlValue(const QString &db, const QString &sql)
{
    QString value;
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        c.setDatabaseName(db);
        if (c.open()) {
            QSqlQuery q(c);
            if (q.exec(sql) && q.next())
                value = q.value(0).toString();
            c.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return value;
}

void TestCliStore::sqlExec(const QString &db, const QString &sql)
{
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        c.setDatabaseName(db);
        QVERIFY(c.open());
        QSqlQuery q(c);
        QVERIFY2(q.exec(sql), qPrintable(sql));
        c.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
}

// A sale the customer paid, settled in the store.
QString TestCliStore::paidSale(qint64 amount, const QString &config, const QString &db)
{
    CliRun run = cliAs(config, db, { QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"),
                                     QString::number(amount), QStringLiteral("--description"), QStringLiteral("paid sale") });
    if (run.exitCode != 0)
        return {};
    const QString no = run.event(QStringLiteral("stored")).value(QLatin1String("out_trade_no")).toString();
    int status = 0;
    control("POST", QStringLiteral("/sandbox/customer/pay"), { { QStringLiteral("out_trade_no"), no } }, &status);
    run = cliAs(config, db, { QStringLiteral("order"), QStringLiteral("wait"), QStringLiteral("--out-trade-no"), no,
                              QStringLiteral("--timeout-s"), QStringLiteral("20") });
    return status == 200 && run.json().value(QLatin1String("state")).toString() == QLatin1String("Paid") ? no : QString();
}

void TestCliStore::usageErrors()
{
    CliRun run = cli({ QStringLiteral("sale"), QStringLiteral("native") });
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("USAGE"));
    run = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--yuan"), QStringLiteral("1.234") });
    QCOMPARE(run.exitCode, 2);
    run = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QStringLiteral("1"),
                QStringLiteral("--timeout-s"), QStringLiteral("5") });
    QCOMPARE(run.exitCode, 2); // --timeout-s only with --wait
    run = cli({ QStringLiteral("history"), QStringLiteral("--state"), QStringLiteral("Lost") });
    QCOMPARE(run.exitCode, 2);
    run = cli({ QStringLiteral("history"), QStringLiteral("--from"), QStringLiteral("yesterday") });
    QCOMPARE(run.exitCode, 2);
    run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), QStringLiteral("X"),
                QStringLiteral("--amount"), QStringLiteral("1") });
    QCOMPARE(run.exitCode, 2); // --reason is required
    run = cli({ QStringLiteral("notify"), QStringLiteral("listen"), QStringLiteral("--port"), QStringLiteral("70000") });
    QCOMPARE(run.exitCode, 2);
    run = cli({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db") });
    QCOMPARE(run.exitCode, 2);
    run = cli({ QStringLiteral("--help") });
    QCOMPARE(run.exitCode, 0);
    for (const char *command : { "sale native", "sale refund", "order wait", "recover", "db check", "db backup",
                                 "audit verify", "notify listen", "history" })
        QVERIFY2(run.out.contains(command), command);
    QVERIFY(run.out.contains("--db"));
}

void TestCliStore::saleNativeIsStoredThenCreated()
{
    const CliRun run = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--yuan"),
                             QStringLiteral("12.34"), QStringLiteral("--description"), QStringLiteral("Noodles"),
                             QStringLiteral("--expire-seconds"), QStringLiteral("3") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QList<QJsonObject> lines = run.lines();
    QVERIFY(lines.size() >= 2);
    // The out_trade_no comes first, before anything was sent.
    QCOMPARE(lines.first().value(QLatin1String("event")).toString(), QStringLiteral("stored"));
    const QString no = lines.first().value(QLatin1String("out_trade_no")).toString();
    QVERIFY(!no.isEmpty());
    QCOMPARE(lines.first().value(QLatin1String("amount")).toInt(), 1234);
    QCOMPARE(lines.first().value(QLatin1String("database")).toString(), m_db);
    const QJsonObject created = run.event(QStringLiteral("created")).value(QLatin1String("order")).toObject();
    QCOMPARE(created.value(QLatin1String("out_trade_no")).toString(), no);
    QCOMPARE(created.value(QLatin1String("state")).toString(), QStringLiteral("Pending"));
    QVERIFY(created.value(QLatin1String("code_url")).toString().startsWith(QLatin1String("weixin://wxpay/bizpayurl")));
    QVERIFY(created.value(QLatin1String("training")).toBool());

    // The same order at WeChat Pay: one sale, one order.
    const QJsonArray remote = control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no)
                                  .value(QLatin1String("orders")).toArray();
    QCOMPARE(remote.size(), 1);
    QCOMPARE(remote.first().toObject().value(QLatin1String("code_url")).toString(),
             created.value(QLatin1String("code_url")).toString());
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT state FROM orders WHERE out_trade_no = '%1'").arg(no)),
             QStringLiteral("Pending"));
}

void TestCliStore::saleWaitFollowsToPaidAndOrderWait()
{
    const auto sale = m_sandbox.paidSale(QStringLiteral(PAYDESK_CLI_PATH), environment({}), 880,
                                         QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
    QCOMPARE(sale.run.exitCode, 0);
    QVERIFY(sale.paid);
    const QString no = sale.outTradeNo;
    const QJsonObject &order = sale.order;
    QCOMPARE(order.value(QLatin1String("state")).toString(), QStringLiteral("Paid"));
    QCOMPARE(order.value(QLatin1String("payer")).toString(), QStringLiteral("oUpF…eS6o")); // masked
    QCOMPARE(order.value(QLatin1String("transaction_id")).toString(),
             sale.remote.value(QLatin1String("transaction_id")).toString());

    // order wait on a final order prints it at once.
    const CliRun wait = cli({ QStringLiteral("order"), QStringLiteral("wait"), QStringLiteral("--out-trade-no"), no });
    QVERIFY2(wait.exitCode == 0, qPrintable(wait.describe()));
    QCOMPARE(wait.json().value(QLatin1String("state")).toString(), QStringLiteral("Paid"));
    // An order the store does not have.
    const CliRun unknown = cli({ QStringLiteral("order"), QStringLiteral("wait"), QStringLiteral("--out-trade-no"),
                                 QStringLiteral("NOSUCHORDER1") });
    QCOMPARE(unknown.exitCode, 3);
    QCOMPARE(unknown.error().value(QLatin1String("code")).toString(), QStringLiteral("unknown_order"));
}

void TestCliStore::saleExpiresAndCloses()
{
    const CliRun run = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"),
                             QStringLiteral("300"), QStringLiteral("--expire-seconds"), QStringLiteral("1"),
                             QStringLiteral("--wait"), QStringLiteral("--timeout-s"), QStringLiteral("30") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject order = run.event(QStringLiteral("final")).value(QLatin1String("order")).toObject();
    QCOMPARE(order.value(QLatin1String("state")).toString(), QStringLiteral("Closed"));
    const QString no = order.value(QLatin1String("out_trade_no")).toString();
    const QJsonObject remote = control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no)
                                   .value(QLatin1String("orders")).toArray().first().toObject();
    QCOMPARE(remote.value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));

    // A --wait that runs out: exit 4, the order named, still stored.
    const CliRun slow = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"),
                              QStringLiteral("301"), QStringLiteral("--wait"), QStringLiteral("--timeout-s"),
                              QStringLiteral("1") });
    QCOMPARE(slow.exitCode, 4);
    QCOMPARE(slow.error().value(QLatin1String("code")).toString(), QStringLiteral("TIMEOUT"));
    const QString left = QJsonDocument::fromJson(slow.err.split('\n').value(0)).object().value(QLatin1String("out_trade_no")).toString();
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT state FROM orders WHERE out_trade_no = '%1'").arg(left)),
             QStringLiteral("Pending"));
    // Cancel it for the tests after this one: it would keep recover waiting for 5 minutes.
    control("POST", QStringLiteral("/sandbox/customer/pay"), { { QStringLiteral("out_trade_no"), left } });
    const CliRun settled = cli({ QStringLiteral("order"), QStringLiteral("wait"), QStringLiteral("--out-trade-no"), left,
                                 QStringLiteral("--timeout-s"), QStringLiteral("20") });
    QCOMPARE(settled.json().value(QLatin1String("state")).toString(), QStringLiteral("Paid"));
}

void TestCliStore::saleRefundWithinTheRemainder()
{
    const QString no = paidSale(1000);
    QVERIFY(!no.isEmpty());
    CliRun run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), no,
                       QStringLiteral("--yuan"), QStringLiteral("2.50"), QStringLiteral("--reason"), QStringLiteral("cold tea"),
                       QStringLiteral("--actor"), QStringLiteral("manager-1"), QStringLiteral("--wait") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QString refundNo = run.event(QStringLiteral("stored")).value(QLatin1String("out_refund_no")).toString();
    QVERIFY(!refundNo.isEmpty());
    const QJsonObject refund = run.event(QStringLiteral("final")).value(QLatin1String("refund")).toObject();
    QCOMPARE(refund.value(QLatin1String("status")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(refund.value(QLatin1String("amount")).toInt(), 250);
    QCOMPARE(refund.value(QLatin1String("requested_by")).toString(), QStringLiteral("manager-1"));
    QVERIFY(!refund.value(QLatin1String("refund_id")).toString().isEmpty());

    // Without --wait: ends once WeChat Pay accepted it.
    run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), no,
                QStringLiteral("--amount"), QStringLiteral("100"), QStringLiteral("--reason"), QStringLiteral("second") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(!run.event(QStringLiteral("accepted")).isEmpty() || !run.event(QStringLiteral("final")).isEmpty());

    // More than is left (1000 - 250 - 100): refused by the store, nothing stored, nothing sent.
    const QString refundsBefore = sqlValue(m_db, QStringLiteral("SELECT COUNT(*) FROM refunds"));
    run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), no,
                QStringLiteral("--amount"), QStringLiteral("651"), QStringLiteral("--reason"), QStringLiteral("too much") });
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("over_refund"));
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT COUNT(*) FROM refunds")), refundsBefore);
    // An order that was never paid.
    run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), QStringLiteral("NOSUCHORDER1"),
                QStringLiteral("--amount"), QStringLiteral("1"), QStringLiteral("--reason"), QStringLiteral("x") });
    QCOMPARE(run.exitCode, 3);

    // The rest, to Refunded.
    run = cli({ QStringLiteral("recover"), QStringLiteral("--timeout-s"), QStringLiteral("30") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), no,
                QStringLiteral("--amount"), QStringLiteral("650"), QStringLiteral("--reason"), QStringLiteral("rest"),
                QStringLiteral("--wait") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT state || ' ' || refunded_total FROM orders WHERE out_trade_no = '%1'").arg(no)),
             QStringLiteral("Refunded 1000"));
}

void TestCliStore::saleCombine()
{
    CliRun run = cli({ QStringLiteral("sale"), QStringLiteral("combine"), QStringLiteral("--sub"),
                       QStringLiteral("1900000110:300:Coffee"), QStringLiteral("--sub"), QStringLiteral("1900000111:450:Cake") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject order = run.event(QStringLiteral("created")).value(QLatin1String("order")).toObject();
    QCOMPARE(order.value(QLatin1String("kind")).toString(), QStringLiteral("combine"));
    QCOMPARE(order.value(QLatin1String("amount")).toInt(), 750);
    QCOMPARE(order.value(QLatin1String("sub_orders")).toArray().size(), 2);
    const QString no = order.value(QLatin1String("out_trade_no")).toString();
    int status = 0;
    control("POST", QStringLiteral("/sandbox/customer/pay"), { { QStringLiteral("combine_out_trade_no"), no } }, &status);
    QCOMPARE(status, 200);
    run = cli({ QStringLiteral("order"), QStringLiteral("wait"), QStringLiteral("--out-trade-no"), no,
                QStringLiteral("--timeout-s"), QStringLiteral("20") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(QLatin1String("state")).toString(), QStringLiteral("Paid"));
    for (const QJsonValue &sub : run.json().value(QLatin1String("sub_orders")).toArray())
        QCOMPARE(sub.toObject().value(QLatin1String("state")).toString(), QStringLiteral("Paid"));

    // A sub-merchant's sub-order is that merchant's to refund, with its own
    // key: refused before anything is stored, never sent signed as the till's merchant.
    const QString sub = run.json().value(QLatin1String("sub_orders")).toArray().first().toObject().value(
        QLatin1String("out_trade_no")).toString();
    run = cli({ QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), sub,
                QStringLiteral("--amount"), QStringLiteral("100"), QStringLiteral("--reason"), QStringLiteral("returned") });
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("other_merchant"));
    QVERIFY2(run.error().value(QLatin1String("message")).toString().contains(QStringLiteral("1900000110")),
             qPrintable(run.describe()));
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = r.order_id "
                                           "WHERE o.out_trade_no = '%1'").arg(sub)),
             QStringLiteral("0"));
}

void TestCliStore::reconcileLeavesOtherTillsSales()
{
    // Two tills of one store: the same merchant account, profiles that differ
    // only in terminal_id, a store each. Till 1's reconciliation sees till 2's
    // sale in WeChat Pay's bill and must not take it as its own.
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonObject profiles = json.value(QLatin1String("profiles")).toObject();
    const QString name = json.value(QLatin1String("default_profile")).toString();
    QJsonObject profile = profiles.value(name).toObject();
    const QString firstTill = profile.value(QLatin1String("terminal_id")).toString();
    profile.insert(QStringLiteral("terminal_id"), QStringLiteral("TILL-2"));
    profiles.insert(name, profile);
    json.insert(QStringLiteral("profiles"), profiles);
    const QString secondConfig = m_dir.filePath(QStringLiteral("paydesk-till2.json"));
    QFile second(secondConfig);
    QVERIFY(second.open(QIODevice::WriteOnly));
    second.write(QJsonDocument(json).toJson());
    second.close();
    const QString secondDb = m_dir.filePath(QStringLiteral("till2/paydesk.sqlite"));

    const QString mine = paidSale(1100);
    QVERIFY(!mine.isEmpty());
    const QString theirs = paidSale(2200, secondConfig, secondDb);
    QVERIFY(!theirs.isEmpty());
    // Each number says which till made it.
    QVERIFY2(mine.startsWith(firstTill + QLatin1Char('_')), qPrintable(mine));
    QVERIFY2(theirs.startsWith(QStringLiteral("TILL-2_")), qPrintable(theirs));

    const QString today = QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).date().toString(Qt::ISODate);
    CliRun run = cli({ QStringLiteral("reconcile"), QStringLiteral("--date"), today });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject others = run.json().value(QLatin1String("other_terminals")).toObject();
    QCOMPARE(others.value(QLatin1String("payments")).toInt(), 1);
    QCOMPARE(others.value(QLatin1String("paid")).toInt(), 2200);
    QVERIFY2(others.value(QLatin1String("note")).toString().contains(QStringLiteral("1 sales, 22.00 yuan")),
             qPrintable(run.describe()));
    QCOMPARE(run.json().value(QLatin1String("counts")).toObject().value(QLatin1String("only_in_bill")).toInt(), 0);
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT COUNT(*) FROM orders WHERE out_trade_no = '%1'").arg(theirs)),
             QStringLiteral("0"));
    run = cli({ QStringLiteral("history"), QStringLiteral("--reference"), mine });
    QCOMPARE(run.json().value(QLatin1String("total")).toInt(), 1);
}

void TestCliStore::closedDayStaysAsPrinted()
{
    // A store of its own: closing the day here leaves the other tests' store alone.
    const QString db = m_dir.filePath(QStringLiteral("closing/paydesk.sqlite"));
    CliRun run = cliAs({}, db, { QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--name"),
                                 QStringLiteral("ana"), QStringLiteral("--role"), QStringLiteral("manager"),
                                 QStringLiteral("--pin-stdin") },
                       "2468\n");
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(!paidSale(1300, {}, db).isEmpty());

    const QStringList close { QStringLiteral("report"), QStringLiteral("z"), QStringLiteral("--close") };
    run = cliAs({}, db, close);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("pin_required"));
    const QStringList asAna = close
        + QStringList { QStringLiteral("--actor"), QStringLiteral("ana"), QStringLiteral("--pin-stdin"),
                        QStringLiteral("--escpos"), m_dir.filePath(QStringLiteral("closing/z1.bin")) };
    run = cliAs({}, db, asAna, "1111\n");
    QCOMPARE(run.exitCode, 3);
    run = cliAs({}, db, asAna, "2468\n");
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QJsonObject printed = run.json();
    QCOMPARE(printed.value(QLatin1String("closed_by")).toString(), QStringLiteral("ana"));
    QCOMPARE(printed.value(QLatin1String("totals")).toObject().value(QLatin1String("gross")).toInt(), 1300);
    const QString day = printed.value(QLatin1String("day")).toString();

    // The till keeps selling after the close: that is the next business day.
    const QString late = paidSale(400, {}, db);
    QVERIFY(!late.isEmpty());
    run = cliAs({}, db, { QStringLiteral("report"), QStringLiteral("z"), QStringLiteral("--date"), day,
                          QStringLiteral("--escpos"), m_dir.filePath(QStringLiteral("closing/z2.bin")) });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QJsonObject reprint = run.json();
    printed.remove(QStringLiteral("escpos"));
    reprint.remove(QStringLiteral("escpos"));
    QCOMPARE(reprint, printed);
    QFile z1(m_dir.filePath(QStringLiteral("closing/z1.bin"))), z2(m_dir.filePath(QStringLiteral("closing/z2.bin")));
    QVERIFY(z1.open(QIODevice::ReadOnly) && z2.open(QIODevice::ReadOnly));
    QCOMPARE(z2.readAll(), z1.readAll());

    const QString next = QDate::fromString(day, Qt::ISODate).addDays(1).toString(Qt::ISODate);
    run = cliAs({}, db, { QStringLiteral("report"), QStringLiteral("x") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(QLatin1String("day")).toString(), next);
    QCOMPARE(run.json().value(QLatin1String("totals")).toObject().value(QLatin1String("gross")).toInt(), 400);
    run = cliAs({}, db, { QStringLiteral("history"), QStringLiteral("--business-day"), next });
    QCOMPARE(run.json().value(QLatin1String("total")).toInt(), 1);
    QCOMPARE(run.json().value(QLatin1String("orders")).toArray().first().toObject().value(
                 QLatin1String("business_day")).toString(), next);
}

void TestCliStore::recoverSettlesAKilledSale()
{
    // The till dies right after the order was created at WeChat Pay; the customer pays meanwhile.
    QProcess process;
    process.setProcessEnvironment(environment({}));
    process.start(QStringLiteral(PAYDESK_CLI_PATH),
                  { QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QStringLiteral("777"),
                    QStringLiteral("--wait") });
    QByteArray out;
    QString no;
    QElapsedTimer clock;
    clock.start();
    while (process.state() != QProcess::NotRunning && clock.elapsed() < 20000) {
        process.waitForReadyRead(10);
        out += process.readAllStandardOutput();
        CliRun partial;
        partial.out = out;
        if (partial.event(QStringLiteral("updated")).value(QLatin1String("state")).toString() == QLatin1String("Pending")) {
            no = partial.event(QStringLiteral("stored")).value(QLatin1String("out_trade_no")).toString();
            process.kill();
        }
    }
    process.waitForFinished();
    QVERIFY(!no.isEmpty());
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    int status = 0;
    control("POST", QStringLiteral("/sandbox/customer/pay"), { { QStringLiteral("out_trade_no"), no } }, &status);
    QCOMPARE(status, 200);

    const CliRun run = cli({ QStringLiteral("recover"), QStringLiteral("--timeout-s"), QStringLiteral("30") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject result = run.json();
    QVERIFY(result.value(QLatin1String("before")).toObject().value(QLatin1String("open_orders")).toArray().contains(no));
    QCOMPARE(result.value(QLatin1String("after")).toObject().value(QLatin1String("orders")).toInt(), 0);
    QCOMPARE(result.value(QLatin1String("after")).toObject().value(QLatin1String("refunds")).toInt(), 0);
    QVERIFY(result.value(QLatin1String("settled")).toBool());
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT state FROM orders WHERE out_trade_no = '%1'").arg(no)),
             QStringLiteral("Paid"));
}

void TestCliStore::historyFilters()
{
    CliRun run = cli({ QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("500") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const int total = run.json().value(QLatin1String("total")).toInt();
    QVERIFY(total >= 5);
    QCOMPARE(run.json().value(QLatin1String("count")).toInt(), total);
    // Newest first.
    const QJsonArray all = run.json().value(QLatin1String("orders")).toArray();
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).toObject().value(QLatin1String("created_at")).toString()
                >= all.at(i).toObject().value(QLatin1String("created_at")).toString());

    run = cli({ QStringLiteral("history"), QStringLiteral("--state"), QStringLiteral("refunded") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QJsonArray refunded = run.json().value(QLatin1String("orders")).toArray();
    QVERIFY(!refunded.isEmpty());
    for (const QJsonValue &o : refunded) {
        QCOMPARE(o.toObject().value(QLatin1String("state")).toString(), QStringLiteral("Refunded"));
        QVERIFY(!o.toObject().value(QLatin1String("refunds")).toArray().isEmpty());
    }
    const QString no = refunded.first().toObject().value(QLatin1String("out_trade_no")).toString();
    const QString transactionId = refunded.first().toObject().value(QLatin1String("transaction_id")).toString();
    run = cli({ QStringLiteral("history"), QStringLiteral("--reference"), transactionId });
    QCOMPARE(run.json().value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(run.json().value(QLatin1String("orders")).toArray().first().toObject().value(QLatin1String("out_trade_no")).toString(), no);

    const QString today = QDate::currentDate().toString(Qt::ISODate);
    run = cli({ QStringLiteral("history"), QStringLiteral("--from"), today, QStringLiteral("--to"), today,
                QStringLiteral("--training"), QStringLiteral("--limit"), QStringLiteral("2") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(QLatin1String("total")).toInt(), total);
    QCOMPARE(run.json().value(QLatin1String("count")).toInt(), 2);
    run = cli({ QStringLiteral("history"), QStringLiteral("--real") });
    QCOMPARE(run.json().value(QLatin1String("total")).toInt(), 0);
    run = cli({ QStringLiteral("history"), QStringLiteral("--to"), QStringLiteral("2000-01-01") });
    QCOMPARE(run.json().value(QLatin1String("total")).toInt(), 0);
}

void TestCliStore::dbCheckAndAuditVerifyFindTampering()
{
    CliRun run = cli({ QStringLiteral("db"), QStringLiteral("check") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QJsonObject check = run.json();
    QVERIFY(check.value(QLatin1String("ok")).toBool());
    QCOMPARE(check.value(QLatin1String("schema_version")).toInt(), check.value(QLatin1String("latest_schema_version")).toInt());
    QVERIFY(check.value(QLatin1String("orders")).toObject().value(QLatin1String("Paid")).toInt() >= 1);
    QVERIFY(check.value(QLatin1String("refunds")).toObject().value(QLatin1String("SUCCESS")).toInt() >= 2);
    QVERIFY(check.value(QLatin1String("violations")).toArray().isEmpty());
    QVERIFY(check.value(QLatin1String("audit")).toObject().value(QLatin1String("intact")).toBool());
    run = cli({ QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(run.json().value(QLatin1String("entries")).toInt() > 10);

    // A copy somebody edited by hand: a paid order loses its transaction id,
    // and an audit entry is rewritten.
    const QString copy = m_dir.filePath(QStringLiteral("tampered/paydesk.sqlite"));
    QDir().mkpath(QFileInfo(copy).absolutePath());
    run = cli({ QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--folder"), QFileInfo(copy).absolutePath() });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(QFile::rename(run.json().value(QLatin1String("file")).toString(), copy));
    const QString victim = sqlValue(copy, QStringLiteral("SELECT out_trade_no FROM orders WHERE state = 'Paid' AND kind = 'native' LIMIT 1"));
    QVERIFY(!victim.isEmpty());
    sqlExec(copy, QStringLiteral("UPDATE orders SET transaction_id = NULL WHERE out_trade_no = '%1'").arg(victim));
    const QString entry = sqlValue(copy, QStringLiteral("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 3"));
    sqlExec(copy, QStringLiteral("UPDATE audit_log SET actor = 'nobody' WHERE id = %1").arg(entry));

    run = cli({ QStringLiteral("--db"), copy, QStringLiteral("db"), QStringLiteral("check") });
    QCOMPARE(run.exitCode, 6);
    check = run.json();
    QVERIFY(!check.value(QLatin1String("ok")).toBool());
    bool found = false;
    for (const QJsonValue &v : check.value(QLatin1String("violations")).toArray()) {
        const QJsonObject violation = v.toObject();
        if (violation.value(QLatin1String("check")).toString() == QLatin1String("paid_without_transaction_id")) {
            found = true;
            QVERIFY(violation.value(QLatin1String("examples")).toArray().contains(victim));
        }
    }
    QVERIFY2(found, run.out.constData());
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("DB_CHECK_FAILED"));

    run = cli({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), copy });
    QCOMPARE(run.exitCode, 6);
    QVERIFY(!run.json().value(QLatin1String("intact")).toBool());
    QCOMPARE(run.json().value(QLatin1String("first_broken_id")).toInteger(), entry.toLongLong());
    QCOMPARE(run.error().value(QLatin1String("code")).toString(), QStringLiteral("AUDIT_CHAIN_BROKEN"));

    // A file that is not a database at all.
    const QString junk = m_dir.filePath(QStringLiteral("junk.sqlite"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    run = cli({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), junk });
    QCOMPARE(run.exitCode, 6);
}

void TestCliStore::dbBackupKeepsN()
{
    const QString folder = m_dir.filePath(QStringLiteral("backups"));
    QDir().mkpath(folder);
    for (const char *old : { "paydesk-20200101-000000.sqlite", "paydesk-20200102-000000.sqlite", "paydesk-20200103-000000.sqlite" }) {
        QFile f(QDir(folder).filePath(QString::fromLatin1(old)));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    const CliRun run = cli({ QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--folder"), folder,
                             QStringLiteral("--keep"), QStringLiteral("2") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const QString file = run.json().value(QLatin1String("file")).toString();
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(run.json().value(QLatin1String("bytes")).toInteger() > 0);
    const QStringList left = QDir(folder).entryList({ QStringLiteral("paydesk-*.sqlite") }, QDir::Files, QDir::Name);
    QCOMPARE(left, QStringList({ QStringLiteral("paydesk-20200103-000000.sqlite"), QFileInfo(file).fileName() }));
    // The copy has every order.
    QCOMPARE(sqlValue(file, QStringLiteral("SELECT COUNT(*) FROM orders")), sqlValue(m_db, QStringLiteral("SELECT COUNT(*) FROM orders")));
    QCOMPARE(sqlValue(file, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    // A folder that cannot be made: exit 6, the folder named.
    QFile blocker(m_dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const CliRun bad = cli({ QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--folder"),
                             m_dir.filePath(QStringLiteral("a-file/backups")) });
    QCOMPARE(bad.exitCode, 6);
    QVERIFY(bad.error().value(QLatin1String("message")).toString().contains(QLatin1String("a-file/backups")));
}

void TestCliStore::notifyListenAppliesNotifications()
{
    // A sale (its notify_url is the listener), made before the listener takes
    // the store (one PayDesk per database), then paid: the notification alone
    // moves the stored order to Paid: nobody polls it.
    const CliRun sale = cli({ QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QStringLiteral("555") });
    QVERIFY2(sale.exitCode == 0, qPrintable(sale.describe()));
    const QString no = sale.event(QStringLiteral("stored")).value(QLatin1String("out_trade_no")).toString();

    QProcess listener;
    listener.setProcessEnvironment(environment({}));
    listener.start(QStringLiteral(PAYDESK_CLI_PATH), { QStringLiteral("notify"), QStringLiteral("listen"),
                                                       QStringLiteral("--port"), QString::number(m_notifyPort) });
    QByteArray out;
    // The first line of `event` (about `reference`, when given). Earlier
    // sales' notifications may arrive first: the sandbox retried them.
    auto waitFor = [&](const QString &event, int ms, const QString &reference = {}) {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < ms) {
            listener.waitForReadyRead(20);
            QCoreApplication::processEvents();
            out += listener.readAllStandardOutput();
            CliRun partial;
            partial.out = out;
            for (const QJsonObject &line : partial.lines()) {
                if (line.value(QLatin1String("event")).toString() == event
                    && (reference.isEmpty() || line.value(QLatin1String("reference")).toString() == reference))
                    return line;
            }
            if (listener.state() == QProcess::NotRunning)
                break;
        }
        return QJsonObject();
    };
    const QJsonObject listening = waitFor(QStringLiteral("listening"), 15000);
    QVERIFY2(!listening.isEmpty(), QByteArray(out + listener.readAllStandardError()).constData());
    QCOMPARE(listening.value(QLatin1String("port")).toInt(), int(m_notifyPort));

    int status = 0;
    control("POST", QStringLiteral("/sandbox/customer/pay"), { { QStringLiteral("out_trade_no"), no } }, &status);
    QCOMPARE(status, 200);
    control("POST", QStringLiteral("/sandbox/notifications/flush"));
    const QJsonObject received = waitFor(QStringLiteral("received"), 15000, no);
    QVERIFY2(!received.isEmpty(), out.constData());
    QCOMPARE(received.value(QLatin1String("event_type")).toString(), QStringLiteral("TRANSACTION.SUCCESS"));
    QCOMPARE(received.value(QLatin1String("reference")).toString(), no);
    QVERIFY(received.value(QLatin1String("changed")).toBool());
    QCOMPARE(sqlValue(m_db, QStringLiteral("SELECT state FROM orders WHERE out_trade_no = '%1'").arg(no)), QStringLiteral("Paid"));

    // SIGTERM: a last line, exit 0.
    ::kill(pid_t(listener.processId()), SIGTERM);
    const QJsonObject stopped = waitFor(QStringLiteral("stopped"), 10000);
    QVERIFY2(!stopped.isEmpty(), out.constData());
    QVERIFY(listener.waitForFinished(10000));
    QCOMPARE(listener.exitStatus(), QProcess::NormalExit);
    QCOMPARE(listener.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"
