// SPDX-License-Identifier: MIT
#include "codepaydesk.h"

#include "jsonfields.h"
#include "orderdesk.h"
#include "sandboxcontext.h"
#include "wechatpay/apitypes.h"
#include "wechattime.h"

#include <QJsonDocument>

namespace paydesk::sandbox {

namespace {

const QString kSuccess = QStringLiteral("SUCCESS");
const QString kUserPaying = QStringLiteral("USERPAYING");
const QString kPayError = QStringLiteral("PAYERROR");
const QString kRevoked = QStringLiteral("REVOKED");
const QString kTable = QStringLiteral("codepay_orders");

// WeChat Pay lets a code-pay order be reversed for 7 days; after that, refund it.
constexpr qint64 kReverseWindow = 7 * 24 * 3600;
// A code-pay order cannot be paid by scanning a QR code; the expiry only bounds
// how long the control API's customer actions accept it.
constexpr qint64 kCustomerWindow = 24 * 3600;

// What the customer's WeChat does with this code, from its third digit (the
// sandbox's convention; real codes carry no such meaning).
struct Plan
{
    enum Kind { PayNow, Password, PasswordFails, NotEnough, Expired, Invalid };
    Kind kind = PayNow;
    int seconds = 0; // for the password kinds: 0 = the customer never finishes
};

Plan planFor(const QString &authCode)
{
    Plan plan;
    const int seconds = authCode.mid(3, 2).toInt();
    switch (authCode.at(2).unicode()) {
    case '5': plan = {Plan::Password, seconds}; break;
    case '6': plan = {Plan::PasswordFails, seconds}; break;
    case '7': plan.kind = Plan::NotEnough; break;
    case '8': plan.kind = Plan::Expired; break;
    case '9': plan.kind = Plan::Invalid; break;
    default: break;
    }
    return plan;
}

QString planName(Plan::Kind kind)
{
    return kind == Plan::PasswordFails ? QStringLiteral("fail") : QStringLiteral("pay");
}

} // namespace

CodePayDesk::CodePayDesk(SandboxContext *context) : m_context(context) { }

void CodePayDesk::setState(OrderRecord &order, const QString &state, const QString &desc) const
{
    order.tradeState = state;
    order.tradeStateDesc = !desc.isEmpty() ? desc
        : state == kRevoked               ? QStringLiteral("已撤销")
                                          : OrderDesk::tradeStateDesc(state);
    m_context->emitEvent(QStringLiteral("order"),
                         { { QStringLiteral("mchid"), order.mchid },
                           { QStringLiteral("out_trade_no"), order.outTradeNo },
                           { QStringLiteral("trade_state"), state } });
}

bool CodePayDesk::pay(OrderRecord &order, qint64 now)
{
    order.transactionId = m_context->newTransactionId();
    order.successTime = now;
    order.openid = SandboxContext::newOpenid();
    order.bankType = QStringLiteral("OTHERS");
    order.payerTotal = order.total;
    order.scannedAt = order.scannedAt ? order.scannedAt : now;
    setState(order, kSuccess);
    LedgerEntry entry;
    entry.mchid = order.mchid;
    entry.at = now;
    entry.billDate = WechatTime::billDate(now);
    entry.kind = QStringLiteral("PAYMENT");
    entry.outTradeNo = order.outTradeNo;
    entry.transactionId = order.transactionId;
    entry.amount = order.total;
    return succeeded(m_context->store->addLedgerEntry(entry));
}

HttpResponse CodePayDesk::answerFor(const OrderRecord &order) const
{
    if (order.tradeState == kUserPaying) {
        // What WeChat Pay sends while the customer types the password: 202 and
        // nothing but the state (confirmed by SDK users; see docs/codepay.md).
        return HttpResponse::json(202, QJsonObject { { QStringLiteral("trade_state"), kUserPaying } });
    }
    if (order.tradeState == kSuccess)
        return HttpResponse::json(200, OrderDesk::transactionJson(order));
    if (order.tradeState == kPayError)
        return HttpResponse::error(403, QStringLiteral("TRADE_ERROR"), order.tradeStateDesc);
    if (order.tradeState == kRevoked)
        return Errors::outTradeNoUsed(QStringLiteral("订单已撤销"));
    return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，订单已关闭"));
}

void CodePayDesk::settleDue(const QString &mchid, const QString &outTradeNo)
{
    const auto row = m_context->store->selectOne(
        QStringLiteral("SELECT plan, due_at_ms FROM codepay_orders WHERE mchid=? AND out_trade_no=?"),
        { mchid, outTradeNo });
    if (!row)
        return;
    const qint64 due = row->value(QStringLiteral("due_at_ms")).toLongLong();
    if (due <= 0 || SandboxClock::realMs() < due)
        return;
    auto order = m_context->store->order(mchid, outTradeNo);
    if (!order || order->tradeState != kUserPaying)
        return;
    const qint64 now = m_context->clock.now();
    m_context->store->begin();
    bool ok = true;
    if (row->value(QStringLiteral("plan")).toString() == QLatin1String("fail"))
        setState(*order, kPayError, QStringLiteral("用户取消支付"));
    else
        ok = pay(*order, now);
    ok = succeeded(m_context->store->updateOrder(*order)) && ok;
    ok = succeeded(m_context->store->exec(
             QStringLiteral("UPDATE codepay_orders SET due_at_ms=0 WHERE mchid=? AND out_trade_no=?"),
             { mchid, outTradeNo }))
        && ok;
    if (!ok || !m_context->store->commit())
        m_context->store->rollback();
}

HttpResponse CodePayDesk::create(const Merchant &merchant, const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;

    JsonFields fields(*body);
    const QString appid = fields.string(QStringLiteral("appid"), true, 32);
    const QString mchid = fields.string(QStringLiteral("mchid"), true, 32);
    const QString description = fields.string(QStringLiteral("description"), true, 127);
    const QString outTradeNo = fields.string(QStringLiteral("out_trade_no"), true, 32);
    const QString attach = fields.string(QStringLiteral("attach"), false, 128);
    const QString goodsTag = fields.string(QStringLiteral("goods_tag"), false, 32);
    if (!outTradeNo.isEmpty() && !OrderDesk::isValidOutTradeNo(outTradeNo))
        fields.fail(QStringLiteral("out_trade_no"), outTradeNo, QStringLiteral("6 to 32 of [0-9A-Za-z_-|*]"));
    JsonFields payer = fields.child(fields.object(QStringLiteral("payer"), true), QStringLiteral("payer"));
    const QString authCode = payer.string(QStringLiteral("auth_code"), true, 128);
    if (payer.ok() && !isValidAuthCode(authCode)) {
        payer.fail(QStringLiteral("auth_code"), QStringLiteral("***"),
                   QStringLiteral("a payment code is 18 digits starting 10-15"),
                   QStringLiteral("付款码无效，请重新扫码"));
    }
    fields.adoptFailure(payer);
    JsonFields amount = fields.child(fields.object(QStringLiteral("amount"), true), QStringLiteral("amount"));
    const qint64 total = amount.amount(QStringLiteral("total"), true);
    const QString currency = amount.string(QStringLiteral("currency"), false, 16);
    if (!currency.isEmpty() && currency != QLatin1String("CNY"))
        amount.fail(QStringLiteral("currency"), currency, QStringLiteral("only CNY"));
    fields.adoptFailure(amount);
    JsonFields scene = fields.child(fields.object(QStringLiteral("scene_info"), true), QStringLiteral("scene_info"));
    scene.string(QStringLiteral("device_ip"), true, 45);
    const QString deviceId = scene.string(QStringLiteral("device_id"), false, 32);
    JsonFields store = scene.child(scene.object(QStringLiteral("store_info"), true), QStringLiteral("store_info"));
    store.string(QStringLiteral("out_id"), true, 32);
    scene.adoptFailure(store);
    fields.adoptFailure(scene);
    if (!fields.ok())
        return fields.failure();
    if (mchid != merchant.record.mchid)
        return Errors::paramError(QStringLiteral("mchid与请求签名中的商户号不一致"));
    if (appid != merchant.record.appid)
        return Errors::appidMchidNotMatch();

    const QByteArray fingerprint = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    const qint64 now = m_context->clock.now();
    if (auto existing = m_context->store->order(mchid, outTradeNo)) {
        const auto row = m_context->store->selectOne(
            QStringLiteral("SELECT fingerprint FROM codepay_orders WHERE mchid=? AND out_trade_no=?"),
            { mchid, outTradeNo });
        // The same request again (a client retrying after a lost answer) gets
        // the order's current answer; anything else is a re-used number.
        if (!row || row->value(QStringLiteral("fingerprint")).toByteArray() != fingerprint)
            return Errors::outTradeNoUsed(QStringLiteral("商户订单号重复，请求参数与原订单不一致"));
        settleDue(mchid, outTradeNo);
        return answerFor(*m_context->store->order(mchid, outTradeNo));
    }

    const Plan plan = planFor(authCode);
    if (plan.kind == Plan::NotEnough)
        return HttpResponse::error(403, QStringLiteral("NOT_ENOUGH"), QStringLiteral("用户余额不足，请用户换卡支付或充值"));
    if (plan.kind == Plan::Expired) {
        return HttpResponse::error(403, QStringLiteral("AUTH_CODE_EXPIRE"),
                                   QStringLiteral("二维码已过期，请用户在微信上刷新后再试"));
    }
    if (plan.kind == Plan::Invalid)
        return HttpResponse::error(403, QStringLiteral("AUTH_CODE_INVALID"), QStringLiteral("付款码无效，请用户刷新后重新扫码"));

    OrderRecord order;
    order.mchid = mchid;
    order.outTradeNo = outTradeNo;
    order.appid = appid;
    order.fingerprint = fingerprint;
    order.description = description;
    order.attach = attach;
    order.goodsTag = goodsTag;
    order.deviceId = deviceId;
    order.total = total;
    order.timeExpire = now + kCustomerWindow;
    order.createdAt = now;
    order.scannedAt = now;
    bool ok = true;
    m_context->store->begin();
    qint64 dueAtMs = 0;
    if (plan.kind == Plan::PayNow) {
        ok = pay(order, now);
    } else {
        setState(order, kUserPaying);
        if (plan.seconds > 0) {
            const double scale = m_context->settings.timeScale > 0 ? m_context->settings.timeScale : 1.0;
            dueAtMs = SandboxClock::realMs() + qint64(plan.seconds * 1000 / scale);
        }
    }
    ok = succeeded(m_context->store->insertOrder(order)) && ok;
    ok = succeeded(m_context->store->insert(kTable, { { QStringLiteral("mchid"), mchid },
                                                     { QStringLiteral("out_trade_no"), outTradeNo },
                                                     { QStringLiteral("fingerprint"), fingerprint },
                                                     { QStringLiteral("plan"), planName(plan.kind) },
                                                     { QStringLiteral("due_at_ms"), dueAtMs } }))
        && ok;
    if (!ok || !m_context->store->commit()) {
        m_context->store->rollback();
        return Errors::systemError();
    }
    return answerFor(order);
}

HttpResponse CodePayDesk::reverse(const Merchant &merchant, const QString &outTradeNo, const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;
    JsonFields fields(*body);
    const QString appid = fields.string(QStringLiteral("appid"), true, 32);
    const QString mchid = fields.string(QStringLiteral("mchid"), true, 32);
    if (!fields.ok())
        return fields.failure();
    if (mchid != merchant.record.mchid)
        return Errors::paramError(QStringLiteral("mchid与请求签名中的商户号不一致"));
    if (appid != merchant.record.appid)
        return Errors::appidMchidNotMatch();
    settleDue(mchid, outTradeNo);
    auto order = m_context->store->order(mchid, outTradeNo);
    if (!order || order->isSubOrder())
        return Errors::orderNotExist();
    if (!order->isCodePay())
        return Errors::invalidRequest(QStringLiteral("只有付款码支付的订单可以撤销"));
    const qint64 now = m_context->clock.now();
    const QJsonObject answer { { QStringLiteral("appid"), order->appid },
                               { QStringLiteral("mchid"), order->mchid },
                               { QStringLiteral("out_trade_no"), order->outTradeNo } };
    if (order->tradeState == kRevoked)
        return HttpResponse::json(200, answer); // reversing twice changes nothing
    if (order->tradeState == QLatin1String("REFUND"))
        return Errors::invalidRequest(QStringLiteral("订单已发生退款，不能撤销，请使用退款接口"));
    if (now - order->createdAt > kReverseWindow)
        return Errors::invalidRequest(QStringLiteral("订单已超过7天，不能撤销，请使用退款接口"));

    m_context->store->begin();
    bool ok = true;
    if (order->tradeState == kSuccess) {
        // A paid order is reversed by giving the money back (a refund, booked
        // as one, so the bill shows it).
        RefundRecord refund;
        refund.mchid = order->mchid;
        refund.outRefundNo = QStringLiteral("REVERSE-") + order->outTradeNo;
        refund.refundId = m_context->newRefundId();
        refund.outTradeNo = order->outTradeNo;
        refund.transactionId = order->transactionId;
        refund.fingerprint = "reverse";
        refund.reason = QStringLiteral("撤销");
        refund.refund = order->total;
        refund.total = order->total;
        refund.status = kSuccess;
        refund.plannedStatus = kSuccess;
        refund.createTime = now;
        refund.successTime = now;
        refund.userReceivedAccount = QStringLiteral("支付用户零钱");
        ok = succeeded(m_context->store->insertRefund(refund)) && ok;
        LedgerEntry entry;
        entry.mchid = order->mchid;
        entry.at = now;
        entry.billDate = WechatTime::billDate(now);
        entry.kind = QStringLiteral("REFUND");
        entry.outTradeNo = order->outTradeNo;
        entry.transactionId = order->transactionId;
        entry.outRefundNo = refund.outRefundNo;
        entry.refundId = refund.refundId;
        entry.amount = order->total;
        ok = succeeded(m_context->store->addLedgerEntry(entry)) && ok;
        order->refunded = order->total;
        order->refundCount += 1;
        order->lastRefundAt = now;
    }
    setState(*order, kRevoked);
    ok = succeeded(m_context->store->updateOrder(*order)) && ok;
    ok = succeeded(m_context->store->exec(
             QStringLiteral("UPDATE codepay_orders SET due_at_ms=0 WHERE mchid=? AND out_trade_no=?"),
             { mchid, outTradeNo }))
        && ok;
    if (!ok || !m_context->store->commit()) {
        m_context->store->rollback();
        return Errors::systemError();
    }
    return HttpResponse::json(200, answer);
}

} // namespace paydesk::sandbox
