// SPDX-License-Identifier: MIT
#include "orderdesk.h"

#include "notificationdispatcher.h"
#include "sandboxcontext.h"
#include "wechattime.h"

#include <QJsonDocument>
#include <QSet>
#include <QUrl>

namespace paydesk::sandbox {

namespace {

const QString kNotPay = QStringLiteral("NOTPAY");
const QString kSuccess = QStringLiteral("SUCCESS");
const QString kClosed = QStringLiteral("CLOSED");
const QString kUserPaying = QStringLiteral("USERPAYING");
const QString kPayError = QStringLiteral("PAYERROR");
const QString kRefund = QStringLiteral("REFUND");

constexpr qint64 kCodeUrlLifetime = 2 * 3600;
constexpr qint64 kDefaultExpiry = 7 * 24 * 3600;
constexpr qint64 kMaxExpiry = 90 * 24 * 3600;

const QRegularExpression &outTradeNoPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9A-Za-z_\\-|*]{6,32}$"));
    return pattern;
}

QByteArray fingerprintOf(const QJsonObject &body)
{
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// notify_url: an absolute http(s) URL without a query string. WeChat Pay wants
// https on a public host; the sandbox accepts http so a local PayDesk works.
void checkNotifyUrl(JsonFields &fields, const QString &notifyUrl)
{
    if (notifyUrl.isEmpty())
        return;
    const QUrl url(notifyUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        || url.host().isEmpty()) {
        fields.fail(QStringLiteral("notify_url"), notifyUrl, QStringLiteral("must be an absolute https URL"));
    } else if (url.hasQuery()) {
        fields.fail(QStringLiteral("notify_url"), notifyUrl, QStringLiteral("must not carry a query string"),
                    QStringLiteral("通知地址不能携带参数"));
    }
}

HttpResponse controlError(int status, const QString &code, const QString &message)
{
    return HttpResponse::error(status, code, message);
}

} // namespace

OrderDesk::OrderDesk(SandboxContext *context) : m_context(context) { }

bool OrderDesk::isValidOutTradeNo(const QString &value)
{
    return outTradeNoPattern().match(value).hasMatch();
}

QString OrderDesk::tradeStateDesc(const QString &state)
{
    if (state == kSuccess)
        return QStringLiteral("支付成功");
    if (state == kNotPay)
        return QStringLiteral("订单未支付");
    if (state == kClosed)
        return QStringLiteral("订单已关闭");
    if (state == kUserPaying)
        return QStringLiteral("用户支付中，需要输入密码");
    if (state == kPayError)
        return QStringLiteral("支付失败，请重新下单支付");
    if (state == kRefund)
        return QStringLiteral("订单发生过退款");
    return state;
}

void OrderDesk::setState(OrderRecord &order, const QString &state, const QString &desc) const
{
    order.tradeState = state;
    order.tradeStateDesc = desc.isEmpty() ? tradeStateDesc(state) : desc;
    m_context->emitEvent(QStringLiteral("order"),
                         { { QStringLiteral("mchid"), order.mchid },
                           { QStringLiteral("out_trade_no"), order.outTradeNo },
                           { QStringLiteral("trade_state"), state } });
}

qint64 OrderDesk::clampExpiry(const QString &timeExpire, qint64 now, JsonFields *fields) const
{
    if (timeExpire.isEmpty())
        return now + kDefaultExpiry;
    const auto parsed = WechatTime::parse(timeExpire);
    if (!parsed) {
        fields->fail(QStringLiteral("time_expire"), timeExpire,
                     QStringLiteral("must be RFC 3339 with an offset, e.g. 2024-05-20T13:29:35+08:00"));
        return 0;
    }
    // Raised to a minute from now, cut to 90 days (what WeChat Pay does).
    return qBound(now + 60, *parsed, now + kMaxExpiry);
}

QJsonObject OrderDesk::transactionJson(const OrderRecord &o)
{
    QJsonObject amount { { QStringLiteral("total"), o.total }, { QStringLiteral("currency"), o.currency } };
    QJsonObject t {
        { QStringLiteral("appid"), o.appid },
        { QStringLiteral("mchid"), o.mchid },
        { QStringLiteral("out_trade_no"), o.outTradeNo },
        { QStringLiteral("trade_type"), o.isCodePay() ? QStringLiteral("MICROPAY") : QStringLiteral("NATIVE") },
        { QStringLiteral("trade_state"), o.tradeState },
        { QStringLiteral("trade_state_desc"), o.tradeStateDesc },
    };
    if (!o.attach.isEmpty())
        t.insert(QStringLiteral("attach"), o.attach);
    if (!o.transactionId.isEmpty()) {
        t.insert(QStringLiteral("transaction_id"), o.transactionId);
        t.insert(QStringLiteral("bank_type"), o.bankType);
        t.insert(QStringLiteral("success_time"), WechatTime::format(o.successTime));
        t.insert(QStringLiteral("payer"), QJsonObject { { QStringLiteral("openid"), o.openid } });
        amount.insert(QStringLiteral("payer_total"), o.payerTotal);
        amount.insert(QStringLiteral("payer_currency"), o.currency);
        t.insert(QStringLiteral("promotion_detail"), QJsonArray());
    }
    t.insert(QStringLiteral("amount"), amount);
    if (!o.deviceId.isEmpty())
        t.insert(QStringLiteral("scene_info"), QJsonObject { { QStringLiteral("device_id"), o.deviceId } });
    return t;
}

QJsonObject OrderDesk::combineJson(const CombineRecord &c) const
{
    QJsonArray subOrders;
    for (const OrderRecord &o : m_context->store->subOrders(c.combineMchid, c.combineOutTradeNo)) {
        QJsonObject amount { { QStringLiteral("total_amount"), o.total }, { QStringLiteral("currency"), o.currency } };
        QJsonObject sub {
            { QStringLiteral("mchid"), o.mchid },
            { QStringLiteral("trade_type"), QStringLiteral("NATIVE") },
            { QStringLiteral("trade_state"), o.tradeState },
            { QStringLiteral("attach"), o.attach },
            { QStringLiteral("out_trade_no"), o.outTradeNo },
        };
        if (!o.transactionId.isEmpty()) {
            sub.insert(QStringLiteral("bank_type"), o.bankType);
            sub.insert(QStringLiteral("success_time"), WechatTime::format(o.successTime));
            sub.insert(QStringLiteral("transaction_id"), o.transactionId);
            amount.insert(QStringLiteral("payer_amount"), o.payerTotal);
            amount.insert(QStringLiteral("payer_currency"), o.currency);
        }
        sub.insert(QStringLiteral("amount"), amount);
        subOrders.append(sub);
    }
    QJsonObject result {
        { QStringLiteral("combine_appid"), c.combineAppid },
        { QStringLiteral("combine_mchid"), c.combineMchid },
        { QStringLiteral("combine_out_trade_no"), c.combineOutTradeNo },
        { QStringLiteral("sub_orders"), subOrders },
    };
    const QJsonObject scene = QJsonDocument::fromJson(c.sceneJson).object();
    if (!scene.isEmpty())
        result.insert(QStringLiteral("scene_info"), scene);
    if (!c.openid.isEmpty())
        result.insert(QStringLiteral("combine_payer_info"), QJsonObject { { QStringLiteral("openid"), c.openid } });
    return result;
}

QJsonObject OrderDesk::orderOverview(const OrderRecord &o) const
{
    QJsonObject overview = transactionJson(o);
    overview.insert(QStringLiteral("description"), o.description);
    overview.insert(QStringLiteral("notify_url"), o.notifyUrl);
    overview.insert(QStringLiteral("create_time"), WechatTime::format(o.createdAt));
    overview.insert(QStringLiteral("time_expire"), WechatTime::format(o.timeExpire));
    overview.insert(QStringLiteral("expired"), m_context->clock.now() > o.timeExpire);
    overview.insert(QStringLiteral("refunded"), o.refunded);
    if (!o.codeUrl.isEmpty())
        overview.insert(QStringLiteral("code_url"), o.codeUrl);
    if (o.isSubOrder()) {
        overview.insert(QStringLiteral("combine_mchid"), o.combineMchid);
        overview.insert(QStringLiteral("combine_out_trade_no"), o.combineOutTradeNo);
    }
    return overview;
}

HttpResponse OrderDesk::createNative(const Merchant &merchant, const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;

    JsonFields fields(*body);
    const QString appid = fields.string(QStringLiteral("appid"), true, 32);
    const QString mchid = fields.string(QStringLiteral("mchid"), true, 32);
    const QString description = fields.string(QStringLiteral("description"), true, 127);
    const QString outTradeNo = fields.string(QStringLiteral("out_trade_no"), true, 32, outTradeNoPattern());
    const QString timeExpire = fields.string(QStringLiteral("time_expire"), false, 64);
    const QString attach = fields.string(QStringLiteral("attach"), false, 128);
    const QString notifyUrl = fields.string(QStringLiteral("notify_url"), true, 255);
    fields.string(QStringLiteral("goods_tag"), false, 32);
    checkNotifyUrl(fields, notifyUrl);
    JsonFields amount = fields.child(fields.object(QStringLiteral("amount"), true), QStringLiteral("amount"));
    const qint64 total = amount.amount(QStringLiteral("total"), true);
    const QString currency = amount.string(QStringLiteral("currency"), false, 16);
    if (!currency.isEmpty() && currency != QLatin1String("CNY"))
        amount.fail(QStringLiteral("currency"), currency, QStringLiteral("only CNY"));
    fields.adoptFailure(amount);
    QString deviceId;
    if (fields.has(QStringLiteral("scene_info"))) {
        JsonFields scene
            = fields.child(fields.object(QStringLiteral("scene_info"), false), QStringLiteral("scene_info"));
        scene.string(QStringLiteral("payer_client_ip"), true, 45);
        deviceId = scene.string(QStringLiteral("device_id"), false, 32);
        fields.adoptFailure(scene);
    }
    const qint64 now = m_context->clock.now();
    const qint64 expiry = clampExpiry(timeExpire, now, &fields);
    if (!fields.ok())
        return fields.failure();
    if (mchid != merchant.record.mchid) {
        return Errors::paramError(
            QStringLiteral("mchid与请求签名中的商户号不一致"),
            { { QStringLiteral("field"), QStringLiteral("/mchid") },
              { QStringLiteral("value"), mchid },
              { QStringLiteral("issue"), QStringLiteral("the body's mchid must be the signing merchant") },
              { QStringLiteral("location"), QStringLiteral("body") } });
    }
    if (appid != merchant.record.appid)
        return Errors::appidMchidNotMatch();

    const QByteArray fingerprint = fingerprintOf(*body);
    if (auto existing = m_context->store->order(mchid, outTradeNo)) {
        if (existing->isSubOrder())
            return Errors::outTradeNoUsed();
        if (existing->isPaid())
            return Errors::orderPaid();
        if (existing->tradeState == kClosed)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，订单已关闭"));
        if (now > existing->timeExpire)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，订单已过期"));
        if (existing->fingerprint != fingerprint)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，请求参数与原订单不一致"));
        if (now - existing->codeUrlAt > kCodeUrlLifetime) {
            existing->codeUrl = m_context->newCodeUrl();
            existing->codeUrlAt = now;
            auto saved = m_context->store->updateOrder(*existing);
            if (!saved)
                return Errors::systemError();
        }
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("code_url"), existing->codeUrl } });
    }

    OrderRecord order;
    order.mchid = mchid;
    order.outTradeNo = outTradeNo;
    order.appid = appid;
    order.fingerprint = fingerprint;
    order.description = description;
    order.attach = attach;
    order.notifyUrl = notifyUrl;
    order.goodsTag = body->value(QLatin1String("goods_tag")).toString();
    order.deviceId = deviceId;
    order.total = total;
    order.currency = QStringLiteral("CNY");
    order.timeExpire = expiry;
    order.createdAt = now;
    order.codeUrl = m_context->newCodeUrl();
    order.codeUrlAt = now;
    setState(order, kNotPay);
    auto saved = m_context->store->insertOrder(order);
    if (!saved) {
        qCWarning(lcSandbox) << saved.error().message;
        return Errors::systemError();
    }
    return HttpResponse::json(200, QJsonObject { { QStringLiteral("code_url"), order.codeUrl } });
}

static std::optional<HttpResponse> checkQueryMchid(const Merchant &merchant, const HttpRequest &request)
{
    bool present = false;
    const QString mchid = request.queryValue(QStringLiteral("mchid"), &present);
    if (!present || mchid.isEmpty()) {
        return Errors::paramError(
            QStringLiteral("输入源“/query/mchid”映射到值字段“直连商户号”必填性规则校验失败，此字段为必填项"),
            { { QStringLiteral("field"), QStringLiteral("mchid") },
              { QStringLiteral("issue"), QStringLiteral("required") },
              { QStringLiteral("location"), QStringLiteral("query") } });
    }
    if (mchid != merchant.record.mchid) {
        return Errors::paramError(
            QStringLiteral("mchid与请求签名中的商户号不一致"),
            { { QStringLiteral("field"), QStringLiteral("mchid") },
              { QStringLiteral("value"), mchid },
              { QStringLiteral("issue"), QStringLiteral("the query's mchid must be the signing merchant") },
              { QStringLiteral("location"), QStringLiteral("query") } });
    }
    return std::nullopt;
}

HttpResponse OrderDesk::queryByOutTradeNo(const Merchant &merchant, const QString &outTradeNo,
                                          const HttpRequest &request)
{
    if (auto failure = checkQueryMchid(merchant, request))
        return *failure;
    const auto order = m_context->store->order(merchant.record.mchid, outTradeNo);
    // Sub-orders of a combined order are queried with the combined query.
    if (!order || order->isSubOrder())
        return Errors::orderNotExist();
    return HttpResponse::json(200, transactionJson(*order));
}

HttpResponse OrderDesk::queryByTransactionId(const Merchant &merchant, const QString &transactionId,
                                             const HttpRequest &request)
{
    if (auto failure = checkQueryMchid(merchant, request))
        return *failure;
    const auto order = m_context->store->orderByTransactionId(merchant.record.mchid, transactionId);
    if (!order || order->isSubOrder())
        return Errors::orderNotExist();
    return HttpResponse::json(200, transactionJson(*order));
}

HttpResponse OrderDesk::close(const Merchant &merchant, const QString &outTradeNo, const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;
    JsonFields fields(*body);
    const QString mchid = fields.string(QStringLiteral("mchid"), true, 32);
    if (!fields.ok())
        return fields.failure();
    if (mchid != merchant.record.mchid)
        return Errors::paramError(QStringLiteral("mchid与请求签名中的商户号不一致"));
    auto order = m_context->store->order(mchid, outTradeNo);
    if (!order || order->isSubOrder())
        return Errors::orderNotExist();
    if (order->isPaid())
        return Errors::orderPaid();
    if (order->tradeState != kClosed) {
        setState(*order, kClosed);
        auto saved = m_context->store->updateOrder(*order);
        if (!saved)
            return Errors::systemError();
    }
    return HttpResponse::noContent();
}

HttpResponse OrderDesk::createCombine(const Merchant &merchant, const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;

    JsonFields fields(*body);
    const QString combineAppid = fields.string(QStringLiteral("combine_appid"), true, 32);
    const QString combineMchid = fields.string(QStringLiteral("combine_mchid"), true, 32);
    const QString combineOutTradeNo
        = fields.string(QStringLiteral("combine_out_trade_no"), true, 32, outTradeNoPattern());
    const QString notifyUrl = fields.string(QStringLiteral("notify_url"), true, 255);
    checkNotifyUrl(fields, notifyUrl);
    const QString timeStart = fields.string(QStringLiteral("time_start"), false, 64);
    const QString timeExpire = fields.string(QStringLiteral("time_expire"), false, 64);
    QString deviceId;
    QJsonObject scene;
    if (fields.has(QStringLiteral("scene_info"))) {
        scene = fields.object(QStringLiteral("scene_info"), false);
        JsonFields sceneFields = fields.child(scene, QStringLiteral("scene_info"));
        sceneFields.string(QStringLiteral("payer_client_ip"), true, 45);
        deviceId = sceneFields.string(QStringLiteral("device_id"), false, 16);
        fields.adoptFailure(sceneFields);
    }
    const QJsonArray subOrders = fields.array(QStringLiteral("sub_orders"), true);
    if (fields.ok() && (subOrders.size() < 2 || subOrders.size() > 10)) {
        fields.fail(QStringLiteral("sub_orders"), QJsonValue(), QStringLiteral("2 to 10 sub-orders"),
                    QStringLiteral("子单数量必须在2到10之间"));
    }
    struct Sub
    {
        QString mchid, attach, outTradeNo, description;
        qint64 total;
    };
    QList<Sub> subs;
    QSet<QString> seen;
    for (qsizetype i = 0; i < subOrders.size() && fields.ok(); ++i) {
        const QString key = QStringLiteral("sub_orders/%1").arg(i);
        JsonFields sub = fields.child(subOrders.at(i).toObject(), key);
        if (!subOrders.at(i).isObject())
            fields.fail(key, subOrders.at(i), QStringLiteral("must be an object"));
        Sub s;
        s.mchid = sub.string(QStringLiteral("mchid"), true, 32);
        s.attach = sub.string(QStringLiteral("attach"), true, 128);
        s.outTradeNo = sub.string(QStringLiteral("out_trade_no"), true, 32, outTradeNoPattern());
        s.description = sub.string(QStringLiteral("description"), true, 127);
        JsonFields amount = sub.child(sub.object(QStringLiteral("amount"), true), QStringLiteral("amount"));
        s.total = amount.amount(QStringLiteral("total_amount"), true);
        const QString currency = amount.string(QStringLiteral("currency"), true, 8);
        if (amount.ok() && currency != QLatin1String("CNY"))
            amount.fail(QStringLiteral("currency"), currency, QStringLiteral("only CNY"));
        sub.adoptFailure(amount);
        fields.adoptFailure(sub);
        const QString identity = s.mchid + QLatin1Char('/') + s.outTradeNo;
        if (fields.ok() && seen.contains(identity))
            fields.fail(key + QStringLiteral("/out_trade_no"), s.outTradeNo, QStringLiteral("repeated in this order"));
        seen.insert(identity);
        subs.append(s);
    }
    const qint64 now = m_context->clock.now();
    const qint64 expiry = clampExpiry(timeExpire, now, &fields);
    std::optional<qint64> start;
    if (!timeStart.isEmpty() && fields.ok()) {
        start = WechatTime::parse(timeStart);
        if (!start)
            fields.fail(QStringLiteral("time_start"), timeStart, QStringLiteral("must be RFC 3339 with an offset"));
    }
    if (!fields.ok())
        return fields.failure();
    if (combineMchid != merchant.record.mchid)
        return Errors::paramError(QStringLiteral("combine_mchid与请求签名中的商户号不一致"));
    if (combineAppid != merchant.record.appid)
        return Errors::appidMchidNotMatch();
    for (const Sub &s : subs) {
        if (!m_context->merchant(s.mchid))
            return Errors::mchNotExists(s.mchid);
    }

    const QByteArray fingerprint = fingerprintOf(*body);
    if (auto existing = m_context->store->combine(combineMchid, combineOutTradeNo)) {
        const QList<OrderRecord> orders = m_context->store->subOrders(combineMchid, combineOutTradeNo);
        for (const OrderRecord &o : orders) {
            if (o.isPaid())
                return Errors::orderPaid();
        }
        if (!orders.isEmpty() && orders.first().tradeState == kClosed)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，订单已关闭"));
        if (now > existing->timeExpire)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，订单已过期"));
        if (existing->fingerprint != fingerprint)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，请求参数与原订单不一致"));
        if (now - existing->codeUrlAt > kCodeUrlLifetime) {
            existing->codeUrl = m_context->newCodeUrl();
            existing->codeUrlAt = now;
            if (!m_context->store->updateCombine(*existing))
                return Errors::systemError();
        }
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("code_url"), existing->codeUrl } });
    }
    for (const Sub &s : subs) {
        if (m_context->store->order(s.mchid, s.outTradeNo))
            return Errors::outTradeNoUsed(QStringLiteral("子单商户订单号重复: %1").arg(s.outTradeNo));
    }

    CombineRecord combine;
    combine.combineMchid = combineMchid;
    combine.combineOutTradeNo = combineOutTradeNo;
    combine.combineAppid = combineAppid;
    combine.fingerprint = fingerprint;
    combine.notifyUrl = notifyUrl;
    combine.deviceId = deviceId;
    combine.sceneJson = scene.isEmpty() ? QByteArray() : QJsonDocument(scene).toJson(QJsonDocument::Compact);
    combine.timeStart = start.value_or(now);
    combine.timeExpire = expiry;
    combine.createdAt = now;
    combine.codeUrl = m_context->newCodeUrl();
    combine.codeUrlAt = now;

    m_context->store->begin();
    bool ok = bool(m_context->store->insertCombine(combine));
    for (const Sub &s : subs) {
        if (!ok)
            break;
        OrderRecord order;
        order.mchid = s.mchid;
        order.outTradeNo = s.outTradeNo;
        order.appid = combineAppid;
        order.combineMchid = combineMchid;
        order.combineOutTradeNo = combineOutTradeNo;
        order.description = s.description;
        order.attach = s.attach;
        order.notifyUrl = notifyUrl;
        order.deviceId = deviceId;
        order.total = s.total;
        order.timeExpire = expiry;
        order.createdAt = now;
        setState(order, kNotPay);
        ok = bool(m_context->store->insertOrder(order));
    }
    if (!ok) {
        m_context->store->rollback();
        return Errors::systemError();
    }
    m_context->store->commit();
    return HttpResponse::json(200, QJsonObject { { QStringLiteral("code_url"), combine.codeUrl } });
}

HttpResponse OrderDesk::queryCombine(const Merchant &merchant, const QString &combineOutTradeNo)
{
    const auto combine = m_context->store->combine(merchant.record.mchid, combineOutTradeNo);
    if (!combine)
        return Errors::orderNotExist();
    return HttpResponse::json(200, combineJson(*combine));
}

HttpResponse OrderDesk::closeCombine(const Merchant &merchant, const QString &combineOutTradeNo,
                                     const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;
    JsonFields fields(*body);
    const QString combineAppid = fields.string(QStringLiteral("combine_appid"), true, 32);
    const QJsonArray listed = fields.array(QStringLiteral("sub_orders"), true);
    QSet<QString> named;
    for (qsizetype i = 0; i < listed.size() && fields.ok(); ++i) {
        JsonFields sub = fields.child(listed.at(i).toObject(), QStringLiteral("sub_orders/%1").arg(i));
        const QString mchid = sub.string(QStringLiteral("mchid"), true, 32);
        const QString outTradeNo = sub.string(QStringLiteral("out_trade_no"), true, 32);
        fields.adoptFailure(sub);
        named.insert(mchid + QLatin1Char('/') + outTradeNo);
    }
    if (!fields.ok())
        return fields.failure();
    const auto combine = m_context->store->combine(merchant.record.mchid, combineOutTradeNo);
    if (!combine)
        return Errors::orderNotExist();
    if (combineAppid != combine->combineAppid)
        return Errors::appidMchidNotMatch();
    QList<OrderRecord> orders = m_context->store->subOrders(combine->combineMchid, combine->combineOutTradeNo);
    QSet<QString> actual;
    for (const OrderRecord &o : orders)
        actual.insert(o.mchid + QLatin1Char('/') + o.outTradeNo);
    if (actual != named || listed.size() != orders.size())
        return Errors::invalidRequest(QStringLiteral("子单信息与原订单不一致，合单关单必须包含全部子单"));
    for (const OrderRecord &o : orders) {
        if (o.isPaid())
            return Errors::orderPaid();
    }
    m_context->store->begin();
    for (OrderRecord &o : orders) {
        if (o.tradeState == kClosed)
            continue;
        setState(o, kClosed);
        if (!m_context->store->updateOrder(o)) {
            m_context->store->rollback();
            return Errors::systemError();
        }
    }
    m_context->store->commit();
    return HttpResponse::noContent();
}

std::optional<OrderDesk::Target> OrderDesk::resolveTarget(const QJsonObject &body, HttpResponse *failure) const
{
    Target target;
    const QString codeUrl = body.value(QLatin1String("code_url")).toString();
    const QString combineOutTradeNo = body.value(QLatin1String("combine_out_trade_no")).toString();
    const QString outTradeNo = body.value(QLatin1String("out_trade_no")).toString();
    const QString mchid = body.value(QLatin1String("mchid")).toString();
    const QString notFound = QStringLiteral("NOT_FOUND");

    auto useCombine = [&](const CombineRecord &combine) {
        target.combine = combine;
        target.orders = m_context->store->subOrders(combine.combineMchid, combine.combineOutTradeNo);
    };
    if (!codeUrl.isEmpty()) {
        target.viaCodeUrl = true;
        if (auto order = m_context->store->orderByCodeUrl(codeUrl)) {
            target.orders = { *order };
        } else if (auto combine = m_context->store->combineByCodeUrl(codeUrl)) {
            useCombine(*combine);
        } else {
            *failure = controlError(404, notFound, QStringLiteral("no order has code_url %1").arg(codeUrl));
            return std::nullopt;
        }
    } else if (!combineOutTradeNo.isEmpty()) {
        QList<CombineRecord> found = m_context->store->combinesByOutTradeNo(combineOutTradeNo);
        if (!mchid.isEmpty())
            found.removeIf([&](const CombineRecord &c) { return c.combineMchid != mchid; });
        if (found.size() != 1) {
            *failure = found.isEmpty()
                ? controlError(404, notFound, QStringLiteral("no combined order %1").arg(combineOutTradeNo))
                : controlError(409, QStringLiteral("AMBIGUOUS"),
                               QStringLiteral("several merchants use %1: add \"mchid\"").arg(combineOutTradeNo));
            return std::nullopt;
        }
        useCombine(found.first());
    } else if (!outTradeNo.isEmpty()) {
        QList<OrderRecord> found = m_context->store->ordersByOutTradeNo(outTradeNo);
        if (!mchid.isEmpty())
            found.removeIf([&](const OrderRecord &o) { return o.mchid != mchid; });
        if (found.size() != 1) {
            *failure = found.isEmpty()
                ? controlError(404, notFound, QStringLiteral("no order %1").arg(outTradeNo))
                : controlError(409, QStringLiteral("AMBIGUOUS"),
                               QStringLiteral("several merchants use %1: add \"mchid\"").arg(outTradeNo));
            return std::nullopt;
        }
        const OrderRecord &order = found.first();
        if (order.isSubOrder()) {
            // A combined order is paid all together.
            useCombine(*m_context->store->combine(order.combineMchid, order.combineOutTradeNo));
        } else {
            target.orders = { order };
        }
    } else {
        *failure = controlError(400, QStringLiteral("BAD_REQUEST"),
                                QStringLiteral("name the order: code_url, combine_out_trade_no or out_trade_no"));
        return std::nullopt;
    }
    if (target.orders.isEmpty()) {
        *failure = controlError(404, notFound, QStringLiteral("the order has no sub-orders"));
        return std::nullopt;
    }
    return target;
}

HttpResponse OrderDesk::customer(const QString &action, const QJsonObject &body)
{
    HttpResponse failure;
    auto target = resolveTarget(body, &failure);
    if (!target)
        return failure;

    const qint64 now = m_context->clock.now();
    const OrderRecord &first = target->orders.first();
    const qint64 expiry = target->combine ? target->combine->timeExpire : first.timeExpire;
    const qint64 codeUrlAt = target->combine ? target->combine->codeUrlAt : first.codeUrlAt;
    bool paid = false;
    bool closed = false;
    for (const OrderRecord &o : target->orders) {
        paid = paid || o.isPaid();
        closed = closed || o.tradeState == kClosed || o.tradeState == QLatin1String("REVOKED");
    }

    auto snapshot = [&]() {
        QJsonObject result { { QStringLiteral("action"), action } };
        if (target->combine) {
            const auto fresh
                = m_context->store->combine(target->combine->combineMchid, target->combine->combineOutTradeNo);
            result.insert(QStringLiteral("combine"), combineJson(*fresh));
        } else {
            const auto fresh = m_context->store->order(first.mchid, first.outTradeNo);
            result.insert(QStringLiteral("order"), orderOverview(*fresh));
        }
        return HttpResponse::json(200, result);
    };

    bool ok = true;
    if (action == QLatin1String("abandon")) {
        // The customer walks away: whatever was under way is back to unpaid.
        if (!paid && !closed) {
            m_context->store->begin();
            for (OrderRecord &o : target->orders) {
                if (o.tradeState == kUserPaying || o.tradeState == kPayError) {
                    setState(o, kNotPay);
                    ok = succeeded(m_context->store->updateOrder(o)) && ok;
                }
            }
            if (!ok || !m_context->store->commit())
                m_context->store->rollback();
        }
        return snapshot();
    }

    // Everything else needs an order that can still be paid.
    if (paid)
        return controlError(409, QStringLiteral("ORDER_PAID"), QStringLiteral("the order is already paid"));
    if (closed)
        return controlError(409, QStringLiteral("ORDER_CLOSED"), QStringLiteral("the order is closed"));
    if (now > expiry) {
        return controlError(409, QStringLiteral("ORDER_EXPIRED"),
                            QStringLiteral("the order expired at %1 (time_expire); it can no longer be paid")
                                .arg(WechatTime::format(expiry)));
    }
    if (target->viaCodeUrl && now - codeUrlAt > kCodeUrlLifetime) {
        return controlError(409, QStringLiteral("CODE_URL_EXPIRED"),
                            QStringLiteral("the QR code is older than 2 hours; the merchant must re-issue the order"));
    }

    m_context->store->begin();
    if (action == QLatin1String("scan")) {
        for (OrderRecord &o : target->orders) {
            o.scannedAt = now;
            ok = succeeded(m_context->store->updateOrder(o)) && ok;
        }
    } else if (action == QLatin1String("userpaying")) {
        for (OrderRecord &o : target->orders) {
            o.scannedAt = o.scannedAt ? o.scannedAt : now;
            setState(o, kUserPaying);
            ok = succeeded(m_context->store->updateOrder(o)) && ok;
        }
    } else if (action == QLatin1String("fail")) {
        const QString reason = body.value(QLatin1String("reason")).toString();
        for (OrderRecord &o : target->orders) {
            setState(o, kPayError, reason);
            ok = succeeded(m_context->store->updateOrder(o)) && ok;
        }
    } else if (action == QLatin1String("pay")) {
        const QString openid = body.value(QLatin1String("openid")).toString(SandboxContext::newOpenid());
        const QString bankType = body.value(QLatin1String("bank_type")).toString(QStringLiteral("OTHERS"));
        for (OrderRecord &o : target->orders) {
            o.transactionId = m_context->newTransactionId();
            o.successTime = now;
            o.openid = openid;
            o.bankType = bankType;
            o.payerTotal = o.total;
            o.scannedAt = o.scannedAt ? o.scannedAt : now;
            setState(o, kSuccess);
            ok = succeeded(m_context->store->updateOrder(o)) && ok;
            LedgerEntry entry;
            entry.mchid = o.mchid;
            entry.at = now;
            entry.billDate = WechatTime::billDate(now);
            entry.kind = QStringLiteral("PAYMENT");
            entry.outTradeNo = o.outTradeNo;
            entry.transactionId = o.transactionId;
            entry.amount = o.total;
            ok = succeeded(m_context->store->addLedgerEntry(entry)) && ok;
        }
        if (target->combine) {
            target->combine->openid = openid;
            ok = succeeded(m_context->store->updateCombine(*target->combine)) && ok;
        }
    } else {
        m_context->store->rollback();
        return controlError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("unknown customer action %1").arg(action));
    }
    if (!ok || !m_context->store->commit()) {
        m_context->store->rollback();
        return controlError(500, QStringLiteral("SYSTEM_ERROR"), QStringLiteral("sandbox database error"));
    }
    // Code pay has no notify_url: its result is only ever queried.
    if (action == QLatin1String("pay") && (target->combine || !first.isCodePay()))
        notifyPaid(*target);
    return snapshot();
}

void OrderDesk::notifyPaid(const Target &target)
{
    const QString summary = QStringLiteral("支付成功");
    if (target.combine) {
        const auto combine = m_context->store->combine(target.combine->combineMchid, target.combine->combineOutTradeNo);
        auto sent = m_context->notifier->send(combine->combineMchid, combine->notifyUrl,
                                              QStringLiteral("TRANSACTION.SUCCESS"), summary, combineJson(*combine),
                                              "transaction", QStringLiteral("transaction"));
        if (!sent)
            qCWarning(lcSandbox) << sent.error().message;
        return;
    }
    const auto order = m_context->store->order(target.orders.first().mchid, target.orders.first().outTradeNo);
    auto sent
        = m_context->notifier->send(order->mchid, order->notifyUrl, QStringLiteral("TRANSACTION.SUCCESS"), summary,
                                    transactionJson(*order), "transaction", QStringLiteral("transaction"));
    if (!sent)
        qCWarning(lcSandbox) << sent.error().message;
}

} // namespace paydesk::sandbox
