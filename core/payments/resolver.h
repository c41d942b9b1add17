// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace paydesk {

class Clock;
class OrderRepository;
class RefundRepository;
class RefundService;
class StatusPoller;

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

private:
    void scheduleNext();

    OrderRepository *m_orders;
    RefundRepository *m_refunds;
    StatusPoller *m_poller;
    RefundService *m_refundService;
    Clock *m_clock;
    qint64 m_interval = 0;
};

} // namespace paydesk
