// SPDX-License-Identifier: MIT
#include "reconciler.h"

#include "chinaday.h"
#include "payments/ordernumber.h"
#include "store/database.h"
#include "store/order.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

namespace paydesk {

Q_LOGGING_CATEGORY(lcReconcile, "paydesk.reconcile")

namespace {

struct LocalOrder
{
    QString outTradeNo;
    QString transactionId;
    qint64 amount = 0;
    QString state;
    QString tradeState;
    bool paid = false;
    bool seen = false; // a bill row named it
};

struct LocalRefund
{
    QString outRefundNo;
    QString outTradeNo;
    qint64 amount = 0;
    QString status;
    bool seen = false;
};

QString yuan(qint64 fen)
{
    const qint64 m = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(m / 100)
        .arg(m % 100, 2, 10, QLatin1Char('0'));
}

bool paidState(const QString &state)
{
    const auto s = orderStateFromName(state);
    return s && isPaid(*s);
}

LocalOrder orderFrom(const QSqlQuery &q)
{
    LocalOrder o;
    o.outTradeNo = q.value(0).toString();
    o.transactionId = q.value(1).toString();
    o.amount = q.value(2).toLongLong();
    o.state = q.value(3).toString();
    o.tradeState = q.value(4).toString();
    o.paid = paidState(o.state);
    return o;
}

constexpr const char *OrderSelect
    = "SELECT out_trade_no, transaction_id, amount_total, state, trade_state FROM orders ";
constexpr const char *RefundSelect = "SELECT r.out_refund_no, o.out_trade_no, r.amount, r.status FROM refunds r "
                                     "JOIN orders o ON o.id = r.order_id ";

LocalRefund refundFrom(const QSqlQuery &q)
{
    return LocalRefund { q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
                         false };
}

} // namespace

Reconciler::Reconciler(Database *database, const QString &terminalId)
    : m_database(database), m_terminalId(terminalId)
{
}

bool Reconciler::isThisTerminals(const BillRow &row) const
{
    // 设备号 is the device_id the request sent (code pay: the terminal id,
    // at most 32 characters); a Native order sends none, its number speaks.
    if (!row.deviceId.isEmpty())
        return row.deviceId == m_terminalId.left(32);
    return OrderNumber::madeBy(row.outTradeNo, m_terminalId);
}

Result<ReconciliationResult> Reconciler::reconcile(QByteArrayView billContent, QDate day, const QString &mchid,
                                                   const Progress &progress) const
{
    QElapsedTimer timer;
    timer.start();
    auto parsed = TradeBillParser::parse(billContent, [&](qint64 done, qint64 total) {
        if (progress && total > 0)
            progress(int(done * 50 / total));
    });
    if (!parsed)
        return parsed.error();
    auto result = compare(*parsed, day, mchid, [&](int percent) {
        if (progress)
            progress(50 + percent / 2);
    });
    if (result)
        result->elapsedMs = timer.elapsed();
    return result;
}

Result<ReconciliationResult> Reconciler::compare(const ParsedBill &bill, QDate day, const QString &mchid,
                                                 const Progress &progress) const
{
    QElapsedTimer timer;
    timer.start();
    ReconciliationResult result;
    result.date = day;
    result.mchid = mchid;
    result.terminalId = m_terminalId;
    result.summary = bill.summary;
    result.billRows = int(bill.rows.size());
    result.billPayments = bill.payments;
    result.billRefunds = bill.refunds;
    result.billRefundTotal = bill.summary.refundTotal;

    const QSqlDatabase db = m_database->connection();
    const QString from = ChinaDay::storeText(ChinaDay::start(day));
    const QString to = ChinaDay::storeText(ChinaDay::end(day));

    // The store's side of the day, in two indexed range reads.
    QHash<QString, LocalOrder> orders;
    {
        // Forward-only (set before exec): Qt SQL would otherwise keep every
        // row of a 100,000-order day in memory a second time.
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QString::fromLatin1(OrderSelect)
                  + QStringLiteral("WHERE paid_at >= ? AND paid_at < ? AND mchid = ? AND kind <> 'combine'"));
        q.addBindValue(from);
        q.addBindValue(to);
        q.addBindValue(mchid);
        if (!q.exec())
            return makeError(QStringLiteral("store_error"),
                             QStringLiteral("reading the day's orders failed: %1").arg(q.lastError().text()));
        orders.reserve(bill.payments + 16);
        while (q.next()) {
            LocalOrder o = orderFrom(q);
            orders.insert(o.outTradeNo, std::move(o));
        }
    }
    QHash<QString, LocalRefund> refunds;
    {
        auto q = execSql(db,
                         QString::fromLatin1(RefundSelect)
                             + QStringLiteral("WHERE r.created_at >= ? AND r.created_at < ? AND o.mchid = ? "
                                              "AND r.status <> 'CLOSED'"),
                         { from, to, mchid });
        if (!q)
            return q.error();
        while (q->next()) {
            LocalRefund r = refundFrom(*q);
            refunds.insert(r.outRefundNo, std::move(r));
        }
    }
    for (const LocalOrder &o : std::as_const(orders)) {
        if (o.paid) {
            ++result.localPayments;
            result.localPaidTotal += o.amount;
        }
    }
    for (const LocalRefund &r : std::as_const(refunds)) {
        ++result.localRefunds;
        result.localRefundTotal += r.amount;
    }
    if (progress)
        progress(10);

    // Orders the bill names but the day's read did not find: paid another day
    // here, not paid here, or unknown. Looked up one by one on the unique index.
    QSqlQuery byNo(db);
    byNo.prepare(QString::fromLatin1(OrderSelect) + QStringLiteral("WHERE out_trade_no = ?"));
    QSqlQuery refundByNo(db);
    refundByNo.prepare(QString::fromLatin1(RefundSelect) + QStringLiteral("WHERE r.out_refund_no = ?"));
    QHash<QString, LocalOrder> elsewhere;
    QSet<QString> reversalsInBill; // out_trade_no of the reversal refunds the bill has

    auto lookupOrder = [&](const QString &no) -> LocalOrder * {
        if (auto it = orders.find(no); it != orders.end())
            return &it.value();
        if (auto it = elsewhere.find(no); it != elsewhere.end())
            return it->outTradeNo.isEmpty() ? nullptr : &it.value();
        byNo.addBindValue(no);
        LocalOrder found;
        if (byNo.exec() && byNo.next())
            found = orderFrom(byNo);
        byNo.finish();
        auto it = elsewhere.insert(no, found);
        return found.outTradeNo.isEmpty() ? nullptr : &it.value();
    };

    const qsizetype total = bill.rows.size();
    qsizetype done = 0;
    for (const BillRow &row : bill.rows) {
        if (progress && ++done % 8192 == 0)
            progress(10 + int(done * 85 / qMax<qsizetype>(total, 1)));
        if (row.kind == BillRow::Payment) {
            LocalOrder *local = lookupOrder(row.outTradeNo);
            if (!local && !isThisTerminals(row)) {
                ++result.otherTerminals.payments;
                result.otherTerminals.paid += row.orderAmount;
                continue;
            }
            result.billPaidTotal += row.orderAmount;
            Difference d;
            d.outTradeNo = row.outTradeNo;
            d.transactionId = row.transactionId;
            d.billAmount = row.orderAmount;
            d.billState = row.tradeState;
            d.billLine = row.line;
            if (!local) {
                d.kind = DifferenceKind::OnlyInBill;
                d.detail = QStringLiteral(
                               "WeChat Pay was paid %1 yuan for order %2 (transaction %3), the store has no such order")
                               .arg(yuan(row.orderAmount), row.outTradeNo, row.transactionId);
            } else if (local->seen) {
                d.kind = DifferenceKind::StateDiffers;
                d.localAmount = local->amount;
                d.localState = local->state;
                d.detail = QStringLiteral("order %1 appears more than once in the bill (line %2)")
                               .arg(row.outTradeNo)
                               .arg(row.line);
            } else {
                local->seen = true;
                d.localAmount = local->amount;
                d.localState = local->state;
                if (!local->paid) {
                    d.kind = DifferenceKind::StateDiffers;
                    d.detail = QStringLiteral("the bill says order %1 was paid, the store says %2")
                                   .arg(row.outTradeNo, local->state);
                } else if (!local->transactionId.isEmpty() && local->transactionId != row.transactionId) {
                    d.kind = DifferenceKind::StateDiffers;
                    d.detail = QStringLiteral("order %1 was paid by transaction %2 in the bill, %3 in the store")
                                   .arg(row.outTradeNo, row.transactionId, local->transactionId);
                } else if (local->amount != row.orderAmount) {
                    d.kind = DifferenceKind::AmountDiffers;
                    d.detail = QStringLiteral("order %1: %2 yuan in the bill, %3 yuan in the store")
                                   .arg(row.outTradeNo, yuan(row.orderAmount), yuan(local->amount));
                } else {
                    ++result.matched;
                    continue;
                }
            }
            d.action = differenceAction(d.kind);
            result.differences.append(std::move(d));
            continue;
        }

        // A refund row.
        LocalRefund *local = nullptr;
        if (auto it = refunds.find(row.outRefundNo); it != refunds.end()) {
            local = &it.value();
        } else {
            refundByNo.addBindValue(row.outRefundNo);
            if (refundByNo.exec() && refundByNo.next())
                local = &refunds.insert(row.outRefundNo, refundFrom(refundByNo)).value();
            refundByNo.finish();
        }
        // A paid code-pay order that was reversed (撤销): WeChat Pay books the
        // reversal as a refund of the whole amount; the store has the order
        // Refunded and REVOKED with the reversal refund (reversalRefundNo),
        // whichever number the bill gives it.
        if (!local || isReversalRefundNo(local->outRefundNo)) {
            const LocalOrder *order = lookupOrder(row.outTradeNo);
            if (!order && !isThisTerminals(row)) {
                ++result.otherTerminals.refunds;
                result.otherTerminals.refunded += row.refundAmount;
                continue;
            }
            if (order && order->tradeState == QLatin1String("REVOKED") && order->amount == row.refundAmount
                && row.refundStatus == QLatin1String("SUCCESS")) {
                ++result.matchedReversals;
                result.reversedTotal += row.refundAmount;
                reversalsInBill.insert(row.outTradeNo);
                if (auto it = refunds.find(reversalRefundNo(row.outTradeNo)); it != refunds.end())
                    it->seen = true;
                continue;
            }
        }
        Difference d;
        d.kind = DifferenceKind::RefundDiffers;
        d.outTradeNo = row.outTradeNo;
        d.transactionId = row.transactionId;
        d.outRefundNo = row.outRefundNo;
        d.billAmount = row.refundAmount;
        d.billState = row.refundStatus;
        d.billLine = row.line;
        d.action = differenceAction(d.kind);
        if (!local) {
            d.detail = QStringLiteral("refund %1 of %2 yuan on order %3 is in the bill (%4), not in the store")
                           .arg(row.outRefundNo, yuan(row.refundAmount), row.outTradeNo, row.refundStatus);
            result.differences.append(std::move(d));
            continue;
        }
        local->seen = true;
        d.localAmount = local->amount;
        d.localState = local->status;
        if (local->amount != row.refundAmount) {
            d.detail = QStringLiteral("refund %1: %2 yuan in the bill, %3 yuan in the store")
                           .arg(row.outRefundNo, yuan(row.refundAmount), yuan(local->amount));
        } else if (local->status != row.refundStatus) {
            d.detail = QStringLiteral("refund %1 is %2 in the bill, %3 in the store")
                           .arg(row.outRefundNo, row.refundStatus, local->status);
        } else if (local->outTradeNo != row.outTradeNo) {
            d.detail = QStringLiteral("refund %1 belongs to order %2 in the bill, %3 in the store")
                           .arg(row.outRefundNo, row.outTradeNo, local->outTradeNo);
        } else {
            ++result.matchedRefunds;
            continue;
        }
        result.differences.append(std::move(d));
    }

    result.billRefundTotal -= result.otherTerminals.refunded;

    // What the store has for the day and the bill never named.
    QList<Difference> onlyHere;
    auto orderDifference = [&onlyHere](DifferenceKind kind, const LocalOrder &o, const QString &state,
                                       const QString &detail) {
        Difference d;
        d.kind = kind;
        d.outTradeNo = o.outTradeNo;
        d.transactionId = o.transactionId;
        d.localAmount = o.amount;
        d.localState = state;
        d.detail = detail;
        d.action = differenceAction(kind);
        onlyHere.append(std::move(d));
    };
    for (const LocalOrder &o : std::as_const(orders)) {
        if (!o.paid)
            continue;
        if (!o.seen) {
            orderDifference(DifferenceKind::OnlyHere, o, o.state,
                            QStringLiteral("the store says order %1 was paid %2 yuan, the bill does not have it")
                                .arg(o.outTradeNo, yuan(o.amount)));
        }
        // Reversed here after it was paid, but WeChat Pay's bill shows no
        // money going back: the customer may still be charged.
        if (o.tradeState == QLatin1String("REVOKED") && !reversalsInBill.contains(o.outTradeNo)) {
            orderDifference(DifferenceKind::RefundDiffers, o, o.tradeState,
                            QStringLiteral("order %1 (%2 yuan) was reversed here after it was paid, the bill has no "
                                           "reversal refund for it (one made after midnight is in the next day's bill)")
                                .arg(o.outTradeNo, yuan(o.amount)));
        }
    }
    for (const LocalRefund &r : std::as_const(refunds)) {
        if (r.seen || r.status == QLatin1String("CLOSED"))
            continue;
        // An unmatched reversal of an order paid this day is named once, above.
        if (isReversalRefundNo(r.outRefundNo) && orders.contains(r.outTradeNo))
            continue;
        Difference d;
        d.kind = DifferenceKind::RefundDiffers;
        d.outTradeNo = r.outTradeNo;
        d.outRefundNo = r.outRefundNo;
        d.localAmount = r.amount;
        d.localState = r.status;
        d.detail = QStringLiteral("refund %1 of %2 yuan on order %3 is in the store (%4), not in the bill")
                       .arg(r.outRefundNo, yuan(r.amount), r.outTradeNo, r.status);
        d.action = differenceAction(d.kind);
        onlyHere.append(std::move(d));
    }
    // Hash order is random; a report should read the same twice.
    std::sort(onlyHere.begin(), onlyHere.end(), [](const Difference &a, const Difference &b) {
        return std::tie(a.kind, a.outTradeNo, a.outRefundNo) < std::tie(b.kind, b.outTradeNo, b.outRefundNo);
    });
    result.differences.append(onlyHere);

    result.elapsedMs = timer.elapsed();
    if (progress)
        progress(100);
    qCInfo(lcReconcile, "bill %s for %s: %d rows, %d matched, %lld differences in %lld ms",
           qPrintable(day.toString(Qt::ISODate)), qPrintable(mchid), result.billRows, result.matched,
           qint64(result.differences.size()), result.elapsedMs);
    return result;
}

} // namespace paydesk
