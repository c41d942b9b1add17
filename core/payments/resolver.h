// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSet>
#include <QString>

namespace paydesk {

class Clock;
class OrderRepository;
class RefundRepository;
class RefundService;
class StatusPoller;

// What a sale nobody was following (left by a crash, a power cut, a till
// switched off) turned out to be, when the cashier must be told.
enum class RecoveredSale {
    PaidWhileDown,        // the customer paid: the sale is booked as paid
    ReversedAfterPayment, // code pay: paid, then reversed: the customer got the money back
};

// Nothing stays unknown: at start-up and every few minutes every order and
// refund that is not final is handed to the code that settles it — unsent
// (Created) orders are resolved by query, pending ones followed by the poller
// (which closes them at expiry), refunds followed to a final status.
class Resolver : public QObject
{
    Q_OBJECT

public:
    Resolver(OrderRepository *orders, RefundRepository *refunds, StatusPoller *poller, RefundService *refundService,
             Clock *clock, QObject *parent = nullptr);

    void start(qint64 intervalMs = 3 * 60 * 1000);
    // One pass; returns how many orders and refunds it handed on.
    int runOnce();

signals:
    void resolving(int count);
    // An order this Resolver handed on settled as one of RecoveredSale (a sale
    // that ended unpaid or closed says nothing: nobody was charged).
    void saleRecovered(const QString &outTradeNo, paydesk::RecoveredSale outcome);

private:
    void scheduleNext();
    void noteFinished(const QString &outTradeNo);

    OrderRepository *m_orders;
    RefundRepository *m_refunds;
    StatusPoller *m_poller;
    RefundService *m_refundService;
    Clock *m_clock;
    qint64 m_interval = 0;
    QSet<QString> m_handed; // orders handed to the poller and not yet settled
};

} // namespace paydesk
