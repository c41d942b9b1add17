// SPDX-License-Identifier: MIT
#include "refundservice.h"

#include "clock.h"
#include "crypto/securerandom.h"
#include "store/order.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "wechatpay/apiclient.h"

#include <QLoggingCategory>

namespace paydesk {

Q_LOGGING_CATEGORY(lcRefunds, "paydesk.payments.refunds")

RefundService::RefundService(ApiClient *api, OrderRepository *orders, RefundRepository *refunds, Clock *clock,
                             BackoffPolicy policy, QObject *parent)
    : QObject(parent), m_api(api), m_orders(orders), m_refunds(refunds), m_clock(clock), m_policy(policy)
{
}

QString RefundService::newOutRefundNo() const
{
    return QStringLiteral("RF") + m_clock->now().toUTC().toString(QStringLiteral("yyMMddHHmmss"))
        + QString::fromLatin1(SecureRandom::alphanumeric(8));
}

Result<QString> RefundService::refund(const QString &outTradeNo, qint64 amount, const QString &reason,
                                      const QString &actor, const QString &notifyUrl)
{
    // A refund is signed with the merchant key of the order's merchant. A
    // sub-merchant's sub-order of a combined sale belongs to that merchant,
    // whose key this till does not hold: WeChat Pay would refuse the refund,
    // so it is refused here, before anything is stored.
    if (const auto order = m_orders->find(outTradeNo); order && order->kind == OrderKind::SubOrder
        && order->mchid != m_api->credentials().mchid) {
        return makeError(QStringLiteral("other_merchant"),
                         QStringLiteral("sub-order %1 belongs to sub-merchant %2, which refunds it with its own "
                                        "merchant key (this till signs as %3): refund it on merchant %2's platform "
                                        "or from a till of that merchant")
                             .arg(outTradeNo, order->mchid, m_api->credentials().mchid));
    }
    const QString outRefundNo = newOutRefundNo();
    auto stored = m_refunds->create(outTradeNo, outRefundNo, amount, reason, actor);
    if (!stored)
        return stored.error();
    emit refundUpdated(outRefundNo, QStringLiteral("Created"), QString());
    send(outRefundNo, notifyUrl);
    return outRefundNo;
}

void RefundService::send(const QString &outRefundNo, const QString &notifyUrl)
{
    const auto stored = m_refunds->find(outRefundNo);
    if (!stored)
        return;
    m_active.insert(outRefundNo);
    const auto order = m_orders->findById(stored->orderId);
    if (!order)
        return;
    RefundRequest request;
    request.outTradeNo = order->outTradeNo;
    request.transactionId = order->transactionId;
    request.outRefundNo = outRefundNo;
    request.reason = stored->reason.left(80);
    request.notifyUrl = notifyUrl;
    request.refund = stored->amount;
    request.total = order->amountTotal;
    m_api->createRefund(request, [this, outRefundNo](ApiResult<Refund> r) {
        if (!r)
            return onFailure(outRefundNo, r.error(), true);
        applyAnswer(outRefundNo, *r, int(ResultSource::CreateAnswer));
    });
}

void RefundService::applyAnswer(const QString &outRefundNo, const Refund &refund, int source)
{
    auto applied = m_refunds->applyRefund(refund, ResultSource(source), QStringLiteral("refunds"));
    if (!applied)
        qCCritical(lcRefunds) << "cannot store refund" << outRefundNo << ":" << applied.error().message;
    const auto stored = m_refunds->find(outRefundNo);
    const QString status = stored ? stored->status : refund.status;
    emit refundUpdated(outRefundNo, status, applied ? applied->message : applied.error().message);
    if (!isFinalRefundStatus(status)) {
        // PROCESSING or ABNORMAL: keep asking (ABNORMAL is settled on the merchant platform).
        const int attempt = m_attempts[outRefundNo]++;
        m_clock->callAfter(m_policy.delay(attempt, m_rng), this, [this, outRefundNo] { poll(outRefundNo); });
    } else {
        m_attempts.remove(outRefundNo);
        m_active.remove(outRefundNo);
    }
}

void RefundService::follow(const QString &outRefundNo)
{
    if (m_active.contains(outRefundNo))
        return;
    m_active.insert(outRefundNo);
    poll(outRefundNo);
}

void RefundService::poll(const QString &outRefundNo)
{
    m_api->queryRefund(outRefundNo, [this, outRefundNo](ApiResult<Refund> r) {
        if (!r)
            return onFailure(outRefundNo, r.error(), false);
        applyAnswer(outRefundNo, *r, int(ResultSource::Query));
    });
}

void RefundService::onFailure(const QString &outRefundNo, const ApiError &error, bool fromCreate)
{
    qCWarning(lcRefunds) << "refund" << outRefundNo << (fromCreate ? "create" : "query") << "failed:" << error.toString();
    const auto stored = m_refunds->find(outRefundNo);
    if (!stored)
        return;
    const bool unknown = error.outcomeUnknown || error.httpStatus == 0 || error.httpStatus >= 500 || error.httpStatus == 429;
    if (fromCreate && !unknown) {
        // WeChat Pay refused it (NOTENOUGH, INVALID_REQUEST, ...): nothing moved. Free the amount.
        Refund closed;
        closed.outRefundNo = outRefundNo;
        closed.status = QStringLiteral("CLOSED");
        (void)m_refunds->applyRefund(closed, ResultSource::CreateAnswer, QStringLiteral("refunds"));
        m_active.remove(outRefundNo);
        emit refundUpdated(outRefundNo, QStringLiteral("REJECTED"), QStringLiteral("%1: %2").arg(error.code, error.message));
        return;
    }
    if (!fromCreate && (error.is(QStringLiteral("RESOURCE_NOT_EXISTS")) || error.is(QStringLiteral("ORDER_NOT_EXIST")))
        && stored->status == QLatin1String("Created")) {
        // The create never reached WeChat Pay: send the same out_refund_no again.
        send(outRefundNo, QString());
        return;
    }
    emit refundUpdated(outRefundNo, stored->status, error.message);
    const int attempt = m_attempts[outRefundNo]++;
    m_clock->callAfter(m_policy.delay(attempt, m_rng), this, [this, outRefundNo] { poll(outRefundNo); });
}

} // namespace paydesk
