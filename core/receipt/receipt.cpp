// SPDX-License-Identifier: MIT
#include "receipt.h"

#include "reconcile/chinaday.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace paydesk {

namespace {

// A receipt is read by the customer (Chinese) and sometimes by a visitor or an
// auditor (English): every label carries both, so no language setting can
// make a stored receipt unreadable to either.
QString label(const char *chinese, const char *english)
{
    return QString::fromUtf8(chinese) + QLatin1Char(' ') + QString::fromLatin1(english);
}

QString refundStatusText(const QString &status)
{
    if (status == QLatin1String("SUCCESS"))
        return label("退款成功", "Refunded");
    if (status == QLatin1String("PROCESSING"))
        return label("处理中", "Processing");
    if (status == QLatin1String("CLOSED"))
        return label("退款关闭", "Closed");
    if (status == QLatin1String("ABNORMAL"))
        return label("退款异常", "Abnormal");
    return label("待提交", "Not sent");
}

// Prices arrive as fen (a number, what ChargeView writes) or as a yuan string
// ("1.00", what older imports wrote). Parsed exactly, no floating point.
qint64 fenOf(const QJsonValue &value)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    if (!value.isString())
        return -1;
    const QString text = value.toString().trimmed();
    const QStringList parts = text.split(QLatin1Char('.'));
    bool ok = false;
    const qint64 whole = parts.value(0).toLongLong(&ok);
    if (!ok || parts.size() > 2)
        return -1;
    qint64 cents = 0;
    if (parts.size() == 2) {
        const QString frac = QString(parts.at(1) + QStringLiteral("00")).left(2);
        cents = frac.toLongLong(&ok);
        if (!ok)
            return -1;
    }
    return whole * 100 + cents;
}

ReceiptLine text(const QString &left, ReceiptLine::Align align = ReceiptLine::Left, bool bold = false,
                 bool large = false)
{
    ReceiptLine line;
    line.kind = ReceiptLine::Text;
    line.left = left;
    line.align = align;
    line.bold = bold;
    line.large = large;
    return line;
}

ReceiptLine pair(const QString &left, const QString &right, bool bold = false, bool large = false)
{
    ReceiptLine line;
    line.kind = ReceiptLine::Pair;
    line.left = left;
    line.right = right;
    line.bold = bold;
    line.large = large;
    return line;
}

ReceiptLine rule()
{
    ReceiptLine line;
    line.kind = ReceiptLine::Rule;
    return line;
}

} // namespace

QString Receipt::yuan(qint64 fen)
{
    const QString sign = fen < 0 ? QStringLiteral("-") : QString();
    const qint64 a = fen < 0 ? -fen : fen;
    return sign + QString::fromUtf8("￥") + QString::number(a / 100) + QLatin1Char('.')
        + QString::number(a % 100).rightJustified(2, QLatin1Char('0'));
}

QList<ReceiptItem> Receipt::parseItems(const QString &itemsJson)
{
    QList<ReceiptItem> items;
    const QJsonDocument doc = QJsonDocument::fromJson(itemsJson.toUtf8());
    const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("items")).toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        ReceiptItem item;
        item.name = o.value(QLatin1String("name")).toString();
        if (item.name.isEmpty())
            item.name = o.value(QLatin1String("description")).toString();
        if (item.name.isEmpty())
            continue;
        item.quantity = qMax<qint64>(1, qint64(o.value(QLatin1String("quantity")).toDouble(1)));
        item.unitPrice = fenOf(o.value(QLatin1String("price")));
        items.append(item);
    }
    return items;
}

Result<Receipt> Receipt::fromStore(const OrderRepository *orders, const RefundRepository *refunds,
                                   const QString &outTradeNo, const QString &storeName, const QString &outRefundNo)
{
    const std::optional<OrderRecord> order = orders->find(outTradeNo);
    if (!order)
        return makeError(QStringLiteral("unknown_order"),
                         QStringLiteral("no order %1 in the store: check the out_trade_no").arg(outTradeNo));
    if (!isPaid(order->state))
        return makeError(QStringLiteral("not_paid"),
                         QStringLiteral("order %1 is %2: only a paid order has a receipt")
                             .arg(outTradeNo, orderStateName(order->state)));

    Receipt r;
    r.storeName = storeName;
    r.terminalId = order->terminalId;
    r.cashier = order->cashier;
    r.description = order->description;
    r.items = parseItems(order->itemsJson);
    r.amount = order->amountTotal;
    r.refundedTotal = order->refundedTotal;
    r.paymentMethod = label("微信支付", "WeChat Pay");
    r.outTradeNo = order->outTradeNo;
    r.transactionId = order->transactionId;
    r.training = order->training;
    r.orderId = order->id;
    r.time = order->paidAt.isValid() ? order->paidAt : order->updatedAt;

    const QList<RefundRecord> stored = refunds ? refunds->forOrder(order->id) : QList<RefundRecord>{};
    for (const RefundRecord &s : stored) {
        ReceiptRefund refund{s.outRefundNo, s.refundId, s.amount, s.status, s.reason,
                             s.successTime.isValid() ? s.successTime : s.updatedAt};
        if (!outRefundNo.isEmpty() && s.outRefundNo != outRefundNo)
            continue;
        if (!outRefundNo.isEmpty()) {
            r.kind = Kind::Refund;
            r.refundRowId = s.id;
            r.time = refund.at;
            if (!s.requestedBy.isEmpty())
                r.cashier = s.requestedBy;
        }
        r.refunds.append(refund);
    }
    if (!outRefundNo.isEmpty() && r.kind != Kind::Refund)
        return makeError(QStringLiteral("unknown_refund"),
                         QStringLiteral("order %1 has no refund %2: check the out_refund_no").arg(outTradeNo, outRefundNo));
    return r;
}

QString Receipt::qrPayload() const
{
    // Plain key=value text: any scanner shows it, and WeChat Pay's merchant
    // platform finds the payment by either number.
    QStringList parts{QStringLiteral("out_trade_no=") + outTradeNo};
    if (!transactionId.isEmpty())
        parts << QStringLiteral("transaction_id=") + transactionId;
    if (kind == Kind::Refund && !refunds.isEmpty())
        parts << QStringLiteral("out_refund_no=") + refunds.first().outRefundNo;
    parts << QStringLiteral("amount=") + QString::number(kind == Kind::Refund && !refunds.isEmpty()
                                                             ? refunds.first().amount : amount);
    if (training)
        parts << QStringLiteral("training=1");
    return parts.join(QLatin1Char('&'));
}

QList<ReceiptLine> Receipt::lines() const
{
    QList<ReceiptLine> out;
    const QString trainingBanner = QString::fromUtf8("*** TRAINING 培训 ***");
    if (training)
        out << text(trainingBanner, ReceiptLine::Center, true, true);
    if (!storeName.isEmpty())
        out << text(storeName, ReceiptLine::Center, true, true);
    out << text(kind == Kind::Sale ? label("收款凭证", "RECEIPT") : label("退款凭证", "REFUND RECEIPT"),
                ReceiptLine::Center, true);
    if (training)
        out << text(label("培训交易，未实际收款", "TRAINING - not a real payment"), ReceiptLine::Center);
    out << rule();
    if (!terminalId.isEmpty())
        out << pair(label("终端", "Terminal"), terminalId);
    if (!cashier.isEmpty())
        out << pair(kind == Kind::Sale ? label("收银员", "Cashier") : label("经办人", "Refunded by"), cashier);
    out << pair(label("时间", "Time"), ChinaDay::display(time, QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    out << rule();

    if (kind == Kind::Sale) {
        if (items.isEmpty()) {
            out << pair(description, yuan(amount));
        } else {
            for (const ReceiptItem &item : items) {
                if (item.unitPrice < 0) {
                    out << text(item.quantity > 1 ? QStringLiteral("%1 × %2").arg(item.name).arg(item.quantity)
                                                  : item.name);
                } else if (item.quantity > 1) {
                    out << text(item.name);
                    out << pair(QStringLiteral("  %1 × %2").arg(item.quantity).arg(yuan(item.unitPrice)),
                                yuan(item.quantity * item.unitPrice));
                } else {
                    out << pair(item.name, yuan(item.unitPrice));
                }
            }
        }
        out << rule();
        out << pair(label("合计", "Total"), yuan(amount), true, true);
        out << pair(label("支付方式", "Paid by"), paymentMethod);
        for (const ReceiptRefund &refund : refunds) {
            if (refund.status == QLatin1String("CLOSED"))
                continue;
            out << pair(label("退款", "Refund") + QLatin1Char(' ') + ChinaDay::display(refund.at, QStringLiteral("MM-dd HH:mm")),
                        yuan(-refund.amount));
            if (refund.status != QLatin1String("SUCCESS"))
                out << text(QStringLiteral("  ") + refundStatusText(refund.status));
        }
        if (refundedTotal > 0)
            out << pair(label("实收", "Net"), yuan(amount - refundedTotal), true);
        out << rule();
        out << text(label("订单号", "Order No."));
        out << text(outTradeNo);
        if (!transactionId.isEmpty()) {
            out << text(label("微信支付单号", "Transaction ID"));
            out << text(transactionId);
        }
    } else {
        const ReceiptRefund refund = refunds.value(0);
        out << pair(label("订单金额", "Order total"), yuan(amount));
        out << pair(label("退款金额", "Refund"), yuan(refund.amount), true, true);
        out << pair(label("退款状态", "Status"), refundStatusText(refund.status));
        if (!refund.reason.isEmpty())
            out << pair(label("退款原因", "Reason"), refund.reason);
        out << rule();
        out << text(label("原订单号", "Order No."));
        out << text(outTradeNo);
        if (!transactionId.isEmpty()) {
            out << text(label("微信支付单号", "Transaction ID"));
            out << text(transactionId);
        }
        out << text(label("退款单号", "Refund No."));
        out << text(refund.outRefundNo);
        if (!refund.refundId.isEmpty()) {
            out << text(label("微信退款单号", "Refund ID"));
            out << text(refund.refundId);
        }
    }
    ReceiptLine qr;
    qr.kind = ReceiptLine::QrCode;
    qr.align = ReceiptLine::Center;
    out << qr;
    out << text(label("谢谢惠顾", "Thank you"), ReceiptLine::Center);
    if (training)
        out << text(trainingBanner, ReceiptLine::Center, true, true);
    return out;
}

} // namespace paydesk
