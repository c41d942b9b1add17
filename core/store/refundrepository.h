// SPDX-License-Identifier: MIT
#pragma once

#include "orderrepository.h"
#include "result.h"
#include "wechatpay/apitypes.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

struct RefundRecord
{
    qint64 id = 0;
    qint64 orderId = 0;
    QString outTradeNo; // of the (sub-)order refunded
    QString outRefundNo;
    QString refundId;
    qint64 amount = 0;
    QString status; // Created PROCESSING SUCCESS CLOSED ABNORMAL
    QString reason;
    QString requestedBy;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime successTime;
};

bool isFinalRefundStatus(const QString &status); // SUCCESS or CLOSED

// What a history filter adds up to: how many orders, how much of them was paid
// and how much refunded (fen). Paid counts Paid, PartiallyRefunded and Refunded
// orders at their full amount; refunded is what went back.
struct HistoryTotals
{
    qint64 orders = 0;
    qint64 paid = 0;
    qint64 refunded = 0;
};

// Refunds: the row with its out_refund_no is stored before the refund call;
// the refundable remainder is checked in the same transaction, so two managers
// refunding at once can never exceed the order's total.
class RefundRepository
{
public:
    RefundRepository(Database *database, AuditLog *audit);
    Database *database() const { return m_database; }

    // `outTradeNo` names the order or, for combined sales, the sub-order.
    Result<RefundRecord> create(const QString &outTradeNo, const QString &outRefundNo, qint64 amount,
                                const QString &reason, const QString &actor);

    // Applies a refund answer, query or notification. SUCCESS adds to the
    // order's refunded total (once); CLOSED frees the amount again.
    Result<ApplyResult> applyRefund(const Refund &refund, ResultSource source, const QString &actor);

    std::optional<RefundRecord> find(const QString &outRefundNo) const;
    QList<RefundRecord> forOrder(qint64 orderId) const;
    QList<RefundRecord> unresolved() const; // Created, PROCESSING, ABNORMAL
    // Amount still refundable: total - (SUCCESS + in-flight refunds).
    Result<qint64> refundableRemainder(const QString &outTradeNo) const;

    // Totals of the orders `filter` selects, as one SQL aggregate on the same
    // indexed WHERE as OrderRepository::history. Read-only.
    Result<HistoryTotals> historyTotals(const HistoryFilter &filter) const;
    // What the sub-orders of each combined order have refunded (fen), by
    // parent id: one indexed query for a page of history. Read-only.
    QHash<qint64, qint64> refundedBySubOrders(const QList<qint64> &parentIds) const;

private:
    Database *m_database;
    AuditLog *m_audit;
};

} // namespace paydesk
