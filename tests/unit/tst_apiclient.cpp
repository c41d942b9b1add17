// SPDX-License-Identifier: MIT
// ApiClient against a small fake WeChat Pay running in this process on a real
// loopback socket: the fake checks every request's Authorization with the
// merchant's public key and signs its answers like WeChat Pay (ResponseSigner),
// or tampers with them on purpose.
#include "testfixtures.h"

#include "crypto/securerandom.h"
#include "wechatpay/apiclient.h"
#include "wechatpay/encryptedresource.h"
#include "wechatpay/requestsigner.h"

#include <QAbstractHttpServer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <zlib.h>

#include <functional>
#include <memory>
#include <optional>

using namespace paydesk;
using namespace paydesk::testing;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

namespace {

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// What the fake saw of one request.
struct Seen
{
    QByteArray method;
    QByteArray target; // raw request target: path?query, percent-encoded
    QByteArray body;
    HeaderList headers;
    bool signatureOk = false;
    QString authProblem;
    QByteArray nonce;

    QByteArray path() const { return target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?')); }
    QByteArray header(const QByteArray &name) const { return headerValue(headers, name); }
};

// How the fake answers one request.
struct Answer
{
    int status = 200;
    QByteArray body;
    bool sign = true;
    std::optional<ResponseSigner> signer; // default: the fake's
    qint64 timestampShift = 0;
    std::function<void(QByteArray &body, HeaderList &headers)> tamper; // after signing
    bool silent = false; // never answer: the client times out
    bool drop = false;   // close the connection without an answer
};

Answer json(int status, const QJsonObject &body)
{
    Answer a;
    a.status = status;
    a.body = compact(body);
    return a;
}

Answer wechatError(int status, const QString &code, const QString &message = QStringLiteral("失败"))
{
    Answer a = json(status, {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}});
    a.sign = false; // error answers are often unsigned
    return a;
}

QByteArray certificateList(const QList<Certificate> &certificates, const QByteArray &apiV3Key,
                           const QString &listedSerial = {})
{
    QJsonArray data;
    for (const Certificate &c : certificates) {
        auto sealed = EncryptedResource::encrypt(apiV3Key, c.toPem(), "certificate", QStringLiteral("certificate"));
        data.append(QJsonObject{
            {QStringLiteral("serial_no"), listedSerial.isEmpty() ? c.serialHex() : listedSerial},
            {QStringLiteral("effective_time"), formatWechatTime(c.notBefore().toOffsetFromUtc(8 * 3600))},
            {QStringLiteral("expire_time"), formatWechatTime(c.notAfter().toOffsetFromUtc(8 * 3600))},
            {QStringLiteral("encrypt_certificate"), sealed.value().toJson()},
        });
    }
    return compact({{QStringLiteral("data"), data}});
}

class FakeWechatPay : public QAbstractHttpServer
{
public:
    using Route = std::function<Answer(const Seen &)>;

    explicit FakeWechatPay(const TestWorld &world)
        : signer(world.certificateSigner()), merchantKey(world.merchant.key.publicKey()),
          merchantSerial(world.merchant.certificate.serialHex().toLatin1()), apiV3Key(world.apiV3Key),
          certificates{world.platform.certificate}
    {
        port = listen(QHostAddress::LocalHost);
    }

    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)); }

    void on(const QByteArray &pathPrefix, Route route) { routes.prepend({pathPrefix, std::move(route)}); }

    int count(const QByteArray &pathPrefix) const
    {
        int n = 0;
        for (const Seen &s : seen)
            n += s.path().startsWith(pathPrefix) ? 1 : 0;
        return n;
    }
    QList<Seen> requestsTo(const QByteArray &pathPrefix) const
    {
        QList<Seen> result;
        for (const Seen &s : seen) {
            if (s.path().startsWith(pathPrefix))
                result.append(s);
        }
        return result;
    }

    ResponseSigner signer;
    PublicKey merchantKey;
    QByteArray merchantSerial;
    QByteArray apiV3Key;
    QList<Certificate> certificates;       // served by /v3/certificates
    std::optional<ResponseSigner> certificatesSigner;
    QList<Seen> seen;
    quint16 port = 0;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        Seen s;
        s.method = methodName(request.method());
        const QUrl url = request.url();
        s.target = url.path(QUrl::FullyEncoded).toLatin1();
        if (url.hasQuery())
            s.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        s.body = request.body();
        s.headers = request.headers();
        checkAuthorization(s);
        seen.append(s);

        Answer answer;
        if (!s.signatureOk) {
            answer = wechatError(401, QStringLiteral("SIGN_ERROR"), s.authProblem);
        } else {
            answer = route(s);
        }
        respond(request, socket, answer);
        return true;
    }

    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    QList<QPair<QByteArray, Route>> routes;

    Answer route(const Seen &s)
    {
        for (const auto &[prefix, handler] : routes) {
            if (s.path().startsWith(prefix))
                return handler(s);
        }
        if (s.path() == "/v3/certificates") {
            Answer a;
            a.body = certificateList(certificates, apiV3Key);
            a.signer = certificatesSigner;
            return a;
        }
        return wechatError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no route in the fake"));
    }

    static QByteArray methodName(QHttpServerRequest::Method method)
    {
        switch (method) {
        case QHttpServerRequest::Method::Get: return "GET";
        case QHttpServerRequest::Method::Post: return "POST";
        default: return "OTHER";
        }
    }

    void checkAuthorization(Seen &s) const
    {
        auto auth = AuthorizationHeader::parse(s.header("Authorization"));
        if (!auth) {
            s.authProblem = auth.error().message;
            return;
        }
        s.nonce = auth->nonce;
        if (auth->mchid != "1900000109" || auth->serialNo != merchantSerial) {
            s.authProblem = QStringLiteral("mchid or serial_no is not the merchant's");
            return;
        }
        const qint64 timestamp = auth->timestamp.toLongLong();
        if (qAbs(timestamp - QDateTime::currentSecsSinceEpoch()) > 300) {
            s.authProblem = QStringLiteral("timestamp out of window");
            return;
        }
        const QByteArray message = RequestSigner::message(s.method, s.target, timestamp, auth->nonce, s.body);
        if (!merchantKey.verify(message, QByteArray::fromBase64(auth->signature))) {
            s.authProblem = QStringLiteral("signature does not match");
            return;
        }
        s.signatureOk = true;
    }

    void respond(const QHttpServerRequest &request, QTcpSocket *socket, const Answer &a)
    {
        if (a.silent)
            return;
        if (a.drop) {
            socket->abort();
            return;
        }
        QByteArray body = a.body;
        HeaderList headers;
        if (a.sign) {
            const ResponseSigner &s = a.signer ? *a.signer : signer;
            headers = s.sign(body, QDateTime::currentSecsSinceEpoch() + a.timestampShift,
                             SecureRandom::alphanumeric(32)).value();
        }
        headers.append({QByteArray("Request-ID"), QByteArray("08FAKE") + QByteArray::number(seen.size())});
        if (!body.isEmpty())
            headers.append({QByteArray("Content-Type"), QByteArray("application/json; charset=utf-8")});
        if (a.tamper)
            a.tamper(body, headers);
        QHttpServerResponder responder = makeResponder(request, socket);
        responder.writeStatusLine(QHttpServerResponder::StatusCode(a.status));
        for (const auto &[name, value] : headers)
            responder.writeHeader(name, value);
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        responder.writeBody(body);
    }
};

void setHeader(HeaderList &headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            h.second = value;
    }
}

template<typename T>
struct Outcome
{
    std::optional<ApiResult<T>> result;
    int calls = 0;
    bool synchronous = false;

    bool ok() const { return result && result->ok(); }
    const ApiError &error() const { return result->error(); }
    const T &value() const { return result->value(); }
};

// Starts a call, checks it did not answer synchronously, waits for the answer
// and a little longer to catch a second invocation.
template<typename T>
Outcome<T> await(const std::function<void(ApiClient::Callback<T>)> &start, int timeoutMs = 20000)
{
    auto state = std::make_shared<Outcome<T>>();
    start([state](ApiResult<T> r) {
        ++state->calls;
        state->result.emplace(std::move(r));
    });
    state->synchronous = state->calls > 0;
    QElapsedTimer clock;
    clock.start();
    while (!state->result && clock.elapsed() < timeoutMs)
        QTest::qWait(2);
    QTest::qWait(20);
    return *state;
}

// A row of a data-driven table: starts some call and reports its outcome.
using Finish = std::function<void(std::optional<ApiError> error, QString problem)>;
using Invoke = std::function<void(ApiClient &, Finish)>;
using Tamper = std::function<void(QByteArray &, HeaderList &)>;

template<typename T>
ApiClient::Callback<T> finishWith(Finish finish, std::function<QString(const T &)> check = {})
{
    return [finish, check](ApiResult<T> r) {
        if (!r)
            finish(r.error(), {});
        else
            finish(std::nullopt, check ? check(r.value()) : QString());
    };
}

struct RowOutcome
{
    std::optional<ApiError> error;
    QString problem;
    int calls = 0;
    bool synchronous = false;
    bool done = false;
};

RowOutcome run(ApiClient &client, const Invoke &invoke, int timeoutMs = 20000)
{
    auto state = std::make_shared<RowOutcome>();
    invoke(client, [state](std::optional<ApiError> error, QString problem) {
        ++state->calls;
        state->done = true;
        state->error = std::move(error);
        state->problem = std::move(problem);
    });
    state->synchronous = state->calls > 0;
    QElapsedTimer clock;
    clock.start();
    while (!state->done && clock.elapsed() < timeoutMs)
        QTest::qWait(2);
    QTest::qWait(20);
    return *state;
}

QDateTime chinaTime(int y, int m, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, m, d), QTime(h, mi, s), Qt::OffsetFromUTC, 8 * 3600);
}

NativeOrderRequest nativeRequest(const QString &outTradeNo = QStringLiteral("PD20240520A1"))
{
    NativeOrderRequest r; // appid and mchid come from the credentials
    r.description = QStringLiteral("PayDesk 测试商品");
    r.outTradeNo = outTradeNo;
    r.timeExpire = chinaTime(2024, 5, 20, 13, 29, 35);
    r.attach = QStringLiteral("till 3");
    r.notifyUrl = QStringLiteral("https://paydesk.example/notify");
    r.amountTotal = 100;
    r.sceneInfo.payerClientIp = QStringLiteral("127.0.0.1");
    r.sceneInfo.deviceId = QStringLiteral("POS-3");
    return r;
}

CombineOrderRequest combineRequest()
{
    CombineOrderRequest r;
    r.combineOutTradeNo = QStringLiteral("CB20240520A1");
    r.notifyUrl = QStringLiteral("https://paydesk.example/notify");
    r.timeExpire = chinaTime(2024, 5, 20, 14, 0, 0);
    for (int i = 1; i <= 2; ++i) {
        CombineSubOrderRequest s;
        s.mchid = i == 1 ? QStringLiteral("1900000109") : QStringLiteral("1900000110");
        s.attach = QStringLiteral("shop %1").arg(i);
        s.amountTotal = 100 * i;
        s.outTradeNo = QStringLiteral("CB20240520A1-%1").arg(i);
        s.description = QStringLiteral("item %1").arg(i);
        r.subOrders.append(s);
    }
    return r;
}

RefundRequest refundRequest()
{
    RefundRequest r;
    r.outTradeNo = QStringLiteral("PD20240520A1");
    r.outRefundNo = QStringLiteral("RF20240520A1@1");
    r.reason = QStringLiteral("customer returned it");
    r.refund = 50;
    r.total = 100;
    return r;
}

QJsonObject transactionJson(const QString &outTradeNo, const QString &state = QStringLiteral("SUCCESS"))
{
    QJsonObject o{
        {QStringLiteral("appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("out_trade_no"), outTradeNo},
        {QStringLiteral("trade_type"), QStringLiteral("NATIVE")},
        {QStringLiteral("trade_state"), state},
        {QStringLiteral("trade_state_desc"), QStringLiteral("支付成功")},
    };
    if (state == QLatin1String("SUCCESS")) {
        o.insert(QStringLiteral("transaction_id"), QStringLiteral("4200001234202405201234567890"));
        o.insert(QStringLiteral("bank_type"), QStringLiteral("OTHERS"));
        o.insert(QStringLiteral("success_time"), QStringLiteral("2024-05-20T13:30:01+08:00"));
        o.insert(QStringLiteral("payer"), QJsonObject{{QStringLiteral("openid"), QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")}});
        o.insert(QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 100}, {QStringLiteral("payer_total"), 100},
                                                       {QStringLiteral("currency"), QStringLiteral("CNY")},
                                                       {QStringLiteral("payer_currency"), QStringLiteral("CNY")}});
    }
    return o;
}

QJsonObject refundJson(const QString &outRefundNo)
{
    return {
        {QStringLiteral("refund_id"), QStringLiteral("50300001232024052001234567890")},
        {QStringLiteral("out_refund_no"), outRefundNo},
        {QStringLiteral("transaction_id"), QStringLiteral("4200001234202405201234567890")},
        {QStringLiteral("out_trade_no"), QStringLiteral("PD20240520A1")},
        {QStringLiteral("channel"), QStringLiteral("ORIGINAL")},
        {QStringLiteral("user_received_account"), QStringLiteral("支付用户零钱")},
        {QStringLiteral("create_time"), QStringLiteral("2024-05-20T14:00:00+08:00")},
        {QStringLiteral("status"), QStringLiteral("PROCESSING")},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 100}, {QStringLiteral("refund"), 50},
                                               {QStringLiteral("payer_total"), 100}, {QStringLiteral("payer_refund"), 50},
                                               {QStringLiteral("currency"), QStringLiteral("CNY")}}},
    };
}

QJsonObject combineJson()
{
    QJsonArray subs;
    for (int i = 1; i <= 2; ++i) {
        subs.append(QJsonObject{
            {QStringLiteral("mchid"), i == 1 ? QStringLiteral("1900000109") : QStringLiteral("1900000110")},
            {QStringLiteral("trade_type"), QStringLiteral("NATIVE")},
            {QStringLiteral("trade_state"), QStringLiteral("NOTPAY")},
            {QStringLiteral("attach"), QStringLiteral("shop %1").arg(i)},
            {QStringLiteral("out_trade_no"), QStringLiteral("CB20240520A1-%1").arg(i)},
            {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total_amount"), 100 * i},
                                                   {QStringLiteral("currency"), QStringLiteral("CNY")}}},
        });
    }
    return {
        {QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("combine_mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("combine_out_trade_no"), QStringLiteral("CB20240520A1")},
        {QStringLiteral("sub_orders"), subs},
    };
}

QByteArray gzipped(const QByteArray &data)
{
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return out;
}

QByteArray billFile()
{
    QByteArray bill = "\xEF\xBB\xBF";
    bill += QStringLiteral("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态\r\n"
                           "`2024-05-20 13:29:35,`wxd678efh567hg6787,`1900000109,`0,`POS-3,`4200001234202405201234567890,"
                           "`PD20240520A1,`oUpF8u,`NATIVE,`SUCCESS\r\n"
                           "总交易单数,应结订单总金额\r\n`1,`1.00\r\n").toUtf8();
    return bill;
}

} // namespace

Q_DECLARE_METATYPE(Invoke)
Q_DECLARE_METATYPE(Tamper)

class TestApiClient : public QObject
{
    Q_OBJECT

private:
    TestWorld world;
    std::unique_ptr<FakeWechatPay> fake;

    std::unique_ptr<ApiClient> makeClient(MerchantCredentials credentials,
                                          const std::function<void(ApiClient::Options &)> &tweak = {})
    {
        ApiClient::Options options;
        options.baseUrl = fake->baseUrl();
        options.timeoutMs = 3000;
        options.maxAttempts = 3;
        options.initialBackoffMs = 5;
        options.maxBackoffMs = 20;
        if (tweak)
            tweak(options);
        return std::make_unique<ApiClient>(std::move(credentials), options);
    }
    std::unique_ptr<ApiClient> makeClient() { return makeClient(world.credentials()); }

private slots:
    void init() { fake = std::make_unique<FakeWechatPay>(world); QVERIFY(fake->port != 0); }
    void cleanup() { fake.reset(); }

    void requestShapes_data();
    void requestShapes();
    void publicKeyModeAnswers();
    void tamperedAnswers_data();
    void tamperedAnswers();
    void unknownSerialRefreshesOnce();
    void bootstrapWithoutPlatformKeys();
    void concurrentUnknownSerialsShareOneRefresh();
    void dateHeaderReportsSkew();
    void retriedThenSucceeds_data();
    void retriedThenSucceeds();
    void clientErrorsNeverRetried_data();
    void clientErrorsNeverRetried();
    void exhaustedRetries_data();
    void exhaustedRetries();
    void validationSendsNothing_data();
    void validationSendsNothing();
    void closeAnswerVerified();
    void certificatesDecryptedAndKept();
    void certificateFailures_data();
    void certificateFailures();
    void publicKeyOnlyMerchant_data();
    void publicKeyOnlyMerchant();
    void tradeBill_data();
    void tradeBill();
    void tradeBillErrors_data();
    void tradeBillErrors();
    void answerAboutAnotherOrderRejected();
    void destroyedWhileRunning();
};

// ---- request shapes -------------------------------------------------------------

void TestApiClient::requestShapes_data()
{
    QTest::addColumn<Invoke>("invoke");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("expectedBody"); // JSON; empty for GET
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer");

    const QByteArray native = compact(QJsonObject{
        {QStringLiteral("appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("description"), QStringLiteral("PayDesk 测试商品")},
        {QStringLiteral("out_trade_no"), QStringLiteral("PD20240520A1")},
        {QStringLiteral("time_expire"), QStringLiteral("2024-05-20T13:29:35+08:00")},
        {QStringLiteral("attach"), QStringLiteral("till 3")},
        {QStringLiteral("notify_url"), QStringLiteral("https://paydesk.example/notify")},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 100}, {QStringLiteral("currency"), QStringLiteral("CNY")}}},
        {QStringLiteral("scene_info"), QJsonObject{{QStringLiteral("payer_client_ip"), QStringLiteral("127.0.0.1")},
                                                   {QStringLiteral("device_id"), QStringLiteral("POS-3")}}},
    });
    QTest::newRow("native order")
        << Invoke([](ApiClient &c, Finish f) {
               c.createNativeOrder(nativeRequest(), finishWith<CodeUrlResult>(f, [](const CodeUrlResult &r) {
                                       return r.codeUrl == QLatin1String("weixin://wxpay/bizpayurl?pr=JyC91EIz1")
                                           ? QString() : QStringLiteral("code_url %1").arg(r.codeUrl);
                                   }));
           })
        << QByteArray("POST") << QByteArray("/v3/pay/transactions/native") << native << 200
        << compact({{QStringLiteral("code_url"), QStringLiteral("weixin://wxpay/bizpayurl?pr=JyC91EIz1")}});

    QTest::newRow("query by out_trade_no, | and * escaped")
        << Invoke([](ApiClient &c, Finish f) {
               c.queryByOutTradeNo(QStringLiteral("PD|2024*05-x_1"), finishWith<Transaction>(f, [](const Transaction &t) {
                                       return t.tradeState == QLatin1String("SUCCESS") && t.amount.total == 100
                                               && t.payer.openid == QLatin1String("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
                                               && t.successTime == chinaTime(2024, 5, 20, 13, 30, 1)
                                           ? QString() : QStringLiteral("transaction fields");
                                   }));
           })
        << QByteArray("GET") << QByteArray("/v3/pay/transactions/out-trade-no/PD%7C2024%2A05-x_1?mchid=1900000109")
        << QByteArray() << 200 << compact(transactionJson(QStringLiteral("PD|2024*05-x_1")));

    QTest::newRow("query by transaction_id")
        << Invoke([](ApiClient &c, Finish f) {
               c.queryByTransactionId(QStringLiteral("4200001234202405201234567890"),
                                      finishWith<Transaction>(f, [](const Transaction &t) {
                                          return t.outTradeNo == QLatin1String("PD20240520A1") ? QString() : QStringLiteral("out_trade_no");
                                      }));
           })
        << QByteArray("GET") << QByteArray("/v3/pay/transactions/id/4200001234202405201234567890?mchid=1900000109")
        << QByteArray() << 200 << compact(transactionJson(QStringLiteral("PD20240520A1")));

    QTest::newRow("close, 204 signed over an empty body")
        << Invoke([](ApiClient &c, Finish f) { c.closeOrder(QStringLiteral("PD20240520A1"), finishWith<ApiClient::Done>(f)); })
        << QByteArray("POST") << QByteArray("/v3/pay/transactions/out-trade-no/PD20240520A1/close")
        << compact({{QStringLiteral("mchid"), QStringLiteral("1900000109")}}) << 204 << QByteArray();

    const QByteArray combine = compact(QJsonObject{
        {QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("combine_mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("combine_out_trade_no"), QStringLiteral("CB20240520A1")},
        {QStringLiteral("time_expire"), QStringLiteral("2024-05-20T14:00:00+08:00")},
        {QStringLiteral("notify_url"), QStringLiteral("https://paydesk.example/notify")},
        {QStringLiteral("sub_orders"), QJsonArray{
            QJsonObject{{QStringLiteral("mchid"), QStringLiteral("1900000109")}, {QStringLiteral("attach"), QStringLiteral("shop 1")},
                        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total_amount"), 100}, {QStringLiteral("currency"), QStringLiteral("CNY")}}},
                        {QStringLiteral("out_trade_no"), QStringLiteral("CB20240520A1-1")}, {QStringLiteral("description"), QStringLiteral("item 1")}},
            QJsonObject{{QStringLiteral("mchid"), QStringLiteral("1900000110")}, {QStringLiteral("attach"), QStringLiteral("shop 2")},
                        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total_amount"), 200}, {QStringLiteral("currency"), QStringLiteral("CNY")}}},
                        {QStringLiteral("out_trade_no"), QStringLiteral("CB20240520A1-2")}, {QStringLiteral("description"), QStringLiteral("item 2")}},
        }},
    });
    QTest::newRow("combined order, amount.total_amount")
        << Invoke([](ApiClient &c, Finish f) { c.createCombineOrder(combineRequest(), finishWith<CodeUrlResult>(f)); })
        << QByteArray("POST") << QByteArray("/v3/combine-transactions/native") << combine << 200
        << compact({{QStringLiteral("code_url"), QStringLiteral("weixin://wxpay/bizpayurl?pr=CB")}});

    QTest::newRow("combined query")
        << Invoke([](ApiClient &c, Finish f) {
               c.queryCombineOrder(QStringLiteral("CB20240520A1"), finishWith<CombineTransaction>(f, [](const CombineTransaction &t) {
                                       return t.subOrders.size() == 2 && t.subOrders.at(1).totalAmount == 200
                                           ? QString() : QStringLiteral("sub-orders");
                                   }));
           })
        << QByteArray("GET") << QByteArray("/v3/combine-transactions/out-trade-no/CB20240520A1") << QByteArray()
        << 200 << compact(combineJson());

    QTest::newRow("combined close lists every sub-order")
        << Invoke([](ApiClient &c, Finish f) {
               c.closeCombineOrder(CombineCloseRequest::fromOrder(combineRequest()), finishWith<ApiClient::Done>(f));
           })
        << QByteArray("POST") << QByteArray("/v3/combine-transactions/out-trade-no/CB20240520A1/close")
        << compact({{QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787")},
                    {QStringLiteral("sub_orders"), QJsonArray{
                        QJsonObject{{QStringLiteral("mchid"), QStringLiteral("1900000109")}, {QStringLiteral("out_trade_no"), QStringLiteral("CB20240520A1-1")}},
                        QJsonObject{{QStringLiteral("mchid"), QStringLiteral("1900000110")}, {QStringLiteral("out_trade_no"), QStringLiteral("CB20240520A1-2")}}}}})
        << 204 << QByteArray();

    QTest::newRow("refund")
        << Invoke([](ApiClient &c, Finish f) {
               c.createRefund(refundRequest(), finishWith<Refund>(f, [](const Refund &r) {
                                  return r.status == QLatin1String("PROCESSING") && r.refund == 50 && r.total == 100
                                      ? QString() : QStringLiteral("refund fields");
                              }));
           })
        << QByteArray("POST") << QByteArray("/v3/refund/domestic/refunds")
        << compact({{QStringLiteral("out_trade_no"), QStringLiteral("PD20240520A1")},
                    {QStringLiteral("out_refund_no"), QStringLiteral("RF20240520A1@1")},
                    {QStringLiteral("reason"), QStringLiteral("customer returned it")},
                    {QStringLiteral("amount"), QJsonObject{{QStringLiteral("refund"), 50}, {QStringLiteral("total"), 100},
                                                           {QStringLiteral("currency"), QStringLiteral("CNY")}}}})
        << 200 << compact(refundJson(QStringLiteral("RF20240520A1@1")));

    QTest::newRow("refund query, @ escaped")
        << Invoke([](ApiClient &c, Finish f) { c.queryRefund(QStringLiteral("RF20240520A1@1"), finishWith<Refund>(f)); })
        << QByteArray("GET") << QByteArray("/v3/refund/domestic/refunds/RF20240520A1%401") << QByteArray()
        << 200 << compact(refundJson(QStringLiteral("RF20240520A1@1")));
}

void TestApiClient::requestShapes()
{
    QFETCH(Invoke, invoke);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, expectedBody);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);

    fake->on("/v3/", [&](const Seen &) {
        Answer a;
        a.status = status;
        a.body = answer;
        return a;
    });
    auto client = makeClient();
    const RowOutcome outcome = run(*client, invoke);
    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);
    QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->toString() : QString()));
    QVERIFY2(outcome.problem.isEmpty(), qPrintable(outcome.problem));

    QCOMPARE(fake->seen.size(), 1);
    const Seen &seen = fake->seen.first();
    QVERIFY2(seen.signatureOk, qPrintable(seen.authProblem));
    QCOMPARE(seen.method, method);
    QCOMPARE(seen.target, target);
    if (expectedBody.isEmpty()) {
        QVERIFY(seen.body.isEmpty());
        QVERIFY(seen.header("Content-Type").isEmpty());
    } else {
        QCOMPARE(parseObject(seen.body), parseObject(expectedBody));
        QVERIFY(!seen.body.contains('\n') && !seen.body.contains(": ")); // compact, as signed
        QVERIFY(!seen.body.contains("null"));
        QCOMPARE(seen.header("Content-Type"), QByteArray("application/json"));
    }
    QCOMPARE(seen.header("Accept"), QByteArray("application/json"));
    QVERIFY(seen.header("User-Agent").startsWith("PayDesk/"));
    QVERIFY(seen.header("Authorization").startsWith("WECHATPAY2-SHA256-RSA2048 "));
}

void TestApiClient::publicKeyModeAnswers()
{
    fake->signer = world.publicKeySigner();
    fake->on("/v3/pay/transactions/out-trade-no/", [](const Seen &) {
        return json(200, transactionJson(QStringLiteral("PD20240520A1"), QStringLiteral("NOTPAY")));
    });
    auto client = makeClient(world.credentials(false, true));
    auto outcome = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().toString()));
    QCOMPARE(outcome.value().tradeState, QStringLiteral("NOTPAY"));
    QVERIFY(outcome.value().transactionId.isEmpty());
    QCOMPARE(fake->count("/v3/certificates"), 0);
}

// ---- forged and altered answers --------------------------------------------------

void TestApiClient::tamperedAnswers_data()
{
    QTest::addColumn<bool>("post");
    QTest::addColumn<Tamper>("tamper");
    QTest::addColumn<qint64>("timestampShift");
    QTest::addColumn<bool>("sign");
    QTest::addColumn<QString>("failure");
    QTest::addColumn<int>("certificateCalls");

    const Tamper none;
    QTest::newRow("body bit") << false << Tamper([](QByteArray &body, HeaderList &) { body[5] = char(body.at(5) ^ 0x01); })
                              << qint64(0) << true << "BadSignature" << 0;
    QTest::newRow("POST body bit") << true << Tamper([](QByteArray &body, HeaderList &) { body[5] = char(body.at(5) ^ 0x01); })
                                   << qint64(0) << true << "BadSignature" << 0;
    QTest::newRow("timestamp") << false << Tamper([](QByteArray &, HeaderList &h) {
        setHeader(h, "Wechatpay-Timestamp", QByteArray::number(headerValue(h, "Wechatpay-Timestamp").toLongLong() + 1));
    }) << qint64(0) << true << "BadSignature" << 0;
    QTest::newRow("nonce") << false << Tamper([](QByteArray &, HeaderList &h) { setHeader(h, "Wechatpay-Nonce", "0123456789abcdefABCDEF0123456789"); })
                           << qint64(0) << true << "BadSignature" << 0;
    QTest::newRow("signature") << false << Tamper([](QByteArray &, HeaderList &h) {
        QByteArray s = headerValue(h, "Wechatpay-Signature");
        s[10] = s.at(10) == 'A' ? 'B' : 'A';
        setHeader(h, "Wechatpay-Signature", s);
    }) << qint64(0) << true << "BadSignature" << 0;
    QTest::newRow("serial") << false << Tamper([](QByteArray &, HeaderList &h) {
        setHeader(h, "Wechatpay-Serial", "1234567890ABCDEF1234567890ABCDEF12345678");
    }) << qint64(0) << true << "UnknownSerial" << 1;
    QTest::newRow("stale") << false << none << qint64(-600) << true << "StaleTimestamp" << 0;
    QTest::newRow("future") << false << none << qint64(600) << true << "StaleTimestamp" << 0;
    QTest::newRow("SIGNTEST probe") << false << Tamper([](QByteArray &, HeaderList &h) {
        setHeader(h, "Wechatpay-Signature", "WECHATPAY/SIGNTEST/aGVsbG8gd29ybGQ");
    }) << qint64(0) << true << "SignTestProbe" << 0;
    QTest::newRow("signature not base64") << false << Tamper([](QByteArray &, HeaderList &h) { setHeader(h, "Wechatpay-Signature", "%%%not-base64%%%"); })
                                          << qint64(0) << true << "MalformedSignature" << 0;
    QTest::newRow("missing signature header") << false << Tamper([](QByteArray &, HeaderList &h) {
        h.removeIf([](const auto &p) { return p.first == "Wechatpay-Signature"; });
    }) << qint64(0) << true << "MissingHeader" << 0;
    QTest::newRow("unsigned 200") << false << none << qint64(0) << false << "MissingHeader" << 0;
    QTest::newRow("POST unsigned 200") << true << none << qint64(0) << false << "MissingHeader" << 0;
}

void TestApiClient::tamperedAnswers()
{
    QFETCH(bool, post);
    QFETCH(Tamper, tamper);
    QFETCH(qint64, timestampShift);
    QFETCH(bool, sign);
    QFETCH(QString, failure);
    QFETCH(int, certificateCalls);

    fake->on("/v3/pay/", [&](const Seen &) {
        Answer a = post ? json(200, {{QStringLiteral("code_url"), QStringLiteral("weixin://wxpay/bizpayurl?pr=forged")}})
                        : json(200, transactionJson(QStringLiteral("PD20240520A1")));
        a.tamper = tamper;
        a.timestampShift = timestampShift;
        a.sign = sign;
        return a;
    });
    auto client = makeClient();
    QSignalSpy skew(client.get(), &ApiClient::clockSkewDetected);
    const Invoke invoke = post ? Invoke([](ApiClient &c, Finish f) { c.createNativeOrder(nativeRequest(), finishWith<CodeUrlResult>(f)); })
                               : Invoke([](ApiClient &c, Finish f) { c.queryByOutTradeNo(QStringLiteral("PD20240520A1"), finishWith<Transaction>(f)); });
    const RowOutcome outcome = run(*client, invoke);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.synchronous);
    QVERIFY2(outcome.error, "a tampered answer was accepted");
    QCOMPARE(outcome.error->code, QStringLiteral("BAD_RESPONSE_SIGNATURE"));
    QCOMPARE(outcome.error->detail.value(QLatin1String("verify_failure")).toString(), failure);
    QCOMPARE(outcome.error->httpStatus, 0);
    QCOMPARE(outcome.error->outcomeUnknown, post);
    QVERIFY(!outcome.error->retryable);
    QCOMPARE(fake->count("/v3/pay/"), 1); // never retried
    QCOMPARE(fake->count("/v3/certificates"), certificateCalls);
    if (failure == QLatin1String("StaleTimestamp")) {
        QCOMPARE(skew.size(), 1);
        const qint64 seconds = skew.first().first().toLongLong();
        QVERIFY2(qAbs(seconds - timestampShift) <= 5, qPrintable(QString::number(seconds)));
    } else {
        QCOMPARE(skew.size(), 0);
    }
}

void TestApiClient::unknownSerialRefreshesOnce()
{
    // WeChat Pay rotated to a new certificate the merchant has not downloaded yet.
    const KeyAndCertificate rotated = makeKeyAndCertificate(2, QStringLiteral("Tenpay.com Root CA"));
    const ResponseSigner newSigner(rotated.certificate.serialHex(), rotated.key);
    fake->signer = newSigner;
    fake->certificates = {world.platform.certificate, rotated.certificate};
    fake->on("/v3/pay/", [](const Seen &) { return json(200, transactionJson(QStringLiteral("PD20240520A1"))); });

    auto client = makeClient(world.credentials(true, false));
    QSignalSpy refreshed(client.get(), &ApiClient::certificatesRefreshed);
    QVERIFY(!client->platformKeys().keyFor(rotated.certificate.serialHex()));

    auto first = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
    QCOMPARE(first.calls, 1);
    QCOMPARE(fake->count("/v3/certificates"), 1);
    QVERIFY(fake->requestsTo("/v3/certificates").first().signatureOk);
    QVERIFY(client->platformKeys().keyFor(rotated.certificate.serialHex()));
    QCOMPARE(client->platformKeys().certificates().size(), 2);
    QCOMPARE(refreshed.size(), 1);
    QCOMPARE(refreshed.first().first().toInt(), 2);

    auto second = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY(second.ok());
    QCOMPARE(fake->count("/v3/certificates"), 1); // known now: no second download
}

void TestApiClient::bootstrapWithoutPlatformKeys()
{
    // First start: no certificate yet; the certificate list is verified with the
    // certificate it carries (sealed with the APIv3 key).
    fake->on("/v3/pay/", [](const Seen &) { return json(200, transactionJson(QStringLiteral("PD20240520A1"))); });
    auto client = makeClient(world.credentials(false, false));
    QVERIFY(client->platformKeys().isEmpty());
    auto outcome = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().toString()));
    QCOMPARE(fake->count("/v3/certificates"), 1);
    QCOMPARE(client->platformKeys().certificates().size(), 1);
    QCOMPARE(client->platformKeys().certificates().first().serialHex(), world.platform.certificate.serialHex());
}

void TestApiClient::concurrentUnknownSerialsShareOneRefresh()
{
    const KeyAndCertificate rotated = makeKeyAndCertificate(2, QStringLiteral("Tenpay.com Root CA"));
    fake->signer = ResponseSigner(rotated.certificate.serialHex(), rotated.key);
    fake->certificates = {rotated.certificate};
    fake->on("/v3/pay/", [](const Seen &s) {
        return json(200, transactionJson(QString::fromLatin1(s.path().mid(s.path().lastIndexOf('/') + 1))));
    });
    auto client = makeClient(world.credentials(true, false));
    QList<std::optional<ApiResult<Transaction>>> results(5);
    for (int i = 0; i < results.size(); ++i) {
        client->queryByOutTradeNo(QStringLiteral("PD2024052%1").arg(i),
                                  [&results, i](ApiResult<Transaction> r) { results[i].emplace(std::move(r)); });
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(results.cbegin(), results.cend(), [](const auto &r) { return r.has_value(); }), 20000);
    for (const auto &r : results)
        QVERIFY(r->ok());
    QCOMPARE(fake->count("/v3/certificates"), 1); // one download served every waiting call
}

void TestApiClient::dateHeaderReportsSkew()
{
    fake->on("/v3/pay/", [](const Seen &) {
        Answer a = json(200, transactionJson(QStringLiteral("PD20240520A1")));
        a.tamper = [](QByteArray &, HeaderList &h) {
            const QDateTime server = QDateTime::currentDateTimeUtc().addSecs(-120);
            h.append({QByteArray("Date"), server.toString(Qt::RFC2822Date).toLatin1()});
        };
        return a;
    });
    auto client = makeClient();
    QSignalSpy skew(client.get(), &ApiClient::clockSkewDetected);
    auto outcome = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY(outcome.ok()); // within the signature window: only a warning
    QCOMPARE(skew.size(), 1);
    QVERIFY(qAbs(skew.first().first().toLongLong() + 120) <= 5);
}

// ---- retries ------------------------------------------------------------------------

void TestApiClient::retriedThenSucceeds_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("status"); // 0: no HTTP answer
    QTest::addColumn<bool>("silent");
    QTest::addColumn<bool>("drop");

    QTest::newRow("500") << 1 << 500 << false << false;
    QTest::newRow("502 twice") << 2 << 502 << false << false;
    QTest::newRow("429") << 1 << 429 << false << false;
    QTest::newRow("timeout") << 1 << 0 << true << false;
    // Qt itself resends a request whose connection dropped (same bytes, same
    // Authorization) before giving up; three drops outlast that.
    QTest::newRow("connection dropped") << 3 << 0 << false << true;
}

void TestApiClient::retriedThenSucceeds()
{
    QFETCH(int, failures);
    QFETCH(int, status);
    QFETCH(bool, silent);
    QFETCH(bool, drop);

    int calls = 0;
    fake->on("/v3/pay/transactions/native", [&](const Seen &) {
        if (calls++ < failures) {
            Answer a = wechatError(status ? status : 500, status == 429 ? QStringLiteral("FREQUENCY_LIMITED") : QStringLiteral("SYSTEM_ERROR"));
            a.silent = silent;
            a.drop = drop;
            return a;
        }
        return json(200, {{QStringLiteral("code_url"), QStringLiteral("weixin://wxpay/bizpayurl?pr=again")}});
    });
    auto client = makeClient(world.credentials(), [&](ApiClient::Options &o) { o.timeoutMs = silent ? 300 : 3000; });
    auto outcome = await<CodeUrlResult>([&](auto done) { client->createNativeOrder(nativeRequest(), done); });
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().toString()));
    QCOMPARE(outcome.calls, 1);
    QCOMPARE(outcome.value().codeUrl, QStringLiteral("weixin://wxpay/bizpayurl?pr=again"));

    const QList<Seen> attempts = fake->requestsTo("/v3/pay/transactions/native");
    QCOMPARE(attempts.size(), failures + 1);
    QSet<QByteArray> nonces;
    for (const Seen &s : attempts) {
        QVERIFY2(s.signatureOk, qPrintable(s.authProblem));
        QCOMPARE(s.body, attempts.first().body); // the same bytes, the same out_trade_no
        nonces.insert(s.nonce);
    }
    QCOMPARE(parseObject(attempts.last().body).value(QLatin1String("out_trade_no")).toString(), QStringLiteral("PD20240520A1"));
    if (drop)
        QVERIFY(nonces.size() >= 2); // Qt's own resends reuse the header; ours re-sign
    else
        QCOMPARE(nonces.size(), attempts.size()); // re-signed every time
}

void TestApiClient::clientErrorsNeverRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("alias");

    QTest::newRow("400 PARAM_ERROR with detail")
        << 400
        << compact({{QStringLiteral("code"), QStringLiteral("PARAM_ERROR")}, {QStringLiteral("message"), QStringLiteral("参数错误")},
                    {QStringLiteral("detail"), QJsonObject{{QStringLiteral("field"), QStringLiteral("/amount/total")},
                                                           {QStringLiteral("issue"), QStringLiteral("must be positive")},
                                                           {QStringLiteral("location"), QStringLiteral("body")}}}})
        << "PARAM_ERROR" << "PARAM_ERROR";
    QTest::newRow("403 OUT_TRADE_NO_USED") << 403 << compact({{QStringLiteral("code"), QStringLiteral("OUT_TRADE_NO_USED")},
                                                              {QStringLiteral("message"), QStringLiteral("商户订单号重复")}})
                                           << "OUT_TRADE_NO_USED" << "OUT_TRADE_NO_USED";
    QTest::newRow("403 NOTENOUGH old spelling") << 403 << compact({{QStringLiteral("code"), QStringLiteral("NOTENOUGH")},
                                                                   {QStringLiteral("message"), QStringLiteral("余额不足")}})
                                                << "NOTENOUGH" << "NOT_ENOUGH";
    QTest::newRow("401 plain text") << 401 << QByteArray("Unauthorized") << "HTTP_401" << "HTTP_401";
    QTest::newRow("404 empty body") << 404 << QByteArray() << "HTTP_404" << "HTTP_404";
}

void TestApiClient::clientErrorsNeverRetried()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, alias);

    fake->on("/v3/pay/transactions/native", [&](const Seen &) {
        Answer a;
        a.status = status;
        a.body = body;
        a.sign = false;
        return a;
    });
    auto client = makeClient();
    auto outcome = await<CodeUrlResult>([&](auto done) { client->createNativeOrder(nativeRequest(), done); });
    QVERIFY(!outcome.ok());
    QVERIFY(!outcome.synchronous);
    const ApiError &e = outcome.error();
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.code, code);
    QVERIFY(e.is(alias));
    QVERIFY(!e.message.isEmpty());
    QVERIFY(e.requestId.startsWith(QLatin1String("08FAKE")));
    QVERIFY(!e.retryable);
    QVERIFY(!e.outcomeUnknown);
    if (code == QLatin1String("PARAM_ERROR"))
        QCOMPARE(e.detail.value(QLatin1String("field")).toString(), QStringLiteral("/amount/total"));
    QCOMPARE(fake->count("/v3/pay/transactions/native"), 1);
}

void TestApiClient::exhaustedRetries_data()
{
    QTest::addColumn<bool>("post");
    QTest::addColumn<int>("status"); // 0 = timeout, -1 = connection refused
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("outcomeUnknown");

    QTest::newRow("POST 500") << true << 500 << "SYSTEM_ERROR" << true;
    QTest::newRow("POST 502") << true << 502 << "BANK_ERROR" << true;
    QTest::newRow("POST 429: not acted on") << true << 429 << "FREQUENCY_LIMITED" << false;
    QTest::newRow("POST timeout") << true << 0 << "TIMEOUT" << true;
    QTest::newRow("POST connection refused: never sent") << true << -1 << "TRANSPORT_ERROR" << false;
    QTest::newRow("GET 500: a query changes nothing") << false << 500 << "SYSTEM_ERROR" << false;
    QTest::newRow("GET timeout") << false << 0 << "TIMEOUT" << false;
}

void TestApiClient::exhaustedRetries()
{
    QFETCH(bool, post);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(bool, outcomeUnknown);

    fake->on("/v3/pay/", [&](const Seen &) {
        Answer a = wechatError(status > 0 ? status : 500, code);
        a.silent = status == 0;
        return a;
    });
    QUrl base = fake->baseUrl();
    if (status == -1) {
        QTcpServer closed; // a port nobody listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        base.setPort(closed.serverPort());
    }
    auto client = makeClient(world.credentials(), [&](ApiClient::Options &o) {
        o.baseUrl = base;
        o.timeoutMs = 250;
    });
    QSignalSpy reachability(client.get(), &ApiClient::reachabilityChanged);
    const Invoke invoke = post ? Invoke([](ApiClient &c, Finish f) { c.createNativeOrder(nativeRequest(), finishWith<CodeUrlResult>(f)); })
                               : Invoke([](ApiClient &c, Finish f) { c.queryByOutTradeNo(QStringLiteral("PD20240520A1"), finishWith<Transaction>(f)); });
    const RowOutcome outcome = run(*client, invoke);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->code, code);
    QVERIFY(outcome.error->retryable);
    QCOMPARE(outcome.error->outcomeUnknown, outcomeUnknown);
    if (status != -1)
        QCOMPARE(fake->count("/v3/pay/"), 3); // maxAttempts
    if (status <= 0) {
        QCOMPARE(outcome.error->httpStatus, 0);
        QCOMPARE(reachability.size(), 1);
        QCOMPARE(reachability.first().first().toBool(), false);
    } else {
        QCOMPARE(outcome.error->httpStatus, status);
    }
}

// ---- validation -----------------------------------------------------------------------

void TestApiClient::validationSendsNothing_data()
{
    QTest::addColumn<Invoke>("invoke");
    QTest::addColumn<QString>("field");

    auto native = [](std::function<void(NativeOrderRequest &)> change) {
        return Invoke([change](ApiClient &c, Finish f) {
            NativeOrderRequest r = nativeRequest();
            change(r);
            c.createNativeOrder(r, finishWith<CodeUrlResult>(f));
        });
    };
    auto combine = [](std::function<void(CombineOrderRequest &)> change) {
        return Invoke([change](ApiClient &c, Finish f) {
            CombineOrderRequest r = combineRequest();
            change(r);
            c.createCombineOrder(r, finishWith<CodeUrlResult>(f));
        });
    };
    auto refund = [](std::function<void(RefundRequest &)> change) {
        return Invoke([change](ApiClient &c, Finish f) {
            RefundRequest r = refundRequest();
            change(r);
            c.createRefund(r, finishWith<Refund>(f));
        });
    };

    QTest::newRow("out_trade_no too short") << native([](auto &r) { r.outTradeNo = QStringLiteral("A1"); }) << "out_trade_no";
    QTest::newRow("out_trade_no too long") << native([](auto &r) { r.outTradeNo = QString(33, QLatin1Char('A')); }) << "out_trade_no";
    QTest::newRow("out_trade_no bad character") << native([](auto &r) { r.outTradeNo = QStringLiteral("PD2024#1"); }) << "out_trade_no";
    QTest::newRow("description empty") << native([](auto &r) { r.description.clear(); }) << "description";
    QTest::newRow("description 128 characters") << native([](auto &r) { r.description = QString(128, QChar(0x5546)); }) << "description";
    QTest::newRow("description emoji") << native([](auto &r) { r.description = QStringLiteral("coffee \U0001F600"); }) << "description";
    QTest::newRow("attach 129 characters") << native([](auto &r) { r.attach = QString(129, QLatin1Char('x')); }) << "attach";
    QTest::newRow("amount zero") << native([](auto &r) { r.amountTotal = 0; }) << "amount.total";
    QTest::newRow("amount negative") << native([](auto &r) { r.amountTotal = -100; }) << "amount.total";
    QTest::newRow("notify_url missing") << native([](auto &r) { r.notifyUrl.clear(); }) << "notify_url";
    QTest::newRow("notify_url with query") << native([](auto &r) { r.notifyUrl = QStringLiteral("https://paydesk.example/n?a=1"); }) << "notify_url";
    QTest::newRow("another merchant's mchid") << native([](auto &r) { r.mchid = QStringLiteral("1900000999"); }) << "mchid";
    QTest::newRow("combined: one sub-order") << combine([](auto &r) { r.subOrders.removeLast(); }) << "sub_orders";
    QTest::newRow("combined: eleven sub-orders") << combine([](auto &r) {
        while (r.subOrders.size() < 11) {
            CombineSubOrderRequest s = r.subOrders.first();
            s.outTradeNo = QStringLiteral("CB20240520A1-%1").arg(r.subOrders.size() + 1);
            r.subOrders.append(s);
        }
    }) << "sub_orders";
    QTest::newRow("combined: sub-order amount zero") << combine([](auto &r) { r.subOrders[1].amountTotal = 0; }) << "sub_orders[1].amount.total_amount";
    QTest::newRow("combined: duplicate out_trade_no") << combine([](auto &r) {
        r.subOrders[1].outTradeNo = r.subOrders[0].outTradeNo;
        r.subOrders[1].mchid = r.subOrders[0].mchid;
    }) << "sub_orders[1].out_trade_no";
    QTest::newRow("combined close: partial")
        << Invoke([](ApiClient &c, Finish f) {
               CombineCloseRequest r = CombineCloseRequest::fromOrder(combineRequest());
               r.subOrders.removeLast();
               c.closeCombineOrder(r, finishWith<ApiClient::Done>(f));
           })
        << "sub_orders";
    QTest::newRow("refund over total") << refund([](auto &r) { r.refund = 101; }) << "amount.refund";
    QTest::newRow("refund zero") << refund([](auto &r) { r.refund = 0; }) << "amount.refund";
    QTest::newRow("refund reason 81 characters") << refund([](auto &r) { r.reason = QString(81, QLatin1Char('r')); }) << "reason";
    QTest::newRow("out_refund_no 65 characters") << refund([](auto &r) { r.outRefundNo = QString(65, QLatin1Char('R')); }) << "out_refund_no";
    QTest::newRow("out_refund_no bad character") << refund([](auto &r) { r.outRefundNo = QStringLiteral("RF#1"); }) << "out_refund_no";
    QTest::newRow("refund without order") << refund([](auto &r) { r.outTradeNo.clear(); }) << "out_trade_no";
    QTest::newRow("query: bad out_trade_no")
        << Invoke([](ApiClient &c, Finish f) { c.queryByOutTradeNo(QStringLiteral("../v3"), finishWith<Transaction>(f)); }) << "out_trade_no";
    QTest::newRow("query: bad transaction_id")
        << Invoke([](ApiClient &c, Finish f) { c.queryByTransactionId(QStringLiteral(".."), finishWith<Transaction>(f)); }) << "transaction_id";
    QTest::newRow("close: empty out_trade_no")
        << Invoke([](ApiClient &c, Finish f) { c.closeOrder(QString(), finishWith<ApiClient::Done>(f)); }) << "out_trade_no";
    QTest::newRow("refund query: empty")
        << Invoke([](ApiClient &c, Finish f) { c.queryRefund(QString(), finishWith<Refund>(f)); }) << "out_refund_no";
    QTest::newRow("bill: no date")
        << Invoke([](ApiClient &c, Finish f) { c.downloadTradeBill(TradeBillRequest{}, finishWith<TradeBill>(f)); }) << "bill_date";
    QTest::newRow("bill: unknown type")
        << Invoke([](ApiClient &c, Finish f) {
               TradeBillRequest r;
               r.billDate = QDate(2024, 5, 19);
               r.billType = QStringLiteral("EVERYTHING");
               c.downloadTradeBill(r, finishWith<TradeBill>(f));
           })
        << "bill_type";
}

void TestApiClient::validationSendsNothing()
{
    QFETCH(Invoke, invoke);
    QFETCH(QString, field);

    auto client = makeClient();
    const RowOutcome outcome = run(*client, invoke);
    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->code, QStringLiteral("INVALID_ARGUMENT"));
    QVERIFY2(outcome.error->message.contains(field), qPrintable(outcome.error->message));
    QVERIFY(!outcome.error->outcomeUnknown);
    QCOMPARE(fake->seen.size(), 0);
}

void TestApiClient::closeAnswerVerified()
{
    // A 204 whose signature covers other bytes than the (empty) body is forged.
    fake->on("/v3/pay/transactions/out-trade-no/", [&](const Seen &) {
        Answer a;
        a.status = 204;
        a.signer = world.certificateSigner();
        a.tamper = [this](QByteArray &, HeaderList &h) {
            const auto forged = world.certificateSigner().sign("{}").value();
            h = forged;
        };
        return a;
    });
    auto client = makeClient();
    auto outcome = await<ApiClient::Done>([&](auto done) { client->closeOrder(QStringLiteral("PD20240520A1"), done); });
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().code, QStringLiteral("BAD_RESPONSE_SIGNATURE"));
    QVERIFY(outcome.error().outcomeUnknown);
}

// ---- certificates --------------------------------------------------------------------

void TestApiClient::certificatesDecryptedAndKept()
{
    const KeyAndCertificate rotated = makeKeyAndCertificate(2, QStringLiteral("Tenpay.com Root CA"));
    Certificate::Options expiredOptions;
    expiredOptions.commonName = QStringLiteral("Tenpay.com Root CA");
    expiredOptions.notBefore = QDateTime::currentDateTimeUtc().addDays(-400);
    expiredOptions.notAfter = QDateTime::currentDateTimeUtc().addDays(-1);
    const Certificate expired = Certificate::create(rotated.key.publicKey(), rotated.key, expiredOptions).value();
    fake->certificates = {world.platform.certificate, rotated.certificate, expired};

    auto client = makeClient(world.credentials(true, false));
    QSignalSpy refreshed(client.get(), &ApiClient::certificatesRefreshed);
    auto outcome = await<QList<PlatformCertificateInfo>>([&](auto done) { client->refreshCertificates(done); });
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().toString()));
    QVERIFY(!outcome.synchronous);
    const QList<PlatformCertificateInfo> infos = outcome.value();
    QCOMPARE(infos.size(), 2);
    QCOMPARE(infos.at(0).serialNo, world.platform.certificate.serialHex());
    QCOMPARE(infos.at(1).serialNo, rotated.certificate.serialHex());
    QCOMPARE(infos.at(1).certificatePem, rotated.certificate.toPem());
    QVERIFY(infos.at(1).expireTime.isValid());
    QCOMPARE(client->platformKeys().certificates().size(), 2);
    QVERIFY(client->platformKeys().keyFor(rotated.certificate.serialHex()));
    QVERIFY(!client->platformKeys().keyFor(expired.serialHex()));
    QCOMPARE(refreshed.size(), 1);

    const Seen request = fake->requestsTo("/v3/certificates").first();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.target, QByteArray("/v3/certificates"));
    QVERIFY(request.signatureOk);
}

void TestApiClient::certificateFailures_data()
{
    QTest::addColumn<QByteArray>("apiV3Key");
    QTest::addColumn<QString>("listedSerial");
    QTest::addColumn<bool>("signedByStranger");
    QTest::addColumn<QString>("code");

    QTest::newRow("wrong APIv3 key") << QByteArray("00000000001111111111222222222233") << QString() << false << "DECRYPT_FAILED";
    QTest::newRow("listed serial differs") << QByteArray() << QStringLiteral("0A0B0C0D") << false << "MALFORMED_RESPONSE";
    QTest::newRow("signed by a key not in the list") << QByteArray() << QString() << true << "BAD_RESPONSE_SIGNATURE";
}

void TestApiClient::certificateFailures()
{
    QFETCH(QByteArray, apiV3Key);
    QFETCH(QString, listedSerial);
    QFETCH(bool, signedByStranger);
    QFETCH(QString, code);

    const KeyAndCertificate stranger = makeKeyAndCertificate(3, QStringLiteral("Not Tenpay"));
    fake->on("/v3/certificates", [&](const Seen &) {
        Answer a;
        a.body = certificateList({world.platform.certificate}, apiV3Key.isEmpty() ? world.apiV3Key : apiV3Key, listedSerial);
        if (signedByStranger)
            a.signer = ResponseSigner(stranger.certificate.serialHex(), stranger.key);
        return a;
    });
    auto client = makeClient(world.credentials(false, false));
    auto outcome = await<QList<PlatformCertificateInfo>>([&](auto done) { client->refreshCertificates(done); });
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().code, code);
    QVERIFY(client->platformKeys().isEmpty()); // nothing unverified is kept
}

void TestApiClient::publicKeyOnlyMerchant_data()
{
    QTest::addColumn<QString>("code");
    QTest::newRow("RESOURCE_NOT_EXISTS") << "RESOURCE_NOT_EXISTS";
    QTest::newRow("NOT_FOUND (Java SDK)") << "NOT_FOUND";
}

void TestApiClient::publicKeyOnlyMerchant()
{
    QFETCH(QString, code);
    fake->signer = world.publicKeySigner();
    fake->on("/v3/certificates", [&](const Seen &) {
        return wechatError(404, code, QStringLiteral("无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥"));
    });
    fake->on("/v3/pay/", [](const Seen &) { return json(200, transactionJson(QStringLiteral("PD20240520A1"))); });
    auto client = makeClient(world.credentials(false, true));

    auto certificates = await<QList<PlatformCertificateInfo>>([&](auto done) { client->refreshCertificates(done); });
    QVERIFY2(certificates.ok(), qPrintable(certificates.ok() ? QString() : certificates.error().toString()));
    QVERIFY(certificates.value().isEmpty());

    auto query = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY(query.ok());
    QCOMPARE(fake->count("/v3/certificates"), 1);
}

// ---- bills ----------------------------------------------------------------------------

void TestApiClient::tradeBill_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<bool>("upperCaseHash");
    QTest::addColumn<bool>("corrupt");

    QTest::newRow("gzip") << true << false << false;
    QTest::newRow("plain") << false << false << false;
    QTest::newRow("hash in upper case") << true << true << false;
    QTest::newRow("gzip, hash mismatch") << true << false << true;
    QTest::newRow("plain, hash mismatch") << false << false << true;
}

void TestApiClient::tradeBill()
{
    QFETCH(bool, gzip);
    QFETCH(bool, upperCaseHash);
    QFETCH(bool, corrupt);

    const QByteArray bill = billFile();
    QByteArray hash = QCryptographicHash::hash(bill, QCryptographicHash::Sha1).toHex();
    if (upperCaseHash)
        hash = hash.toUpper();
    const QByteArray downloadPath = "/v3/billdownload/file?token=tk%7C6BrA-x&tartype=gzip";
    fake->on("/v3/bill/tradebill", [&](const Seen &) {
        return json(200, {{QStringLiteral("hash_type"), QStringLiteral("SHA1")},
                          {QStringLiteral("hash_value"), QString::fromLatin1(hash)},
                          {QStringLiteral("download_url"), QString(fake->baseUrl().toString() + QString::fromLatin1(downloadPath))}});
    });
    fake->on("/v3/billdownload/file", [&](const Seen &) {
        Answer a;
        QByteArray file = bill;
        if (corrupt)
            file.replace("`1.00", "`9.00");
        a.body = gzip ? gzipped(file) : file;
        a.sign = false; // bill files are never signed
        return a;
    });
    auto client = makeClient();
    TradeBillRequest request;
    request.billDate = QDate(2024, 5, 20);
    request.gzip = gzip;
    auto outcome = await<TradeBill>([&](auto done) { client->downloadTradeBill(request, done); });
    QVERIFY(!outcome.synchronous);
    QCOMPARE(outcome.calls, 1);

    QCOMPARE(fake->seen.size(), 2);
    QCOMPARE(fake->seen.at(0).target, gzip ? QByteArray("/v3/bill/tradebill?bill_date=2024-05-20&bill_type=ALL&tar_type=GZIP")
                                           : QByteArray("/v3/bill/tradebill?bill_date=2024-05-20&bill_type=ALL"));
    QCOMPARE(fake->seen.at(1).target, downloadPath); // signed over path and query, token included
    QVERIFY2(fake->seen.at(1).signatureOk, qPrintable(fake->seen.at(1).authProblem));

    if (corrupt) {
        QVERIFY(!outcome.ok());
        QCOMPARE(outcome.error().code, QStringLiteral("HASH_MISMATCH"));
        QVERIFY(outcome.error().retryable);
        return;
    }
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().toString()));
    QCOMPARE(outcome.value().content, bill);
    QCOMPARE(outcome.value().hashType, QStringLiteral("SHA1"));
}

void TestApiClient::tradeBillErrors_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("NO_STATEMENT_EXIST: nothing to fetch") << "NO_STATEMENT_EXIST" << false;
    QTest::newRow("STATEMENT_CREATING: later") << "STATEMENT_CREATING" << true;
}

void TestApiClient::tradeBillErrors()
{
    QFETCH(QString, code);
    QFETCH(bool, retryable);
    fake->on("/v3/bill/tradebill", [&](const Seen &) { return wechatError(400, code); });
    auto client = makeClient();
    TradeBillRequest request;
    request.billDate = QDate(2024, 5, 20);
    auto outcome = await<TradeBill>([&](auto done) { client->downloadTradeBill(request, done); });
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().code, code);
    QCOMPARE(outcome.error().httpStatus, 400);
    QCOMPARE(outcome.error().retryable, retryable);
    QCOMPARE(fake->seen.size(), 1);
}

void TestApiClient::answerAboutAnotherOrderRejected()
{
    fake->on("/v3/pay/", [](const Seen &) { return json(200, transactionJson(QStringLiteral("SOMEONE_ELSE"))); });
    auto client = makeClient();
    auto outcome = await<Transaction>([&](auto done) { client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), done); });
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().code, QStringLiteral("MALFORMED_RESPONSE"));
}

void TestApiClient::destroyedWhileRunning()
{
    fake->on("/v3/pay/", [](const Seen &) {
        Answer a;
        a.silent = true;
        return a;
    });
    auto client = makeClient();
    int calls = 0;
    client->queryByOutTradeNo(QStringLiteral("PD20240520A1"), [&](const ApiResult<Transaction> &) { ++calls; });
    QTRY_COMPARE(fake->seen.size(), 1);
    client.reset();
    QTest::qWait(50);
    QCOMPARE(calls, 0); // dropped with the client, never invoked on a dead object
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
