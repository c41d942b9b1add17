// SPDX-License-Identifier: MIT
#include "refundlookup.h"

#include "orderrepository.h"
#include "refundrepository.h"

#include <QUrlQuery>

namespace paydesk {

RefundLookup::RefundLookup(const OrderRepository *orders, const RefundRepository *refunds, const QString &ownMchid)
    : m_orders(orders), m_refunds(refunds), m_ownMchid(ownMchid)
{
}

QString RefundLookup::referenceFrom(const QString &scanned)
{
    QString text = scanned;
    // A scanner ends its burst with Enter and some add Tab or a prefix of control characters.
    text.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    text = text.trimmed();
    if (!text.contains(QLatin1Char('=')))
        return text;
    // The receipt's QR code: key=value pairs joined by '&' (Receipt::qrPayload),
    // possibly behind a '?' if it was ever put in a link.
    const qsizetype question = text.indexOf(QLatin1Char('?'));
    const QUrlQuery query(question >= 0 ? text.mid(question + 1) : text);
    const QString outTradeNo = query.queryItemValue(QStringLiteral("out_trade_no"), QUrl::FullyDecoded).trimmed();
    if (!outTradeNo.isEmpty())
        return outTradeNo;
    const QString transactionId = query.queryItemValue(QStringLiteral("transaction_id"), QUrl::FullyDecoded).trimmed();
    return transactionId.isEmpty() ? text : transactionId;
}

std::optional<OrderRecord> RefundLookup::find(const QString &scanned) const
{
    const QString reference = referenceFrom(scanned);
    if (reference.isEmpty() || !m_orders)
        return std::nullopt;
    // Both are UNIQUE columns, so each is one indexed query.
    if (auto order = m_orders->find(reference))
        return order;
    return m_orders->findByTransactionId(reference);
}

Refundability RefundLookup::check(const OrderRecord &order) const
{
    Refundability r;
    r.order = order;
    if (order.id == 0) {
        r.verdict = Refundability::NotFound;
        return r;
    }
    if (!isPaid(order.state)) {
        r.verdict = Refundability::NotPaid;
        return r;
    }
    auto own = [this](const OrderRecord &o) {
        return o.kind != OrderKind::SubOrder || m_ownMchid.isEmpty() || o.mchid == m_ownMchid;
    };
    // A combined sale is refunded through its sub-orders (the store refuses the combined order itself).
    const QList<OrderRecord> parts
        = order.kind == OrderKind::Combine && m_orders ? m_orders->subOrders(order.id) : QList<OrderRecord> { order };
    bool anyOwn = false;
    for (const OrderRecord &part : parts) {
        if (!own(part))
            continue;
        anyOwn = true;
        if (!isPaid(part.state) || !m_refunds)
            continue;
        if (auto left = m_refunds->refundableRemainder(part.outTradeNo))
            r.remainder += qMax<qint64>(0, *left);
    }
    if (!anyOwn)
        r.verdict = Refundability::OtherMerchant;
    else if (r.remainder <= 0)
        r.verdict = Refundability::NothingLeft;
    else
        r.verdict = Refundability::Refundable;
    return r;
}

Refundability RefundLookup::lookup(const QString &scanned) const
{
    if (auto order = find(scanned))
        return check(*order);
    return {};
}

} // namespace paydesk
