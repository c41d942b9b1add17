// SPDX-License-Identifier: MIT
// The sandbox over real sockets: Native and combined orders, the customer's
// side, request authentication (tampering, raw request-targets), platform
// certificates in both key modes and rotation, HTTPS, the training merchant.
#include "config/profilestore.h"
#include "tst_sandbox_support.h"
#include "wechatpay/apiclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace paydesk;
using namespace paydesk::testing;
using paydesk::sandbox::KeyMode;

class TestSandbox : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void nativeOrderCreateAndQuery();
    void nativeOrderIdempotency();
    void paymentIsNotifiedAndQueryable();
    void userPayingFailAndAbandon();
    void closeOrder();
    void expiredOrderCannotBePaid();
    void validationErrors_data();
    void validationErrors();
    void tamperedRequestsAreRefused_data();
    void tamperedRequestsAreRefused();
    void missingHeaders();
    void rawRequestTargetIsVerified();
    void combinedOrder();
    void combinedOrderRules();
    void certificatesInCertificateMode();
    void publicKeyModeHasNoCertificates();
    void bothModeAnswersWithTheKeyAskedFor_data();
    void bothModeAnswersWithTheKeyAskedFor();
    void bothModeNotificationsFollowTheSwitchOver_data();
    void bothModeNotificationsFollowTheSwitchOver();
    void apiClientAsksForItsKey_data();
    void apiClientAsksForItsKey();
    void certificateRotation();
    void clockOffsetMakesSignaturesStale();
    void controlApi();
    void https();
    void trainingMerchant();
    void trainingMerchantPublicKeyMode();

private:
    SandboxFixture f;
};

void TestSandbox::init()
{
    f = SandboxFixture();
    QVERIFY(f.start());
}

void TestSandbox::cleanup()
{
    f.client.reset();
    f.subClient.reset();
    f.server.reset();
}

void TestSandbox::nativeOrderCreateAndQuery()
{
    const HttpReply created
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("NAT-0001"), 1234, QStringLiteral("https://example.com/n")));
    QCOMPARE(created.status, 200);
    QVERIFY(verifyAnswer(created, f.keys()).ok());
    QVERIFY(!created.header("Request-ID").isEmpty());
    QCOMPARE(created.header("Wechatpay-Serial"), f.server->activePlatformCertificate().serialHex().toLatin1());
    const QString codeUrl = created.json().value(QLatin1String("code_url")).toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral("^weixin://wxpay/bizpayurl\\?pr=[0-9A-Za-z]+$")).match(codeUrl).hasMatch(),
        qPrintable(codeUrl));

    const HttpReply queried = f.client->get("/v3/pay/transactions/out-trade-no/NAT-0001?mchid=1900000109");
    QCOMPARE(queried.status, 200);
    QVERIFY(verifyAnswer(queried, f.keys()).ok());
    const QJsonObject t = queried.json();
    QCOMPARE(t.value(QLatin1String("trade_state")).toString(), QStringLiteral("NOTPAY"));
    QCOMPARE(t.value(QLatin1String("trade_type")).toString(), QStringLiteral("NATIVE"));
    QCOMPARE(t.value(QLatin1String("appid")).toString(), QStringLiteral("wxd678efh567hg6787"));
    QCOMPARE(t.value(QLatin1String("mchid")).toString(), QStringLiteral("1900000109"));
    QCOMPARE(t.value(QLatin1String("amount")).toObject().value(QLatin1String("total")).toInt(), 1234);
    // Fields of a paid order are absent while unpaid.
    QVERIFY(!t.contains(QLatin1String("transaction_id")));
    QVERIFY(!t.contains(QLatin1String("payer")));
    QVERIFY(!t.contains(QLatin1String("success_time")));
    QVERIFY(!t.value(QLatin1String("amount")).toObject().contains(QLatin1String("payer_total")));

    const HttpReply unknown = f.client->get("/v3/pay/transactions/out-trade-no/NAT-9999?mchid=1900000109");
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.code(), QStringLiteral("ORDER_NOT_EXIST"));
    QVERIFY(!unknown.json().value(QLatin1String("message")).toString().isEmpty());
    QVERIFY(!unknown.header("Request-ID").isEmpty());
    const HttpReply byId = f.client->get("/v3/pay/transactions/id/4200000000000000000000000000?mchid=1900000109");
    QCOMPARE(byId.status, 404);
    QCOMPARE(byId.code(), QStringLiteral("ORDER_NOT_EXIST"));
    const HttpReply noMchid = f.client->get("/v3/pay/transactions/out-trade-no/NAT-0001");
    QCOMPARE(noMchid.status, 400);
    QCOMPARE(noMchid.code(), QStringLiteral("PARAM_ERROR"));
    const HttpReply otherMchid = f.client->get("/v3/pay/transactions/out-trade-no/NAT-0001?mchid=1900000110");
    QCOMPARE(otherMchid.status, 400);
}

void TestSandbox::nativeOrderIdempotency()
{
    const QJsonObject body = f.nativeOrder(QStringLiteral("IDEM-0001"), 500, QStringLiteral("https://example.com/n"));
    const HttpReply first = f.client->post("/v3/pay/transactions/native", body);
    const HttpReply second = f.client->post("/v3/pay/transactions/native", body);
    QCOMPARE(first.status, 200);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json().value(QLatin1String("code_url")), first.json().value(QLatin1String("code_url")));

    QJsonObject changed = body;
    changed.insert(QStringLiteral("description"), QStringLiteral("Tea"));
    const HttpReply conflict = f.client->post("/v3/pay/transactions/native", changed);
    QCOMPARE(conflict.status, 403);
    QCOMPARE(conflict.code(), QStringLiteral("OUT_TRADE_NO_USED"));

    QCOMPARE(
        f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("IDEM-0001") } }).status,
        200);
    const HttpReply paid = f.client->post("/v3/pay/transactions/native", body);
    QCOMPARE(paid.status, 403);
    QCOMPARE(paid.code(), QStringLiteral("ORDERPAID"));

    // Re-use after close.
    f.createOrder(QStringLiteral("IDEM-0002"), 100);
    QCOMPARE(f.client
                 ->post("/v3/pay/transactions/out-trade-no/IDEM-0002/close",
                        { { QStringLiteral("mchid"), QStringLiteral("1900000109") } })
                 .status,
             204);
    const HttpReply reused
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("IDEM-0002"), 100, QStringLiteral("https://example.com/notify")));
    QCOMPARE(reused.status, 403);
    QCOMPARE(reused.code(), QStringLiteral("OUT_TRADE_NO_USED"));
}

void TestSandbox::paymentIsNotifiedAndQueryable()
{
    NotificationReceiver receiver;
    QVERIFY(!f.createOrder(QStringLiteral("PAY-0001"), 2500, receiver.url()).isEmpty());
    auto scanned
        = f.customer(QStringLiteral("scan"), { { QStringLiteral("out_trade_no"), QStringLiteral("PAY-0001") } });
    QCOMPARE(scanned.status, 200);
    QCOMPARE(f.query(QStringLiteral("PAY-0001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("NOTPAY"));
    auto paid = f.customer(QStringLiteral("pay"),
                           { { QStringLiteral("out_trade_no"), QStringLiteral("PAY-0001") },
                             { QStringLiteral("openid"), QStringLiteral("oTestOpenid0001") },
                             { QStringLiteral("bank_type"), QStringLiteral("CMB_CREDIT") } });
    QCOMPARE(paid.status, 200);

    const QJsonObject t = f.query(QStringLiteral("PAY-0001"));
    QCOMPARE(t.value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
    const QString transactionId = t.value(QLatin1String("transaction_id")).toString();
    QVERIFY(QRegularExpression(QStringLiteral("^42\\d{26}$")).match(transactionId).hasMatch());
    QCOMPARE(t.value(QLatin1String("payer")).toObject().value(QLatin1String("openid")).toString(),
             QStringLiteral("oTestOpenid0001"));
    QCOMPARE(t.value(QLatin1String("bank_type")).toString(), QStringLiteral("CMB_CREDIT"));
    QVERIFY(t.value(QLatin1String("success_time")).toString().endsWith(QLatin1String("+08:00")));
    QCOMPARE(t.value(QLatin1String("amount")).toObject().value(QLatin1String("payer_total")).toInt(), 2500);

    const HttpReply byId = f.client->get("/v3/pay/transactions/id/" + transactionId.toLatin1() + "?mchid=1900000109");
    QCOMPARE(byId.status, 200);
    QCOMPARE(byId.json().value(QLatin1String("out_trade_no")).toString(), QStringLiteral("PAY-0001"));

    QVERIFY(receiver.waitFor(1));
    const auto &delivery = receiver.deliveries.first();
    const QJsonObject envelope = delivery.json();
    QCOMPARE(envelope.value(QLatin1String("event_type")).toString(), QStringLiteral("TRANSACTION.SUCCESS"));
    QCOMPARE(envelope.value(QLatin1String("resource_type")).toString(), QStringLiteral("encrypt-resource"));
    QCOMPARE(envelope.value(QLatin1String("id")).toString().size(), 36);
    const QJsonObject resourceJson = envelope.value(QLatin1String("resource")).toObject();
    QCOMPARE(resourceJson.value(QLatin1String("associated_data")).toString(), QStringLiteral("transaction"));
    QCOMPARE(resourceJson.value(QLatin1String("original_type")).toString(), QStringLiteral("transaction"));
    QCOMPARE(resourceJson.value(QLatin1String("algorithm")).toString(), QStringLiteral("AEAD_AES_256_GCM"));
    QString problem;
    const QJsonObject resource = NotificationReceiver::open(delivery, f.keys(), f.apiV3Key(), &problem);
    QVERIFY2(!resource.isEmpty(), qPrintable(problem));
    QCOMPARE(resource.value(QLatin1String("transaction_id")).toString(), transactionId);
    QCOMPARE(resource.value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(resource.value(QLatin1String("amount")).toObject().value(QLatin1String("total")).toInt(), 2500);
    // A wrong APIv3 key fails the tag check.
    QVERIFY(NotificationReceiver::open(delivery, f.keys(), "00000000000000000000000000000000").isEmpty());
}

void TestSandbox::userPayingFailAndAbandon()
{
    f.createOrder(QStringLiteral("UP-00001"), 100);
    QCOMPARE(
        f.customer(QStringLiteral("userpaying"), { { QStringLiteral("out_trade_no"), QStringLiteral("UP-00001") } })
            .status,
        200);
    QCOMPARE(f.query(QStringLiteral("UP-00001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("USERPAYING"));
    QCOMPARE(
        f.customer(QStringLiteral("fail"), { { QStringLiteral("out_trade_no"), QStringLiteral("UP-00001") } }).status,
        200);
    QCOMPARE(f.query(QStringLiteral("UP-00001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("PAYERROR"));
    QCOMPARE(f.customer(QStringLiteral("abandon"), { { QStringLiteral("out_trade_no"), QStringLiteral("UP-00001") } })
                 .status,
             200);
    QCOMPARE(f.query(QStringLiteral("UP-00001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("NOTPAY"));
    // Paid by scanning the code_url.
    const QString codeUrl = f.createOrder(QStringLiteral("UP-00002"), 100);
    QCOMPARE(f.customer(QStringLiteral("pay"), { { QStringLiteral("code_url"), codeUrl } }).status, 200);
    QCOMPARE(f.query(QStringLiteral("UP-00002")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("SUCCESS"));
    QCOMPARE(f.customer(QStringLiteral("pay"), { { QStringLiteral("code_url"), codeUrl } }).status, 409);
    QCOMPARE(
        f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("NOPE-0001") } }).status,
        404);
}

void TestSandbox::closeOrder()
{
    f.createOrder(QStringLiteral("CLOSE-001"), 100);
    const HttpReply closed = f.client->post("/v3/pay/transactions/out-trade-no/CLOSE-001/close",
                                            { { QStringLiteral("mchid"), QStringLiteral("1900000109") } });
    QCOMPARE(closed.status, 204);
    QVERIFY(closed.body.isEmpty());
    // A 204 is signed over the empty body.
    QVERIFY(!closed.header("Wechatpay-Signature").isEmpty());
    const auto verified = verifyAnswer(closed, f.keys());
    QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
    QCOMPARE(f.query(QStringLiteral("CLOSE-001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("CLOSED"));
    QCOMPARE(
        f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("CLOSE-001") } }).status,
        409);
    // Closing again is fine.
    QCOMPARE(f.client
                 ->post("/v3/pay/transactions/out-trade-no/CLOSE-001/close",
                        { { QStringLiteral("mchid"), QStringLiteral("1900000109") } })
                 .status,
             204);
    // A paid order cannot be closed.
    f.createOrder(QStringLiteral("CLOSE-002"), 100);
    f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("CLOSE-002") } });
    const HttpReply paid = f.client->post("/v3/pay/transactions/out-trade-no/CLOSE-002/close",
                                          { { QStringLiteral("mchid"), QStringLiteral("1900000109") } });
    QCOMPARE(paid.status, 403);
    QCOMPARE(paid.code(), QStringLiteral("ORDERPAID"));
    const HttpReply unknown = f.client->post("/v3/pay/transactions/out-trade-no/CLOSE-404/close",
                                             { { QStringLiteral("mchid"), QStringLiteral("1900000109") } });
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.code(), QStringLiteral("ORDER_NOT_EXIST"));
}

void TestSandbox::expiredOrderCannotBePaid()
{
    QJsonObject body = f.nativeOrder(QStringLiteral("EXP-0001"), 100, QStringLiteral("https://example.com/n"));
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(30).toOffsetFromUtc(8 * 3600);
    body.insert(QStringLiteral("time_expire"), soon.toString(Qt::ISODate)); // raised to now + 1 min
    QCOMPARE(f.client->post("/v3/pay/transactions/native", body).status, 200);
    // The sandbox's clock moves 2 minutes on: still within the signature window.
    f.server->setClockOffset(120);
    const auto pay
        = f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), QStringLiteral("EXP-0001") } });
    QCOMPARE(pay.status, 409);
    QCOMPARE(pay.body.object().value(QLatin1String("code")).toString(), QStringLiteral("ORDER_EXPIRED"));
    // Expiry does not close the order.
    QCOMPARE(f.query(QStringLiteral("EXP-0001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("NOTPAY"));
    const HttpReply again = f.client->post("/v3/pay/transactions/native", body);
    QCOMPARE(again.status, 403);
    QCOMPARE(again.code(), QStringLiteral("OUT_TRADE_NO_USED"));
    QCOMPARE(f.client
                 ->post("/v3/pay/transactions/out-trade-no/EXP-0001/close",
                        { { QStringLiteral("mchid"), QStringLiteral("1900000109") } })
                 .status,
             204);
    QCOMPARE(f.query(QStringLiteral("EXP-0001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("CLOSED"));
    f.server->setClockOffset(0);
}

void TestSandbox::validationErrors_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("short out_trade_no") << "out_trade_no" << QJsonValue(QStringLiteral("A1")) << 400 << "PARAM_ERROR";
    QTest::newRow("bad chars") << "out_trade_no" << QJsonValue(QStringLiteral("ABC#12345")) << 400 << "PARAM_ERROR";
    QTest::newRow("no description") << "description" << QJsonValue() << 400 << "PARAM_ERROR";
    QTest::newRow("long description") << "description" << QJsonValue(QString(128, QLatin1Char('x'))) << 400
                                      << "PARAM_ERROR";
    QTest::newRow("zero amount") << "amount" << QJsonValue(QJsonObject { { QStringLiteral("total"), 0 } }) << 400
                                 << "PARAM_ERROR";
    QTest::newRow("fractional amount") << "amount" << QJsonValue(QJsonObject { { QStringLiteral("total"), 1.5 } })
                                       << 400 << "PARAM_ERROR";
    QTest::newRow("notify query") << "notify_url" << QJsonValue(QStringLiteral("https://e.com/n?a=1")) << 400
                                  << "PARAM_ERROR";
    QTest::newRow("other appid") << "appid" << QJsonValue(QStringLiteral("wx0000000000000000")) << 400
                                 << "APPID_MCHID_NOT_MATCH";
    QTest::newRow("bad time_expire") << "time_expire" << QJsonValue(QStringLiteral("tomorrow")) << 400 << "PARAM_ERROR";
}

void TestSandbox::validationErrors()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(int, status);
    QFETCH(QString, code);
    QJsonObject body = f.nativeOrder(QStringLiteral("VALID-001"), 100, QStringLiteral("https://example.com/n"));
    if (value.isUndefined() || value.isNull())
        body.remove(field);
    else
        body.insert(field, value);
    const HttpReply reply = f.client->post("/v3/pay/transactions/native", body);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.code(), code);
    QVERIFY(!reply.json().value(QLatin1String("message")).toString().isEmpty());
    if (code == QLatin1String("PARAM_ERROR"))
        QVERIFY(reply.json().value(QLatin1String("detail")).toObject().contains(QLatin1String("field")));
    // Nothing was created.
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/VALID-001?mchid=1900000109").status, 404);
}

void TestSandbox::tamperedRequestsAreRefused_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("body bit flipped") << 0;
    QTest::newRow("other path signed") << 1;
    QTest::newRow("stale timestamp") << 2;
    QTest::newRow("future timestamp") << 3;
    QTest::newRow("wrong serial") << 4;
    QTest::newRow("unknown mchid") << 5;
    QTest::newRow("no Authorization") << 6;
    QTest::newRow("malformed Authorization") << 7;
    QTest::newRow("signature not base64") << 8;
    QTest::newRow("HMAC-style scheme") << 9;
}

void TestSandbox::tamperedRequestsAreRefused()
{
    QFETCH(int, kind);
    const QJsonObject order = f.nativeOrder(QStringLiteral("TAMPER-01"), 100, QStringLiteral("https://example.com/n"));
    const QByteArray body = QJsonDocument(order).toJson(QJsonDocument::Compact);
    RequestTweaks tweaks;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    switch (kind) {
    case 0: {
        QByteArray flipped = body;
        flipped[flipped.size() / 2] = char(flipped.at(flipped.size() / 2) ^ 0x01);
        tweaks.sentBody = flipped;
        break;
    }
    case 1:
        tweaks.signedTarget = "/v3/pay/transactions/native?x=1";
        break;
    case 2:
        tweaks.timestamp = now - 301;
        break;
    case 3:
        tweaks.timestamp = now + 400;
        break;
    case 4:
        tweaks.serial = QStringLiteral("5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
        break;
    case 5:
        tweaks.mchid = QStringLiteral("1999999999");
        break;
    case 6:
        tweaks.sign = false;
        break;
    case 7:
        tweaks.authorization = "WECHATPAY2-SHA256-RSA2048 mchid=1900000109";
        break;
    case 8: {
        QByteArray header = f.client->authorization("POST", "/v3/pay/transactions/native", body);
        header.replace(header.indexOf("signature=\"") + 11, 4, "!!!!");
        tweaks.authorization = header;
        break;
    }
    case 9:
        tweaks.authorization = "WECHATPAY2-HMAC-SHA256 mchid=\"1900000109\",signature=\"x\"";
        break;
    }
    const HttpReply reply = f.client->call("POST", "/v3/pay/transactions/native", body, tweaks);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.code(), QStringLiteral("SIGN_ERROR"));
    QVERIFY(!reply.json().value(QLatin1String("message")).toString().isEmpty());
    // A 4xx is not signed; the client must not expect it to be.
    QVERIFY(reply.header("Wechatpay-Signature").isEmpty());
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/TAMPER-01?mchid=1900000109").status, 404);
}

void TestSandbox::missingHeaders()
{
    RequestTweaks noAccept;
    noAccept.accept = false;
    const HttpReply a
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("HDR-00001"), 100, QStringLiteral("https://e.com/n")), noAccept);
    QCOMPARE(a.status, 400);
    QCOMPARE(a.code(), QStringLiteral("INVALID_REQUEST"));
    // QNetworkAccessManager always sends a User-Agent: a raw client leaves it out.
    const HttpReply b
        = f.client->raw("GET", "/v3/pay/transactions/out-trade-no/HDR-00001?mchid=1900000109", {}, true, false);
    QCOMPARE(b.status, 400);
    QCOMPARE(b.json().value(QLatin1String("code")).toString(), QStringLiteral("INVALID_REQUEST"));
    const HttpReply c
        = f.client->raw("GET", "/v3/pay/transactions/out-trade-no/HDR-00001?mchid=1900000109", {}, false, true);
    QCOMPARE(c.status, 400);
    const HttpReply unknown = f.client->get("/v3/nothing/here");
    QCOMPARE(unknown.status, 404);
}

// Every request the sandbox answered was verified against the target as it
// came over the wire, not against QUrl's rewrite of it.
static bool allTargetsFromWire(const QSignalSpy &spy)
{
    int requests = 0;
    for (const QList<QVariant> &event : spy) {
        if (event.at(0).toString() != QLatin1String("request"))
            continue;
        ++requests;
        if (!event.at(1).toJsonObject().value(QLatin1String("raw_target")).toBool())
            return false;
    }
    return requests > 0;
}

void TestSandbox::rawRequestTargetIsVerified()
{
    QSignalSpy activity(f.server.get(), &SandboxServer::activity);
    // '|' is allowed in out_trade_no; SDKs escape it differently.
    const QString outTradeNo = QStringLiteral("PIPE|0001*x");
    f.createOrder(outTradeNo, 100);
    // Sent and signed as %7C (Go's url.PathEscape): fine.
    const QByteArray escaped = "/v3/pay/transactions/out-trade-no/PIPE%7C0001*x?mchid=1900000109";
    HttpReply reply = f.client->get(escaped);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QLatin1String("out_trade_no")).toString(), outTradeNo);
    // QUrl (so QNetworkAccessManager) upper-cases escapes: signing "%7c" and sending through it fails...
    RequestTweaks lower;
    lower.signedTarget = "/v3/pay/transactions/out-trade-no/PIPE%7c0001*x?mchid=1900000109";
    QCOMPARE(f.client->get(escaped, lower).status, 401);
    // ... while a lower-case escape sent as signed is fine (the sandbox verifies the raw bytes).
    reply = f.client->raw("GET", "/v3/pay/transactions/out-trade-no/PIPE%7c0001*x?mchid=1900000109");
    QCOMPARE(reply.status, 200);
    // Signed over the decoded '|' but sent escaped: refused, as WeChat Pay would.
    RequestTweaks decoded;
    decoded.signedTarget = "/v3/pay/transactions/out-trade-no/PIPE|0001*x?mchid=1900000109";
    reply = f.client->get(escaped, decoded);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.code(), QStringLiteral("SIGN_ERROR"));
    // Sent with a literal '|' (what QUrl would rewrite) and signed so: fine.
    reply = f.client->raw("GET", "/v3/pay/transactions/out-trade-no/PIPE|0001*x?mchid=1900000109");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QLatin1String("out_trade_no")).toString(), outTradeNo);
    // %41 is 'A' to QUrl, not to a signature.
    reply = f.client->raw("GET", "/v3/pay/transactions/out-trade-no/PIPE%7C0001*x?mchid=19000001%30%39");
    QCOMPARE(reply.status, 200);
    QVERIFY(allTargetsFromWire(activity));
}

void TestSandbox::combinedOrder()
{
    NotificationReceiver receiver;
    const QJsonObject body {
        { QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787") },
        { QStringLiteral("combine_mchid"), QStringLiteral("1900000109") },
        { QStringLiteral("combine_out_trade_no"), QStringLiteral("COMB-0001") },
        { QStringLiteral("notify_url"), receiver.url() },
        { QStringLiteral("sub_orders"),
          QJsonArray {
              QJsonObject { { QStringLiteral("mchid"), QStringLiteral("1900000109") },
                            { QStringLiteral("attach"), QStringLiteral("a") },
                            { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0001-A") },
                            { QStringLiteral("description"), QStringLiteral("Cake") },
                            { QStringLiteral("amount"),
                              QJsonObject { { QStringLiteral("total_amount"), 300 },
                                            { QStringLiteral("currency"), QStringLiteral("CNY") } } } },
              QJsonObject { { QStringLiteral("mchid"), f.subMchid },
                            { QStringLiteral("attach"), QStringLiteral("b") },
                            { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0001-B") },
                            { QStringLiteral("description"), QStringLiteral("Coffee") },
                            { QStringLiteral("amount"),
                              QJsonObject { { QStringLiteral("total_amount"), 700 },
                                            { QStringLiteral("currency"), QStringLiteral("CNY") } } } },
          } },
    };
    const HttpReply created = f.client->post("/v3/combine-transactions/native", body);
    QCOMPARE(created.status, 200);
    QVERIFY(verifyAnswer(created, f.keys()).ok());
    const QString codeUrl = created.json().value(QLatin1String("code_url")).toString();
    QVERIFY(codeUrl.startsWith(QLatin1String("weixin://wxpay/bizpayurl?pr=")));
    QCOMPARE(f.client->post("/v3/combine-transactions/native", body).json().value(QLatin1String("code_url")).toString(),
             codeUrl);

    HttpReply queried = f.client->get("/v3/combine-transactions/out-trade-no/COMB-0001");
    QCOMPARE(queried.status, 200);
    QJsonArray subs = queried.json().value(QLatin1String("sub_orders")).toArray();
    QCOMPARE(subs.size(), 2);
    for (const QJsonValue &sub : subs) {
        QCOMPARE(sub.toObject().value(QLatin1String("trade_state")).toString(), QStringLiteral("NOTPAY"));
        QVERIFY(!sub.toObject().contains(QLatin1String("transaction_id")));
    }
    // Not through the ordinary query.
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/COMB-0001-A?mchid=1900000109").status, 404);

    QCOMPARE(f.customer(QStringLiteral("pay"), { { QStringLiteral("code_url"), codeUrl } }).status, 200);
    queried = f.client->get("/v3/combine-transactions/out-trade-no/COMB-0001");
    subs = queried.json().value(QLatin1String("sub_orders")).toArray();
    QSet<QString> transactionIds;
    for (const QJsonValue &sub : subs) {
        const QJsonObject s = sub.toObject();
        QCOMPARE(s.value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
        transactionIds.insert(s.value(QLatin1String("transaction_id")).toString());
        QCOMPARE(s.value(QLatin1String("amount")).toObject().value(QLatin1String("payer_amount")),
                 s.value(QLatin1String("amount")).toObject().value(QLatin1String("total_amount")));
    }
    QCOMPARE(transactionIds.size(), 2);
    QVERIFY(!queried.json()
                 .value(QLatin1String("combine_payer_info"))
                 .toObject()
                 .value(QLatin1String("openid"))
                 .toString()
                 .isEmpty());

    QVERIFY(receiver.waitFor(1));
    const QJsonObject resource = NotificationReceiver::open(receiver.deliveries.first(), f.keys(), f.apiV3Key());
    QCOMPARE(resource.value(QLatin1String("combine_out_trade_no")).toString(), QStringLiteral("COMB-0001"));
    QCOMPARE(resource.value(QLatin1String("sub_orders")).toArray().size(), 2);

    // A sub-order is refunded on its own, by its merchant, with amount.total = its total_amount.
    const HttpReply wrongTotal = f.subClient->post(
        "/v3/refund/domestic/refunds", f.refundBody(QStringLiteral("COMB-0001-B"), QStringLiteral("CR-1"), 100, 1000));
    QCOMPARE(wrongTotal.status, 400);
    QCOMPARE(wrongTotal.code(), QStringLiteral("INVALID_REQUEST"));
    const HttpReply refunded = f.subClient->post(
        "/v3/refund/domestic/refunds", f.refundBody(QStringLiteral("COMB-0001-B"), QStringLiteral("CR-1"), 100, 700));
    QCOMPARE(refunded.status, 200);
    QCOMPARE(refunded.json().value(QLatin1String("status")).toString(), QStringLiteral("PROCESSING"));
    // Another merchant's sub-order is not this merchant's to refund.
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("COMB-0001-B"), QStringLiteral("CR-2"), 100, 700))
                 .status,
             404);
    // Paid: cannot be closed.
    const QJsonObject close {
        { QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787") },
        { QStringLiteral("sub_orders"),
          QJsonArray { QJsonObject { { QStringLiteral("mchid"), QStringLiteral("1900000109") },
                                     { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0001-A") } },
                       QJsonObject { { QStringLiteral("mchid"), f.subMchid },
                                     { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0001-B") } } } }
    };
    QCOMPARE(f.client->post("/v3/combine-transactions/out-trade-no/COMB-0001/close", close).code(),
             QStringLiteral("ORDERPAID"));
}

void TestSandbox::combinedOrderRules()
{
    auto sub = [](const QString &mchid, const QString &outTradeNo, int total) {
        return QJsonObject { { QStringLiteral("mchid"), mchid },
                             { QStringLiteral("attach"), QStringLiteral("x") },
                             { QStringLiteral("out_trade_no"), outTradeNo },
                             { QStringLiteral("description"), QStringLiteral("Item") },
                             { QStringLiteral("amount"),
                               QJsonObject { { QStringLiteral("total_amount"), total },
                                             { QStringLiteral("currency"), QStringLiteral("CNY") } } } };
    };
    QJsonObject body { { QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787") },
                       { QStringLiteral("combine_mchid"), QStringLiteral("1900000109") },
                       { QStringLiteral("combine_out_trade_no"), QStringLiteral("COMB-0002") },
                       { QStringLiteral("notify_url"), QStringLiteral("https://example.com/n") },
                       { QStringLiteral("sub_orders"),
                         QJsonArray { sub(QStringLiteral("1900000109"), QStringLiteral("COMB-0002-A"), 100) } } };
    HttpReply reply = f.client->post("/v3/combine-transactions/native", body);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.code(), QStringLiteral("PARAM_ERROR"));

    body.insert(QStringLiteral("sub_orders"),
                QJsonArray { sub(QStringLiteral("1900000109"), QStringLiteral("COMB-0002-A"), 100),
                             sub(QStringLiteral("1999999999"), QStringLiteral("COMB-0002-B"), 100) });
    reply = f.client->post("/v3/combine-transactions/native", body);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.code(), QStringLiteral("MCH_NOT_EXISTS"));

    body.insert(QStringLiteral("sub_orders"),
                QJsonArray { sub(QStringLiteral("1900000109"), QStringLiteral("COMB-0002-A"), 100),
                             sub(f.subMchid, QStringLiteral("COMB-0002-B"), 250) });
    QCOMPARE(f.client->post("/v3/combine-transactions/native", body).status, 200);

    // The close must list every sub-order exactly.
    QJsonObject close { { QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787") },
                        { QStringLiteral("sub_orders"),
                          QJsonArray {
                              QJsonObject { { QStringLiteral("mchid"), QStringLiteral("1900000109") },
                                            { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0002-A") } } } } };
    reply = f.client->post("/v3/combine-transactions/out-trade-no/COMB-0002/close", close);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.code(), QStringLiteral("INVALID_REQUEST"));
    close.insert(QStringLiteral("sub_orders"),
                 QJsonArray { QJsonObject { { QStringLiteral("mchid"), f.subMchid },
                                            { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0002-B") } },
                              QJsonObject { { QStringLiteral("mchid"), QStringLiteral("1900000109") },
                                            { QStringLiteral("out_trade_no"), QStringLiteral("COMB-0002-A") } } });
    reply = f.client->post("/v3/combine-transactions/out-trade-no/COMB-0002/close", close);
    QCOMPARE(reply.status, 204);
    QVERIFY(verifyAnswer(reply, f.keys()).ok());
    for (const QJsonValue &s : f.client->get("/v3/combine-transactions/out-trade-no/COMB-0002")
                                   .json()
                                   .value(QLatin1String("sub_orders"))
                                   .toArray())
        QCOMPARE(s.toObject().value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
    QCOMPARE(
        f.customer(QStringLiteral("pay"), { { QStringLiteral("combine_out_trade_no"), QStringLiteral("COMB-0002") } })
            .status,
        409);
    // A sub-order's out_trade_no is taken.
    QCOMPARE(f.client
                 ->post("/v3/pay/transactions/native",
                        f.nativeOrder(QStringLiteral("COMB-0002-A"), 100, QStringLiteral("https://e.com/n")))
                 .code(),
             QStringLiteral("OUT_TRADE_NO_USED"));
    QCOMPARE(f.client->get("/v3/combine-transactions/out-trade-no/COMB-9999").status, 404);
}

void TestSandbox::certificatesInCertificateMode()
{
    const HttpReply reply = f.client->get("/v3/certificates");
    QCOMPARE(reply.status, 200);
    QVERIFY(verifyAnswer(reply, f.keys()).ok());
    const QJsonArray data = reply.json().value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 1);
    const QJsonObject entry = data.first().toObject();
    const QJsonObject encrypted = entry.value(QLatin1String("encrypt_certificate")).toObject();
    QCOMPARE(encrypted.value(QLatin1String("associated_data")).toString(), QStringLiteral("certificate"));
    auto resource = EncryptedResource::fromJson(encrypted);
    QVERIFY(resource.ok());
    auto pem = resource->decrypt(f.apiV3Key());
    QVERIFY(pem.ok());
    auto certificate = Certificate::fromPem(*pem);
    QVERIFY(certificate.ok());
    QCOMPARE(certificate->serialHex(), entry.value(QLatin1String("serial_no")).toString());
    QCOMPARE(certificate->serialHex(), f.server->activePlatformCertificate().serialHex());
    QVERIFY(entry.value(QLatin1String("expire_time")).toString().endsWith(QLatin1String("+08:00")));
    // A client that knows only the downloaded certificate verifies answers.
    PlatformKeys fromDownload;
    fromDownload.addCertificate(*certificate);
    QVERIFY(verifyAnswer(reply, fromDownload).ok());
    QVERIFY(verifyAnswer(f.client->get("/v3/certificates?algorithm_type=RSA"), fromDownload).ok());
}

void TestSandbox::publicKeyModeHasNoCertificates()
{
    QVERIFY(f.server->setKeyMode(QStringLiteral("1900000109"), KeyMode::PublicKey).ok());
    const HttpReply certificates = f.client->get("/v3/certificates");
    QCOMPARE(certificates.status, 404);
    QCOMPARE(certificates.code(), QStringLiteral("RESOURCE_NOT_EXISTS"));

    const HttpReply created
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("PUBKEY-01"), 100, QStringLiteral("https://e.com/n")));
    QCOMPARE(created.status, 200);
    QCOMPARE(created.header("Wechatpay-Serial"), f.server->platformPublicKeyId().toLatin1());
    QVERIFY(f.server->platformPublicKeyId().startsWith(QLatin1String("PUB_KEY_ID_")));
    PlatformKeys publicKeyOnly;
    publicKeyOnly.setPublicKey(f.server->platformPublicKeyId(), f.server->platformPublicKey());
    QVERIFY(verifyAnswer(created, publicKeyOnly).ok());
    PlatformKeys certificateOnly;
    for (const Certificate &c : f.server->platformCertificates())
        certificateOnly.addCertificate(c);
    QCOMPARE(verifyAnswer(created, certificateOnly).error().kind, VerifyFailure::UnknownSerial);
}

void TestSandbox::bothModeAnswersWithTheKeyAskedFor_data()
{
    QTest::addColumn<QByteArray>("header"); // the request's Wechatpay-Serial; empty: none
    QTest::addColumn<bool>("publicKey"); // the answer is signed with the public key
    QTest::newRow("no header: the certificate") << QByteArray() << false;
    QTest::newRow("PUB_KEY_ID: the public key") << QByteArray("PUB_KEY_ID") << true;
    QTest::newRow("a certificate serial: the certificate") << QByteArray("CERT") << false;
}

// In a migration the merchant chooses, per request, how WeChat Pay signs the
// answer: never a coin toss.
void TestSandbox::bothModeAnswersWithTheKeyAskedFor()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, publicKey);
    QVERIFY(f.server->setKeyMode(QStringLiteral("1900000109"), KeyMode::Both).ok());
    f.createOrder(QStringLiteral("BOTH-0001"), 100);
    const QByteArray keyId = f.server->platformPublicKeyId().toLatin1();
    const QByteArray certificateSerial = f.server->activePlatformCertificate().serialHex().toLatin1();
    RequestTweaks tweaks;
    if (header == "PUB_KEY_ID")
        tweaks.headers = { { "Wechatpay-Serial", keyId } };
    else if (header == "CERT")
        tweaks.headers = { { "Wechatpay-Serial", certificateSerial } };
    for (int i = 0; i < 12; ++i) {
        const HttpReply reply = f.client->get("/v3/pay/transactions/out-trade-no/BOTH-0001?mchid=1900000109", tweaks);
        QCOMPARE(reply.status, 200);
        QVERIFY(verifyAnswer(reply, f.keys()).ok());
        QCOMPARE(reply.header("Wechatpay-Serial"), publicKey ? keyId : certificateSerial);
    }
    QCOMPARE(f.client->get("/v3/certificates").status, 200);
}

void TestSandbox::bothModeNotificationsFollowTheSwitchOver_data()
{
    QTest::addColumn<int>("percent"); // of notifications signed with the public key
    QTest::newRow("0%: all by certificate") << 0;
    QTest::newRow("50%: either") << 50;
    QTest::newRow("100%: all by public key") << 100;
}

void TestSandbox::bothModeNotificationsFollowTheSwitchOver()
{
    QFETCH(int, percent);
    sandbox::SandboxOptions options = SandboxFixture::fastOptions();
    options.notifyPublicKeyPercent = percent;
    f = SandboxFixture();
    QVERIFY(f.start(options, KeyMode::Both));
    NotificationReceiver receiver;
    constexpr int Orders = 10;
    for (int i = 0; i < Orders; ++i) {
        const QString no = QStringLiteral("SWITCH-%1").arg(i, 4, 10, QLatin1Char('0'));
        QVERIFY(!f.createOrder(no, 100 + i, receiver.url()).isEmpty());
        QCOMPARE(f.customer(QStringLiteral("pay"), { { QStringLiteral("out_trade_no"), no } }).status, 200);
    }
    QVERIFY(receiver.waitFor(Orders));
    const QByteArray keyId = f.server->platformPublicKeyId().toLatin1();
    int byPublicKey = 0;
    for (const auto &delivery : std::as_const(receiver.deliveries)) {
        QString problem;
        QVERIFY2(!NotificationReceiver::open(delivery, f.keys(), f.apiV3Key(), &problem).isEmpty(),
                 qPrintable(problem));
        for (const auto &[name, value] : delivery.headers) {
            if (name.compare("Wechatpay-Serial", Qt::CaseInsensitive) == 0 && value == keyId)
                ++byPublicKey;
        }
    }
    const int total = int(receiver.deliveries.size());
    if (percent == 0)
        QCOMPARE(byPublicKey, 0);
    else if (percent == 100)
        QCOMPARE(byPublicKey, total);
    else
        QVERIFY2(byPublicKey > 0 && byPublicKey < total, qPrintable(QString::number(byPublicKey)));
}

void TestSandbox::apiClientAsksForItsKey_data()
{
    QTest::addColumn<bool>("hasPublicKey"); // the profile holds the WeChat Pay public key (and no certificate)
    QTest::newRow("public key: sends PUB_KEY_ID, answers by public key") << true;
    QTest::newRow("certificates only: no header, answers by certificate") << false;
}

// PayDesk's own client against the sandbox in migration mode: a profile with
// the public key names it in Wechatpay-Serial and gets every answer signed with
// it, with no detour through /v3/certificates; one with certificates only
// sends no header and gets the certificate.
void TestSandbox::apiClientAsksForItsKey()
{
    QFETCH(bool, hasPublicKey);
    QVERIFY(f.server->setKeyMode(QStringLiteral("1900000109"), KeyMode::Both).ok());
    MerchantCredentials credentials = f.world.credentials(false, false);
    if (hasPublicKey) {
        credentials.platformKeys.setPublicKey(f.server->platformPublicKeyId(), f.server->platformPublicKey());
    } else {
        for (const Certificate &c : f.server->platformCertificates())
            credentials.platformKeys.addCertificate(c);
    }
    ApiClient::Options options;
    options.baseUrl = f.server->baseUrl();
    options.certificateRefreshHours = 0;
    options.maxAttempts = 1;
    ApiClient client(credentials, options);
    QSignalSpy activity(f.server.get(), &SandboxServer::activity);

    NativeOrderRequest order;
    order.outTradeNo = QStringLiteral("ASKS-0001");
    order.description = QStringLiteral("Tea");
    order.amountTotal = 100;
    order.notifyUrl = QStringLiteral("https://example.com/notify");
    std::optional<ApiResult<CodeUrlResult>> created;
    client.createNativeOrder(order, [&](ApiResult<CodeUrlResult> r) { created = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 10000);
    QVERIFY2(*created, *created ? "" : qPrintable(created->error().toString()));
    for (int i = 0; i < 4; ++i) {
        std::optional<ApiResult<Transaction>> queried;
        client.queryByOutTradeNo(order.outTradeNo, [&](ApiResult<Transaction> r) { queried = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(queried.has_value(), 10000);
        QVERIFY2(*queried, *queried ? "" : qPrintable(queried->error().toString()));
    }

    const QString expected
        = hasPublicKey ? f.server->platformPublicKeyId() : f.server->activePlatformCertificate().serialHex();
    int answers = 0;
    for (const QList<QVariant> &event : std::as_const(activity)) {
        if (event.at(0).toString() != QLatin1String("request"))
            continue;
        const QJsonObject what = event.at(1).toJsonObject();
        const QString target = what.value(QLatin1String("target")).toString();
        QVERIFY2(!target.startsWith(QLatin1String("/v3/certificates")), qPrintable(target));
        QCOMPARE(what.value(QLatin1String("signed_with")).toString(), expected);
        ++answers;
    }
    QCOMPARE(answers, 5);
}

void TestSandbox::certificateRotation()
{
    const Certificate old = f.server->activePlatformCertificate();
    PlatformKeys clientKeys;
    clientKeys.addCertificate(old);
    f.createOrder(QStringLiteral("ROT-00001"), 100);
    QVERIFY(
        verifyAnswer(f.client->get("/v3/pay/transactions/out-trade-no/ROT-00001?mchid=1900000109"), clientKeys).ok());

    const auto rotated = control(f.server->baseUrl(), "POST", "/sandbox/certificates/rotate");
    QCOMPARE(rotated.status, 200);
    const QString newSerial = rotated.json().value(QLatin1String("serial_no")).toString();
    QVERIFY(newSerial != old.serialHex());

    // Answers are now signed with the new certificate: the client sees an unknown serial...
    const HttpReply answer = f.client->get("/v3/pay/transactions/out-trade-no/ROT-00001?mchid=1900000109");
    QCOMPARE(answer.header("Wechatpay-Serial"), newSerial.toLatin1());
    QCOMPARE(verifyAnswer(answer, clientKeys).error().kind, VerifyFailure::UnknownSerial);
    // ... refreshes, finds both beside each other, and verifies.
    const HttpReply list = f.client->get("/v3/certificates");
    const QJsonArray data = list.json().value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 2);
    for (const QJsonValue &entry : data) {
        auto resource
            = EncryptedResource::fromJson(entry.toObject().value(QLatin1String("encrypt_certificate")).toObject());
        clientKeys.addCertificate(Certificate::fromPem(resource->decrypt(f.apiV3Key()).value()).value());
    }
    QVERIFY(verifyAnswer(list, clientKeys).ok());
    QVERIFY(verifyAnswer(answer, clientKeys).ok());
}

void TestSandbox::clockOffsetMakesSignaturesStale()
{
    f.createOrder(QStringLiteral("CLOCK-001"), 100);
    QCOMPARE(
        control(f.server->baseUrl(), "POST", "/sandbox/clock", { { QStringLiteral("offset_seconds"), 600 } }).status,
        200);
    const HttpReply refused = f.client->get("/v3/pay/transactions/out-trade-no/CLOCK-001?mchid=1900000109");
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.code(), QStringLiteral("SIGN_ERROR"));
    // A client whose clock agrees with the sandbox's gets in, and sees the skew in the answer.
    RequestTweaks skewed;
    skewed.timestamp = QDateTime::currentSecsSinceEpoch() + 600;
    const HttpReply answer = f.client->get("/v3/pay/transactions/out-trade-no/CLOCK-001?mchid=1900000109", skewed);
    QCOMPARE(answer.status, 200);
    QCOMPARE(verifyAnswer(answer, f.keys()).error().kind, VerifyFailure::StaleTimestamp);
    QCOMPARE(control(f.server->baseUrl(), "POST", "/sandbox/clock", { { QStringLiteral("offset_seconds"), 0 } }).status,
             200);
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/CLOCK-001?mchid=1900000109").status, 200);
}

void TestSandbox::controlApi()
{
    const QUrl base = f.server->baseUrl();
    QCOMPARE(control(base, "GET", "/sandbox/health").json().value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(control(base, "GET", "/sandbox/merchants").json().value(QLatin1String("merchants")).toArray().size(), 2);
    const QJsonObject platform = control(base, "GET", "/sandbox/platform").json();
    QCOMPARE(platform.value(QLatin1String("certificates")).toArray().size(), 1);
    QVERIFY(platform.value(QLatin1String("public_key"))
                .toObject()
                .value(QLatin1String("id"))
                .toString()
                .startsWith(QLatin1String("PUB_KEY_ID_")));

    const QString codeUrl = f.createOrder(QStringLiteral("CTRL-0001"), 880);
    HttpReply paid = control(base, "POST", "/sandbox/customer/pay", { { QStringLiteral("code_url"), codeUrl } });
    QCOMPARE(paid.status, 200);
    QCOMPARE(paid.json().value(QLatin1String("order")).toObject().value(QLatin1String("trade_state")).toString(),
             QStringLiteral("SUCCESS"));
    const QJsonArray orders
        = control(base, "GET", "/sandbox/orders?mchid=1900000109").json().value(QLatin1String("orders")).toArray();
    QCOMPARE(orders.size(), 1);
    QCOMPARE(orders.first().toObject().value(QLatin1String("code_url")).toString(), codeUrl);
    const QJsonArray ledger = control(base, "GET", "/sandbox/ledger").json().value(QLatin1String("ledger")).toArray();
    QCOMPARE(ledger.size(), 1);
    QCOMPARE(ledger.first().toObject().value(QLatin1String("kind")).toString(), QStringLiteral("PAYMENT"));
    QCOMPARE(ledger.first().toObject().value(QLatin1String("amount")).toInt(), 880);
    QCOMPARE(
        control(base, "GET", "/sandbox/notifications").json().value(QLatin1String("notifications")).toArray().size(),
        1);
    QCOMPARE(control(base, "GET", "/sandbox/refunds").json().value(QLatin1String("refunds")).toArray().size(), 0);

    HttpReply fault
        = control(base, "POST", "/sandbox/faults",
                  { { QStringLiteral("kind"), QStringLiteral("system_error") }, { QStringLiteral("count"), 1 } });
    QCOMPARE(fault.status, 200);
    QCOMPARE(control(base, "GET", "/sandbox/faults").json().value(QLatin1String("faults")).toArray().size(), 1);
    QCOMPARE(
        control(base, "POST", "/sandbox/faults", { { QStringLiteral("kind"), QStringLiteral("gremlins") } }).status,
        400);
    QCOMPARE(control(base, "DELETE", "/sandbox/faults").json().value(QLatin1String("faults")).toArray().size(), 0);

    QCOMPARE(control(base, "POST", "/sandbox/reset").status, 200);
    QCOMPARE(control(base, "GET", "/sandbox/orders").json().value(QLatin1String("orders")).toArray().size(), 0);
    QCOMPARE(f.client->get("/v3/pay/transactions/out-trade-no/CTRL-0001?mchid=1900000109").status, 404);
    QCOMPARE(control(base, "GET", "/sandbox/merchants").json().value(QLatin1String("merchants")).toArray().size(), 2);
    QCOMPARE(control(base, "GET", "/sandbox/nothing").status, 404);
    QCOMPARE(control(base, "POST", "/sandbox/customer/pay", {}).status, 400);

    // Registering a merchant through the control API.
    const TestWorld other;
    const QJsonObject registration { { QStringLiteral("mchid"), QStringLiteral("1900000200") },
                                     { QStringLiteral("appid"), QStringLiteral("wx1111111111111111") },
                                     { QStringLiteral("apiv3_key"), QString::fromLatin1(other.apiV3Key) },
                                     { QStringLiteral("certificate_pem"),
                                       QString::fromLatin1(other.platform.certificate.toPem()) },
                                     { QStringLiteral("key_mode"), QStringLiteral("public_key") } };
    QCOMPARE(control(base, "POST", "/sandbox/merchants", registration).status, 200);
    MerchantClient third(base, QStringLiteral("1900000200"), other.platform.certificate.serialHex(),
                         other.platform.key);
    QCOMPARE(third.get("/v3/certificates").status, 404);
}

void TestSandbox::https()
{
    cleanup();
    auto options = SandboxFixture::fastOptions();
    options.https = true;
    QVERIFY(f.start(options));
    QSignalSpy activity(f.server.get(), &SandboxServer::activity);
    QCOMPARE(f.server->baseUrl().scheme(), QStringLiteral("https"));
    QVERIFY(!f.server->tlsCertificate().isNull());
    const HttpReply created
        = f.client->post("/v3/pay/transactions/native",
                         f.nativeOrder(QStringLiteral("TLS-00001"), 100, QStringLiteral("https://e.com/n")));
    QVERIFY2(created.status == 200, qPrintable(created.errorString));
    QVERIFY(verifyAnswer(created, f.keys()).ok());
    const HttpReply queried = f.client->get("/v3/pay/transactions/out-trade-no/TLS-00001?mchid=1900000109");
    QCOMPARE(queried.status, 200);
    QVERIFY(allTargetsFromWire(activity)); // the capture works under TLS too
    // A client that does not trust the certificate gets nowhere.
    MerchantClient untrusting(f.server->baseUrl(), QStringLiteral("1900000109"),
                              f.world.merchant.certificate.serialHex(), f.world.merchant.key);
    QVERIFY(untrusting.get("/v3/certificates").transportFailed());
}

void TestSandbox::trainingMerchant()
{
    cleanup();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    sandbox::TrainingOptions options;
    options.port = 18555;
    auto made = SandboxServer::initTrainingMerchant(dir.path(), options);
    QVERIFY2(made.ok(), made.ok() ? "" : qPrintable(made.error().message));
    QCOMPARE(made->subMerchants, QStringList({ QStringLiteral("1900000110"), QStringLiteral("1900000111") }));

    const QString keyPath = dir.filePath(QStringLiteral("merchant/apiclient_key.pem"));
    const QString apiV3Path = dir.filePath(QStringLiteral("merchant/apiv3.key"));
    QFile apiV3File(apiV3Path);
    QVERIFY(apiV3File.open(QIODevice::ReadOnly));
    const QByteArray apiV3Key = apiV3File.readAll();
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9A-Za-z]{32}$")).match(QString::fromLatin1(apiV3Key)).hasMatch());
    QCOMPARE(QFileInfo(apiV3Path).permissions()
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    QCOMPARE(QFileInfo(keyPath).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QFile keyFile(keyPath);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.readAll().startsWith("-----BEGIN PRIVATE KEY-----"));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("merchant/apiclient_cert.pem"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sandbox/sandbox.db"))));

    QFile profileFile(made->profilePath);
    QVERIFY(profileFile.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(profileFile.readAll()).object();
    QCOMPARE(root.value(QLatin1String("default_profile")).toString(), QStringLiteral("training"));
    const QJsonObject profile
        = root.value(QLatin1String("profiles")).toObject().value(QLatin1String("training")).toObject();
    const QStringList keys { QStringLiteral("training"),
                             QStringLiteral("mchid"),
                             QStringLiteral("appid"),
                             QStringLiteral("base_url"),
                             QStringLiteral("merchant_key_file"),
                             QStringLiteral("merchant_cert_file"),
                             QStringLiteral("apiv3_key_file"),
                             QStringLiteral("platform_cert_files"),
                             QStringLiteral("wechatpay_public_key_file"),
                             QStringLiteral("wechatpay_public_key_id"),
                             QStringLiteral("notify_url"),
                             QStringLiteral("terminal_id"),
                             QStringLiteral("store_name"),
                             QStringLiteral("sub_merchants") };
    QStringList actual = profile.keys();
    QStringList expected = keys;
    actual.sort();
    expected.sort();
    QCOMPARE(actual, expected);
    QCOMPARE(profile.value(QLatin1String("training")).toBool(), true);
    QCOMPARE(profile.value(QLatin1String("base_url")).toString(), QStringLiteral("http://127.0.0.1:18555"));
    QCOMPARE(profile.value(QLatin1String("merchant_key_file")).toString(),
             QStringLiteral("merchant/apiclient_key.pem"));
    QCOMPARE(profile.value(QLatin1String("apiv3_key_file")).toString(), QStringLiteral("merchant/apiv3.key"));
    QCOMPARE(profile.value(QLatin1String("platform_cert_files")).toArray().size(), 0);
    QCOMPARE(profile.value(QLatin1String("wechatpay_public_key_file")).toString(), QString());
    QVERIFY(profile.value(QLatin1String("appid")).toString().startsWith(QLatin1String("wx")));
    QCOMPARE(profile.value(QLatin1String("sub_merchants")).toArray().size(), 2);
    // No secret in the profile.
    QVERIFY(!profileFile.fileName().isEmpty());
    profileFile.seek(0);
    QVERIFY(!profileFile.readAll().contains(apiV3Key));

    // A second init refuses to overwrite.
    QVERIFY(!SandboxServer::initTrainingMerchant(dir.path(), options).ok());

    // The profile loads with core's loader and the credentials talk to the sandbox.
    auto store = ProfileStore::load(made->profilePath);
    QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
    auto loaded = store->profile();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
    auto credentials = loaded->loadCredentials();
    QVERIFY2(credentials.ok(), credentials.ok() ? "" : qPrintable(credentials.error().message));

    sandbox::SandboxOptions serve = SandboxFixture::fastOptions();
    serve.dataDir = made->sandboxDataDir;
    f.server = std::make_unique<SandboxServer>(serve);
    QVERIFY(f.server->start().ok());
    QCOMPARE(f.server->merchantIds().size(), 3);
    MerchantClient client(f.server->baseUrl(), credentials->mchid, credentials->certificateSerial,
                          credentials->merchantKey);
    const QJsonObject order { { QStringLiteral("appid"), credentials->appid },
                              { QStringLiteral("mchid"), credentials->mchid },
                              { QStringLiteral("description"), QStringLiteral("Training") },
                              { QStringLiteral("out_trade_no"), QStringLiteral("TRAIN-0001") },
                              { QStringLiteral("notify_url"), profile.value(QLatin1String("notify_url")).toString() },
                              { QStringLiteral("amount"), QJsonObject { { QStringLiteral("total"), 1 } } } };
    QCOMPARE(client.post("/v3/pay/transactions/native", order).status, 200);
    const HttpReply certificates = client.get("/v3/certificates");
    QCOMPARE(certificates.status, 200);
    auto resource = EncryptedResource::fromJson(certificates.json()
                                                    .value(QLatin1String("data"))
                                                    .toArray()
                                                    .first()
                                                    .toObject()
                                                    .value(QLatin1String("encrypt_certificate"))
                                                    .toObject());
    QVERIFY(resource->decrypt(credentials->apiV3Key).ok());
}

void TestSandbox::trainingMerchantPublicKeyMode()
{
    cleanup();
    QTemporaryDir dir;
    sandbox::TrainingOptions options;
    options.keyMode = KeyMode::PublicKey;
    auto made = SandboxServer::initTrainingMerchant(dir.path(), options);
    QVERIFY(made.ok());
    QFile profileFile(made->profilePath);
    QVERIFY(profileFile.open(QIODevice::ReadOnly));
    const QJsonObject profile = QJsonDocument::fromJson(profileFile.readAll())
                                    .object()
                                    .value(QLatin1String("profiles"))
                                    .toObject()
                                    .value(QLatin1String("training"))
                                    .toObject();
    const QString keyId = profile.value(QLatin1String("wechatpay_public_key_id")).toString();
    QVERIFY(keyId.startsWith(QLatin1String("PUB_KEY_ID_")));
    auto publicKey
        = PublicKey::fromFile(dir.filePath(profile.value(QLatin1String("wechatpay_public_key_file")).toString()));
    QVERIFY(publicKey.ok());

    sandbox::SandboxOptions serve = SandboxFixture::fastOptions();
    serve.dataDir = made->sandboxDataDir;
    f.server = std::make_unique<SandboxServer>(serve);
    QVERIFY(f.server->start().ok());
    QCOMPARE(f.server->platformPublicKeyId(), keyId);
    MerchantClient client(
        f.server->baseUrl(), made->mchid,
        Certificate::fromFile(dir.filePath(QStringLiteral("merchant/apiclient_cert.pem")))->serialHex(),
        PrivateKey::fromFile(dir.filePath(QStringLiteral("merchant/apiclient_key.pem"))).value());
    QCOMPARE(client.get("/v3/certificates").status, 404);
    const HttpReply created
        = client.post("/v3/pay/transactions/native",
                      { { QStringLiteral("appid"), made->appid },
                        { QStringLiteral("mchid"), made->mchid },
                        { QStringLiteral("description"), QStringLiteral("x") },
                        { QStringLiteral("out_trade_no"), QStringLiteral("TRAIN-PK-01") },
                        { QStringLiteral("notify_url"), QStringLiteral("https://e.com/n") },
                        { QStringLiteral("amount"), QJsonObject { { QStringLiteral("total"), 1 } } } });
    QCOMPARE(created.status, 200);
    PlatformKeys keys;
    keys.setPublicKey(keyId, *publicKey);
    QVERIFY(verifyAnswer(created, keys).ok());
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
