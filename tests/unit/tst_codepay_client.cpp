// SPDX-License-Identifier: MIT
// Code pay in the protocol client: which payment codes are accepted, what the
// codepay body looks like, and how each answer WeChat Pay may give (200 paid,
// 202 USERPAYING with nothing but the state, an error body USERPAYING, a
// refusal, a 200/204 reverse) becomes a typed result. The fake answers on a
// real loopback socket and signs like WeChat Pay.
#include "testfixtures.h"

#include "crypto/securerandom.h"
#include "wechatpay/apiclient.h"
#include "wechatpay/requestsigner.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <optional>

using namespace paydesk;
using namespace paydesk::testing;

namespace {

struct Answer
{
    int status = 200;
    QByteArray body;
    bool sign = true;
};

class FakeWechatPay : public QAbstractHttpServer
{
public:
    explicit FakeWechatPay(const TestWorld &world) : signer(world.certificateSigner())
    {
        port = listen(QHostAddress::LocalHost);
    }
    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)); }

    Answer next;
    QByteArray lastPath;
    QJsonObject lastBody;
    ResponseSigner signer;
    quint16 port = 0;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        lastPath = request.url().path(QUrl::FullyEncoded).toLatin1();
        lastBody = QJsonDocument::fromJson(request.body()).object();
        QList<QPair<QByteArray, QByteArray>> headers;
        if (next.sign)
            headers = signer.sign(next.body, QDateTime::currentSecsSinceEpoch(), SecureRandom::alphanumeric(32)).value();
        headers.append({QByteArray("Request-ID"), QByteArray("08FAKE")});
        if (!next.body.isEmpty())
            headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
        QHttpServerResponder responder = makeResponder(request, socket);
        responder.writeStatusLine(QHttpServerResponder::StatusCode(next.status));
        for (const auto &[name, value] : headers)
            responder.writeHeader(name, value);
        responder.writeHeader("Content-Length", QByteArray::number(next.body.size()));
        responder.writeBody(next.body);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}
};

Answer json(int status, const QJsonObject &o, bool sign = true)
{
    return {status, QJsonDocument(o).toJson(QJsonDocument::Compact), sign};
}

CodePayRequest request(const QString &authCode = QStringLiteral("134567890123456789"))
{
    CodePayRequest r;
    r.appid = QStringLiteral("wxd678efh567hg6787");
    r.mchid = QStringLiteral("1900000109");
    r.description = QStringLiteral("Noodles");
    r.outTradeNo = QStringLiteral("PD2405201329350001");
    r.authCode = authCode;
    r.amountTotal = 1250;
    r.deviceIp = QStringLiteral("192.168.1.20");
    r.storeOutId = QStringLiteral("T01");
    return r;
}

} // namespace

class TestCodePayClient : public QObject
{
    Q_OBJECT

private:
    TestWorld world;
    std::unique_ptr<FakeWechatPay> fake;
    std::unique_ptr<ApiClient> client;

    ApiResult<CodePayResult> codePay(const CodePayRequest &r)
    {
        std::optional<ApiResult<CodePayResult>> result;
        client->createCodePay(r, [&](ApiResult<CodePayResult> answer) { result.emplace(std::move(answer)); });
        (void)QTest::qWaitFor([&] { return result.has_value(); }, 10000);
        return result.value_or(ApiResult<CodePayResult>(ApiError{}));
    }

private slots:
    void init()
    {
        fake = std::make_unique<FakeWechatPay>(world);
        ApiClient::Options o;
        o.baseUrl = fake->baseUrl();
        o.maxAttempts = 1;
        o.certificateRefreshHours = 0;
        client = std::make_unique<ApiClient>(world.credentials(), o);
    }
    void cleanup()
    {
        client.reset();
        fake.reset();
    }

    void authCodes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("valid");
        for (int prefix = 10; prefix <= 15; ++prefix)
            QTest::addRow("prefix %d", prefix) << QString::number(prefix) + QStringLiteral("4567890123456789") << true;
        QTest::newRow("prefix 16") << QStringLiteral("164567890123456789") << false;
        QTest::newRow("prefix 09") << QStringLiteral("094567890123456789") << false;
        QTest::newRow("Alipay 28") << QStringLiteral("284567890123456789") << false;
        QTest::newRow("17 digits") << QStringLiteral("13456789012345678") << false;
        QTest::newRow("19 digits") << QStringLiteral("1345678901234567890") << false;
        QTest::newRow("letter") << QStringLiteral("13456789012345678a") << false;
        QTest::newRow("full-width digit") << QStringLiteral("13456789012345678９") << false;
        QTest::newRow("space") << QStringLiteral("134567890123456 89") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void authCodes()
    {
        QFETCH(QString, code);
        QFETCH(bool, valid);
        QCOMPARE(isValidAuthCode(code), valid);
        const auto checked = request(code).validate();
        QCOMPARE(bool(checked), valid);
        if (!valid) {
            QVERIFY(checked.error().message.contains(QStringLiteral("payment code")));
            if (!code.isEmpty())
                QVERIFY(!checked.error().message.contains(code)); // a customer's credential is never echoed
        }
    }

    void bodyHasTheDocumentedShape()
    {
        CodePayRequest r = request();
        r.storeName = QStringLiteral("Test Store");
        const QJsonObject o = r.toJson();
        QCOMPARE(o.value(QLatin1String("payer")).toObject().value(QLatin1String("auth_code")).toString(), r.authCode);
        QCOMPARE(o.value(QLatin1String("amount")).toObject().value(QLatin1String("total")).toInteger(), 1250);
        QCOMPARE(o.value(QLatin1String("amount")).toObject().value(QLatin1String("currency")).toString(), QStringLiteral("CNY"));
        const QJsonObject scene = o.value(QLatin1String("scene_info")).toObject();
        QCOMPARE(scene.value(QLatin1String("device_ip")).toString(), QStringLiteral("192.168.1.20"));
        QCOMPARE(scene.value(QLatin1String("store_info")).toObject().value(QLatin1String("out_id")).toString(), QStringLiteral("T01"));
        QVERIFY(!o.contains(QLatin1String("notify_url"))); // code pay has none

        CodePayRequest noIp = request();
        noIp.deviceIp.clear();
        QVERIFY(!noIp.validate());
        CodePayRequest noStore = request();
        noStore.storeOutId.clear();
        QVERIFY(!noStore.validate());
    }

    void paidAtOnce()
    {
        fake->next = json(200, {{QStringLiteral("appid"), QStringLiteral("wxd678efh567hg6787")},
                                {QStringLiteral("mchid"), QStringLiteral("1900000109")},
                                {QStringLiteral("out_trade_no"), QStringLiteral("PD2405201329350001")},
                                {QStringLiteral("transaction_id"), QStringLiteral("4200000001202405201234567890")},
                                {QStringLiteral("trade_type"), QStringLiteral("MICROPAY")},
                                {QStringLiteral("trade_state"), QStringLiteral("SUCCESS")},
                                {QStringLiteral("success_time"), QStringLiteral("2024-05-20T13:29:35+08:00")},
                                {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 1250},
                                                                       {QStringLiteral("payer_total"), 1250},
                                                                       {QStringLiteral("currency"), QStringLiteral("CNY")}}}});
        const auto r = codePay(request());
        QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
        QVERIFY(r->paid());
        QCOMPARE(r->transaction.tradeType, QStringLiteral("MICROPAY"));
        QCOMPARE(r->transaction.amount.total, 1250);
        QCOMPARE(fake->lastPath, QByteArray("/v3/pay/transactions/codepay"));
        QCOMPARE(fake->lastBody.value(QLatin1String("payer")).toObject().value(QLatin1String("auth_code")).toString(),
                 QStringLiteral("134567890123456789"));
    }

    void userPaying_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("sign");
        QTest::newRow("202, only trade_state") << 202 << QByteArray(R"({"trade_state":"USERPAYING"})") << true;
        QTest::newRow("202, error-style body") << 202 << QByteArray(R"({"code":"USERPAYING","message":"需要用户输入支付密码"})") << true;
        QTest::newRow("200 with USERPAYING") << 200 << QByteArray(R"({"trade_state":"USERPAYING"})") << true;
        QTest::newRow("403 USER_PAYING, unsigned") << 403 << QByteArray(R"({"code":"USER_PAYING","message":"用户支付中"})") << false;
    }
    void userPaying()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, sign);
        fake->next = {status, body, sign};
        const auto r = codePay(request());
        QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
        QVERIFY(r->userPaying());
        QVERIFY(!r->paid());
    }

    void refusalIsAnError()
    {
        fake->next = json(403, {{QStringLiteral("code"), QStringLiteral("NOT_ENOUGH")},
                                {QStringLiteral("message"), QStringLiteral("用户余额不足")}}, false);
        const auto r = codePay(request());
        QVERIFY(!r);
        QVERIFY(r.error().is(QStringLiteral("NOTENOUGH")));
        QVERIFY(!r.error().outcomeUnknown);
        QVERIFY(!r.error().retryable);
    }

    void unsignedSuccessIsNeverTrusted()
    {
        fake->next = {202, QByteArray(R"({"trade_state":"USERPAYING"})"), false};
        const auto r = codePay(request());
        QVERIFY(!r);
        QVERIFY(r.error().outcomeUnknown); // the order may exist: query, then reverse
    }

    void invalidCodeNeverSent()
    {
        fake->lastPath.clear();
        const auto r = codePay(request(QStringLiteral("6901234567892")));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("INVALID_ARGUMENT"));
        QTest::qWait(50);
        QVERIFY(fake->lastPath.isEmpty());
    }

    void reverse_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("200 with the order") << 200
            << QByteArray(R"({"appid":"wxd678efh567hg6787","mchid":"1900000109","out_trade_no":"PD2405201329350001"})");
        QTest::newRow("204") << 204 << QByteArray();
    }
    void reverse()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        fake->next = {status, body, true};
        std::optional<ApiResult<ApiClient::Done>> result;
        client->reverseOrder(QStringLiteral("PD2405201329350001"), [&](ApiResult<ApiClient::Done> r) { result.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY2(*result, *result ? "" : qPrintable(result->error().toString()));
        QCOMPARE(fake->lastPath, QByteArray("/v3/pay/transactions/out-trade-no/PD2405201329350001/reverse"));
        QCOMPARE(fake->lastBody.value(QLatin1String("appid")).toString(), QStringLiteral("wxd678efh567hg6787"));
        QCOMPARE(fake->lastBody.value(QLatin1String("mchid")).toString(), QStringLiteral("1900000109"));
    }
};

QTEST_GUILESS_MAIN(TestCodePayClient)
#include "tst_codepay_client.moc"
