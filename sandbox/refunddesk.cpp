// SPDX-License-Identifier: MIT
#include "refunddesk.h"

#include "jsonfields.h"
#include "notificationdispatcher.h"
#include "orderdesk.h"
#include "sandboxcontext.h"
#include "wechattime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <limits>

namespace paydesk::sandbox {

namespace {

const QString kProcessing = QStringLiteral("PROCESSING");
const QString kSuccess = QStringLiteral("SUCCESS");
const QString kClosed = QStringLiteral("CLOSED");
const QString kAbnormal = QStringLiteral("ABNORMAL");
constexpr int kMaxRefundsPerOrder = 50;
constexpr qint64 kRefundWindow = 365 * 24 * 3600;

const QRegularExpression &outRefundNoPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9A-Za-z_\\-|*@]{1,64}$"));
    return pattern;
}

QString normalStatus(const QString &status)
{
    const QString s = status.trimmed().toUpper();
    if (s == QLatin1String("NOT_ENOUGH"))
        return QStringLiteral("NOTENOUGH");
    return s;
}

} // namespace

RefundDesk::RefundDesk(SandboxContext *context, QObject *parent) : QObject(parent), m_context(context)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RefundDesk::resolveDue);
}

QJsonObject RefundDesk::refundJson(const RefundRecord &r, const OrderRecord &order)
{
    QJsonObject amount {
        { QStringLiteral("total"), r.total },
        { QStringLiteral("refund"), r.refund },
        { QStringLiteral("from"), QJsonArray() },
        { QStringLiteral("payer_total"), order.payerTotal },
        { QStringLiteral("payer_refund"), r.refund },
        { QStringLiteral("settlement_total"), order.total },
        { QStringLiteral("settlement_refund"), r.refund },
        { QStringLiteral("discount_refund"), 0 },
        { QStringLiteral("currency"), r.currency },
        { QStringLiteral("refund_fee"), 0 },
    };
    QJsonObject json {
        { QStringLiteral("refund_id"), r.refundId },
        { QStringLiteral("out_refund_no"), r.outRefundNo },
        { QStringLiteral("transaction_id"), r.transactionId },
        { QStringLiteral("out_trade_no"), r.outTradeNo },
        { QStringLiteral("channel"), r.channel },
        { QStringLiteral("user_received_account"), r.userReceivedAccount },
        { QStringLiteral("create_time"), WechatTime::format(r.createTime) },
        { QStringLiteral("status"), r.status },
        { QStringLiteral("funds_account"), r.fundsAccount.isEmpty() ? QStringLiteral("AVAILABLE") : r.fundsAccount },
        { QStringLiteral("amount"), amount },
        { QStringLiteral("promotion_detail"), QJsonArray() },
    };
    if (r.successTime > 0)
        json.insert(QStringLiteral("success_time"), WechatTime::format(r.successTime));
    return json;
}

QJsonObject RefundDesk::refundOverview(const RefundRecord &r) const
{
    const auto order = m_context->store->order(r.mchid, r.outTradeNo);
    QJsonObject overview = refundJson(r, order.value_or(OrderRecord()));
    overview.insert(QStringLiteral("mchid"), r.mchid);
    overview.insert(QStringLiteral("notify_url"), r.notifyUrl);
    if (r.status == kProcessing) {
        overview.insert(QStringLiteral("planned_status"), r.plannedStatus);
        overview.insert(QStringLiteral("due_at"),
                        QDateTime::fromMSecsSinceEpoch(r.dueAtMs, WechatTime::chinaZone()).toString(Qt::ISODateWithMs));
    }
    return overview;
}

HttpResponse RefundDesk::create(const Merchant &merchant, const HttpRequest &request)
{
    std::optional<HttpResponse> failure;
    const auto body = JsonFields::parseBody(request.body, &failure);
    if (!body)
        return *failure;
    JsonFields fields(*body);
    const QString transactionId = fields.string(QStringLiteral("transaction_id"), false, 32);
    const QString outTradeNo = fields.string(QStringLiteral("out_trade_no"), false, 32);
    const QString outRefundNo = fields.string(QStringLiteral("out_refund_no"), true, 64, outRefundNoPattern());
    const QString reason = fields.string(QStringLiteral("reason"), false, 80);
    const QString notifyUrl = fields.string(QStringLiteral("notify_url"), false, 256);
    const QString fundsAccount = fields.string(QStringLiteral("funds_account"), false, 32);
    JsonFields amount = fields.child(fields.object(QStringLiteral("amount"), true), QStringLiteral("amount"));
    const qint64 refundAmount = amount.amount(QStringLiteral("refund"), true);
    const qint64 total = amount.amount(QStringLiteral("total"), true);
    const QString currency = amount.string(QStringLiteral("currency"), true, 16);
    if (amount.ok() && currency != QLatin1String("CNY"))
        amount.fail(QStringLiteral("currency"), currency, QStringLiteral("only CNY"));
    fields.adoptFailure(amount);
    if (fields.ok() && transactionId.isEmpty() && outTradeNo.isEmpty()) {
        fields.fail(QStringLiteral("out_trade_no"), QJsonValue(),
                    QStringLiteral("one of transaction_id and out_trade_no is required"),
                    QStringLiteral("transaction_id和out_trade_no必须二选一"));
    }
    if (!fields.ok())
        return fields.failure();

    const QString mchid = merchant.record.mchid;
    const QByteArray fingerprint = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    if (const auto existing = m_context->store->refund(mchid, outRefundNo)) {
        // The same out_refund_no is the same refund: never a second one.
        if (existing->fingerprint != fingerprint) {
            return Errors::invalidRequest(
                QStringLiteral("退款单号%1已存在，请求参数与原退款单不一致").arg(outRefundNo));
        }
        const auto order = m_context->store->order(mchid, existing->outTradeNo);
        return HttpResponse::json(200, refundJson(*existing, order.value_or(OrderRecord())));
    }

    auto order = transactionId.isEmpty() ? m_context->store->order(mchid, outTradeNo)
                                         : m_context->store->orderByTransactionId(mchid, transactionId);
    if (!order || (!transactionId.isEmpty() && !outTradeNo.isEmpty() && order->outTradeNo != outTradeNo))
        return Errors::resourceNotExists(QStringLiteral("订单不存在"));
    if (!order->isPaid())
        return Errors::invalidRequest(QStringLiteral("订单未支付，不能退款"));
    if (total != order->total)
        return Errors::invalidRequest(
            QStringLiteral("您的请求参数与订单信息不一致: amount.total必须等于订单金额%1").arg(order->total));
    const qint64 now = m_context->clock.now();
    if (now - order->successTime > kRefundWindow)
        return Errors::invalidRequest(QStringLiteral("订单已超过退款期限"));
    if (refundAmount > order->total - order->refunded) {
        return Errors::invalidRequest(
            QStringLiteral("申请退款金额超过订单可退金额: 可退%1分").arg(order->total - order->refunded));
    }
    if (order->refundCount >= kMaxRefundsPerOrder)
        return HttpResponse::error(403, QStringLiteral("RULE_LIMIT"), QStringLiteral("订单退款次数超过限制"));
    if (m_context->settings.refundIntervalSeconds > 0 && order->lastRefundAt > 0) {
        const double scale = m_context->settings.timeScale > 0 ? m_context->settings.timeScale : 1.0;
        const qint64 interval = qint64(m_context->settings.refundIntervalSeconds / scale);
        if (now - order->lastRefundAt < interval)
            return Errors::frequencyLimited(QStringLiteral("同一订单多次退款需间隔1分钟"));
    }

    // An outcome asked for by the control API: this refund by number, else the next one.
    QString planned = kSuccess;
    auto rule = m_context->store->selectOne(
        QStringLiteral("SELECT * FROM refund_outcomes WHERE out_refund_no=? AND (mchid IS NULL OR mchid='' OR mchid=?)"
                       " ORDER BY id LIMIT 1"),
        { outRefundNo, mchid });
    if (!rule) {
        rule = m_context->store->selectOne(
            QStringLiteral("SELECT * FROM refund_outcomes WHERE (out_refund_no IS NULL OR out_refund_no='')"
                           " AND (mchid IS NULL OR mchid='' OR mchid=?) ORDER BY id LIMIT 1"),
            { mchid });
    }
    if (rule) {
        planned = rule->value(QStringLiteral("status")).toString();
        succeeded(m_context->store->exec(QStringLiteral("DELETE FROM refund_outcomes WHERE id=?"),
                                         { rule->value(QStringLiteral("id")) }));
    }
    if (planned == QLatin1String("NOTENOUGH"))
        return HttpResponse::error(403, QStringLiteral("NOT_ENOUGH"),
                                   QStringLiteral("基本账户余额不足，请充值后重新发起"));

    RefundRecord refund;
    refund.mchid = mchid;
    refund.outRefundNo = outRefundNo;
    refund.refundId = m_context->newRefundId();
    refund.outTradeNo = order->outTradeNo;
    refund.transactionId = order->transactionId;
    refund.fingerprint = fingerprint;
    refund.reason = reason;
    refund.notifyUrl = notifyUrl;
    refund.fundsAccount = fundsAccount;
    refund.refund = refundAmount;
    refund.total = total;
    refund.currency = currency;
    refund.status = kProcessing;
    refund.plannedStatus = planned;
    refund.dueAtMs = SandboxClock::realMs() + qMax(0, m_context->settings.refundDelayMs);
    refund.createTime = now;
    refund.userReceivedAccount = QStringLiteral("支付用户零钱");

    order->refunded += refundAmount;
    order->refundCount += 1;
    order->lastRefundAt = now;
    order->tradeState = QStringLiteral("REFUND");
    order->tradeStateDesc = OrderDesk::tradeStateDesc(order->tradeState);

    LedgerEntry entry;
    entry.mchid = mchid;
    entry.at = now;
    entry.billDate = WechatTime::billDate(now);
    entry.kind = QStringLiteral("REFUND");
    entry.outTradeNo = order->outTradeNo;
    entry.transactionId = order->transactionId;
    entry.outRefundNo = outRefundNo;
    entry.refundId = refund.refundId;
    entry.amount = refundAmount;

    m_context->store->begin();
    if (!m_context->store->insertRefund(refund) || !m_context->store->updateOrder(*order)
        || !m_context->store->addLedgerEntry(entry)) {
        m_context->store->rollback();
        return Errors::systemError();
    }
    m_context->store->commit();
    m_context->emitEvent(QStringLiteral("refund"),
                         { { QStringLiteral("mchid"), mchid },
                           { QStringLiteral("out_refund_no"), outRefundNo },
                           { QStringLiteral("status"), refund.status } });
    schedule();
    return HttpResponse::json(200, refundJson(refund, *order));
}

HttpResponse RefundDesk::query(const Merchant &merchant, const QString &outRefundNo)
{
    const auto refund = m_context->store->refund(merchant.record.mchid, outRefundNo);
    if (!refund)
        return Errors::resourceNotExists(QStringLiteral("退款单不存在"));
    const auto order = m_context->store->order(refund->mchid, refund->outTradeNo);
    return HttpResponse::json(200, refundJson(*refund, order.value_or(OrderRecord())));
}

HttpResponse RefundDesk::setOutcome(const QJsonObject &body)
{
    const QString status = normalStatus(body.value(QLatin1String("status")).toString());
    const QString outRefundNo = body.value(QLatin1String("out_refund_no")).toString();
    const QString mchid = body.value(QLatin1String("mchid")).toString();
    const bool next = body.value(QLatin1String("next")).toBool();
    static const QStringList kStatuses { QStringLiteral("ABNORMAL"), QStringLiteral("CLOSED"),
                                         QStringLiteral("NOTENOUGH"), QStringLiteral("SUCCESS") };
    if (!kStatuses.contains(status)) {
        return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                   QStringLiteral("\"status\" must be ABNORMAL, CLOSED, NOTENOUGH or SUCCESS"));
    }
    if (outRefundNo.isEmpty() == !next) {
        return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                   QStringLiteral("give either \"out_refund_no\" or \"next\": true"));
    }
    if (!outRefundNo.isEmpty()) {
        QList<RefundRecord> existing;
        for (const RefundRecord &r : m_context->store->refunds(mchid)) {
            if (r.outRefundNo == outRefundNo)
                existing.append(r);
        }
        if (existing.size() > 1) {
            return HttpResponse::error(409, QStringLiteral("AMBIGUOUS"),
                                       QStringLiteral("several merchants use %1: add \"mchid\"").arg(outRefundNo));
        }
        if (existing.size() == 1) {
            RefundRecord refund = existing.first();
            if (refund.status == kProcessing) {
                if (status == QLatin1String("NOTENOUGH")) {
                    return HttpResponse::error(
                        409, QStringLiteral("ALREADY_ACCEPTED"),
                        QStringLiteral("the refund was accepted; NOTENOUGH only refuses a new one"));
                }
                refund.plannedStatus = status;
                if (!succeeded(m_context->store->updateRefund(refund)))
                    return HttpResponse::error(500, QStringLiteral("SYSTEM_ERROR"),
                                               QStringLiteral("sandbox database error"));
            } else if (refund.status == kAbnormal && (status == kSuccess || status == kClosed)) {
                // What the merchant would do on the merchant platform.
                finish(refund, status);
            } else {
                return HttpResponse::error(409, QStringLiteral("REFUND_FINAL"),
                                           QStringLiteral("the refund is %1 already").arg(refund.status));
            }
            const auto fresh = m_context->store->refund(refund.mchid, refund.outRefundNo);
            return HttpResponse::json(200, QJsonObject { { QStringLiteral("refund"), refundOverview(*fresh) } });
        }
    }
    if (status == kSuccess)
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("queued"), false } });
    auto saved = m_context->store->insert(QStringLiteral("refund_outcomes"),
                                          { { QStringLiteral("mchid"), mchid },
                                            { QStringLiteral("out_refund_no"), outRefundNo },
                                            { QStringLiteral("status"), status } });
    if (!saved)
        return HttpResponse::error(500, QStringLiteral("SYSTEM_ERROR"), saved.error().message);
    return HttpResponse::json(200,
                              QJsonObject { { QStringLiteral("queued"), true },
                                            { QStringLiteral("status"), status },
                                            { QStringLiteral("out_refund_no"), outRefundNo },
                                            { QStringLiteral("next"), next } });
}

void RefundDesk::resume()
{
    resolveDue();
}

void RefundDesk::stop()
{
    m_timer.stop();
}

void RefundDesk::schedule()
{
    const QList<RefundRecord> processing = m_context->store->processingRefunds();
    if (processing.isEmpty()) {
        m_timer.stop();
        return;
    }
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const RefundRecord &r : processing)
        earliest = qMin(earliest, r.dueAtMs);
    m_timer.start(int(qBound<qint64>(0, earliest - SandboxClock::realMs(), 24LL * 3600 * 1000)));
}

void RefundDesk::resolveDue()
{
    const qint64 now = SandboxClock::realMs();
    for (const RefundRecord &r : m_context->store->processingRefunds()) {
        if (r.dueAtMs <= now)
            finish(r, r.plannedStatus);
    }
    schedule();
}

void RefundDesk::finish(RefundRecord refund, const QString &status)
{
    auto order = m_context->store->order(refund.mchid, refund.outTradeNo);
    if (!order)
        return;
    const qint64 now = m_context->clock.now();
    refund.status = status;
    if (status == kSuccess)
        refund.successTime = now;
    if (status == kClosed) {
        // The money stays with the merchant: it can be refunded again.
        order->refunded -= refund.refund;
        bool anyLeft = false;
        for (const RefundRecord &other : m_context->store->refundsOfOrder(order->mchid, order->outTradeNo))
            anyLeft = anyLeft || (other.outRefundNo != refund.outRefundNo && other.status != kClosed);
        if (!anyLeft) {
            order->tradeState = QStringLiteral("SUCCESS");
            order->tradeStateDesc = OrderDesk::tradeStateDesc(order->tradeState);
        }
    }
    m_context->store->begin();
    if (!succeeded(m_context->store->updateRefund(refund)) || !succeeded(m_context->store->updateOrder(*order))
        || !m_context->store->commit()) {
        m_context->store->rollback();
        return;
    }
    m_context->emitEvent(QStringLiteral("refund"),
                         { { QStringLiteral("mchid"), refund.mchid },
                           { QStringLiteral("out_refund_no"), refund.outRefundNo },
                           { QStringLiteral("status"), status } });

    const Merchant *merchant = m_context->merchant(refund.mchid);
    const QString notifyUrl
        = !refund.notifyUrl.isEmpty() ? refund.notifyUrl : (merchant ? merchant->record.refundNotifyUrl : QString());
    if (notifyUrl.isEmpty())
        return;
    QJsonObject resource {
        { QStringLiteral("mchid"), refund.mchid },
        { QStringLiteral("out_trade_no"), refund.outTradeNo },
        { QStringLiteral("transaction_id"), refund.transactionId },
        { QStringLiteral("out_refund_no"), refund.outRefundNo },
        { QStringLiteral("refund_id"), refund.refundId },
        { QStringLiteral("refund_status"), status },
        { QStringLiteral("user_received_account"), refund.userReceivedAccount },
        { QStringLiteral("amount"),
          QJsonObject { { QStringLiteral("total"), refund.total },
                        { QStringLiteral("refund"), refund.refund },
                        { QStringLiteral("payer_total"), order->payerTotal },
                        { QStringLiteral("payer_refund"), refund.refund } } },
    };
    if (refund.successTime > 0)
        resource.insert(QStringLiteral("success_time"), WechatTime::format(refund.successTime));
    const QString summary = status == kSuccess ? QStringLiteral("退款成功")
        : status == kClosed                    ? QStringLiteral("退款关闭")
                                               : QStringLiteral("退款异常");
    auto sent = m_context->notifier->send(refund.mchid, notifyUrl, QStringLiteral("REFUND.") + status, summary,
                                          resource, "refund", QStringLiteral("refund"));
    if (!sent)
        qCWarning(lcSandbox) << sent.error().message;
}

} // namespace paydesk::sandbox
