// SPDX-License-Identifier: MIT
#pragma once

#include "backoffpolicy.h"
#include "result.h"

#include <QHash>
#include <QSet>
#include <QObject>
#include <QString>

#include <random>

namespace paydesk {

class ApiClient;
class Clock;
class OrderRepository;
class RefundRepository;
struct ApiError;

// Refunds: the refund row with its out_refund_no is stored first (within the
// refundable remainder, checked in the same transaction), then WeChat Pay is
// asked, then PROCESSING is polled to SUCCESS / CLOSED / ABNORMAL. A call with
// no answer is settled by querying the same out_refund_no, never by a new one.
class RefundService : public QObject
{
    Q_OBJECT

public:
    RefundService(ApiClient *api, OrderRepository *orders, RefundRepository *refunds, Clock *clock,
                  BackoffPolicy policy = BackoffPolicy::refundPolling(), QObject *parent = nullptr);

    // `outTradeNo` is the order or, for combined sales, the sub-order.
    // `actor` is the manager who authorised it. Returns the out_refund_no.
    Result<QString> refund(const QString &outTradeNo, qint64 amount, const QString &reason, const QString &actor,
                           const QString &notifyUrl = {});
    // Queries a stored refund and follows it to a final status (Resolver, restart).
    void follow(const QString &outRefundNo);
    bool isFollowing(const QString &outRefundNo) const { return m_active.contains(outRefundNo); }
    QString newOutRefundNo() const;

signals:
    // status: Created, PROCESSING, SUCCESS, CLOSED, ABNORMAL, or REJECTED (WeChat Pay refused it).
    void refundUpdated(const QString &outRefundNo, const QString &status, const QString &message);

private:
    void send(const QString &outRefundNo, const QString &notifyUrl);
    void poll(const QString &outRefundNo);
    void applyAnswer(const QString &outRefundNo, const struct Refund &refund, int source);
    void onFailure(const QString &outRefundNo, const ApiError &error, bool fromCreate);

    ApiClient *m_api;
    OrderRepository *m_orders;
    RefundRepository *m_refunds;
    Clock *m_clock;
    BackoffPolicy m_policy;
    std::mt19937 m_rng{std::random_device{}()};
    QHash<QString, int> m_attempts;
    QSet<QString> m_active; // refunds with a call or a poll under way
};

} // namespace paydesk
