// SPDX-License-Identifier: MIT
// PayDesk HQ end to end: a private PostgreSQL cluster, real paydesk-hq
// processes, a real sandbox and two tills of one store (paydesk-cli with
// their own SQLite stores and secret files), plus a till of another store.
// What a chain's IT person would check: enrolment, every sale at HQ exactly
// once, replays and stale snapshots changing nothing, another store's rows
// and a revoked till refused with nothing applied, a till offline catching up,
// HQ killed and PostgreSQL restarted losing nothing, two HQ processes on one
// database, and the GUI's sync worker doing the same off its thread.

#include "clirun.h"
#include "hqprocess.h"
#include "pgcluster.h"
#include "sandboxprocess.h"

#include "store/auditlog.h"
#include "store/database.h"
#include "sync/hqlink.h"
#include "sync/syncoutbox.h"
#include "sync/syncservice.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using paydesk::testing::CliRun;
using paydesk::testing::freePort;
using paydesk::testing::HqProcess;
using paydesk::testing::PgCluster;
using paydesk::testing::SandboxProcess;

namespace {

const QString Passphrase = QStringLiteral("till secrets passphrase");

} // namespace

class TestHq : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void enrolmentIsRefusedForTheWrongTerminal();
    void twoTillsSyncEverySaleOnce();
    void storeReportCountsEveryTill();
    void replaysAndStaleSnapshotsChangeNothing();
    void anotherStoresRowsAreRefusedWhole();
    void alteredAuditTrailIsRefused();
    void offlineTillCatchesUp();
    void killedHqAndRestartedPostgresLoseNothing();
    void twoHqProcessesShareOneDatabase();
    void revokedTillIsRefusedAndKeepsItsOutbox();
    void syncWorkerRunsOffTheCallersThread();
    void tillsReachHqOverTls();

private:
    struct Till
    {
        QString code;
        QString config;
        QString db;
        QString secrets;
    };
    Till makeTill(const QString &code, const QString &terminalId);
    QProcessEnvironment environment(const Till &till) const;
    CliRun cli(const Till &till, const QStringList &arguments, int timeoutMs = 60000) const;
    CliRun hqAdmin(const QStringList &arguments) const;
    QString enrolmentCode(const QString &store, const QString &till) const;
    QString sale(const Till &till, qint64 fen);
    QString pgValue(const QString &sql, const QVariantList &values = {}) const;
    QString sqliteValue(const Till &till, const QString &sql) const;
    QByteArray enrolDirectly(const QString &store, const QString &till, const QString &mchid);
    QJsonObject orderRecord(const QString &no, const QString &terminal, qint64 seq, const QString &state) const;

    QTemporaryDir m_dir;
    PgCluster m_pg;
    SandboxProcess m_sandbox;
    HqProcess m_hq;
    QString m_dbUrl;
    QString m_baseConfig;
    QString m_mchid;
    Till m_t1;
    Till m_t2;
};

TestHq::Till TestHq::makeTill(const QString &code, const QString &terminalId)
{
    // The sandbox's training profile, with this till's terminal_id, beside the
    // original so its relative key paths still resolve.
    QFile in(m_baseConfig);
    in.open(QIODevice::ReadOnly);
    QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
    const QString name = config.value(QLatin1String("default_profile")).toString();
    QJsonObject profiles = config.value(QLatin1String("profiles")).toObject();
    QJsonObject profile = profiles.value(name).toObject();
    profile.insert(QStringLiteral("terminal_id"), terminalId);
    profiles.insert(name, profile);
    config.insert(QStringLiteral("profiles"), profiles);
    Till till;
    till.code = code;
    till.config = m_dir.filePath(QStringLiteral("paydesk-%1.json").arg(code));
    till.db = m_dir.filePath(QStringLiteral("%1/paydesk.sqlite").arg(code));
    till.secrets = m_dir.filePath(QStringLiteral("%1/secrets.bin").arg(code));
    QFile out(till.config);
    out.open(QIODevice::WriteOnly);
    out.write(QJsonDocument(config).toJson());
    return till;
}

QProcessEnvironment TestHq::environment(const Till &till) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PAYDESK_CONFIG"), till.config);
    env.insert(QStringLiteral("PAYDESK_DB"), till.db);
    env.insert(QStringLiteral("PAYDESK_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("PAYDESK_SECRET_STORE"), QStringLiteral("file"));
    env.insert(QStringLiteral("PAYDESK_SECRETS_FILE"), till.secrets);
    env.insert(QStringLiteral("PAYDESK_SECRET_PASSPHRASE"), Passphrase);
    return env;
}

CliRun TestHq::cli(const Till &till, const QStringList &arguments, int timeoutMs) const
{
    return paydesk::testing::runCli(QStringLiteral(PAYDESK_CLI_PATH), arguments, environment(till), timeoutMs);
}

CliRun TestHq::hqAdmin(const QStringList &arguments) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PAYDESK_HQ_DB"), m_dbUrl);
    return paydesk::testing::runCli(QStringLiteral(PAYDESK_HQ_PATH), arguments, env, 60000);
}

QString TestHq::enrolmentCode(const QString &store, const QString &till) const
{
    const CliRun run = hqAdmin({ QStringLiteral("till"), QStringLiteral("add"), QStringLiteral("--store"), store,
                                 QStringLiteral("--code"), till });
    return run.exitCode == 0 ? run.json().value(QLatin1String("enrolment_code")).toString() : run.describe();
}

QString TestHq::sale(const Till &till, qint64 fen)
{
    const auto paid = m_sandbox.paidSale(QStringLiteral(PAYDESK_CLI_PATH), environment(till), fen);
    if (!paid.paid || paid.order.value(QLatin1String("state")).toString() != QLatin1String("Paid"))
        return QString();
    return paid.outTradeNo;
}

QString TestHq::pgValue(const QString &sql, const QVariantList &values) const
{
    QString value;
    {
        QSqlDatabase db = m_pg.connect(QStringLiteral("paydesk_hq"));
        {
            QSqlQuery q(db);
            q.prepare(sql);
            for (const QVariant &v : values)
                q.addBindValue(v);
            if (q.exec() && q.next())
                value = q.value(0).toString();
        }
        db.close();
    }
    m_pg.removeConnections();
    return value;
}

QString TestHq::sqliteValue(const Till &till, const QString &sql) const
{
    auto db = paydesk::Database::openReader(till.db);
    if (!db)
        return QStringLiteral("(cannot open %1)").arg(till.db);
    QSqlQuery q((*db)->connection());
    return q.exec(sql) && q.next() ? q.value(0).toString() : QString();
}

QByteArray TestHq::enrolDirectly(const QString &store, const QString &till, const QString &mchid)
{
    const QString code = enrolmentCode(store, till);
    const QJsonObject answer = m_hq.call("POST", QStringLiteral("/api/v1/enroll"),
                                         { { QStringLiteral("code"), code },
                                           { QStringLiteral("terminal_id"), till },
                                           { QStringLiteral("mchid"), mchid } });
    return answer.value(QLatin1String("token")).toString().toLatin1();
}

QJsonObject TestHq::orderRecord(const QString &no, const QString &terminal, qint64 seq, const QString &state) const
{
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    return { { QStringLiteral("seq"), seq },
             { QStringLiteral("entity"), QStringLiteral("order") },
             { QStringLiteral("id"), seq },
             { QStringLiteral("data"),
               QJsonObject { { QStringLiteral("out_trade_no"), no },
                             { QStringLiteral("kind"), QStringLiteral("native") },
                             { QStringLiteral("mchid"), m_mchid },
                             { QStringLiteral("parent_out_trade_no"), QJsonValue() },
                             { QStringLiteral("description"), QStringLiteral("Tea") },
                             { QStringLiteral("amount_total"), 100 },
                             { QStringLiteral("refunded_total"), 0 },
                             { QStringLiteral("state"), state },
                             { QStringLiteral("trade_state"), QJsonValue() },
                             { QStringLiteral("transaction_id"), QJsonValue() },
                             { QStringLiteral("training"), 1 },
                             { QStringLiteral("terminal_id"), terminal },
                             { QStringLiteral("cashier"), QStringLiteral("cashier") },
                             { QStringLiteral("created_at"), now },
                             { QStringLiteral("updated_at"), now },
                             { QStringLiteral("paid_at"), QJsonValue() } } } };
}

void TestHq::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString pgError = m_pg.start();
    if (pgError.contains(QLatin1String("not found")))
        QSKIP(qPrintable(pgError));
    QVERIFY2(pgError.isEmpty(), qPrintable(pgError));
    const QString created = m_pg.createDatabase(QStringLiteral("paydesk_hq"));
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_dbUrl = m_pg.url(QStringLiteral("paydesk_hq"));

    const QString port = QString::number(freePort());
    const QString initError = SandboxProcess::init(QStringLiteral(PAYDESK_SANDBOX_PATH), m_dir.path(), port);
    QVERIFY2(initError.isEmpty(), qPrintable(initError));
    m_baseConfig = m_dir.filePath(QStringLiteral("paydesk.json"));
    const QJsonObject profile = SandboxProcess::defaultProfile(m_baseConfig);
    m_mchid = profile.value(QLatin1String("mchid")).toString();
    const QString sandboxError = m_sandbox.start(QStringLiteral(PAYDESK_SANDBOX_PATH), m_dir.filePath(QStringLiteral("sandbox")),
                                                 port, profile.value(QLatin1String("base_url")).toString());
    QVERIFY2(sandboxError.isEmpty(), qPrintable(sandboxError));

    const QString hqError = m_hq.start(QStringLiteral(PAYDESK_HQ_PATH), m_dbUrl, freePort());
    QVERIFY2(hqError.isEmpty(), qPrintable(hqError));
    QCOMPARE(pgValue(QStringLiteral("SELECT value FROM hq_meta WHERE key = 'schema_version'")), QStringLiteral("1"));

    const CliRun store = hqAdmin({ QStringLiteral("store"), QStringLiteral("add"), QStringLiteral("--code"),
                                   QStringLiteral("S1"), QStringLiteral("--name"), QStringLiteral("Nanjing Road"),
                                   QStringLiteral("--mchid"), m_mchid });
    QVERIFY2(store.exitCode == 0, qPrintable(store.describe()));
    m_t1 = makeTill(QStringLiteral("t1"), QStringLiteral("T1"));
    m_t2 = makeTill(QStringLiteral("t2"), QStringLiteral("T2"));
}

void TestHq::cleanupTestCase()
{
    const QString hqStopped = m_hq.stop();
    QVERIFY2(hqStopped.isEmpty(), qPrintable(hqStopped));
    const QString stopped = m_sandbox.stop();
    QVERIFY2(stopped.isEmpty(), qPrintable(stopped));
}

void TestHq::enrolmentIsRefusedForTheWrongTerminal()
{
    // A code for T2 used by T1's terminal: refused, and the code still works for T2.
    const QString code = enrolmentCode(QStringLiteral("S1"), QStringLiteral("T2"));
    QVERIFY2(code.size() == 14, qPrintable(code));
    CliRun wrong = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("enroll"), QStringLiteral("--url"), m_hq.url(),
                               QStringLiteral("--code"), code });
    QCOMPARE(wrong.exitCode, 3);
    QCOMPARE(wrong.error().value(QLatin1String("code")).toString(), QStringLiteral("hq_wrong_till"));
    QVERIFY(cli(m_t1, { QStringLiteral("hq"), QStringLiteral("status"), QStringLiteral("--offline") })
                .json()
                .value(QLatin1String("enrolled"))
                .toBool()
            == false);

    CliRun right = cli(m_t2, { QStringLiteral("hq"), QStringLiteral("enroll"), QStringLiteral("--url"), m_hq.url(),
                               QStringLiteral("--code"), code.toLower() });
    QVERIFY2(right.exitCode == 0, qPrintable(right.describe()));
    QCOMPARE(right.json().value(QLatin1String("till")).toString(), QStringLiteral("T2"));
    QCOMPARE(right.json().value(QLatin1String("store_name")).toString(), QStringLiteral("Nanjing Road"));
    // Used once: a second enrolment with the same code is refused.
    CliRun again = cli(m_t2, { QStringLiteral("hq"), QStringLiteral("enroll"), QStringLiteral("--url"), m_hq.url(),
                               QStringLiteral("--code"), code });
    QCOMPARE(again.exitCode, 3);
    QCOMPARE(again.error().value(QLatin1String("code")).toString(), QStringLiteral("hq_unknown_code"));
    // The credential is in the secret file, not in the store or the profile.
    QFile secrets(m_t2.secrets);
    QVERIFY(secrets.exists());
    QVERIFY(!sqliteValue(m_t2, QStringLiteral("SELECT value FROM settings WHERE key = 'hq.token_secret'")).isEmpty());
}

void TestHq::twoTillsSyncEverySaleOnce()
{
    // T1 sells before it is enrolled: enrolment sends its history too.
    const QString early = sale(m_t1, 1200);
    QVERIFY(!early.isEmpty());
    QVERIFY2(early.startsWith(QLatin1String("T1")) || early.startsWith(QLatin1String("PD")), qPrintable(early));
    const QString code = enrolmentCode(QStringLiteral("S1"), QStringLiteral("T1"));
    CliRun enrolled = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("enroll"), QStringLiteral("--url"), m_hq.url(),
                                  QStringLiteral("--code"), code });
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.describe()));
    QVERIFY(enrolled.json().value(QLatin1String("waiting")).toInt() > 0);

    const QString a = sale(m_t1, 2350);
    const QString b = sale(m_t2, 880);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    for (const Till *till : { &m_t1, &m_t2 }) {
        CliRun synced = cli(*till, { QStringLiteral("hq"), QStringLiteral("sync") });
        QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
        QCOMPARE(synced.json().value(QLatin1String("waiting")).toInt(), 0);
        QCOMPARE(cli(*till, { QStringLiteral("hq"), QStringLiteral("status") }).json().value(QLatin1String("waiting")).toInt(), 0);
    }
    // Each sale once, owned by the till that made it, as the till has it.
    QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM orders")), QStringLiteral("3"));
    for (const auto &[no, till] : { std::pair { early, &m_t1 }, std::pair { a, &m_t1 }, std::pair { b, &m_t2 } }) {
        QCOMPARE(pgValue(QStringLiteral("SELECT t.code FROM orders o JOIN tills t ON t.id = o.till_id "
                                        "WHERE o.out_trade_no = ?"),
                         { no }),
                 till == &m_t1 ? QStringLiteral("T1") : QStringLiteral("T2"));
        QCOMPARE(pgValue(QStringLiteral("SELECT state || ' ' || amount_total || ' ' || transaction_id FROM orders "
                                        "WHERE out_trade_no = ?"),
                         { no }),
                 sqliteValue(*till, QStringLiteral("SELECT state || ' ' || amount_total || ' ' || transaction_id "
                                                   "FROM orders WHERE out_trade_no = '%1'")
                                        .arg(no)));
        QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM payments WHERE out_trade_no = ?"), { no }),
                 QStringLiteral("1"));
    }
    // Every audit entry of each till, in one verified chain.
    for (const Till *till : { &m_t1, &m_t2 }) {
        QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM audit_entries a JOIN tills t ON t.id = a.till_id "
                                        "WHERE t.code = ?"),
                         { till == &m_t1 ? QStringLiteral("T1") : QStringLiteral("T2") }),
                 sqliteValue(*till, QStringLiteral("SELECT count(*) FROM audit_log")));
    }
    // A sync with nothing waiting sends nothing.
    CliRun idle = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("sync") });
    QCOMPARE(idle.json().value(QLatin1String("batches")).toInt(), 0);
}

void TestHq::storeReportCountsEveryTill()
{
    // What the tills sold today (training sales: the sandbox's merchant), at HQ.
    CliRun report = cli(m_t2, { QStringLiteral("hq"), QStringLiteral("report"), QStringLiteral("--training") });
    QVERIFY2(report.exitCode == 0, qPrintable(report.describe()));
    const QJsonObject r = report.json();
    QCOMPARE(r.value(QLatin1String("scope")).toString(), QStringLiteral("store"));
    const QJsonObject store = r.value(QLatin1String("stores")).toArray().first().toObject();
    QCOMPARE(store.value(QLatin1String("store")).toString(), QStringLiteral("S1"));
    QCOMPARE(store.value(QLatin1String("payments")).toInt(), 3);
    QCOMPARE(store.value(QLatin1String("gross")).toInt(), 1200 + 2350 + 880);
    QMap<QString, int> byTill;
    for (const QJsonValue &t : store.value(QLatin1String("by_till")).toArray())
        byTill[t[QLatin1String("till")].toString()] = t[QLatin1String("gross")].toInt();
    QCOMPARE(byTill.value(QStringLiteral("T1")), 1200 + 2350);
    QCOMPARE(byTill.value(QStringLiteral("T2")), 880);
    // Each till's figures at HQ are the till's own X report.
    for (const Till *till : { &m_t1, &m_t2 }) {
        const QJsonObject own = cli(*till, { QStringLiteral("report"), QStringLiteral("x") }).json();
        const int gross = own.value(QLatin1String("totals")).toObject().value(QLatin1String("gross")).toInt();
        QCOMPARE(byTill.value(till == &m_t1 ? QStringLiteral("T1") : QStringLiteral("T2")), gross);
    }
    // Training sales are left out unless asked for; the chain view from HQ's own tool.
    QCOMPARE(cli(m_t2, { QStringLiteral("hq"), QStringLiteral("report") }).json().value(QLatin1String("stores")).toArray().size(), 0);
    const CliRun chain = hqAdmin({ QStringLiteral("report"), QStringLiteral("--training") });
    QVERIFY2(chain.exitCode == 0, qPrintable(chain.describe()));
    QCOMPARE(chain.json().value(QLatin1String("scope")).toString(), QStringLiteral("chain"));
    QCOMPARE(chain.json().value(QLatin1String("totals")).toObject().value(QLatin1String("gross")).toInt(), 1200 + 2350 + 880);
}

void TestHq::replaysAndStaleSnapshotsChangeNothing()
{
    const QByteArray token = enrolDirectly(QStringLiteral("S1"), QStringLiteral("T9"), m_mchid);
    QVERIFY(!token.isEmpty());
    const QString no = QStringLiteral("T9REPLAY0001");
    auto batch = [&](qint64 seq, const QString &state) {
        return QJsonObject { { QStringLiteral("store"), QStringLiteral("S1") },
                             { QStringLiteral("till"), QStringLiteral("T9") },
                             { QStringLiteral("last_seq"), seq },
                             { QStringLiteral("records"), QJsonArray { orderRecord(no, QStringLiteral("T9"), seq, state) } } };
    };
    int status = 0;
    QJsonObject answer = m_hq.call("POST", QStringLiteral("/api/v1/sync"), batch(5, QStringLiteral("Paid")), token, &status);
    QCOMPARE(status, 200);
    QCOMPARE(answer.value(QLatin1String("applied")).toInt(), 1);
    // The same batch again (a lost answer): nothing changes.
    answer = m_hq.call("POST", QStringLiteral("/api/v1/sync"), batch(5, QStringLiteral("Paid")), token, &status);
    QCOMPARE(status, 200);
    QCOMPARE(answer.value(QLatin1String("applied")).toInt(), 0);
    QCOMPARE(answer.value(QLatin1String("unchanged")).toInt(), 1);
    // An older snapshot arriving late never overwrites the newer state.
    answer = m_hq.call("POST", QStringLiteral("/api/v1/sync"), batch(3, QStringLiteral("Pending")), token, &status);
    QCOMPARE(status, 200);
    QCOMPARE(answer.value(QLatin1String("unchanged")).toInt(), 1);
    QCOMPARE(pgValue(QStringLiteral("SELECT state || ' ' || version FROM orders WHERE out_trade_no = ?"), { no }),
             QStringLiteral("Paid 5"));
    // A newer one does.
    answer = m_hq.call("POST", QStringLiteral("/api/v1/sync"), batch(7, QStringLiteral("Refunded")), token, &status);
    QCOMPARE(answer.value(QLatin1String("applied")).toInt(), 1);
    QCOMPARE(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { no }), QStringLiteral("Refunded"));
}

void TestHq::anotherStoresRowsAreRefusedWhole()
{
    QVERIFY(hqAdmin({ QStringLiteral("store"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("S2"),
                      QStringLiteral("--name"), QStringLiteral("Huaihai Road"), QStringLiteral("--mchid"), m_mchid })
                .exitCode
            == 0);
    const QByteArray token = enrolDirectly(QStringLiteral("S2"), QStringLiteral("X1"), m_mchid);
    QVERIFY(!token.isEmpty());
    const QString before = pgValue(QStringLiteral("SELECT count(*) FROM orders"));
    const QString t1Order = pgValue(QStringLiteral("SELECT o.out_trade_no FROM orders o JOIN tills t ON t.id = o.till_id "
                                                   "WHERE t.code = 'T1' LIMIT 1"));
    QVERIFY(!t1Order.isEmpty());

    struct Case
    {
        const char *what;
        QJsonObject batch;
        QString code;
    };
    const QJsonObject good = orderRecord(QStringLiteral("X1GOOD0001"), QStringLiteral("X1"), 1, QStringLiteral("Paid"));
    const QList<Case> cases = {
        { "a row of another terminal",
          { { QStringLiteral("store"), QStringLiteral("S2") }, { QStringLiteral("till"), QStringLiteral("X1") },
            { QStringLiteral("records"),
              QJsonArray { good, orderRecord(QStringLiteral("T1FAKE0001"), QStringLiteral("T1"), 2, QStringLiteral("Paid")) } } },
          QStringLiteral("hq_foreign_row") },
        { "another till's out_trade_no",
          { { QStringLiteral("store"), QStringLiteral("S2") }, { QStringLiteral("till"), QStringLiteral("X1") },
            { QStringLiteral("records"), QJsonArray { good, orderRecord(t1Order, QStringLiteral("X1"), 3, QStringLiteral("Paid")) } } },
          QStringLiteral("hq_foreign_row") },
        { "a batch that says it is another store's",
          { { QStringLiteral("store"), QStringLiteral("S1") }, { QStringLiteral("till"), QStringLiteral("T1") },
            { QStringLiteral("records"), QJsonArray { good } } },
          QStringLiteral("hq_foreign_row") },
        { "a refund of an order the store does not have",
          { { QStringLiteral("store"), QStringLiteral("S2") }, { QStringLiteral("till"), QStringLiteral("X1") },
            { QStringLiteral("records"),
              QJsonArray { good,
                           QJsonObject { { QStringLiteral("seq"), 4 }, { QStringLiteral("entity"), QStringLiteral("refund") },
                                         { QStringLiteral("id"), 1 },
                                         { QStringLiteral("data"),
                                           QJsonObject { { QStringLiteral("out_refund_no"), QStringLiteral("X1R1") },
                                                         { QStringLiteral("out_trade_no"), t1Order },
                                                         { QStringLiteral("amount"), 100 },
                                                         { QStringLiteral("status"), QStringLiteral("SUCCESS") },
                                                         { QStringLiteral("created_at"), QStringLiteral("2026-12-07T10:00:00.000Z") },
                                                         { QStringLiteral("updated_at"), QStringLiteral("2026-12-07T10:00:00.000Z") } } } } } } },
          QStringLiteral("hq_foreign_row") },
        { "an unreadable record",
          { { QStringLiteral("store"), QStringLiteral("S2") }, { QStringLiteral("till"), QStringLiteral("X1") },
            { QStringLiteral("records"),
              QJsonArray { good, QJsonObject { { QStringLiteral("seq"), 5 }, { QStringLiteral("entity"), QStringLiteral("order") },
                                               { QStringLiteral("data"), QJsonObject { { QStringLiteral("out_trade_no"), 12 } } } } } } },
          QStringLiteral("hq_bad_record") },
    };
    for (const Case &c : cases) {
        int status = 0;
        const QJsonObject answer = m_hq.call("POST", QStringLiteral("/api/v1/sync"), c.batch, token, &status);
        QVERIFY2(status == 422, c.what);
        QVERIFY2(answer.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString() == c.code, c.what);
        // Nothing of the batch, not even its good row.
        QVERIFY2(pgValue(QStringLiteral("SELECT count(*) FROM orders")) == before, c.what);
    }
    // No credential, or a made-up one.
    int status = 0;
    m_hq.call("POST", QStringLiteral("/api/v1/sync"), cases.first().batch, {}, &status);
    QCOMPARE(status, 401);
    m_hq.call("POST", QStringLiteral("/api/v1/sync"), cases.first().batch, "made-up-token", &status);
    QCOMPARE(status, 401);
}

void TestHq::alteredAuditTrailIsRefused()
{
    // T1's own first audit entry with one word changed; and its second entry,
    // intact, sent as if it were the first (the one before it left out).
    auto db = paydesk::Database::openReader(m_t1.db);
    QVERIFY(db);
    paydesk::SyncOutbox outbox(db->get());
    auto first = outbox.snapshot(QStringLiteral("audit"), 1);
    auto second = outbox.snapshot(QStringLiteral("audit"), 2);
    QVERIFY(first && !first->isEmpty() && second && !second->isEmpty());
    QJsonObject altered = *first;
    altered.insert(QStringLiteral("actor"), QStringLiteral("somebody else"));
    const QByteArray token = enrolDirectly(QStringLiteral("S1"), QStringLiteral("T8"), m_mchid);
    for (const QJsonObject &data : { altered, *second }) {
        int status = 0;
        const QJsonObject answer = m_hq.call(
            "POST", QStringLiteral("/api/v1/sync"),
            { { QStringLiteral("store"), QStringLiteral("S1") }, { QStringLiteral("till"), QStringLiteral("T8") },
              { QStringLiteral("records"),
                QJsonArray { QJsonObject { { QStringLiteral("seq"), 1 }, { QStringLiteral("entity"), QStringLiteral("audit") },
                                           { QStringLiteral("id"), 7 }, { QStringLiteral("data"), data } } } } },
            token, &status);
        QCOMPARE(status, 422);
        // Altered: its hash is wrong. Intact but out of its chain: it does not
        // follow the one before (here: nothing).
        QCOMPARE(answer.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("hq_audit_altered"));
    }
}

void TestHq::offlineTillCatchesUp()
{
    QVERIFY(m_hq.stop().isEmpty());
    QStringList sales;
    for (int i = 0; i < 3; ++i)
        sales << sale(m_t1, 100 + i);
    QVERIFY(!sales.contains(QString()));
    CliRun offline = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("sync") });
    QCOMPARE(offline.exitCode, 4);
    QCOMPARE(offline.error().value(QLatin1String("code")).toString(), QStringLiteral("hq_unreachable"));
    QVERIFY(offline.errorLine().value(QLatin1String("waiting")).toInt() > 0);

    QVERIFY(m_hq.start(QStringLiteral(PAYDESK_HQ_PATH), m_dbUrl, m_hq.port()).isEmpty());
    CliRun back = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("sync") });
    QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
    for (const QString &no : std::as_const(sales))
        QCOMPARE(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { no }), QStringLiteral("Paid"));
}

void TestHq::killedHqAndRestartedPostgresLoseNothing()
{
    const QString a = sale(m_t2, 4100);
    QVERIFY(!a.isEmpty());
    m_hq.kill(); // kill -9: whatever it was doing is gone
    QVERIFY(m_hq.start(QStringLiteral(PAYDESK_HQ_PATH), m_dbUrl, m_hq.port()).isEmpty());
    // PostgreSQL itself goes down hard and comes back; HQ reconnects.
    QVERIFY(m_pg.stop(QStringLiteral("immediate")).isEmpty());
    CliRun down = cli(m_t2, { QStringLiteral("hq"), QStringLiteral("sync") });
    QCOMPARE(down.exitCode, 4);
    QCOMPARE(down.error().value(QLatin1String("http_status")).toInt(), 503);
    QVERIFY(m_pg.startServer().isEmpty());
    CliRun up = cli(m_t2, { QStringLiteral("hq"), QStringLiteral("sync") });
    QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
    QCOMPARE(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { a }), QStringLiteral("Paid"));
    // Everything T2 has, HQ has, once.
    QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM orders o JOIN tills t ON t.id = o.till_id WHERE t.code = 'T2'")),
             sqliteValue(m_t2, QStringLiteral("SELECT count(*) FROM orders")));
    QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM audit_entries a JOIN tills t ON t.id = a.till_id "
                                    "WHERE t.code = 'T2'")),
             sqliteValue(m_t2, QStringLiteral("SELECT count(*) FROM audit_log")));
}

void TestHq::twoHqProcessesShareOneDatabase()
{
    HqProcess second;
    QVERIFY(second.start(QStringLiteral(PAYDESK_HQ_PATH), m_dbUrl, freePort()).isEmpty());
    // T1 now talks to the second process: same credential, same rows.
    const QString a = sale(m_t1, 777);
    QVERIFY(!a.isEmpty());
    QString sql = QStringLiteral("UPDATE settings SET value = '%1' WHERE key = 'hq.url'").arg(second.url());
    {
        auto db = paydesk::Database::open(m_t1.db);
        QVERIFY(db);
        QVERIFY(paydesk::execSql((*db)->connection(), sql));
    }
    CliRun synced = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("sync") });
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
    QCOMPARE(cli(m_t1, { QStringLiteral("hq"), QStringLiteral("status") }).json().value(QLatin1String("hq")).toObject()
                 .value(QLatin1String("till")).toString(),
             QStringLiteral("T1"));
    QCOMPARE(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { a }), QStringLiteral("Paid"));
    QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM orders o JOIN tills t ON t.id = o.till_id WHERE t.code = 'T1'")),
             sqliteValue(m_t1, QStringLiteral("SELECT count(*) FROM orders")));
    QVERIFY(second.stop().isEmpty());
    sql = QStringLiteral("UPDATE settings SET value = '%1' WHERE key = 'hq.url'").arg(m_hq.url());
    auto db = paydesk::Database::open(m_t1.db);
    QVERIFY(db);
    QVERIFY(paydesk::execSql((*db)->connection(), sql));
}

void TestHq::revokedTillIsRefusedAndKeepsItsOutbox()
{
    QVERIFY(hqAdmin({ QStringLiteral("till"), QStringLiteral("revoke"), QStringLiteral("--store"), QStringLiteral("S1"),
                      QStringLiteral("--code"), QStringLiteral("T2") })
                .exitCode
            == 0);
    const QString a = sale(m_t2, 990);
    QVERIFY(!a.isEmpty());
    CliRun refused = cli(m_t2, { QStringLiteral("hq"), QStringLiteral("sync") });
    QCOMPARE(refused.exitCode, 3);
    QCOMPARE(refused.error().value(QLatin1String("code")).toString(), QStringLiteral("hq_till_revoked"));
    QCOMPARE(pgValue(QStringLiteral("SELECT count(*) FROM orders WHERE out_trade_no = ?"), { a }), QStringLiteral("0"));
    // Nothing lost at the till: the sale waits in its outbox.
    QVERIFY(cli(m_t2, { QStringLiteral("hq"), QStringLiteral("status"), QStringLiteral("--offline") })
                .json()
                .value(QLatin1String("waiting"))
                .toInt()
            > 0);
    // A revoked till cannot be enrolled again under the same code.
    const CliRun again = hqAdmin({ QStringLiteral("till"), QStringLiteral("add"), QStringLiteral("--store"),
                                   QStringLiteral("S1"), QStringLiteral("--code"), QStringLiteral("T2") });
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.error().value(QLatin1String("code")).toString(), QStringLiteral("hq_till_revoked"));
}

void TestHq::syncWorkerRunsOffTheCallersThread()
{
    // The GUI's way: SyncService on its own thread, its own connection.
    const QString a = sale(m_t1, 3300);
    QVERIFY(!a.isEmpty());
    auto db = paydesk::Database::open(m_t1.db);
    QVERIFY(db);
    auto link = paydesk::HqLink::load(db->get());
    QVERIFY(link && *link);
    CliRun status = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("status"), QStringLiteral("--offline") });
    QVERIFY(status.json().value(QLatin1String("waiting")).toInt() > 0);
    const QByteArray token = enrolDirectly(QStringLiteral("S1"), QStringLiteral("T1"), m_mchid);
    QVERIFY(!token.isEmpty()); // T1 enrolled again: its old token no longer works
    paydesk::SyncService service(m_t1.db, **link, token);
    QSignalSpy changed(&service, &paydesk::SyncService::statusChanged);
    service.start();
    QTRY_VERIFY_WITH_TIMEOUT(service.status().state == paydesk::SyncStatus::State::Synced
                                 && service.status().waiting == 0,
                             20000);
    QCOMPARE(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { a }), QStringLiteral("Paid"));
    // A sale made while it runs is sent by itself.
    const QString b = sale(m_t1, 3400);
    service.wake();
    QTRY_COMPARE_WITH_TIMEOUT(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { b }),
                              QStringLiteral("Paid"), 20000);
    // The CLI's old token was replaced by the new enrolment.
    CliRun old = cli(m_t1, { QStringLiteral("hq"), QStringLiteral("status") });
    QCOMPARE(old.exitCode, 3);
    QCOMPARE(old.error().value(QLatin1String("code")).toString(), QStringLiteral("hq_unknown_token"));
    service.stop();
    QVERIFY(changed.count() >= 1);
}

void TestHq::tillsReachHqOverTls()
{
    // HQ serving HTTPS itself with a certificate of a private CA (here
    // self-signed for 127.0.0.1); the till trusts it with --ca-file, and
    // refuses HQ without it.
    const QString cert = m_dir.filePath(QStringLiteral("hq-cert.pem"));
    const QString key = m_dir.filePath(QStringLiteral("hq-key.pem"));
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                    QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1") });
    QVERIFY(openssl.waitForFinished(60000));
    QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());
    HqProcess tls;
    const QString started = tls.start(QStringLiteral(PAYDESK_HQ_PATH), m_dbUrl, freePort(),
                                      { QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key });
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QVERIFY(tls.url().startsWith(QLatin1String("https://")));

    Till t3 = makeTill(QStringLiteral("t3"), QStringLiteral("T3"));
    const QString a = sale(t3, 1500);
    QVERIFY(!a.isEmpty());
    const QString code = enrolmentCode(QStringLiteral("S1"), QStringLiteral("T3"));
    CliRun untrusted = cli(t3, { QStringLiteral("hq"), QStringLiteral("enroll"), QStringLiteral("--url"), tls.url(),
                                 QStringLiteral("--code"), code });
    QCOMPARE(untrusted.exitCode, 4); // the certificate is not trusted: no answer from HQ at all
    CliRun enrolled = cli(t3, { QStringLiteral("hq"), QStringLiteral("enroll"), QStringLiteral("--url"), tls.url(),
                                QStringLiteral("--code"), code, QStringLiteral("--ca-file"), cert });
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.describe()));
    CliRun synced = cli(t3, { QStringLiteral("hq"), QStringLiteral("sync") });
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
    QCOMPARE(pgValue(QStringLiteral("SELECT state FROM orders WHERE out_trade_no = ?"), { a }), QStringLiteral("Paid"));
    QVERIFY(tls.stop().isEmpty());
}

QTEST_GUILESS_MAIN(TestHq)
#include "tst_hq.moc"
