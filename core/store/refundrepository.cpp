// SPDX-License-Identifier: MIT
#include "refundrepository.h"

#include "auditlog.h"
#include "businessday.h"
#include "database.h"

#include <QSqlQuery>
#include <QStringList>

namespace paydesk {

namespace {

const char *const RefundColumns =
    "r.id, r.order_id, o.out_trade_no, r.out_refund_no, r.refund_id, r.amount, r.status, r.reason, "
    "r.requested_by, r.created_at, r.updated_at, r.success_time";

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

RefundRecord refundFromQuery(const QSqlQuery &q)
{
    RefundRecord r;
    r.id = q.value(0).toLongLong();
    r.orderId = q.value(1).toLongLong();
    r.outTradeNo = q.value(2).toString();
    r.outRefundNo = q.value(3).toString();
    r.refundId = q.value(4).toString();
    r.amount = q.value(5).toLongLong();
    r.status = q.value(6).toString();
    r.reason = q.value(7).toString();
    r.requestedBy = q.value(8).toString();
    r.createdAt = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
    r.updatedAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
    if (!q.value(11).isNull())
        r.successTime = QDateTime::fromString(q.value(11).toString(), Qt::ISODateWithMs);
    return r;
}

// In-flight and successful refunds hold their amount; CLOSED ones give it back.
const char *const HeldSql =
    "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ? AND status <> 'CLOSED'";

} // namespace

bool isFinalRefundStatus(const QString &status)
{
    return status == QLatin1String("SUCCESS") || status == QLatin1String("CLOSED");
}

RefundRepository::RefundRepository(Database *database, AuditLog *audit) : m_database(database), m_audit(audit) {}

Result<RefundRecord> RefundRepository::create(const QString &outTradeNo, const QString &outRefundNo, qint64 amount,
                                              const QString &reason, const QString &actor)
{
    if (amount <= 0)
        return makeError(QStringLiteral("invalid_amount"), QStringLiteral("a refund must be more than 0 fen"));
    if (!isValidOutRefundNo(outRefundNo))
        return makeError(QStringLiteral("invalid_out_refund_no"), QStringLiteral("out_refund_no %1 is not 1-64 of [0-9A-Za-z_-|*@]").arg(outRefundNo));
    const QSqlDatabase db = m_database->connection();
    auto id = m_database->writeTransaction<qint64>([&]() -> Result<qint64> {
        auto order = execSql(db, QStringLiteral("SELECT id, state, amount_total, kind FROM orders WHERE out_trade_no = ?"), {outTradeNo});
        if (!order)
            return order.error();
        if (!order->next())
            return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(outTradeNo));
        const qint64 orderId = order->value(0).toLongLong();
        const auto state = orderStateFromName(order->value(1).toString()).value_or(OrderState::Created);
        const qint64 total = order->value(2).toLongLong();
        if (order->value(3).toString() == QLatin1String("combine")) {
            return makeError(QStringLiteral("refund_sub_order"),
                             QStringLiteral("%1 is a combined order: refund one of its sub-orders").arg(outTradeNo));
        }
        if (!isPaid(state)) {
            return makeError(QStringLiteral("not_paid"),
                             QStringLiteral("order %1 is %2, not paid: nothing to refund").arg(outTradeNo, orderStateName(state)));
        }
        auto held = execSql(db, QString::fromLatin1(HeldSql), {orderId});
        if (!held || !held->next())
            return held ? makeError(QStringLiteral("sql_error"), QStringLiteral("no refund sum")) : held.error();
        const qint64 remainder = total - held->value(0).toLongLong();
        if (amount > remainder) {
            return makeError(QStringLiteral("over_refund"),
                             QStringLiteral("refund of %1 fen exceeds what is left to refund on %2 (%3 fen)")
                                 .arg(amount).arg(outTradeNo).arg(remainder));
        }
        const QString at = now();
        auto inserted = execSql(db,
                                QStringLiteral("INSERT INTO refunds (order_id, out_refund_no, amount, status, reason, "
                                               "requested_by, created_at, updated_at) VALUES (?, ?, ?, 'Created', ?, ?, ?, ?)"),
                                {orderId, outRefundNo, amount, reason, actor, at, at});
        if (!inserted)
            return inserted.error();
        if (auto a = m_audit->append(actor, QStringLiteral("refund.create"), outTradeNo,
                                     QStringLiteral("%1: %2 fen, reason \"%3\"").arg(outRefundNo).arg(amount).arg(reason));
            !a) {
            return a.error();
        }
        return inserted->lastInsertId().toLongLong();
    });
    if (!id)
        return id.error();
    return *find(outRefundNo);
}

Result<ApplyResult> RefundRepository::applyRefund(const Refund &refund, ResultSource source, const QString &actor)
{
    const QSqlDatabase db = m_database->connection();
    return m_database->writeTransaction<ApplyResult>([&]() -> Result<ApplyResult> {
        const auto stored = find(refund.outRefundNo);
        if (!stored)
            return makeError(QStringLiteral("unknown_refund"), QStringLiteral("no refund %1 in the store").arg(refund.outRefundNo));
        ApplyResult result{ApplyResult::Unchanged, OrderState::Paid, OrderState::Paid, {}};
        auto refuse = [&](const QString &why) -> Result<ApplyResult> {
            result.outcome = ApplyResult::Refused;
            result.message = why;
            if (auto a = m_audit->append(actor, QStringLiteral("refund.refused"), refund.outRefundNo, why); !a)
                return a.error();
            return result;
        };
        if (refund.refund > 0 && refund.refund != stored->amount)
            return refuse(QStringLiteral("result amount %1 fen differs from the stored %2 fen").arg(refund.refund).arg(stored->amount));
        if (!stored->refundId.isEmpty() && !refund.refundId.isEmpty() && stored->refundId != refund.refundId)
            return refuse(QStringLiteral("refund_id %1 differs from the stored %2").arg(refund.refundId, stored->refundId));

        const QString status = refund.status;
        QStringList allowedFrom;
        if (status == QLatin1String("PROCESSING"))
            allowedFrom = {QStringLiteral("Created")};
        else if (status == QLatin1String("ABNORMAL"))
            allowedFrom = {QStringLiteral("Created"), QStringLiteral("PROCESSING")};
        else if (status == QLatin1String("SUCCESS") || status == QLatin1String("CLOSED"))
            allowedFrom = {QStringLiteral("Created"), QStringLiteral("PROCESSING"), QStringLiteral("ABNORMAL")};
        else
            return refuse(QStringLiteral("unknown refund status \"%1\"").arg(status));

        if (stored->status == status)
            return result;
        if (!allowedFrom.contains(stored->status)) {
            result.outcome = ApplyResult::Stale;
            result.message = QStringLiteral("refund %1 is already %2").arg(refund.outRefundNo, stored->status);
            return result;
        }
        const QString at = now();
        QVariant businessDay{QMetaType(QMetaType::QString)};
        if (status == QLatin1String("SUCCESS")) {
            const auto day = BusinessDay::of(db, refund.successTime.isValid() ? refund.successTime
                                                                              : QDateTime::currentDateTimeUtc());
            if (!day)
                return day.error();
            businessDay = BusinessDay::text(*day);
        }
        auto q = execSql(db,
                         QStringLiteral("UPDATE refunds SET status = ?, refund_id = COALESCE(?, refund_id), updated_at = ?, "
                                        "success_time = ?, business_day = ? WHERE id = ? AND status = ?"),
                         {status, refund.refundId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(refund.refundId), at,
                          refund.successTime.isValid() ? QVariant(refund.successTime.toUTC().toString(Qt::ISODateWithMs))
                                                       : QVariant(QMetaType(QMetaType::QString)),
                          businessDay, stored->id, stored->status});
        if (!q)
            return q.error();
        if (q->numRowsAffected() != 1)
            return refuse(QStringLiteral("refund changed underneath"));

        if (status == QLatin1String("SUCCESS")) {
            // refunded_total only grows, and the CHECK keeps it within amount_total.
            auto o = execSql(db,
                             QStringLiteral("UPDATE orders SET refunded_total = refunded_total + ?, "
                                            "state = CASE WHEN refunded_total + ? >= amount_total THEN 'Refunded' "
                                            "ELSE 'PartiallyRefunded' END, updated_at = ? WHERE id = ?"),
                             {stored->amount, stored->amount, at, stored->orderId});
            if (!o)
                return o.error();
        }
        result.outcome = ApplyResult::Applied;
        if (auto a = m_audit->append(actor, QStringLiteral("refund.state"), refund.outRefundNo,
                                     QStringLiteral("%1 -> %2 (%3)").arg(stored->status, status, resultSourceName(source)));
            !a) {
            return a.error();
        }
        return result;
    });
}

std::optional<RefundRecord> RefundRepository::find(const QString &outRefundNo) const
{
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.out_refund_no = ?")
                         .arg(QLatin1String(RefundColumns)),
                     {outRefundNo});
    if (!q || !q->next())
        return std::nullopt;
    return refundFromQuery(*q);
}

QList<RefundRecord> RefundRepository::forOrder(qint64 orderId) const
{
    QList<RefundRecord> result;
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.order_id = ? ORDER BY r.id")
                         .arg(QLatin1String(RefundColumns)),
                     {orderId});
    while (q && q->next())
        result << refundFromQuery(*q);
    return result;
}

QList<RefundRecord> RefundRepository::unresolved() const
{
    QList<RefundRecord> result;
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM refunds r JOIN orders o ON o.id = r.order_id "
                                    "WHERE r.status IN ('Created', 'PROCESSING', 'ABNORMAL') ORDER BY r.created_at, r.id")  // refunds_open
                         .arg(QLatin1String(RefundColumns)));
    while (q && q->next())
        result << refundFromQuery(*q);
    return result;
}

Result<qint64> RefundRepository::refundableRemainder(const QString &outTradeNo) const
{
    const QSqlDatabase db = m_database->connection();
    auto order = execSql(db, QStringLiteral("SELECT id, amount_total FROM orders WHERE out_trade_no = ?"), {outTradeNo});
    if (!order)
        return order.error();
    if (!order->next())
        return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(outTradeNo));
    auto held = execSql(db, QString::fromLatin1(HeldSql), {order->value(0)});
    if (!held)
        return held.error();
    held->next();
    return order->value(1).toLongLong() - held->value(0).toLongLong();
}

Result<HistoryTotals> RefundRepository::historyTotals(const HistoryFilter &filter) const
{
    QVariantList values;
    const QString where = filter.whereClause(values);
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT COUNT(*), "
                                    "COALESCE(SUM(CASE WHEN state IN ('Paid', 'PartiallyRefunded', 'Refunded') "
                                    "THEN amount_total ELSE 0 END), 0), "
                                    // A combined sale's refunds live on its sub-orders.
                                    "COALESCE(SUM(refunded_total + CASE WHEN kind = 'combine' THEN "
                                    "(SELECT COALESCE(SUM(s.refunded_total), 0) FROM orders s WHERE s.parent_id = orders.id) "
                                    "ELSE 0 END), 0) FROM orders %1")
                         .arg(where),
                     values);
    if (!q)
        return q.error();
    HistoryTotals totals;
    if (q->next()) {
        totals.orders = q->value(0).toLongLong();
        totals.paid = q->value(1).toLongLong();
        totals.refunded = q->value(2).toLongLong();
    }
    return totals;
}

QHash<qint64, qint64> RefundRepository::refundedBySubOrders(const QList<qint64> &parentIds) const
{
    QHash<qint64, qint64> result;
    if (parentIds.isEmpty())
        return result;
    QStringList marks;
    QVariantList values;
    for (qint64 id : parentIds) {
        marks << QStringLiteral("?");
        values << id;
    }
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT parent_id, SUM(refunded_total) FROM orders WHERE parent_id IN (%1) "
                                    "GROUP BY parent_id")
                         .arg(marks.join(QLatin1Char(','))),
                     values);
    while (q && q->next())
        result.insert(q->value(0).toLongLong(), q->value(1).toLongLong());
    return result;
}

} // namespace paydesk
