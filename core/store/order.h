// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

// Local order states (DESIGN.md): Created → Pending → Paid → PartiallyRefunded →
// Refunded; Pending → Closed | Failed. Paid and refunded amounts only grow.
enum class OrderState { Created, Pending, Paid, PartiallyRefunded, Refunded, Closed, Failed };

QString orderStateName(OrderState state);
std::optional<OrderState> orderStateFromName(const QString &name);
// Paid, refunded, closed or failed: nothing more will happen without a refund.
bool isFinal(OrderState state);
bool isPaid(OrderState state); // Paid, PartiallyRefunded, Refunded

enum class OrderKind { Native, Combine, SubOrder, CodePay };
QString orderKindName(OrderKind kind);

// Code pay: a reverse (撤销) that reached a paid order gave the customer the
// whole amount back. WeChat Pay books that as a refund (the bill lists it, the
// sandbox under this number); the store books it as a refund of this number,
// with no refund_id (the reverse's answer carries none). docs/codepay.md.
QString reversalRefundNo(const QString &outTradeNo);
bool isReversalRefundNo(const QString &outRefundNo);

struct NewOrder
{
    QString outTradeNo;
    OrderKind kind = OrderKind::Native;
    QString mchid;
    QString description;
    qint64 amountTotal = 0; // fen; for a combined order the sum of its sub-orders
    QDateTime expiresAt;
    bool training = false;
    QString terminalId;
    QString cashier;
    QString itemsJson;
    QList<NewOrder> subOrders; // combined orders only
};

struct OrderRecord
{
    qint64 id = 0;
    QString outTradeNo;
    OrderKind kind = OrderKind::Native;
    qint64 parentId = 0;
    QString mchid;
    QString description;
    qint64 amountTotal = 0;
    QString currency;
    OrderState state = OrderState::Created;
    QString tradeState;
    QString transactionId;
    QString codeUrl;
    std::optional<qint64> payerTotal;
    QString payerMasked;
    qint64 refundedTotal = 0;
    bool training = false;
    QString terminalId;
    QString cashier;
    QString itemsJson;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime expiresAt;
    QDateTime paidAt;
    QDate businessDay; // the business day its payment counts in (BusinessDay); invalid until paid
};

} // namespace paydesk
