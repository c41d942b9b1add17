// SPDX-License-Identifier: MIT
#pragma once

#include "backoffpolicy.h"
#include "store/order.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <random>

namespace paydesk {

class ApiClient;
class Clock;
class OrderRepository;

// Follows unpaid orders until WeChat Pay says something final: queries with
// exponential backoff and jitter (BackoffPolicy, driven by the injected Clock),
// applies every answer through OrderRepository (the one writer path), and at
// time_expire closes the order and queries once more — a payment that landed
// at the last second wins. A code-pay order is queried first at its deadline:
// paid stays paid; only what is still unpaid or unknown is reversed, then
// queried again (a payment that landed just before the reverse was given back:
// the store books the payment and the reversal).
class StatusPoller : public QObject
{
    Q_OBJECT

public:
    StatusPoller(ApiClient *api, OrderRepository *orders, Clock *clock,
                 BackoffPolicy policy = BackoffPolicy::paymentPolling(), quint32 seed = std::random_device{}(),
                 QObject *parent = nullptr);

    // Starts following a stored Native, code-pay or combined order (no-op if already followed).
    void watch(const QString &outTradeNo);
    // Cashier cancels: close, then query; the answer decides (paid wins). A
    // code-pay order: query, reverse unless paid, query again.
    void closeNow(const QString &outTradeNo);
    void stop(const QString &outTradeNo);
    bool isWatching(const QString &outTradeNo) const { return m_watched.contains(outTradeNo); }
    int watchedCount() const { return int(m_watched.size()); }

signals:
    // Every applied change (NOTPAY → USERPAYING, → Paid, → Closed, ...).
    void updated(const QString &outTradeNo, paydesk::OrderState state, const QString &tradeState);
    // The order reached a final state; polling stopped.
    void finished(const QString &outTradeNo, paydesk::OrderState state);
    // A query failed; polling goes on (shown as "WeChat Pay unreachable").
    void queryFailed(const QString &outTradeNo, const QString &message);
    // How many orders are followed changed (the status bar's "settling N").
    void watchedCountChanged(int count);

private:
    void forget(const QString &outTradeNo);
    void noteCount();

    struct Watch
    {
        int attempt = 0;
        bool closing = false;
        quint64 generation = 0;
        QDateTime since; // when following began: the backoff's late cap counts from here
    };
    void scheduleNext(const QString &outTradeNo);
    void poll(const QString &outTradeNo, quint64 generation);
    void close(const QString &outTradeNo);
    void queryAndApply(const QString &outTradeNo, std::function<void(bool final)> then);
    void report(const QString &outTradeNo);
    // Stops following a settled order and says so (finished()).
    void finish(const QString &outTradeNo);
    // The close (or reverse) did not settle it: close() again after the backoff's cap.
    void closeAgainLater(const QString &outTradeNo);
    // Code pay's "close", for an order the query just found unpaid or could not
    // see: POST .../reverse; answered, `thenQuery` (the close path's query and
    // retry) books what WeChat Pay says now; unanswered, query and reverse again.
    void reverse(const QString &outTradeNo, std::function<void(const QString &)> thenQuery);

    ApiClient *m_api;
    OrderRepository *m_orders;
    Clock *m_clock;
    BackoffPolicy m_policy;
    std::mt19937 m_rng;
    QHash<QString, Watch> m_watched;
    qsizetype m_reportedCount = 0;
    quint64 m_generation = 0;
};

} // namespace paydesk
