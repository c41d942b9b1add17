// SPDX-License-Identifier: MIT
#include "resolver.h"

#include "clock.h"
#include "refundservice.h"
#include "statuspoller.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QLoggingCategory>

namespace paydesk {

Q_LOGGING_CATEGORY(lcResolver, "paydesk.payments.resolver")

Resolver::Resolver(OrderRepository *orders, RefundRepository *refunds, StatusPoller *poller,
                   RefundService *refundService, Clock *clock, QObject *parent)
    : QObject(parent), m_orders(orders), m_refunds(refunds), m_poller(poller),
      m_refundService(refundService), m_clock(clock)
{
    connect(m_poller, &StatusPoller::finished, this, [this](const QString &outTradeNo) { noteFinished(outTradeNo); });
}

void Resolver::noteFinished(const QString &outTradeNo)
{
    if (!m_handed.remove(outTradeNo))
        return;
    const auto order = m_orders->find(outTradeNo);
    if (!order || !isPaid(order->state))
        return;
    const bool reversed = order->kind == OrderKind::CodePay && order->tradeState == QLatin1String("REVOKED");
    qCInfo(lcResolver) << "recovered" << outTradeNo << (reversed ? "paid, then reversed" : "paid");
    emit saleRecovered(outTradeNo, reversed ? RecoveredSale::ReversedAfterPayment : RecoveredSale::PaidWhileDown);
}

void Resolver::start(qint64 intervalMs)
{
    m_interval = intervalMs;
    runOnce();
    scheduleNext();
}

void Resolver::scheduleNext()
{
    if (m_interval <= 0)
        return;
    m_clock->callAfter(m_interval, this, [this] {
        runOnce();
        scheduleNext();
    });
}

int Resolver::runOnce()
{
    int handed = 0;
    for (const OrderRecord &order : m_orders->unresolved()) {
        if (m_poller->isWatching(order.outTradeNo))
            continue;
        // Created (a create with no answer: crash, timeout) and Pending alike:
        // the poller's query decides; ORDER_NOT_EXIST closes it locally, an
        // expired one is closed and queried once more.
        ++handed;
        m_handed.insert(order.outTradeNo);
        m_poller->watch(order.outTradeNo);
        if (!m_poller->isWatching(order.outTradeNo))
            m_handed.remove(order.outTradeNo);
    }
    for (const RefundRecord &refund : m_refunds->unresolved()) {
        if (m_refundService->isFollowing(refund.outRefundNo))
            continue;
        ++handed;
        m_refundService->follow(refund.outRefundNo);
    }
    if (handed)
        qCInfo(lcResolver) << "resolving" << handed << "orders and refunds";
    emit resolving(handed);
    return handed;
}

} // namespace paydesk
