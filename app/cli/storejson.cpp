// SPDX-License-Identifier: MIT
#include "storejson.h"

#include "amount.h"
#include "store/orderrepository.h"

#include <QJsonArray>

namespace paydesk::cli {

namespace {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject orderJson(const OrderRecord &order)
{
    QJsonObject o {
        { QStringLiteral("out_trade_no"), order.outTradeNo },
        { QStringLiteral("kind"), orderKindName(order.kind) },
        { QStringLiteral("mchid"), order.mchid },
        { QStringLiteral("description"), order.description },
        { QStringLiteral("amount"), order.amountTotal },
        { QStringLiteral("yuan"), formatYuan(order.amountTotal) },
        { QStringLiteral("state"), orderStateName(order.state) },
        { QStringLiteral("trade_state"), order.tradeState },
        { QStringLiteral("transaction_id"), order.transactionId },
        { QStringLiteral("code_url"), order.codeUrl },
        { QStringLiteral("refunded"), order.refundedTotal },
        { QStringLiteral("payer"), order.payerMasked },
        { QStringLiteral("training"), order.training },
        { QStringLiteral("terminal_id"), order.terminalId },
        { QStringLiteral("cashier"), order.cashier },
        { QStringLiteral("created_at"), timeOrNull(order.createdAt) },
        { QStringLiteral("updated_at"), timeOrNull(order.updatedAt) },
        { QStringLiteral("expires_at"), timeOrNull(order.expiresAt) },
        { QStringLiteral("paid_at"), timeOrNull(order.paidAt) },
        { QStringLiteral("business_day"),
          order.businessDay.isValid() ? QJsonValue(order.businessDay.toString(Qt::ISODate)) : QJsonValue() },
    };
    if (order.payerTotal)
        o.insert(QStringLiteral("payer_total"), *order.payerTotal);
    return o;
}

QJsonObject refundJson(const RefundRecord &refund)
{
    return {
        { QStringLiteral("out_refund_no"), refund.outRefundNo },
        { QStringLiteral("out_trade_no"), refund.outTradeNo },
        { QStringLiteral("refund_id"), refund.refundId },
        { QStringLiteral("amount"), refund.amount },
        { QStringLiteral("yuan"), formatYuan(refund.amount) },
        { QStringLiteral("status"), refund.status },
        { QStringLiteral("reason"), refund.reason },
        { QStringLiteral("requested_by"), refund.requestedBy },
        { QStringLiteral("created_at"), timeOrNull(refund.createdAt) },
        { QStringLiteral("updated_at"), timeOrNull(refund.updatedAt) },
        { QStringLiteral("success_time"), timeOrNull(refund.successTime) },
    };
}

QJsonObject orderWithRefundsJson(const OrderRecord &order, const OrderRepository &orders,
                                 const RefundRepository &refunds)
{
    QJsonObject o = orderJson(order);
    QJsonArray list;
    for (const RefundRecord &r : refunds.forOrder(order.id))
        list.append(refundJson(r));
    if (order.kind == OrderKind::Combine) {
        QJsonArray subs;
        for (const OrderRecord &sub : orders.subOrders(order.id)) {
            QJsonObject s = orderJson(sub);
            QJsonArray subRefunds;
            for (const RefundRecord &r : refunds.forOrder(sub.id))
                subRefunds.append(refundJson(r));
            s.insert(QStringLiteral("refunds"), subRefunds);
            subs.append(s);
        }
        o.insert(QStringLiteral("sub_orders"), subs);
    }
    o.insert(QStringLiteral("refunds"), list);
    return o;
}

} // namespace paydesk::cli
