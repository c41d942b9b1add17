// SPDX-License-Identifier: MIT
// Crash safety of the store-backed CLI: paydesk-cli is SIGKILLed at random
// points of sale and refund flows (before the create call, between the create
// and its answer, while polling, while a refund is processing), then
// `paydesk-cli recover` runs like a restarted till. After every round nothing
// may be left open; after all rounds the store must equal the sandbox's books
// exactly, `db check` and `audit verify` must pass, and no log or output may
// hold an openid, a key or a card number.
//
// Code-pay (付款码) sales get rounds of their own: killed before the answer,
// while the customer types the password, or at random, the customer paying
// while the till is up, while it is down, or never; recovery comes after the
// deadline (PAYDESK_CODEPAY_DEADLINE_S=2) and must book a paid sale paid, never
// reverse it, and book a reverse that gave money back as the payment and its
// refund.
//
// PAYDESK_CRASH_POINTS (default 100) sets the number of rounds,
// PAYDESK_CRASH_CODEPAY_POINTS (default 24) the code-pay rounds,
// PAYDESK_CRASH_SEED replays a failed run (the seed is printed first).

#include "clirun.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <random>

using paydesk::testing::CliRun;
using paydesk::testing::freePort;

namespace {

const QString Merchant = QStringLiteral("1900000109");

QList<QJsonObject> jsonLines(const QByteArray &bytes)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : bytes.split('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            lines << doc.object();
    }
    return lines;
}

bool passesLuhn(const QString &digits)
{
    int sum = 0;
    bool doubled = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int d = digits.at(i).digitValue();
        if (doubled && (d *= 2) > 9)
            d -= 9;
        sum += d;
        doubled = !doubled;
    }
    return sum % 10 == 0;
}

struct LocalOrder
{
    QString state;
    QString tradeState;
    QString transactionId;
    QString description;
    qint64 amount = 0;
    qint64 refunded = 0;
};

struct LocalRefund
{
    QString outTradeNo;
    QString status;
    QString refundId;
    qint64 amount = 0;
};

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killAtRandomPointsAndRecover();
    void killCodePayAtRandomPointsAndRecover();
    void storeEqualsTheSandboxLedger();
    void logsHoldNoSecrets();
    void cleanupTestCase();

private:
    CliRun cli(const QStringList &arguments, int timeoutMs = 90000);
    QJsonObject control(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                        int *status = nullptr);
    void saleRound(int round);
    void codePayRound(int round);
    void refundRound(int round);
    void recoverAfter(int round, const QString &what);
    void pay(const QString &outTradeNo);
    struct KilledRun
    {
        bool killed = false;
        bool ended = true; // false: still running after 90 s (then killed)
        int exitCode = 0;
        QByteArray out;
    };
    // Runs paydesk-cli with `arguments`, shows `onLine` each JSON line as it
    // comes, and SIGKILLs it when `onLine` says so or, with killMs >= 0, after killMs.
    KilledRun runAndKill(const QStringList &arguments, int killMs, const std::function<bool(const QJsonObject &)> &onLine);
    // The sale rounds' onLine: notes the out_trade_no, kills at the "stored" or
    // "Pending" line if `trigger` says so, else (payWhenPending) the customer
    // pays once the order is Pending.
    std::function<bool(const QJsonObject &)> saleWatcher(const QString &trigger, bool payWhenPending, QString *outTradeNo);
    QHash<QString, LocalOrder> localOrders();
    QHash<QString, LocalRefund> localRefunds();
    QProcessEnvironment environment() const;

    QTemporaryDir m_dir;
    paydesk::testing::SandboxProcess m_sandbox;
    QString m_config;
    QString m_baseUrl;
    QString m_db;
    QString m_logs;
    std::mt19937 m_rng;
    quint32 m_seed = 0;
    QByteArray m_captured; // every stdout and stderr byte of every CLI run
    QStringList m_openids; // every openid a customer paid with
    int m_saleRounds = 0;
    int m_refundRounds = 0;
    int m_kills = 0;
    int m_codePayKills = 0;
    QStringList m_recoveredMessages; // what `recover` told the cashier
    QSet<QString> m_saleDescriptions;
};

QProcessEnvironment TestCrash::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PAYDESK_CONFIG"), m_config);
    env.insert(QStringLiteral("PAYDESK_DB"), m_db);
    env.insert(QStringLiteral("PAYDESK_LOG_DIR"), m_logs);
    env.insert(QStringLiteral("PAYDESK_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("PAYDESK_CODEPAY_DEADLINE_S"), QStringLiteral("2"));
    return env;
}

void TestCrash::initTestCase()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_CLI_PATH)));
    QVERIFY(QFileInfo::exists(QStringLiteral(PAYDESK_SANDBOX_PATH)));
    bool ok = false;
    m_seed = quint32(qEnvironmentVariableIntValue("PAYDESK_CRASH_SEED", &ok));
    if (!ok)
        m_seed = std::random_device {}();
    m_rng.seed(m_seed);
    qInfo("crash test seed %u (replay: PAYDESK_CRASH_SEED=%u)", m_seed, m_seed);

    const QString port = QString::number(freePort());
    const QString initError
        = paydesk::testing::SandboxProcess::init(QStringLiteral(PAYDESK_SANDBOX_PATH), m_dir.path(), port);
    QVERIFY2(initError.isEmpty(), qPrintable(initError));
    m_config = m_dir.filePath(QStringLiteral("paydesk.json"));
    m_db = m_dir.filePath(QStringLiteral("till/paydesk.sqlite"));
    m_logs = m_dir.filePath(QStringLiteral("logs"));

    // Notifications go to a port nobody listens on: the till learns
    // everything by query here, as a till behind NAT does.
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonObject profiles = json.value(QLatin1String("profiles")).toObject();
    const QString name = json.value(QLatin1String("default_profile")).toString();
    QJsonObject profile = profiles.value(name).toObject();
    m_baseUrl = profile.value(QLatin1String("base_url")).toString();
    profile.insert(QStringLiteral("notify_url"), QStringLiteral("http://127.0.0.1:%1/paydesk/notify").arg(freePort()));
    profiles.insert(name, profile);
    json.insert(QStringLiteral("profiles"), profiles);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(json).toJson());
    file.close();

    const QString sandboxError = m_sandbox.start(QStringLiteral(PAYDESK_SANDBOX_PATH),
                                                 m_dir.filePath(QStringLiteral("sandbox")), port, m_baseUrl,
                                                 { QStringLiteral("--refund-delay-ms"), QStringLiteral("200"),
                                                   QStringLiteral("--refund-interval"), QStringLiteral("0") });
    QVERIFY2(sandboxError.isEmpty(), qPrintable(sandboxError));
}

void TestCrash::cleanupTestCase()
{
    const QString stopped = m_sandbox.stop();
    QVERIFY2(stopped.isEmpty(), qPrintable(stopped));
}

CliRun TestCrash::cli(const QStringList &arguments, int timeoutMs)
{
    const CliRun run = paydesk::testing::runCli(QStringLiteral(PAYDESK_CLI_PATH), arguments, environment(), timeoutMs);
    m_captured += run.out + run.err;
    return run;
}

QJsonObject TestCrash::control(const QByteArray &method, const QString &path, const QJsonObject &body, int *status)
{
    return m_sandbox.control(method, path, body, status);
}

void TestCrash::pay(const QString &outTradeNo)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    QString openid = QStringLiteral("o");
    std::uniform_int_distribution<int> pick(0, int(sizeof(alphabet)) - 2);
    while (openid.size() < 28)
        openid += QLatin1Char(alphabet[pick(m_rng)]);
    m_openids << openid;
    // 404 (the create never arrived) and 4xx (closed meanwhile) are fine:
    // the customer simply could not pay.
    control("POST", QStringLiteral("/sandbox/customer/pay"),
            { { QStringLiteral("out_trade_no"), outTradeNo }, { QStringLiteral("openid"), openid } });
}

void TestCrash::recoverAfter(int round, const QString &what)
{
    const CliRun run = cli({ QStringLiteral("recover"), QStringLiteral("--timeout-s"), QStringLiteral("60") });
    QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("round %1 (%2, seed %3): recover failed: %4")
                                               .arg(round).arg(what).arg(m_seed).arg(run.describe())));
    const QJsonObject out = QJsonDocument::fromJson(run.out).object();
    QVERIFY2(out.value(QLatin1String("settled")).toBool(), run.out.constData());
    for (const QJsonValue &v : out.value(QLatin1String("recovered")).toArray())
        m_recoveredMessages << v.toObject().value(QLatin1String("message")).toString();
    // Nothing non-final after a recovery.
    const auto orders = localOrders();
    for (auto it = orders.cbegin(); it != orders.cend(); ++it) {
        QVERIFY2(it->state != QLatin1String("Created") && it->state != QLatin1String("Pending"),
                 qPrintable(QStringLiteral("round %1: %2 is still %3").arg(round).arg(it.key(), it->state)));
    }
}

void TestCrash::saleRound(int round)
{
    ++m_saleRounds;
    const qint64 amount = std::uniform_int_distribution<qint64>(1, 50000)(m_rng);
    const QString description = QStringLiteral("crash round %1").arg(round);
    m_saleDescriptions << description;
    const int expire = std::uniform_int_distribution<int>(2, 3)(m_rng);
    // Where to kill: at the "stored" line (the order is committed, the create
    // call may be on the wire), at the Pending line (the create was
    // answered), or after a random delay anywhere from process start on.
    const int mode = std::uniform_int_distribution<int>(0, 9)(m_rng);
    const QString trigger = mode < 2 ? QStringLiteral("stored") : mode < 4 ? QStringLiteral("Pending") : QString();
    const int killMs = std::uniform_int_distribution<int>(0, 1500)(m_rng);
    // The customer: does not pay, pays while the till is up, or pays while it is down.
    const int payMode = std::uniform_int_distribution<int>(0, 2)(m_rng);
    const QString what = QStringLiteral("sale %1 fen, kill %2, pay mode %3")
                             .arg(amount)
                             .arg(trigger.isEmpty() ? QStringLiteral("after %1 ms").arg(killMs)
                                                    : QStringLiteral("at \"%1\"").arg(trigger))
                             .arg(payMode);

    QString outTradeNo;
    const KilledRun run = runAndKill(
        { QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"), QString::number(amount),
          QStringLiteral("--description"), description, QStringLiteral("--expire-seconds"), QString::number(expire),
          QStringLiteral("--wait"), QStringLiteral("--timeout-s"), QStringLiteral("60") },
        trigger.isEmpty() ? killMs : -1, saleWatcher(trigger, payMode == 1, &outTradeNo));
    QVERIFY2(run.ended, qPrintable(QStringLiteral("round %1 (%2): the sale never ended").arg(round).arg(what)));
    if (run.killed)
        ++m_kills;
    else
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("round %1 (%2): exit %3: %4")
                                                   .arg(round).arg(what).arg(run.exitCode).arg(QString::fromUtf8(run.out))));
    if (payMode == 2 && !outTradeNo.isEmpty())
        pay(outTradeNo);
    recoverAfter(round, what);
}

TestCrash::KilledRun TestCrash::runAndKill(const QStringList &arguments, int killMs,
                                           const std::function<bool(const QJsonObject &)> &onLine)
{
    KilledRun run;
    QProcess process;
    process.setProcessEnvironment(environment());
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(PAYDESK_CLI_PATH), arguments);
    qsizetype seen = 0; // the output's complete lines already shown to onLine
    while (process.state() != QProcess::NotRunning || !process.atEnd()) {
        process.waitForReadyRead(5);
        run.out += process.readAllStandardOutput();
        bool hit = false;
        if (const qsizetype end = run.out.lastIndexOf('\n') + 1; end > seen) {
            for (const QJsonObject &line : jsonLines(run.out.mid(seen, end - seen)))
                hit = onLine(line) || hit;
            seen = end;
        }
        if (process.state() == QProcess::NotRunning)
            break;
        run.ended = clock.elapsed() <= 90000;
        if (hit || (killMs >= 0 && clock.elapsed() >= killMs) || !run.ended) {
            process.kill(); // SIGKILL: no handler, no flush, no rollback but SQLite's own
            process.waitForFinished();
            run.killed = run.ended;
            break;
        }
    }
    process.waitForFinished();
    run.out += process.readAllStandardOutput();
    run.exitCode = process.exitCode();
    m_captured += run.out + process.readAllStandardError();
    return run;
}

std::function<bool(const QJsonObject &)> TestCrash::saleWatcher(const QString &trigger, bool payWhenPending,
                                                                QString *outTradeNo)
{
    return [this, trigger, payWhenPending, outTradeNo, paid = false](const QJsonObject &line) mutable {
        const bool stored = line.value(QLatin1String("event")).toString() == QLatin1String("stored");
        const bool pending = line.value(QLatin1String("state")).toString() == QLatin1String("Pending");
        if (stored)
            *outTradeNo = line.value(QLatin1String("out_trade_no")).toString();
        if ((stored && trigger == QLatin1String("stored")) || (pending && trigger == QLatin1String("Pending")))
            return true;
        if (payWhenPending && pending && !paid) {
            pay(*outTradeNo);
            paid = true;
        }
        return false;
    };
}

void TestCrash::codePayRound(int round)
{
    ++m_saleRounds;
    const qint64 amount = std::uniform_int_distribution<qint64>(1, 50000)(m_rng);
    const QString description = QStringLiteral("crash codepay round %1").arg(round);
    m_saleDescriptions << description;
    // The sandbox's payment codes (docs/codepay.md): paid at once, or the
    // password step held until the customer (the control API) ends it.
    const bool atOnce = std::uniform_int_distribution<int>(0, 3)(m_rng) == 0;
    const QString code = atOnce ? QStringLiteral("134567890123456789") : QStringLiteral("125001234567890123");
    // Where to kill: at "stored" (the code-pay call may be on the wire), at
    // Pending (USERPAYING: the customer is typing), after a random delay, or not at all.
    const int mode = std::uniform_int_distribution<int>(0, 9)(m_rng);
    const QString trigger = mode < 3 ? QStringLiteral("stored") : mode < 6 ? QStringLiteral("Pending") : QString();
    const int killMs = mode < 9 ? std::uniform_int_distribution<int>(0, 1500)(m_rng) : -1;
    // The customer: never confirms, confirms while the till is up, or while it is down.
    const int payMode = std::uniform_int_distribution<int>(0, 2)(m_rng);
    const QString what = QStringLiteral("code pay %1 fen%2, kill %3, pay mode %4")
                             .arg(amount)
                             .arg(atOnce ? QStringLiteral(" (paid at once)") : QString())
                             .arg(!trigger.isEmpty() ? QStringLiteral("at \"%1\"").arg(trigger)
                                      : killMs >= 0  ? QStringLiteral("after %1 ms").arg(killMs)
                                                     : QStringLiteral("never"))
                             .arg(payMode);
    QString outTradeNo;
    const KilledRun run = runAndKill(
        { QStringLiteral("sale"), QStringLiteral("codepay"), QStringLiteral("--amount"), QString::number(amount),
          QStringLiteral("--auth-code"), code, QStringLiteral("--description"), description, QStringLiteral("--wait"),
          QStringLiteral("--timeout-s"), QStringLiteral("60") },
        trigger.isEmpty() ? killMs : -1, saleWatcher(trigger, payMode == 1, &outTradeNo));
    QVERIFY2(run.ended, qPrintable(QStringLiteral("round %1 (%2): the sale never ended").arg(round).arg(what)));
    if (run.killed)
        ++m_codePayKills;
    else
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("round %1 (%2): exit %3: %4")
                                                   .arg(round).arg(what).arg(run.exitCode).arg(QString::fromUtf8(run.out))));
    if (payMode == 2 && !outTradeNo.isEmpty())
        pay(outTradeNo); // the till is down (or done): the customer confirms anyway
    recoverAfter(round, what);
    if (QTest::currentTestFailed() || outTradeNo.isEmpty())
        return;
    // What WeChat Pay says now is what the store says, money and all.
    const QJsonArray remote = control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + outTradeNo)
                                  .value(QLatin1String("orders")).toArray();
    if (remote.isEmpty())
        return; // never reached WeChat Pay: storeEqualsTheSandboxLedger checks it is closed
    const QJsonObject o = remote.first().toObject();
    const LocalOrder local = localOrders().value(outTradeNo);
    const QString tradeState = o.value(QLatin1String("trade_state")).toString();
    const bool moneyBack = tradeState == QLatin1String("REVOKED") && !o.value(QLatin1String("transaction_id")).toString().isEmpty();
    const QString expected = tradeState == QLatin1String("SUCCESS") ? QStringLiteral("Paid")
        : moneyBack                                              ? QStringLiteral("Refunded")
                                                                 : QStringLiteral("Closed");
    QVERIFY2(local.state == expected,
             qPrintable(QStringLiteral("round %1 (%2, seed %3): %4 is %5 at WeChat Pay, %6 (%7) in the store")
                            .arg(round).arg(what).arg(m_seed).arg(outTradeNo, tradeState, local.state, local.tradeState)));
}

void TestCrash::refundRound(int round)
{
    // A paid order with something left to refund, from the store as it is now.
    struct Candidate
    {
        QString outTradeNo;
        qint64 left;
    };
    QList<Candidate> candidates;
    const auto orders = localOrders();
    const auto refunds = localRefunds();
    for (auto it = orders.cbegin(); it != orders.cend(); ++it) {
        if (it->state != QLatin1String("Paid") && it->state != QLatin1String("PartiallyRefunded"))
            continue;
        qint64 held = 0;
        for (const LocalRefund &r : refunds) {
            if (r.outTradeNo == it.key() && r.status != QLatin1String("CLOSED"))
                held += r.amount;
        }
        if (it->amount - held > 0)
            candidates.append({ it.key(), it->amount - held });
    }
    if (candidates.isEmpty())
        return saleRound(round);
    ++m_refundRounds;
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        return a.outTradeNo < b.outTradeNo;
    });
    const Candidate target = candidates.at(std::uniform_int_distribution<qsizetype>(0, candidates.size() - 1)(m_rng));
    // One refund in ten asks for more than is left: refused before anything is stored.
    const bool tooMuch = std::uniform_int_distribution<int>(0, 9)(m_rng) == 0;
    const qint64 amount = tooMuch ? target.left + 1 : std::uniform_int_distribution<qint64>(1, target.left)(m_rng);
    const int mode = std::uniform_int_distribution<int>(0, 9)(m_rng);
    const QString trigger = mode < 3 ? QStringLiteral("stored") : mode < 5 ? QStringLiteral("PROCESSING") : QString();
    const int killMs = std::uniform_int_distribution<int>(0, 1200)(m_rng);
    const QString what = QStringLiteral("refund %1 of %2 (%3 left), kill %4")
                             .arg(amount)
                             .arg(target.outTradeNo)
                             .arg(target.left)
                             .arg(trigger.isEmpty() ? QStringLiteral("after %1 ms").arg(killMs)
                                                    : QStringLiteral("at \"%1\"").arg(trigger));

    QProcess process;
    process.setProcessEnvironment(environment());
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(PAYDESK_CLI_PATH),
                  { QStringLiteral("sale"), QStringLiteral("refund"), QStringLiteral("--out-trade-no"), target.outTradeNo,
                    QStringLiteral("--amount"), QString::number(amount), QStringLiteral("--reason"),
                    QStringLiteral("crash round %1").arg(round), QStringLiteral("--wait"), QStringLiteral("--timeout-s"),
                    QStringLiteral("60") });
    QByteArray out;
    bool killed = false;
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(5);
        out += process.readAllStandardOutput();
        bool hit = false;
        for (const QJsonObject &line : jsonLines(out)) {
            if (line.value(QLatin1String("event")).toString() == QLatin1String("stored") && trigger == QLatin1String("stored"))
                hit = true;
            if (line.value(QLatin1String("status")).toString() == QLatin1String("PROCESSING")
                && trigger == QLatin1String("PROCESSING"))
                hit = true;
        }
        if (process.state() == QProcess::NotRunning)
            break;
        if (hit || (trigger.isEmpty() && clock.elapsed() >= killMs)) {
            process.kill();
            process.waitForFinished();
            killed = true;
            break;
        }
        if (clock.elapsed() > 90000)
            QFAIL(qPrintable(QStringLiteral("round %1 (%2): the refund never ended").arg(round).arg(what)));
    }
    process.waitForFinished();
    out += process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    m_captured += out + err;
    if (killed) {
        ++m_kills;
    } else if (tooMuch) {
        QVERIFY2(process.exitCode() == 3, qPrintable(QStringLiteral("round %1 (%2): exit %3: %4")
                                                      .arg(round).arg(what).arg(process.exitCode())
                                                      .arg(QString::fromUtf8(out + err))));
    } else {
        QVERIFY2(process.exitCode() == 0, qPrintable(QStringLiteral("round %1 (%2): exit %3: %4")
                                                      .arg(round).arg(what).arg(process.exitCode())
                                                      .arg(QString::fromUtf8(out + err))));
    }
    recoverAfter(round, what);
}

void TestCrash::killAtRandomPointsAndRecover()
{
    bool ok = false;
    int points = qEnvironmentVariableIntValue("PAYDESK_CRASH_POINTS", &ok);
    if (!ok || points < 1)
        points = 100;
    QElapsedTimer total;
    total.start();
    for (int round = 1; round <= points; ++round) {
        // Refunds need paid sales: only after a few rounds, then about one in three.
        const bool refund = round > 4 && std::uniform_int_distribution<int>(0, 2)(m_rng) == 0;
        if (refund)
            refundRound(round);
        else
            saleRound(round);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%d rounds (%d sales, %d refunds), %d kills, in %lld ms", points, m_saleRounds, m_refundRounds, m_kills,
          total.elapsed());
    QVERIFY(m_kills >= points / 2);
}

void TestCrash::killCodePayAtRandomPointsAndRecover()
{
    bool ok = false;
    int points = qEnvironmentVariableIntValue("PAYDESK_CRASH_CODEPAY_POINTS", &ok);
    if (!ok || points < 1)
        points = 24;
    QElapsedTimer total;
    total.start();
    for (int round = 1; round <= points; ++round) {
        codePayRound(round);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%d code-pay rounds, %d kills, in %lld ms; recovery told the cashier: %s", points, m_codePayKills,
          total.elapsed(), qPrintable(m_recoveredMessages.join(QStringLiteral("; "))));
    QVERIFY(m_codePayKills >= points / 2);
    for (const QString &message : std::as_const(m_recoveredMessages)) {
        QVERIFY2(message.contains(QLatin1String("was paid while PayDesk was down and is recorded as paid"))
                     || message.contains(QLatin1String("was reversed: the customer got the money back")),
                 qPrintable(message));
    }
}

QHash<QString, LocalOrder> TestCrash::localOrders()
{
    QHash<QString, LocalOrder> orders;
    const QString name = QStringLiteral("crash-check");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_db);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (QFileInfo::exists(m_db) && db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT out_trade_no, state, COALESCE(trade_state, ''), COALESCE(transaction_id, ''), "
                                  "description, amount_total, refunded_total FROM orders WHERE parent_id IS NULL"));
            while (q.next()) {
                orders.insert(q.value(0).toString(),
                              { q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                                q.value(4).toString(), q.value(5).toLongLong(), q.value(6).toLongLong() });
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return orders;
}

QHash<QString, LocalRefund> TestCrash::localRefunds()
{
    QHash<QString, LocalRefund> refunds;
    const QString name = QStringLiteral("crash-check-refunds");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_db);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (QFileInfo::exists(m_db) && db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT r.out_refund_no, o.out_trade_no, r.status, COALESCE(r.refund_id, ''), r.amount "
                                  "FROM refunds r JOIN orders o ON o.id = r.order_id"));
            while (q.next()) {
                refunds.insert(q.value(0).toString(),
                               { q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                                 q.value(4).toLongLong() });
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return refunds;
}

void TestCrash::storeEqualsTheSandboxLedger()
{
    // A last recovery, then the store's own checks.
    CliRun run = cli({ QStringLiteral("recover"), QStringLiteral("--timeout-s"), QStringLiteral("60") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = cli({ QStringLiteral("db"), QStringLiteral("check") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(QJsonDocument::fromJson(run.out).object().value(QLatin1String("ok")).toBool());
    run = cli({ QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(QJsonDocument::fromJson(run.out).object().value(QLatin1String("intact")).toBool());

    const auto orders = localOrders();
    const auto refunds = localRefunds();
    QVERIFY(!orders.isEmpty());

    // One sale, at most one order: locally and at WeChat Pay.
    QHash<QString, int> perSale;
    for (const LocalOrder &o : orders)
        ++perSale[o.description];
    for (auto it = perSale.cbegin(); it != perSale.cend(); ++it) {
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1 made %2 orders").arg(it.key()).arg(it.value())));
        QVERIFY2(m_saleDescriptions.contains(it.key()), qPrintable(it.key()));
    }

    // Every WeChat Pay order is in the store, in the same state, with the same money.
    const QJsonArray remote = control("GET", QStringLiteral("/sandbox/orders?mchid=") + Merchant)
                                  .value(QLatin1String("orders")).toArray();
    QSet<QString> remoteNos;
    QHash<QString, int> remotePerSale;
    for (const QJsonValue &value : remote) {
        const QJsonObject o = value.toObject();
        const QString no = o.value(QLatin1String("out_trade_no")).toString();
        remoteNos << no;
        ++remotePerSale[o.value(QLatin1String("description")).toString()];
        QVERIFY2(orders.contains(no), qPrintable(QStringLiteral("WeChat Pay has %1, the store does not").arg(no)));
        const LocalOrder &local = orders[no];
        const QString tradeState = o.value(QLatin1String("trade_state")).toString();
        const QString why = QStringLiteral("%1: WeChat Pay %2, store %3 (%4)").arg(no, tradeState, local.state, local.tradeState);
        if (tradeState == QLatin1String("SUCCESS"))
            QVERIFY2(local.state == QLatin1String("Paid"), qPrintable(why));
        else if (tradeState == QLatin1String("REFUND"))
            QVERIFY2(local.state == QLatin1String("PartiallyRefunded") || local.state == QLatin1String("Refunded"), qPrintable(why));
        else if (tradeState == QLatin1String("CLOSED"))
            QVERIFY2(local.state == QLatin1String("Closed"), qPrintable(why));
        else if (tradeState == QLatin1String("REVOKED"))
            // Code pay reversed: nobody paid (Closed), or the reverse gave the
            // payment back (the payment and its reversal refund: Refunded).
            QVERIFY2(local.tradeState == QLatin1String("REVOKED")
                         && local.state == (local.transactionId.isEmpty() ? QLatin1String("Closed") : QLatin1String("Refunded")),
                     qPrintable(why));
        else if (tradeState == QLatin1String("PAYERROR"))
            QVERIFY2(local.state == QLatin1String("Failed"), qPrintable(why));
        else
            QFAIL(qPrintable(QStringLiteral("left open at WeChat Pay: ") + why));
        QCOMPARE(local.amount, qint64(o.value(QLatin1String("amount")).toObject().value(QLatin1String("total")).toInteger()));
        QCOMPARE(local.transactionId, o.value(QLatin1String("transaction_id")).toString());
        QCOMPARE(local.refunded, qint64(o.value(QLatin1String("refunded")).toInteger()));
    }
    for (auto it = remotePerSale.cbegin(); it != remotePerSale.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("WeChat Pay has %1 orders for %2").arg(it.value()).arg(it.key())));
    // What WeChat Pay never saw was never sold: closed locally, never paid.
    for (auto it = orders.cbegin(); it != orders.cend(); ++it) {
        if (remoteNos.contains(it.key()))
            continue;
        QVERIFY2(it->state == QLatin1String("Closed") && it->tradeState == QLatin1String("NOT_CREATED")
                     && it->transactionId.isEmpty(),
                 qPrintable(QStringLiteral("%1 is %2 (%3) but unknown to WeChat Pay").arg(it.key(), it->state, it->tradeState)));
    }

    // Refunds: the same set, the same outcome; none beyond its order.
    const QJsonArray remoteRefunds = control("GET", QStringLiteral("/sandbox/refunds?mchid=") + Merchant)
                                         .value(QLatin1String("refunds")).toArray();
    QSet<QString> remoteRefundNos;
    for (const QJsonValue &value : remoteRefunds) {
        const QJsonObject r = value.toObject();
        const QString no = r.value(QLatin1String("out_refund_no")).toString();
        remoteRefundNos << no;
        QVERIFY2(refunds.contains(no), qPrintable(QStringLiteral("WeChat Pay has refund %1, the store does not").arg(no)));
        const LocalRefund &local = refunds[no];
        QCOMPARE(local.status, r.value(QLatin1String("status")).toString());
        QCOMPARE(local.amount, qint64(r.value(QLatin1String("amount")).toObject().value(QLatin1String("refund")).toInteger()));
        QCOMPARE(local.outTradeNo, r.value(QLatin1String("out_trade_no")).toString());
        // A reversal's refund_id is only in WeChat Pay's books: the reverse's answer has none.
        if (local.status == QLatin1String("SUCCESS") && !no.startsWith(QLatin1String("REVERSE-")))
            QCOMPARE(local.refundId, r.value(QLatin1String("refund_id")).toString());
    }
    QHash<QString, qint64> refundedPerOrder;
    for (auto it = refunds.cbegin(); it != refunds.cend(); ++it) {
        QVERIFY2(it->status == QLatin1String("SUCCESS") || it->status == QLatin1String("CLOSED"),
                 qPrintable(QStringLiteral("refund %1 is still %2").arg(it.key(), it->status)));
        if (!remoteRefundNos.contains(it.key()))
            QVERIFY2(it->status == QLatin1String("CLOSED"),
                     qPrintable(QStringLiteral("refund %1 is %2 but unknown to WeChat Pay").arg(it.key(), it->status)));
        if (it->status == QLatin1String("SUCCESS"))
            refundedPerOrder[it->outTradeNo] += it->amount;
    }
    for (auto it = orders.cbegin(); it != orders.cend(); ++it) {
        QCOMPARE(refundedPerOrder.value(it.key()), it->refunded);
        QVERIFY(it->refunded <= it->amount);
    }

    // The ledger: paid and refunded totals agree to the fen.
    const QJsonArray ledger = control("GET", QStringLiteral("/sandbox/ledger?mchid=") + Merchant)
                                  .value(QLatin1String("ledger")).toArray();
    qint64 remotePaid = 0, remoteRefunded = 0, localPaid = 0, localRefunded = 0;
    int remotePayments = 0, localPayments = 0;
    for (const QJsonValue &value : ledger) {
        const QJsonObject e = value.toObject();
        if (e.value(QLatin1String("kind")).toString() == QLatin1String("PAYMENT")) {
            remotePaid += e.value(QLatin1String("amount")).toInteger();
            ++remotePayments;
        } else if (e.value(QLatin1String("kind")).toString() == QLatin1String("REFUND")) {
            remoteRefunded += e.value(QLatin1String("amount")).toInteger();
        }
    }
    for (const LocalOrder &o : orders) {
        if (o.state == QLatin1String("Paid") || o.state == QLatin1String("PartiallyRefunded")
            || o.state == QLatin1String("Refunded")) {
            localPaid += o.amount;
            ++localPayments;
        }
        localRefunded += o.refunded;
    }
    QCOMPARE(localPayments, remotePayments);
    QCOMPARE(localPaid, remotePaid);
    QCOMPARE(localRefunded, remoteRefunded);
    qInfo("store = ledger: %lld orders (%d paid, %lld fen), %lld refunds (%lld fen refunded)", qint64(orders.size()),
          localPayments, localPaid, qint64(refunds.size()), localRefunded);
}

void TestCrash::logsHoldNoSecrets()
{
    QByteArray everything = m_captured;
    int logFiles = 0;
    QDirIterator it(m_logs, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        everything += f.readAll();
        ++logFiles;
    }
    QVERIFY2(logFiles >= 1, "paydesk-cli wrote no log file");
    const QString text = QString::fromUtf8(everything);
    QVERIFY(text.contains(QLatin1String("paydesk.")));

    QVERIFY(!m_openids.isEmpty());
    for (const QString &openid : std::as_const(m_openids))
        QVERIFY2(!text.contains(openid), qPrintable(QStringLiteral("unmasked openid %1").arg(openid)));

    QFile key(m_dir.filePath(QStringLiteral("merchant/apiv3.key")));
    QVERIFY(key.open(QIODevice::ReadOnly));
    const QString apiV3Key = QString::fromLatin1(key.readAll().trimmed());
    QCOMPARE(apiV3Key.size(), 32);
    QVERIFY2(!text.contains(apiV3Key), "the APIv3 key reached a log");

    QFile pem(m_dir.filePath(QStringLiteral("merchant/apiclient_key.pem")));
    QVERIFY(pem.open(QIODevice::ReadOnly));
    const QList<QByteArray> pemLines = pem.readAll().split('\n');
    QVERIFY(pemLines.size() > 3);
    QVERIFY2(!text.contains(QLatin1String("PRIVATE KEY")), "a PEM private key reached a log");
    for (int i = 1; i < 4; ++i)
        QVERIFY2(!everything.contains(pemLines.at(i)), "a line of the merchant private key reached a log");

    // Card-like numbers: 13-19 digits on their own that pass the Luhn check
    // (transaction and refund ids are 28 and 29 digits; out_trade_nos start with letters).
    static const QRegularExpression card(QStringLiteral("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])"));
    QRegularExpressionMatchIterator matches = card.globalMatch(text);
    while (matches.hasNext()) {
        QString digits = matches.next().captured(0);
        digits.remove(QLatin1Char(' ')).remove(QLatin1Char('-'));
        QVERIFY2(!passesLuhn(digits), qPrintable(QStringLiteral("card-like number %1 in the logs").arg(digits)));
    }
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
