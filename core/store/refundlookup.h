// SPDX-License-Identifier: MIT
#pragma once

#include "order.h"

#include <QString>
#include <optional>

namespace paydesk {

class OrderRepository;
class RefundRepository;

// Whether a sale can be refunded from this till, and how much of it.
struct Refundability
{
    enum Verdict {
        Refundable, // paid, something left, this merchant's own
        NotFound, // no order of that number on this till
        NotPaid, // created, pending, closed or failed: no money to give back
        NothingLeft, // everything paid is refunded or being refunded
        OtherMerchant, // a sub-order (or a combined sale made only of sub-orders) of another merchant
    };
    Verdict verdict = NotFound;
    OrderRecord order;
    qint64 remainder = 0; // fen refundable here (this merchant's sub-orders of a combined sale)

    bool refundable() const { return verdict == Refundable; }
};

// Finds the sale a refund starts from, by what the cashier scans or types:
// the code printed on the receipt (Receipt::qrPayload: out_trade_no=...&
// transaction_id=...&amount=...), the order number (out_trade_no) or WeChat
// Pay's transaction number (transaction_id), and says whether it can be
// refunded here. Read-only; a lookup is at most a few indexed queries, so the
// GUI thread may run it.
class RefundLookup
{
public:
    // `ownMchid`: this till's merchant. Sub-orders of other merchants are
    // refunded with their own keys, not from here; empty: no merchant is told apart.
    RefundLookup(const OrderRepository *orders, const RefundRepository *refunds, const QString &ownMchid = {});

    // The number a scan or typed text names: a receipt code's out_trade_no (or
    // its transaction_id when it has no order number), else the text itself,
    // trimmed of blanks and of the control characters a scanner may add.
    static QString referenceFrom(const QString &scanned);

    std::optional<OrderRecord> find(const QString &scanned) const;
    Refundability check(const OrderRecord &order) const;
    // find(), then check(); NotFound when nothing matches.
    Refundability lookup(const QString &scanned) const;

private:
    const OrderRepository *m_orders;
    const RefundRepository *m_refunds;
    QString m_ownMchid;
};

} // namespace paydesk
