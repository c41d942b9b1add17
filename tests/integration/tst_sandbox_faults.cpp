// SPDX-License-Identifier: MIT
// Sandbox fault injection (each kind, counts, rates, seeds), notification
// delivery (retries on the schedule, timeouts, duplicates, reordering, SIGNTEST
// probes) and a restart with a file database.
#include "notificationdispatcher.h"
#include "tst_sandbox_support.h"

#include <QTemporaryDir>

using namespace paydesk;
using namespace paydesk::testing;
using sandbox::FaultRule;

class TestSandboxFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void errorFaults_data();
    void errorFaults();
    void connectionReset();
    void lostAnswerAppliesTheChange();
    void latency();
    void signatureFaults_data();
    void signatureFaults();
    void faultFilters();
    void rateIsDeterministicForASeed();
    void faultSpecs();
    void notificationRetriedAfterFailures();
    void notificationRetriedAfterTimeout();
    void notificationScheduleAndGivingUp();
    void duplicateNotifications();
    void reorderedNotifications();
    void signTestProbe();
    void restartKeepsEverything();

private:
    int addFault(const QJsonObject &rule);
    SandboxFixture f;
};

void TestSandboxFaults::init()
{
    f = SandboxFixture();
    QVERIFY(f.start());
}

void TestSandboxFaults::cleanup()
{
    f.client.reset();
    f.subClient.reset();
    f.server.reset();
}

int TestSandboxFaults::addFault(const QJsonObject &rule)
{
    const HttpReply reply = control(f.server->baseUrl(), "POST", "/sandbox/faults", rule);
    return reply.status == 200 ? reply.json().value(QLatin1String("id")).toInt() : -1;
}

void TestSandboxFaults::errorFaults_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("500") << "system_error" << 500 << "SYSTEM_ERROR";
    QTest::newRow("502") << "bank_error" << 502 << "BANK_ERROR";
    QTest::newRow("429") << "frequency_limited" << 429 << "FREQUENCY_LIMITED";
}

void TestSandboxFaults::errorFaults()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    QFETCH(QString, code);
    QVERIFY(addFault({ { QStringLiteral("kind"), kind }, { QStringLiteral("count"), 1 } }) > 0);
    const QJsonObject order = f.nativeOrder(QStringLiteral("FAULT-001"), 100, QStringLiteral("https://e.com/n"));
    const HttpReply failed = f.client->post("/v3/pay/transactions/native", order);
    QCOMPARE(failed.status, status);
    QCOMPARE(failed.code(), code);
    QVERIFY(!failed.json().value(QLatin1String("message")).toString().isEmpty());
    QVERIFY(!failed.header("Request-ID").isEmpty());
    // Nothing was done, and the fault was used up: the retry with the same identifiers succeeds.
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/FAULT-001?mchid=1900000109").status, 404);
    QCOMPARE(f.client->post("/v3/pay/transactions/native", order).status, 200);
    QCOMPARE(
        control(f.server->baseUrl(), "GET", "/sandbox/faults").json().value(QLatin1String("faults")).toArray().size(),
        0);
}

// QNetworkAccessManager silently re-sends a request whose connection dropped
// before any answer (a POST too, up to twice more): the fault must outlast that.
static int firedBeforeClearing(const QUrl &base)
{
    const QJsonArray rules = control(base, "GET", "/sandbox/faults").json().value(QLatin1String("faults")).toArray();
    const int fired = rules.isEmpty() ? -1 : rules.first().toObject().value(QLatin1String("fired")).toInt();
    control(base, "DELETE", "/sandbox/faults");
    return fired;
}

void TestSandboxFaults::connectionReset()
{
    addFault({ { QStringLiteral("kind"), QStringLiteral("reset") }, { QStringLiteral("count"), 10 } });
    const HttpReply reply
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("RESET-001"), 100, QStringLiteral("https://e.com/n")));
    QVERIFY(reply.transportFailed());
    const int attempts = firedBeforeClearing(f.server->baseUrl());
    QVERIFY2(attempts >= 1, qPrintable(QString::number(attempts)));
    qInfo() << "QNetworkAccessManager sent the reset POST" << attempts << "times";
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/RESET-001?mchid=1900000109").status, 404);
}

void TestSandboxFaults::lostAnswerAppliesTheChange()
{
    addFault({ { QStringLiteral("kind"), QStringLiteral("lost_answer") },
               { QStringLiteral("count"), 10 },
               { QStringLiteral("method"), QStringLiteral("POST") } });
    const QJsonObject order = f.nativeOrder(QStringLiteral("LOST-0001"), 100, QStringLiteral("https://e.com/n"));
    const HttpReply lost = f.client->post("/v3/pay/transactions/native", order);
    QVERIFY(lost.transportFailed());
    QVERIFY(firedBeforeClearing(f.server->baseUrl()) >= 1);
    // The order exists: querying (or re-sending the same request) finds it.
    const QJsonObject t = f.query(QStringLiteral("LOST-0001"));
    QCOMPARE(t.value(QLatin1String("trade_state")).toString(), QStringLiteral("NOTPAY"));
    const HttpReply again = f.client->post("/v3/pay/transactions/native", order);
    QCOMPARE(again.status, 200);
    QCOMPARE(
        control(f.server->baseUrl(), "GET", "/sandbox/orders").json().value(QLatin1String("orders")).toArray().size(),
        1);
}

void TestSandboxFaults::latency()
{
    addFault({ { QStringLiteral("kind"), QStringLiteral("latency") },
               { QStringLiteral("latency_ms"), 400 },
               { QStringLiteral("count"), 1 } });
    const HttpReply slow = f.client->get("/v3/certificates");
    QCOMPARE(slow.status, 200);
    QVERIFY2(slow.elapsedMs >= 380, qPrintable(QString::number(slow.elapsedMs)));
    // A client that gives up earlier sees a timeout, yet the request is carried out.
    addFault({ { QStringLiteral("kind"), QStringLiteral("latency") },
               { QStringLiteral("latency_ms"), 800 },
               { QStringLiteral("count"), 1 } });
    RequestTweaks impatient;
    impatient.timeoutMs = 200;
    const HttpReply timedOut
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("SLOW-0001"), 100, QStringLiteral("https://e.com/n")), impatient);
    QVERIFY(timedOut.transportFailed());
    QVERIFY(QTest::qWaitFor(
        [&]() {
            return f.query(QStringLiteral("SLOW-0001")).value(QLatin1String("trade_state")).toString()
                == QLatin1String("NOTPAY");
        },
        5000));
}

void TestSandboxFaults::signatureFaults_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("failure");
    QTest::newRow("bad signature") << "bad_signature" << int(VerifyFailure::BadSignature);
    QTest::newRow("wrong serial") << "wrong_serial" << int(VerifyFailure::UnknownSerial);
    QTest::newRow("clock skew +") << "clock_skew" << int(VerifyFailure::StaleTimestamp);
    QTest::newRow("clock skew -") << "clock_skew-" << int(VerifyFailure::StaleTimestamp);
}

void TestSandboxFaults::signatureFaults()
{
    QFETCH(QString, kind);
    QFETCH(int, failure);
    QJsonObject rule { { QStringLiteral("kind"), kind }, { QStringLiteral("count"), 1 } };
    if (kind.startsWith(QLatin1String("clock_skew"))) {
        rule.insert(QStringLiteral("kind"), QStringLiteral("clock_skew"));
        rule.insert(QStringLiteral("skew_seconds"), kind.endsWith(QLatin1Char('-')) ? -400 : 400);
    }
    QVERIFY(addFault(rule) > 0);
    const HttpReply tampered = f.client->get("/v3/certificates");
    QCOMPARE(tampered.status, 200);
    const auto verified = verifyAnswer(tampered, f.keys());
    QVERIFY(!verified.ok());
    QCOMPARE(int(verified.error().kind), failure);
    QVERIFY(verifyAnswer(f.client->get("/v3/certificates"), f.keys()).ok());
}

void TestSandboxFaults::faultFilters()
{
    addFault({ { QStringLiteral("kind"), QStringLiteral("system_error") },
               { QStringLiteral("path_prefix"), QStringLiteral("/v3/refund") } });
    addFault({ { QStringLiteral("kind"), QStringLiteral("bank_error") },
               { QStringLiteral("method"), QStringLiteral("DELETE") } });
    QCOMPARE(f.client->get("/v3/certificates").status, 200);
    f.createOrder(QStringLiteral("FILTER-01"), 100);
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("FILTER-01") } });
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("FILTER-01"), QStringLiteral("FR-1"), 100, 100))
                 .status,
             500);
    QCOMPARE(f.client->get("/v3/refund/domestic/refunds/FR-1").status, 500);
    // The control API is never faulted.
    QCOMPARE(control(f.server->baseUrl(), "GET", "/sandbox/health").status, 200);
    QCOMPARE(control(f.server->baseUrl(), "DELETE", "/sandbox/faults").status, 200);
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("FILTER-01"), QStringLiteral("FR-1"), 100, 100))
                 .status,
             200);
}

void TestSandboxFaults::rateIsDeterministicForASeed()
{
    auto pattern = [&](quint32 seed) {
        cleanup();
        auto options = SandboxFixture::fastOptions();
        options.seed = seed;
        FaultRule rule;
        rule.kind = FaultRule::Kind::SystemError;
        rule.rate = 0.5;
        options.faults = { rule };
        if (!f.start(options))
            return QString();
        QString outcome;
        for (int i = 0; i < 24; ++i)
            outcome += f.client->get("/v3/certificates").status == 500 ? QLatin1Char('x') : QLatin1Char('.');
        return outcome;
    };
    const QString first = pattern(7);
    const QString second = pattern(7);
    const QString other = pattern(8);
    QCOMPARE(first, second);
    QVERIFY(first.contains(QLatin1Char('x')) && first.contains(QLatin1Char('.')));
    QVERIFY(first != other);
}

void TestSandboxFaults::faultSpecs()
{
    auto rule = FaultRule::fromSpec(QStringLiteral("latency:latency_ms=250,rate=0.5,path_prefix=/v3/pay"));
    QVERIFY(rule.ok());
    QCOMPARE(rule->kind, FaultRule::Kind::Latency);
    QCOMPARE(rule->latencyMs, 250);
    QCOMPARE(rule->rate, 0.5);
    QCOMPARE(rule->pathPrefix, QStringLiteral("/v3/pay"));
    QVERIFY(FaultRule::fromSpec(QStringLiteral("500:count=2")).ok());
    QVERIFY(!FaultRule::fromSpec(QStringLiteral("latency")).ok()); // needs latency_ms
    QVERIFY(!FaultRule::fromSpec(QStringLiteral("system_error:rate=2")).ok());
    QVERIFY(!FaultRule::fromSpec(QStringLiteral("nonsense")).ok());
}

void TestSandboxFaults::notificationRetriedAfterFailures()
{
    NotificationReceiver receiver;
    receiver.script = { 500, 503 };
    f.createOrder(QStringLiteral("NOTIF-001"), 100, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("NOTIF-001") } });
    // Retried after 15 s and 15 s, a thousand times faster.
    QVERIFY(receiver.waitFor(3));
    QTest::qWait(100);
    QCOMPARE(receiver.deliveries.size(), 3);
    // The same notification each time, signed afresh.
    QCOMPARE(receiver.deliveries.at(0).json().value(QLatin1String("id")),
             receiver.deliveries.at(2).json().value(QLatin1String("id")));
    for (const auto &delivery : receiver.deliveries)
        QVERIFY(!NotificationReceiver::open(delivery, f.keys(), f.apiV3Key()).isEmpty());
    const qint64 gap = receiver.deliveries.at(0).at.msecsTo(receiver.deliveries.at(1).at);
    QVERIFY2(gap >= 10, qPrintable(QString::number(gap)));

    QJsonObject logged;
    QVERIFY(QTest::qWaitFor(
        [&]() {
            logged = control(f.server->baseUrl(), "GET", "/sandbox/notifications")
                         .json()
                         .value(QLatin1String("notifications"))
                         .toArray()
                         .first()
                         .toObject();
            return logged.value(QLatin1String("state")).toString() == QLatin1String("delivered");
        },
        3000));
    QCOMPARE(logged.value(QLatin1String("state")).toString(), QStringLiteral("delivered"));
    QCOMPARE(logged.value(QLatin1String("attempts")).toInt(), 3);
    const QJsonArray deliveries = logged.value(QLatin1String("deliveries")).toArray();
    QCOMPARE(deliveries.size(), 3);
    QCOMPARE(deliveries.at(0).toObject().value(QLatin1String("http_status")).toInt(), 500);
    QCOMPARE(deliveries.at(2).toObject().value(QLatin1String("http_status")).toInt(), 204);
    QCOMPARE(logged.value(QLatin1String("resource")).toObject().value(QLatin1String("out_trade_no")).toString(),
             QStringLiteral("NOTIF-001"));
}

void TestSandboxFaults::notificationRetriedAfterTimeout()
{
    NotificationReceiver receiver;
    receiver.script = { 0 }; // never answers the first one
    f.createOrder(QStringLiteral("NOTIF-002"), 100, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("NOTIF-002") } });
    // The fixture's timeout is 1 s; then 15 s / 1000 later the second try.
    QVERIFY(receiver.waitFor(2, 5000));
    QVERIFY(receiver.deliveries.at(0).at.msecsTo(receiver.deliveries.at(1).at) >= 900);
}

void TestSandboxFaults::notificationScheduleAndGivingUp()
{
    const QList<int> &schedule = sandbox::NotificationDispatcher::retryScheduleSeconds();
    QCOMPARE(schedule,
             QList<int>({ 15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600 }));
    cleanup();
    auto options = SandboxFixture::fastOptions();
    options.timeScale = 200000; // a day of retries in well under a second... per step at least 1 ms
    QVERIFY(f.start(options));
    NotificationReceiver receiver;
    receiver.fallback = 500;
    f.createOrder(QStringLiteral("NOTIF-003"), 100, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("NOTIF-003") } });
    QVERIFY(receiver.waitFor(16, 10000));
    QJsonObject logged;
    QVERIFY(QTest::qWaitFor(
        [&]() {
            logged = control(f.server->baseUrl(), "GET", "/sandbox/notifications")
                         .json()
                         .value(QLatin1String("notifications"))
                         .toArray()
                         .first()
                         .toObject();
            return logged.value(QLatin1String("state")).toString() == QLatin1String("failed");
        },
        3000));
    QCOMPARE(logged.value(QLatin1String("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(logged.value(QLatin1String("attempts")).toInt(), 16);
    QTest::qWait(200);
    QCOMPARE(receiver.deliveries.size(), 16);
    // A resend on demand still works.
    QCOMPARE(control(f.server->baseUrl(), "POST",
                     "/sandbox/notifications/" + logged.value(QLatin1String("id")).toString().toLatin1() + "/resend")
                 .status,
             200);
    QVERIFY(receiver.waitFor(17));
}

void TestSandboxFaults::duplicateNotifications()
{
    NotificationReceiver receiver;
    addFault({ { QStringLiteral("kind"), QStringLiteral("notify_duplicate") }, { QStringLiteral("count"), 1 } });
    f.createOrder(QStringLiteral("DUP-00001"), 100, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("DUP-00001") } });
    QVERIFY(receiver.waitFor(2));
    QCOMPARE(receiver.deliveries.at(0).json().value(QLatin1String("id")),
             receiver.deliveries.at(1).json().value(QLatin1String("id")));
    QTest::qWait(100);
    QCOMPARE(receiver.deliveries.size(), 2);
}

void TestSandboxFaults::reorderedNotifications()
{
    NotificationReceiver receiver;
    addFault({ { QStringLiteral("kind"), QStringLiteral("notify_reorder") },
               { QStringLiteral("count"), 1 },
               { QStringLiteral("hold_ms"), 5000 },
               { QStringLiteral("event_prefix"), QStringLiteral("TRANSACTION.") } });
    f.createOrder(QStringLiteral("ORDER-001"), 100, receiver.url());
    f.createOrder(QStringLiteral("ORDER-002"), 100, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("ORDER-001") } });
    QTest::qWait(100);
    QCOMPARE(receiver.deliveries.size(), 0); // held back
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("ORDER-002") } });
    QVERIFY(receiver.waitFor(2, 3000));
    auto outTradeNo = [&](int i) {
        return NotificationReceiver::open(receiver.deliveries.at(i), f.keys(), f.apiV3Key())
            .value(QLatin1String("out_trade_no"))
            .toString();
    };
    QCOMPARE(outTradeNo(0), QStringLiteral("ORDER-002"));
    QCOMPARE(outTradeNo(1), QStringLiteral("ORDER-001"));
}

void TestSandboxFaults::signTestProbe()
{
    NotificationReceiver receiver;
    addFault({ { QStringLiteral("kind"), QStringLiteral("notify_signtest") }, { QStringLiteral("count"), 1 } });
    f.createOrder(QStringLiteral("PROBE-001"), 100, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("PROBE-001") } });
    QVERIFY(receiver.waitFor(2));
    int probes = 0;
    const PlatformKeys keys = f.keys();
    const ResponseVerifier verifier(&keys);
    for (const auto &delivery : receiver.deliveries) {
        const auto headers = SignedHeaders::fromHeaders(delivery.headers);
        const auto verified = verifier.verify(headers, delivery.body);
        if (headers.signature.startsWith("WECHATPAY/SIGNTEST/")) {
            ++probes;
            QVERIFY(!verified.ok());
        } else {
            QVERIFY(verified.ok());
        }
    }
    QCOMPARE(probes, 1);
}

void TestSandboxFaults::restartKeepsEverything()
{
    cleanup();
    QTemporaryDir dir;
    auto options = SandboxFixture::fastOptions();
    options.dataDir = dir.path();
    options.refundDelayMs = 1500;
    options.timeScale = 10; // the first notification retry is due 1.5 s later: after the restart
    QVERIFY(f.start(options));
    const QString serial = f.server->activePlatformCertificate().serialHex();
    const QString keyId = f.server->platformPublicKeyId();
    const quint16 port = f.server->port();
    NotificationReceiver receiver;
    receiver.script = { 500 };
    f.createOrder(QStringLiteral("KEEP-0001"), 1000, receiver.url());
    f.createOrder(QStringLiteral("KEEP-0002"), 300, receiver.url());
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("KEEP-0001") } });
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("KEEP-0001"), QStringLiteral("KR-1"), 400, 1000))
                 .status,
             200);
    QVERIFY(receiver.waitFor(1)); // first try failed: a retry is queued

    // Stop mid-flight and start again on the same data.
    f.client.reset();
    f.subClient.reset();
    f.server.reset();
    options.port = port;
    const QDateTime restarted = QDateTime::currentDateTimeUtc();
    f.server = std::make_unique<SandboxServer>(options);
    QVERIFY(f.server->start().ok());
    f.makeClients();
    QCOMPARE(f.server->merchantIds().size(), 2);
    QCOMPARE(f.server->activePlatformCertificate().serialHex(), serial);
    QCOMPARE(f.server->platformPublicKeyId(), keyId);
    QCOMPARE(f.query(QStringLiteral("KEEP-0001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("REFUND"));
    QCOMPARE(f.query(QStringLiteral("KEEP-0002")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("NOTPAY"));
    // Idempotency survives: the same order gives the same code_url.
    const HttpReply again = f.client->post("/v3/pay/transactions/native",
                                           f.nativeOrder(QStringLiteral("KEEP-0002"), 300, receiver.url()));
    QCOMPARE(again.status, 200);
    // The refund finishes after the restart; the notification retry goes out.
    QVERIFY(QTest::qWaitFor(
        [&]() {
            return f.client->get("/v3/refund/domestic/refunds/KR-1").json().value(QLatin1String("status")).toString()
                == QLatin1String("SUCCESS");
        },
        5000));
    QCOMPARE(f.client->get("/v3/refund/domestic/refunds/KR-1").json().value(QLatin1String("status")).toString(),
             QStringLiteral("SUCCESS"));
    QVERIFY(receiver.waitFor(2));
    QVERIFY(receiver.deliveries.at(1).at >= restarted);
    QCOMPARE(
        control(f.server->baseUrl(), "GET", "/sandbox/ledger").json().value(QLatin1String("ledger")).toArray().size(),
        2);
    // Old answers still verify with keys fetched before the restart.
    QVERIFY(verifyAnswer(f.client->get("/v3/certificates"), f.keys()).ok());
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandbox_faults.moc"
