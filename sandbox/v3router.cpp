// SPDX-License-Identifier: MIT
#include "v3router.h"

#include "billdesk.h"
#include "codepaydesk.h"
#include "crypto/certificate.h"
#include "jsonfields.h"
#include "orderdesk.h"
#include "platformidentity.h"
#include "refunddesk.h"
#include "sandboxcontext.h"
#include "wechatpay/encryptedresource.h"
#include "wechatpay/requestsigner.h"
#include "wechattime.h"

#include <QJsonArray>
#include <functional>

namespace paydesk::sandbox {

namespace {

constexpr qint64 kSignatureWindow = 300;

HttpResponse notFound()
{
    return HttpResponse::error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("请求的资源不存在"));
}

HttpResponse methodNotAllowed()
{
    return HttpResponse::error(405, QStringLiteral("METHOD_NOT_ALLOWED"), QStringLiteral("请求方法不正确"));
}

} // namespace

V3Router::V3Router(SandboxContext *context, OrderDesk *orders, RefundDesk *refunds, BillDesk *bills)
    : m_context(context), m_orders(orders), m_refunds(refunds), m_bills(bills),
      m_codepay(std::make_unique<CodePayDesk>(context))
{
}

V3Router::~V3Router() = default;

std::optional<HttpResponse> V3Router::authenticate(const HttpRequest &request, const Merchant **merchantOut) const
{
    const QByteArray header = request.header("authorization");
    if (header.isEmpty()) {
        return Errors::signError(
            QStringLiteral("no Authorization header"),
            QStringLiteral("Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》"));
    }
    const auto parsed = AuthorizationHeader::parse(header);
    if (!parsed) {
        return Errors::signError(
            parsed.error().message,
            QStringLiteral("Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》"));
    }
    const QString mchid = QString::fromUtf8(parsed->mchid);
    const Merchant *merchant = m_context->merchant(mchid);
    if (!merchant) {
        return Errors::signError(QStringLiteral("merchant %1 is not registered with this sandbox").arg(mchid),
                                 QStringLiteral("商户号不存在或未开通APIv3"));
    }
    if (!merchant->record.canSign() || merchant->verifyKey.isNull()) {
        return Errors::signError(QStringLiteral("merchant %1 has no API certificate registered").arg(mchid),
                                 QStringLiteral("商户证书不存在"));
    }
    if (Certificate::normalizeSerial(QString::fromLatin1(parsed->serialNo))
        != Certificate::normalizeSerial(merchant->record.serialNo)) {
        return Errors::signError(QStringLiteral("serial_no %1 is not merchant %2's certificate %3")
                                     .arg(QString::fromLatin1(parsed->serialNo), mchid, merchant->record.serialNo),
                                 QStringLiteral("商户证书序列号有误"));
    }
    bool isNumber = false;
    const qint64 timestamp = parsed->timestamp.toLongLong(&isNumber);
    const qint64 skew = timestamp - m_context->clock.now();
    if (!isNumber || qAbs(skew) > kSignatureWindow) {
        return Errors::signError(isNumber ? QStringLiteral("timestamp is %1 s from the server's clock (window %2 s)")
                                                .arg(skew)
                                                .arg(kSignatureWindow)
                                          : QStringLiteral("timestamp is not a number"),
                                 QStringLiteral("请求时间戳已过期或与服务器时间偏差过大"));
    }
    const auto signature = QByteArray::fromBase64Encoding(parsed->signature, QByteArray::AbortOnBase64DecodingErrors);
    if (!signature) {
        return Errors::signError(QStringLiteral("signature is not valid base64"));
    }
    const QByteArray message
        = RequestSigner::message(request.method, request.target, timestamp, parsed->nonce, request.body);
    if (!merchant->verifyKey.verify(message, signature.decoded)) {
        return Errors::signError(
            QStringLiteral("sign not match: the signature does not cover \"%1\\n%2\\n%3\\n%4\\n<%5 body bytes>\\n\"")
                .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.target), QString::number(timestamp),
                     QString::fromLatin1(parsed->nonce))
                .arg(request.body.size()));
    }
    *merchantOut = merchant;
    return std::nullopt;
}

HttpResponse V3Router::certificates(const Merchant &merchant)
{
    if (merchant.record.keyMode == KeyMode::PublicKey) {
        return Errors::resourceNotExists(
            QStringLiteral("无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。可查看指引https://"
                           "pay.weixin.qq.com/doc/v3/merchant/4012153196"));
    }
    QJsonArray data;
    for (const auto &platform : m_context->identity->certificates()) {
        auto encrypted = EncryptedResource::encrypt(merchant.record.apiV3Key, platform.certificate.toPem(),
                                                    "certificate", QString());
        if (!encrypted)
            return Errors::systemError();
        data.append(QJsonObject {
            { QStringLiteral("serial_no"), platform.certificate.serialHex() },
            { QStringLiteral("effective_time"),
              WechatTime::format(platform.certificate.notBefore().toSecsSinceEpoch()) },
            { QStringLiteral("expire_time"), WechatTime::format(platform.certificate.notAfter().toSecsSinceEpoch()) },
            { QStringLiteral("encrypt_certificate"), encrypted->toJson() },
        });
    }
    return HttpResponse::json(200, QJsonObject { { QStringLiteral("data"), data } });
}

HttpResponse V3Router::handle(const HttpRequest &request)
{
    // WeChat Pay refuses requests without these before looking further.
    if (request.header("accept").isEmpty() || request.header("user-agent").isEmpty())
        return Errors::invalidRequest(QStringLiteral("Http头缺少Accept或User-Agent"));
    if (!request.body.isEmpty() && !request.header("content-type").toLower().contains("application/json"))
        return Errors::invalidRequest(QStringLiteral("Http头Content-Type值必须为application/json"));

    const QStringList &s = request.segments;
    const QByteArray &method = request.method;
    using Handler = std::function<HttpResponse(const Merchant &)>;
    Handler handler;
    QByteArray expected;
    auto route = [&](const QByteArray &m, Handler h) {
        expected = m;
        handler = std::move(h);
    };

    const qsizetype n = s.size();
    if (n == 2 && s[1] == QLatin1String("certificates")) {
        route("GET", [this](const Merchant &m) { return certificates(m); });
    } else if (n >= 4 && s[1] == QLatin1String("pay") && s[2] == QLatin1String("transactions")) {
        if (n == 4 && s[3] == QLatin1String("native")) {
            route("POST", [&](const Merchant &m) { return m_orders->createNative(m, request); });
        } else if (n == 4 && s[3] == QLatin1String("codepay")) {
            route("POST", [&](const Merchant &m) { return m_codepay->create(m, request); });
        } else if (n == 6 && s[3] == QLatin1String("out-trade-no") && s[5] == QLatin1String("reverse")) {
            route("POST", [&](const Merchant &m) { return m_codepay->reverse(m, s[4], request); });
        } else if (n == 5 && s[3] == QLatin1String("out-trade-no")) {
            route("GET", [&](const Merchant &m) {
                m_codepay->settleDue(m.record.mchid, s[4]); // a password step may have ended meanwhile
                return m_orders->queryByOutTradeNo(m, s[4], request);
            });
        } else if (n == 5 && s[3] == QLatin1String("id")) {
            route("GET", [&](const Merchant &m) { return m_orders->queryByTransactionId(m, s[4], request); });
        } else if (n == 6 && s[3] == QLatin1String("out-trade-no") && s[5] == QLatin1String("close")) {
            route("POST", [&](const Merchant &m) { return m_orders->close(m, s[4], request); });
        }
    } else if (n >= 3 && s[1] == QLatin1String("combine-transactions")) {
        if (n == 3 && s[2] == QLatin1String("native")) {
            route("POST", [&](const Merchant &m) { return m_orders->createCombine(m, request); });
        } else if (n == 4 && s[2] == QLatin1String("out-trade-no")) {
            route("GET", [&](const Merchant &m) { return m_orders->queryCombine(m, s[3]); });
        } else if (n == 5 && s[2] == QLatin1String("out-trade-no") && s[4] == QLatin1String("close")) {
            route("POST", [&](const Merchant &m) { return m_orders->closeCombine(m, s[3], request); });
        }
    } else if (n >= 4 && s[1] == QLatin1String("refund") && s[2] == QLatin1String("domestic")
               && s[3] == QLatin1String("refunds")) {
        if (n == 4)
            route("POST", [&](const Merchant &m) { return m_refunds->create(m, request); });
        else if (n == 5)
            route("GET", [&](const Merchant &m) { return m_refunds->query(m, s[4]); });
    } else if (n == 3 && s[1] == QLatin1String("bill") && s[2] == QLatin1String("tradebill")) {
        route("GET", [&](const Merchant &m) { return m_bills->tradeBill(m, request); });
    } else if (n == 3 && s[1] == QLatin1String("billdownload") && s[2] == QLatin1String("file")) {
        route("GET", [&](const Merchant &m) { return m_bills->download(m, request); });
    }
    if (!handler)
        return notFound();
    if (method != expected)
        return methodNotAllowed();

    const Merchant *merchant = nullptr;
    if (auto failure = authenticate(request, &merchant))
        return *failure;
    HttpResponse response = handler(*merchant);
    response.mchid = merchant->record.mchid;
    if (response.requestId) // everything but the bill file is signed when 2xx
        response.sign = true;
    return response;
}

} // namespace paydesk::sandbox
