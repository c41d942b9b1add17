// SPDX-License-Identifier: MIT
#pragma once

#include "orderrepository.h"
#include "result.h"
#include "wechatpay/apitypes.h"

#include <QDateTime>
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

// Refunds: the row with its out_refund_no is stored before the refund call;
// the refundable remainder is checked in the same transaction, so two managers
// refunding at once can never exceed the order's total.
class RefundRepository
{
public:
    RefundRepository(Database *database, AuditLog *audit);

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

private:
    Database *m_database;
    AuditLog *m_audit;
};

} // namespace paydesk
