// SPDX-License-Identifier: MIT
#include "orderrepository.h"

#include "auditlog.h"
#include "businessday.h"
#include "database.h"
#include "redaction.h"

#include <QSqlQuery>
#include <QStringList>

namespace paydesk {

const char *const OrderColumns =
    "id, out_trade_no, kind, parent_id, mchid, description, amount_total, currency, state, trade_state, "
    "transaction_id, code_url, payer_total, payer_masked, refunded_total, training, terminal_id, cashier, "
    "items_json, created_at, updated_at, expires_at, paid_at, business_day";

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QVariant timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODateWithMs)) : QVariant(QMetaType(QMetaType::QString));
}

QDateTime parseTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

OrderKind kindFromName(const QString &name)
{
    if (name == QLatin1String("combine"))
        return OrderKind::Combine;
    if (name == QLatin1String("sub"))
        return OrderKind::SubOrder;
    if (name == QLatin1String("codepay"))
        return OrderKind::CodePay;
    return OrderKind::Native;
}

QString inList(std::initializer_list<OrderState> states)
{
    QStringList names;
    for (OrderState s : states)
        names << QLatin1Char('\'') + orderStateName(s) + QLatin1Char('\'');
    return names.join(QLatin1Char(','));
}

} // namespace

QString resultSourceName(ResultSource source)
{
    switch (source) {
    case ResultSource::Query: return QStringLiteral("query");
    case ResultSource::Notification: return QStringLiteral("notification");
    case ResultSource::CreateAnswer: return QStringLiteral("create");
    }
    return {};
}

OrderRecord orderFromQuery(const QSqlQuery &q)
{
    OrderRecord r;
    r.id = q.value(0).toLongLong();
    r.outTradeNo = q.value(1).toString();
    r.kind = kindFromName(q.value(2).toString());
    r.parentId = q.value(3).toLongLong();
    r.mchid = q.value(4).toString();
    r.description = q.value(5).toString();
    r.amountTotal = q.value(6).toLongLong();
    r.currency = q.value(7).toString();
    r.state = orderStateFromName(q.value(8).toString()).value_or(OrderState::Created);
    r.tradeState = q.value(9).toString();
    r.transactionId = q.value(10).toString();
    r.codeUrl = q.value(11).toString();
    if (!q.value(12).isNull())
        r.payerTotal = q.value(12).toLongLong();
    r.payerMasked = q.value(13).toString();
    r.refundedTotal = q.value(14).toLongLong();
    r.training = q.value(15).toBool();
    r.terminalId = q.value(16).toString();
    r.cashier = q.value(17).toString();
    r.itemsJson = q.value(18).toString();
    r.createdAt = parseTime(q.value(19));
    r.updatedAt = parseTime(q.value(20));
    r.expiresAt = parseTime(q.value(21));
    r.paidAt = parseTime(q.value(22));
    r.businessDay = QDate::fromString(q.value(23).toString(), Qt::ISODate);
    return r;
}

OrderRepository::OrderRepository(Database *database, AuditLog *audit) : m_database(database), m_audit(audit) {}

Result<void> OrderRepository::audit(const QString &actor, const QString &action, const QString &subject,
                                    const QString &details)
{
    auto r = m_audit->append(actor, action, subject, details);
    if (!r)
        return r.error();
    return {};
}

Result<OrderRecord> OrderRepository::create(const NewOrder &order, const QString &actor)
{
    if (order.kind == OrderKind::Combine && order.subOrders.size() < 2) {
        return makeError(QStringLiteral("invalid_order"), QStringLiteral("a combined order needs at least 2 sub-orders"));
    }
    qint64 parentId = 0;
    auto insert = [&](const NewOrder &o, qint64 parent) -> Result<qint64> {
        const QString at = now();
        auto q = execSql(m_database->connection(),
                         QStringLiteral("INSERT INTO orders (out_trade_no, kind, parent_id, mchid, description, "
                                        "amount_total, state, training, terminal_id, cashier, items_json, "
                                        "created_at, updated_at, expires_at) "
                                        "VALUES (?, ?, ?, ?, ?, ?, 'Created', ?, ?, ?, ?, ?, ?, ?)"),
                         {o.outTradeNo, orderKindName(parent ? OrderKind::SubOrder : o.kind),
                          parent ? QVariant(parent) : QVariant(QMetaType(QMetaType::LongLong)), o.mchid,
                          o.description, o.amountTotal, o.training ? 1 : 0, o.terminalId, o.cashier,
                          o.itemsJson, at, at, timeOrNull(o.expiresAt)});
        if (!q) {
            if (q.error().code == QLatin1String("duplicate")) {
                return makeError(QStringLiteral("duplicate"),
                                 QStringLiteral("out_trade_no %1 is already stored").arg(o.outTradeNo));
            }
            return q.error();
        }
        return q->lastInsertId().toLongLong();
    };
    auto done = m_database->writeTransaction<qint64>([&]() -> Result<qint64> {
        auto id = insert(order, 0);
        if (!id)
            return id;
        parentId = *id;
        for (const NewOrder &sub : order.subOrders) {
            auto subId = insert(sub, parentId);
            if (!subId)
                return subId;
        }
        if (auto a = audit(actor, QStringLiteral("order.create"), order.outTradeNo,
                           QStringLiteral("%1 %2 fen \"%3\"%4")
                               .arg(orderKindName(order.kind)).arg(order.amountTotal).arg(order.description,
                                    order.training ? QStringLiteral(" (training)") : QString()));
            !a) {
            return a.error();
        }
        return parentId;
    });
    if (!done)
        return done.error();
    return *findById(*done);
}

Result<ApplyResult> OrderRepository::markPending(const QString &outTradeNo, const QString &codeUrl, const QString &actor)
{
    return m_database->writeTransaction<ApplyResult>([&]() -> Result<ApplyResult> {
        const auto order = find(outTradeNo);
        if (!order)
            return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(outTradeNo));
        ApplyResult result{ApplyResult::Unchanged, order->state, order->state, {}};
        auto q = execSql(m_database->connection(),
                         QStringLiteral("UPDATE orders SET state = 'Pending', code_url = ?, updated_at = ? "
                                        "WHERE id = ? AND state = 'Created'"),
                         {codeUrl, now(), order->id});
        if (!q)
            return q.error();
        if (q->numRowsAffected() == 1) {
            auto subs = execSql(m_database->connection(),
                                QStringLiteral("UPDATE orders SET state = 'Pending', updated_at = ? "
                                               "WHERE parent_id = ? AND state = 'Created'"),
                                {now(), order->id});
            if (!subs)
                return subs.error();
            result.outcome = ApplyResult::Applied;
            result.after = OrderState::Pending;
            if (auto a = audit(actor, QStringLiteral("order.pending"), outTradeNo, QStringLiteral("code_url received")); !a)
                return a.error();
        } else if (order->codeUrl.isEmpty()) {
            // A result (paid, closed) beat the create answer: keep the state, remember the code.
            auto code = execSql(m_database->connection(), QStringLiteral("UPDATE orders SET code_url = ? WHERE id = ?"),
                                {codeUrl, order->id});
            if (!code)
                return code.error();
        }
        return result;
    });
}

Result<ApplyResult> OrderRepository::closeUnsent(const QString &outTradeNo, const QString &reason, const QString &actor)
{
    return m_database->writeTransaction<ApplyResult>([&]() -> Result<ApplyResult> {
        const auto order = find(outTradeNo);
        if (!order)
            return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(outTradeNo));
        ApplyResult result{ApplyResult::Unchanged, order->state, order->state, {}};
        if (order->state != OrderState::Created) {
            result.outcome = order->state == OrderState::Closed ? ApplyResult::Unchanged : ApplyResult::Stale;
            return result;
        }
        auto q = execSql(m_database->connection(),
                         QStringLiteral("UPDATE orders SET state = 'Closed', trade_state = 'NOT_CREATED', updated_at = ? "
                                        "WHERE (id = ? OR parent_id = ?) AND state = 'Created'"),
                         {now(), order->id, order->id});
        if (!q)
            return q.error();
        result.outcome = ApplyResult::Applied;
        result.after = OrderState::Closed;
        if (auto a = audit(actor, QStringLiteral("order.unsent"), outTradeNo, reason); !a)
            return a.error();
        return result;
    });
}

Result<ApplyResult> OrderRepository::markReversed(const QString &outTradeNo, const QString &actor)
{
    return m_database->writeTransaction<ApplyResult>([&]() -> Result<ApplyResult> {
        const auto order = find(outTradeNo);
        if (!order)
            return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(outTradeNo));
        ApplyResult result{ApplyResult::Unchanged, order->state, order->state, {}};
        if (order->kind != OrderKind::CodePay) {
            result.outcome = ApplyResult::Refused;
            result.message = QStringLiteral("only code-pay orders can be reversed");
            return result;
        }
        if (order->tradeState == QLatin1String("REVOKED"))
            return result;
        if (order->state == OrderState::Paid && order->refundedTotal == 0) {
            if (auto booked = bookReversalLocked(*order, actor); !booked)
                return booked.error();
            result.outcome = ApplyResult::Applied;
            result.after = OrderState::Refunded;
            return result;
        }
        if (isPaid(order->state)) {
            result.outcome = ApplyResult::Stale;
            result.message = QStringLiteral("a partly refunded order cannot have been reversed");
            return result;
        }
        auto q = execSql(m_database->connection(),
                         QStringLiteral("UPDATE orders SET state = 'Closed', trade_state = 'REVOKED', updated_at = ? "
                                        "WHERE id = ? AND state IN ('Created', 'Pending', 'Failed', 'Closed')"),
                         {now(), order->id});
        if (!q)
            return q.error();
        if (q->numRowsAffected() != 1) {
            result.outcome = ApplyResult::Refused;
            result.message = QStringLiteral("the order changed underneath");
            return result;
        }
        result.outcome = ApplyResult::Applied;
        result.after = OrderState::Closed;
        if (auto a = audit(actor, QStringLiteral("order.reversed"), outTradeNo,
                           QStringLiteral("%1 -> Closed (reverse confirmed by WeChat Pay)").arg(orderStateName(order->state)));
            !a) {
            return a.error();
        }
        return result;
    });
}

Result<void> OrderRepository::bookReversalLocked(const OrderRecord &order, const QString &actor)
{
    const QString at = now();
    const QString refundNo = reversalRefundNo(order.outTradeNo);
    auto refund = execSql(m_database->connection(),
                          QStringLiteral("INSERT INTO refunds (order_id, out_refund_no, amount, status, reason, requested_by, "
                                         "created_at, updated_at, success_time) VALUES (?, ?, ?, 'SUCCESS', ?, ?, ?, ?, ?)"),
                          {order.id, refundNo, order.amountTotal, QStringLiteral("reverse (撤销)"), actor, at, at, at});
    if (!refund)
        return refund.error();
    auto q = execSql(m_database->connection(),
                     QStringLiteral("UPDATE orders SET state = 'Refunded', trade_state = 'REVOKED', "
                                    "refunded_total = amount_total, updated_at = ? WHERE id = ? AND state = 'Paid' "
                                    "AND refunded_total = 0"),
                     {at, order.id});
    if (!q)
        return q.error();
    if (q->numRowsAffected() != 1)
        return makeError(QStringLiteral("changed_underneath"),
                         QStringLiteral("order %1 changed while its reversal was booked").arg(order.outTradeNo));
    if (auto a = audit(actor, QStringLiteral("order.reversed"), order.outTradeNo,
                       QStringLiteral("Paid -> Refunded (WeChat Pay reversed the paid order: the customer got %1 fen "
                                      "back, booked as refund %2)")
                           .arg(order.amountTotal).arg(refundNo));
        !a) {
        return a.error();
    }
    return {};
}

Result<ApplyResult> OrderRepository::applyPaidReversalLocked(const OrderRecord &order, const TradeUpdate &u,
                                                              ResultSource source, const QString &actor)
{
    ApplyResult result{ApplyResult::Unchanged, order.state, order.state, {}};
    if (isPaid(order.state) && order.tradeState == QLatin1String("REVOKED"))
        return result; // booked already
    if (order.state == OrderState::PartiallyRefunded || (isPaid(order.state) && order.refundedTotal > 0)) {
        result.outcome = ApplyResult::Stale;
        result.message = QStringLiteral("a partly refunded order cannot have been reversed");
        return result;
    }
    const QString at = now();
    if (!isPaid(order.state)) {
        // Only a query may revive an order the store closed (as for a payment that beat a close).
        const bool mayRevive = source == ResultSource::Query;
        const QString allowed = mayRevive
            ? inList({OrderState::Created, OrderState::Pending, OrderState::Closed, OrderState::Failed})
            : inList({OrderState::Created, OrderState::Pending});
        auto q = execSql(m_database->connection(),
                         QStringLiteral("UPDATE orders SET state = 'Paid', trade_state = 'SUCCESS', transaction_id = ?, "
                                        "payer_total = ?, payer_masked = ?, paid_at = ?, updated_at = ? "
                                        "WHERE id = ? AND state IN (%1)").arg(allowed),
                         {u.transactionId, u.payerTotal ? QVariant(*u.payerTotal) : QVariant(QMetaType(QMetaType::LongLong)),
                          u.openid.isEmpty() ? QString() : Redaction::maskOpenid(u.openid),
                          timeOrNull(u.successTime.isValid() ? u.successTime : QDateTime::currentDateTimeUtc()), at,
                          order.id});
        if (!q)
            return q.error();
        if (q->numRowsAffected() != 1) {
            result.outcome = ApplyResult::Refused;
            result.message = QStringLiteral("the order changed underneath (state %1)").arg(orderStateName(order.state));
            return result;
        }
        auto p = execSql(m_database->connection(),
                         QStringLiteral("INSERT INTO payments (order_id, transaction_id, amount_total, payer_total, bank_type, "
                                        "trade_type, success_time, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                        "ON CONFLICT (transaction_id) DO NOTHING"),
                         {order.id, u.transactionId, order.amountTotal,
                          u.payerTotal ? QVariant(*u.payerTotal) : QVariant(QMetaType(QMetaType::LongLong)), u.bankType,
                          u.tradeType, timeOrNull(u.successTime), resultSourceName(source), at});
        if (!p)
            return p.error();
        if (auto a = audit(actor, QStringLiteral("order.state"), order.outTradeNo,
                           QStringLiteral("%1 -> Paid (%2 REVOKED, transaction %3: the customer paid before the reverse)")
                               .arg(orderStateName(order.state), resultSourceName(source), u.transactionId));
            !a) {
            return a.error();
        }
    }
    const auto paid = findById(order.id);
    if (!paid)
        return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(order.outTradeNo));
    if (auto booked = bookReversalLocked(*paid, actor); !booked)
        return booked.error();
    result.outcome = ApplyResult::Applied;
    result.after = OrderState::Refunded;
    return result;
}

Result<ApplyResult> OrderRepository::applyTransaction(const Transaction &t, ResultSource source, const QString &actor)
{
    TradeUpdate u;
    u.outTradeNo = t.outTradeNo;
    u.mchid = t.mchid;
    u.tradeState = t.tradeState;
    u.transactionId = t.transactionId;
    u.amountTotal = t.amount.total;
    u.payerTotal = t.amount.payerTotal;
    u.openid = t.payer.openid;
    u.successTime = t.successTime;
    u.bankType = t.bankType;
    u.tradeType = t.tradeType;
    return m_database->writeTransaction<ApplyResult>([&]() -> Result<ApplyResult> {
        auto result = applyLocked(u, source, actor);
        if (result && result->outcome == ApplyResult::Applied) {
            // A sub-order queried on its own still moves its combined order.
            const auto order = find(u.outTradeNo);
            if (order && order->parentId) {
                if (auto parent = deriveParentLocked(order->parentId, actor); !parent)
                    return parent.error();
            }
        }
        return result;
    });
}

Result<ApplyResult> OrderRepository::applyCombineTransaction(const CombineTransaction &t, ResultSource source,
                                                             const QString &actor)
{
    return m_database->writeTransaction<ApplyResult>([&]() -> Result<ApplyResult> {
        const auto parent = find(t.combineOutTradeNo);
        if (!parent || parent->kind != OrderKind::Combine) {
            return makeError(QStringLiteral("unknown_order"),
                             QStringLiteral("no combined order %1 in the store").arg(t.combineOutTradeNo));
        }
        const QList<OrderRecord> subs = subOrders(parent->id);
        if (subs.size() != t.subOrders.size()) {
            if (auto a = audit(actor, QStringLiteral("order.refused"), t.combineOutTradeNo,
                               QStringLiteral("combined result lists %1 sub-orders, the store has %2")
                                   .arg(t.subOrders.size()).arg(subs.size()));
                !a) {
                return a.error();
            }
            return ApplyResult{ApplyResult::Refused, parent->state, parent->state,
                               QStringLiteral("the result's sub-orders do not match the stored ones")};
        }
        for (const CombineSubOrder &sub : t.subOrders) {
            TradeUpdate u;
            u.outTradeNo = sub.outTradeNo;
            u.mchid = sub.mchid;
            u.tradeState = sub.tradeState;
            u.transactionId = sub.transactionId;
            u.amountTotal = sub.totalAmount;
            u.payerTotal = sub.payerAmount;
            u.openid = t.combinePayerOpenid;
            u.successTime = sub.successTime;
            u.bankType = sub.bankType;
            u.tradeType = sub.tradeType;
            const bool belongs = std::any_of(subs.begin(), subs.end(),
                                             [&](const OrderRecord &s) { return s.outTradeNo == sub.outTradeNo; });
            if (!belongs) {
                return ApplyResult{ApplyResult::Refused, parent->state, parent->state,
                                   QStringLiteral("sub-order %1 is not part of %2").arg(sub.outTradeNo, t.combineOutTradeNo)};
            }
            auto applied = applyLocked(u, source, actor);
            if (!applied)
                return applied;
        }
        return deriveParentLocked(parent->id, actor);
    });
}

Result<ApplyResult> OrderRepository::deriveParentLocked(qint64 parentId, const QString &actor)
{
    const auto parent = findById(parentId);
    const QList<OrderRecord> subs = subOrders(parentId);
    if (!parent || subs.isEmpty())
        return makeError(QStringLiteral("unknown_order"), QStringLiteral("combined order %1 has no sub-orders").arg(parentId));
    auto all = [&](auto predicate) { return std::all_of(subs.begin(), subs.end(), predicate); };
    OrderState target = parent->state;
    if (all([](const OrderRecord &s) { return isPaid(s.state); }))
        target = OrderState::Paid;
    else if (all([](const OrderRecord &s) { return s.state == OrderState::Closed; }))
        target = OrderState::Closed;
    else if (all([](const OrderRecord &s) { return s.state == OrderState::Failed; }))
        target = OrderState::Failed;
    else if (all([](const OrderRecord &s) { return s.state != OrderState::Created; }) && parent->state == OrderState::Created)
        target = OrderState::Pending;

    ApplyResult result{ApplyResult::Unchanged, parent->state, parent->state, {}};
    if (target == parent->state || isPaid(parent->state))
        return result;
    // Sub-orders are paid together: a combined order's refunds live on its sub-orders,
    // so the parent only moves to Paid, Closed, Failed or Pending here.
    // A combined sale is in the business day of its sub-orders (paid together).
    auto q = execSql(m_database->connection(),
                     QStringLiteral("UPDATE orders SET state = ?, paid_at = CASE WHEN ? = 'Paid' THEN ? ELSE paid_at END, "
                                    "business_day = CASE WHEN ? = 'Paid' THEN "
                                    "(SELECT MAX(s.business_day) FROM orders s WHERE s.parent_id = orders.id) "
                                    "ELSE business_day END, "
                                    "updated_at = ? WHERE id = ? AND state IN ('Created', 'Pending', 'Closed', 'Failed')"),
                     {orderStateName(target), orderStateName(target), now(), orderStateName(target), now(), parentId});
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 1) {
        result.outcome = ApplyResult::Applied;
        result.after = target;
        if (auto a = audit(actor, QStringLiteral("order.state"), parent->outTradeNo,
                           QStringLiteral("%1 -> %2 (from its sub-orders)")
                               .arg(orderStateName(parent->state), orderStateName(target)));
            !a) {
            return a.error();
        }
    }
    return result;
}

Result<ApplyResult> OrderRepository::applyLocked(const TradeUpdate &u, ResultSource source, const QString &actor)
{
    const auto order = find(u.outTradeNo);
    if (!order)
        return makeError(QStringLiteral("unknown_order"), QStringLiteral("no order %1 in the store").arg(u.outTradeNo));

    ApplyResult result{ApplyResult::Unchanged, order->state, order->state, {}};
    auto refuse = [&](const QString &why) -> Result<ApplyResult> {
        result.outcome = ApplyResult::Refused;
        result.message = why;
        if (auto a = audit(actor, QStringLiteral("order.refused"), u.outTradeNo,
                           QStringLiteral("%1 result %2 refused: %3").arg(resultSourceName(source), u.tradeState, why));
            !a) {
            return a.error();
        }
        return result;
    };

    if (!u.mchid.isEmpty() && u.mchid != order->mchid)
        return refuse(QStringLiteral("result is for merchant %1, the order belongs to %2").arg(u.mchid, order->mchid));
    if (u.amountTotal > 0 && u.amountTotal != order->amountTotal)
        return refuse(QStringLiteral("result amount %1 fen differs from the order's %2 fen").arg(u.amountTotal).arg(order->amountTotal));
    if (!order->transactionId.isEmpty() && !u.transactionId.isEmpty() && u.transactionId != order->transactionId)
        return refuse(QStringLiteral("transaction_id %1 differs from the stored %2").arg(u.transactionId, order->transactionId));

    const QString state = u.tradeState;
    QString sql;
    QVariantList values;
    OrderState target = order->state;
    const QString at = now();

    if (state == QLatin1String("SUCCESS") || state == QLatin1String("REFUND")) {
        if (u.transactionId.isEmpty())
            return refuse(QStringLiteral("a paid result without transaction_id"));
        if (isPaid(order->state))
            return result; // duplicate
        const bool mayRevive = source == ResultSource::Query;
        if (!mayRevive && (order->state == OrderState::Closed || order->state == OrderState::Failed))
            return refuse(QStringLiteral("a closed order becomes paid only when a query says so"));
        target = OrderState::Paid;
        const QString allowed = mayRevive
            ? inList({OrderState::Created, OrderState::Pending, OrderState::Closed, OrderState::Failed})
            : inList({OrderState::Created, OrderState::Pending});
        const QDateTime paidAt = u.successTime.isValid() ? u.successTime : QDateTime::currentDateTimeUtc();
        const auto businessDay = BusinessDay::of(m_database->connection(), paidAt);
        if (!businessDay)
            return businessDay.error();
        sql = QStringLiteral("UPDATE orders SET state = 'Paid', trade_state = ?, transaction_id = ?, payer_total = ?, "
                             "payer_masked = ?, paid_at = ?, business_day = ?, updated_at = ? "
                             "WHERE id = ? AND state IN (%1)").arg(allowed);
        values = {QStringLiteral("SUCCESS"), u.transactionId,
                  u.payerTotal ? QVariant(*u.payerTotal) : QVariant(QMetaType(QMetaType::LongLong)),
                  u.openid.isEmpty() ? QString() : Redaction::maskOpenid(u.openid),
                  timeOrNull(paidAt), BusinessDay::text(*businessDay), at, order->id};
    } else if (state == QLatin1String("NOTPAY") || state == QLatin1String("USERPAYING") || state == QLatin1String("ACCEPT")) {
        if (isFinal(order->state)) {
            result.outcome = ApplyResult::Stale;
            result.message = QStringLiteral("the store already knows a final state");
            return result;
        }
        if (order->state == OrderState::Pending && order->tradeState == state)
            return result;
        target = OrderState::Pending;
        sql = QStringLiteral("UPDATE orders SET state = 'Pending', trade_state = ?, updated_at = ? "
                             "WHERE id = ? AND state IN ('Created', 'Pending')");
        values = {state, at, order->id};
    } else if (state == QLatin1String("REVOKED") && order->kind == OrderKind::CodePay && !u.transactionId.isEmpty()) {
        // Paid, then reversed: the reverse gave the customer the money back.
        return applyPaidReversalLocked(*order, u, source, actor);
    } else if (state == QLatin1String("CLOSED") || state == QLatin1String("REVOKED") || state == QLatin1String("PAYERROR")) {
        target = state == QLatin1String("PAYERROR") ? OrderState::Failed : OrderState::Closed;
        if (order->state == target)
            return result;
        if (isFinal(order->state)) {
            result.outcome = ApplyResult::Stale;
            result.message = QStringLiteral("the store already knows a final state (%1)").arg(orderStateName(order->state));
            return result;
        }
        sql = QStringLiteral("UPDATE orders SET state = ?, trade_state = ?, updated_at = ? "
                             "WHERE id = ? AND state IN ('Created', 'Pending')");
        values = {orderStateName(target), state, at, order->id};
    } else {
        return refuse(QStringLiteral("unknown trade_state \"%1\"").arg(state));
    }

    auto q = execSql(m_database->connection(), sql, values);
    if (!q)
        return q.error();
    if (q->numRowsAffected() != 1)
        return refuse(QStringLiteral("the order changed underneath (state %1)").arg(orderStateName(order->state)));

    if (target == OrderState::Paid) {
        auto p = execSql(m_database->connection(),
                         QStringLiteral("INSERT INTO payments (order_id, transaction_id, amount_total, payer_total, bank_type, "
                                        "trade_type, success_time, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                        "ON CONFLICT (transaction_id) DO NOTHING"),
                         {order->id, u.transactionId, order->amountTotal,
                          u.payerTotal ? QVariant(*u.payerTotal) : QVariant(QMetaType(QMetaType::LongLong)),
                          u.bankType, u.tradeType, timeOrNull(u.successTime), resultSourceName(source), at});
        if (!p)
            return p.error();
    }
    result.outcome = ApplyResult::Applied;
    result.after = target;
    if (auto a = audit(actor, QStringLiteral("order.state"), u.outTradeNo,
                       QStringLiteral("%1 -> %2 (%3 %4%5)")
                           .arg(orderStateName(order->state), orderStateName(target), resultSourceName(source), state,
                                u.transactionId.isEmpty() ? QString() : QStringLiteral(", transaction ") + u.transactionId));
        !a) {
        return a.error();
    }
    return result;
}

std::optional<OrderRecord> OrderRepository::find(const QString &outTradeNo) const
{
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM orders WHERE out_trade_no = ?").arg(QLatin1String(OrderColumns)), {outTradeNo});
    if (!q || !q->next())
        return std::nullopt;
    return orderFromQuery(*q);
}

std::optional<OrderRecord> OrderRepository::findById(qint64 id) const
{
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM orders WHERE id = ?").arg(QLatin1String(OrderColumns)), {id});
    if (!q || !q->next())
        return std::nullopt;
    return orderFromQuery(*q);
}

std::optional<OrderRecord> OrderRepository::findByTransactionId(const QString &transactionId) const
{
    if (transactionId.isEmpty())
        return std::nullopt; // unpaid orders have none: an empty string names no sale
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM orders WHERE transaction_id = ?").arg(QLatin1String(OrderColumns)),
                     {transactionId});
    if (!q || !q->next())
        return std::nullopt;
    return orderFromQuery(*q);
}

QList<OrderRecord> OrderRepository::subOrders(qint64 parentId) const
{
    QList<OrderRecord> result;
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM orders WHERE parent_id = ? ORDER BY id").arg(QLatin1String(OrderColumns)),
                     {parentId});
    while (q && q->next())
        result << orderFromQuery(*q);
    return result;
}

QList<OrderRecord> OrderRepository::unresolved() const
{
    QList<OrderRecord> result;
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM orders WHERE state IN ('Created', 'Pending') AND parent_id IS NULL "
                                    "ORDER BY created_at, id").arg(QLatin1String(OrderColumns)));  // orders_state
    while (q && q->next())
        result << orderFromQuery(*q);
    return result;
}

QList<OrderRecord> OrderRepository::history(const HistoryFilter &filter, int limit, int offset) const
{
    QVariantList values;
    const QString where = filter.whereClause(values);
    values << limit << offset;
    QList<OrderRecord> result;
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT %1 FROM orders %2 ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                         .arg(QLatin1String(OrderColumns), where),
                     values);
    while (q && q->next())
        result << orderFromQuery(*q);
    return result;
}

qint64 OrderRepository::historyCount(const HistoryFilter &filter) const
{
    QVariantList values;
    const QString where = filter.whereClause(values);
    auto q = execSql(m_database->connection(), QStringLiteral("SELECT COUNT(*) FROM orders %1").arg(where), values);
    return (q && q->next()) ? q->value(0).toLongLong() : 0;
}

} // namespace paydesk
