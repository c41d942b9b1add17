// SPDX-License-Identifier: MIT
#pragma once

#include "historyfilter.h"
#include "order.h"
#include "result.h"
#include "wechatpay/apitypes.h"

#include <QList>
#include <QSqlQuery>
#include <QString>

#include <optional>

namespace paydesk {

class AuditLog;
class Database;

// Where a result came from. A notification can only move an order forward
// along the happy path; only a query may revive a closed order as paid (the
// payment beat the close).
enum class ResultSource { Query, Notification, CreateAnswer };
QString resultSourceName(ResultSource source);

struct ApplyResult
{
    enum Outcome {
        Applied,   // the order changed
        Unchanged, // a duplicate: the store already says this
        Stale,     // an older result than what the store knows: ignored
        Refused,   // an illegal transition or a result that does not fit the order
    };
    Outcome outcome = Unchanged;
    OrderState before = OrderState::Created;
    OrderState after = OrderState::Created;
    QString message;
};

// The one writer path for orders (DESIGN.md step 6). Every change runs in
// BEGIN IMMEDIATE, checks the transition in SQL (UPDATE ... WHERE state IN
// the allowed states) and leaves an audit entry.
class OrderRepository
{
public:
    OrderRepository(Database *database, AuditLog *audit);

    // Stored as Created, with its sub-orders, before any request goes out.
    Result<OrderRecord> create(const NewOrder &order, const QString &actor);

    // Created → Pending with the code_url the create call returned.
    Result<ApplyResult> markPending(const QString &outTradeNo, const QString &codeUrl, const QString &actor);

    // A Created order that WeChat Pay never took: it refused the create call
    // (4xx), or a query says ORDER_NOT_EXIST. Closed locally so nothing waits on it.
    Result<ApplyResult> closeUnsent(const QString &outTradeNo, const QString &reason, const QString &actor);

    // Code pay: WeChat Pay confirmed the reverse (撤销) of this order. Created or
    // Pending → Closed with trade_state REVOKED. A Paid order was refunded by
    // the reverse: → Refunded, with the reversal booked as a SUCCESS refund of
    // the whole amount (reversalRefundNo), so paid and refunded amounts still
    // only grow. The poller does not use this: after a reverse it queries, and
    // applyTransaction books what the answer says.
    Result<ApplyResult> markReversed(const QString &outTradeNo, const QString &actor);

    // A code-pay answer REVOKED with a transaction_id means WeChat Pay took the
    // payment and the reverse gave it back: the store books both, the payment
    // (→ Paid, a payments row) and the reversal (→ Refunded, a refund of the
    // whole amount), with an audit entry for each. REVOKED without a
    // transaction_id: nobody paid, → Closed.
    Result<ApplyResult> applyTransaction(const Transaction &transaction, ResultSource source,
                                         const QString &actor);
    // Applies each sub-order, then derives the combined order's state from them.
    Result<ApplyResult> applyCombineTransaction(const CombineTransaction &transaction, ResultSource source,
                                                const QString &actor);

    std::optional<OrderRecord> find(const QString &outTradeNo) const;
    std::optional<OrderRecord> findById(qint64 id) const;
    // By WeChat Pay's transaction_id (unique, indexed): what a customer's payment record shows.
    std::optional<OrderRecord> findByTransactionId(const QString &transactionId) const;
    QList<OrderRecord> subOrders(qint64 parentId) const;
    // Created and Pending orders (not sub-orders): what the Resolver must settle.
    QList<OrderRecord> unresolved() const;

    // Newest first, a page at a time (the history screen's lazy model).
    QList<OrderRecord> history(const HistoryFilter &filter, int limit, int offset = 0) const;
    qint64 historyCount(const HistoryFilter &filter) const;

private:
    struct TradeUpdate
    {
        QString outTradeNo;
        QString mchid;
        QString tradeState;
        QString transactionId;
        qint64 amountTotal = 0;
        std::optional<qint64> payerTotal;
        QString openid;
        QDateTime successTime;
        QString bankType;
        QString tradeType;
    };
    Result<ApplyResult> applyLocked(const TradeUpdate &update, ResultSource source, const QString &actor);
    // A paid code-pay order that was reversed: the payment (unless stored), then the reversal.
    Result<ApplyResult> applyPaidReversalLocked(const OrderRecord &order, const TradeUpdate &update,
                                                ResultSource source, const QString &actor);
    // Paid → Refunded by the reverse: the reversal refund of the whole amount.
    Result<void> bookReversalLocked(const OrderRecord &order, const QString &actor);
    Result<ApplyResult> deriveParentLocked(qint64 parentId, const QString &actor);
    Result<void> audit(const QString &actor, const QString &action, const QString &subject, const QString &details);

    Database *m_database;
    AuditLog *m_audit;
};

OrderRecord orderFromQuery(const QSqlQuery &query);
extern const char *const OrderColumns;

} // namespace paydesk
