// SPDX-License-Identifier: MIT
#include "schema.h"

namespace paydesk::schema {

namespace {

// AFTER INSERT (and UPDATE, for rows that change) triggers that note a synced
// table's row in sync_outbox while sync is enabled.
QStringList syncTriggers()
{
    struct Table
    {
        const char *name;
        const char *entity;
        bool updates;
    };
    static const Table tables[] = {
        { "orders", "order", true },        { "payments", "payment", false },
        { "refunds", "refund", true },      { "receipts", "receipt", false },
        { "audit_log", "audit", false },    { "day_closings", "day_close", true },
    };
    QStringList statements;
    for (const Table &t : tables) {
        for (const char *event : { "INSERT", "UPDATE" }) {
            if (!t.updates && QByteArrayView(event) == "UPDATE")
                continue;
            statements << QStringLiteral("CREATE TRIGGER sync_%1_%2 AFTER %3 ON %1 "
                                         "WHEN (SELECT value FROM settings WHERE key = 'sync.enabled') = '1' "
                                         "BEGIN INSERT INTO sync_outbox (entity, row_id) VALUES ('%4', NEW.rowid); END")
                              .arg(QLatin1String(t.name), QString::fromLatin1(event).toLower(),
                                   QLatin1String(event), QLatin1String(t.entity));
        }
    }
    return statements;
}

} // namespace

const QList<QStringList> &migrations()
{
    static const QList<QStringList> all = {
        // 1: orders, payments, refunds, receipts, audit log, settings.
        {
            QStringLiteral(R"(CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                out_trade_no TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('native', 'combine', 'sub', 'codepay')),
                parent_id INTEGER REFERENCES orders(id),
                mchid TEXT NOT NULL,
                description TEXT NOT NULL,
                amount_total INTEGER NOT NULL CHECK (amount_total > 0),
                currency TEXT NOT NULL DEFAULT 'CNY',
                state TEXT NOT NULL CHECK (state IN ('Created', 'Pending', 'Paid', 'PartiallyRefunded',
                                                     'Refunded', 'Closed', 'Failed')),
                trade_state TEXT,
                transaction_id TEXT UNIQUE,
                code_url TEXT,
                payer_total INTEGER,
                payer_masked TEXT,
                refunded_total INTEGER NOT NULL DEFAULT 0
                    CHECK (refunded_total >= 0 AND refunded_total <= amount_total),
                training INTEGER NOT NULL DEFAULT 0,
                terminal_id TEXT,
                cashier TEXT,
                items_json TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                expires_at TEXT,
                paid_at TEXT))"),
            QStringLiteral("CREATE INDEX orders_state ON orders(state)"),
            QStringLiteral("CREATE INDEX orders_created ON orders(created_at)"),
            QStringLiteral("CREATE INDEX orders_parent ON orders(parent_id)"),
            QStringLiteral(R"(CREATE TABLE payments (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                transaction_id TEXT NOT NULL UNIQUE,
                amount_total INTEGER NOT NULL,
                payer_total INTEGER,
                bank_type TEXT,
                trade_type TEXT,
                success_time TEXT,
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE refunds (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                out_refund_no TEXT NOT NULL UNIQUE,
                refund_id TEXT UNIQUE,
                amount INTEGER NOT NULL CHECK (amount > 0),
                status TEXT NOT NULL CHECK (status IN ('Created', 'PROCESSING', 'SUCCESS', 'CLOSED',
                                                       'ABNORMAL')),
                reason TEXT,
                requested_by TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                success_time TEXT))"),
            QStringLiteral("CREATE INDEX refunds_order ON refunds(order_id)"),
            QStringLiteral(R"(CREATE TABLE receipts (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                refund_id INTEGER REFERENCES refunds(id),
                kind TEXT NOT NULL,
                format TEXT NOT NULL,
                content BLOB NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                details TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL))"),
        },
        // 2: an order's details screen reads its audit trail by subject; without
        // this index that is a scan of the whole log (50 ms at a million orders).
        {
            QStringLiteral("CREATE INDEX audit_log_subject ON audit_log(subject)"),
        },
        // 3: reconciliation and the Z report read a China-time day by paid_at
        // (orders) and created_at (refunds); day_closings records each closed
        // day once, with the figures the Z report printed.
        {
            QStringLiteral("CREATE INDEX orders_paid ON orders(paid_at)"),
            QStringLiteral("CREATE INDEX refunds_created ON refunds(created_at)"),
            QStringLiteral(R"(CREATE TABLE day_closings (
                day TEXT PRIMARY KEY,
                closed_at TEXT NOT NULL,
                closed_by TEXT NOT NULL,
                payments INTEGER NOT NULL,
                gross INTEGER NOT NULL,
                refund_count INTEGER NOT NULL,
                refunds INTEGER NOT NULL,
                net INTEGER NOT NULL,
                report_json TEXT NOT NULL))"),
        },
        // 4: a day's reads read the day, not the store's whole life. PayDesk
        // runs no ANALYZE, so SQLite's planner has no statistics, and two
        // indexes misled it: with orders_state, "state = 'Paid'" looked more
        // selective than a day's range of created_at or paid_at, and
        // orders_parent did the same for "parent_id IS NULL" (nearly every
        // row): the Z report, today's paid sales in history and the recovery
        // sweep each read every order. Now:
        // - orders_state is (state, created_at): a history page of one state
        //   is a range of that state in time order, rare states (Created,
        //   Pending: the recovery sweep; Failed) and common ones alike. A
        //   query on another range (the Z report's paid_at) must say
        //   "+state" to keep the planner off it;
        // - orders_parent holds sub-orders only (parent_id = ?);
        // - partial indexes for open refunds and for the refunds that
        //   succeeded on a day (each query repeats the WHERE term word for
        //   word), and receipts by order (a reprint of an old sale).
        // tests/bench/report_bench measures both schemas. Partial and
        // expression indexes (the expression in its own parentheses) are
        // PostgreSQL's syntax too.
        {
            QStringLiteral("DROP INDEX orders_state"),
            QStringLiteral("CREATE INDEX orders_state ON orders(state, created_at)"),
            QStringLiteral("DROP INDEX orders_parent"),
            QStringLiteral("CREATE INDEX orders_parent ON orders(parent_id) WHERE parent_id IS NOT NULL"),
            QStringLiteral("CREATE INDEX refunds_open ON refunds(created_at) "
                           "WHERE status IN ('Created', 'PROCESSING', 'ABNORMAL')"),
            QStringLiteral("CREATE INDEX refunds_settled ON refunds((COALESCE(success_time, updated_at))) "
                           "WHERE status = 'SUCCESS'"),
            QStringLiteral("CREATE INDEX receipts_order ON receipts(order_id)"),
        },
        // 5: a closed day never moves (docs/reconciliation.md, "The business
        // day"). Each payment and each successful refund keeps the business
        // day it was recorded in (BusinessDay): its China-time day, or the
        // next open day when that one was already closed. The X and Z reports
        // read it on its own partial indexes. Rows from before: the day of
        // their time, moved to the next day when they came after that day's
        // close (the Z report printed then did not count them).
        {
            QStringLiteral("ALTER TABLE orders ADD COLUMN business_day TEXT"),
            QStringLiteral("ALTER TABLE refunds ADD COLUMN business_day TEXT"),
            QStringLiteral(R"(UPDATE orders SET business_day = CASE
                WHEN EXISTS (SELECT 1 FROM day_closings c WHERE c.day = date(orders.paid_at, '+8 hours')
                             AND orders.paid_at >= c.closed_at)
                THEN date(paid_at, '+8 hours', '+1 day') ELSE date(paid_at, '+8 hours') END
                WHERE paid_at IS NOT NULL)"),
            QStringLiteral(R"(UPDATE refunds SET business_day = CASE
                WHEN EXISTS (SELECT 1 FROM day_closings c
                             WHERE c.day = date(COALESCE(refunds.success_time, refunds.updated_at), '+8 hours')
                             AND COALESCE(refunds.success_time, refunds.updated_at) >= c.closed_at)
                THEN date(COALESCE(success_time, updated_at), '+8 hours', '+1 day')
                ELSE date(COALESCE(success_time, updated_at), '+8 hours') END
                WHERE status = 'SUCCESS')"),
            QStringLiteral("CREATE INDEX orders_business_day ON orders(business_day) WHERE business_day IS NOT NULL"),
            QStringLiteral("CREATE INDEX refunds_business_day ON refunds(business_day) WHERE status = 'SUCCESS'"),
        },
        // 6: the outbox for PayDesk HQ (core/sync, docs/hq.md). Triggers write
        // it, so every change to a synced table lands in the outbox in the
        // same transaction as the change itself, whichever code path made it:
        // no writer can forget. They fire only once the terminal is enrolled
        // ("sync.enabled" in settings): a till without HQ writes nothing
        // extra. Enrolment backfills the rows written before it. A row is
        // sent as it is when the worker reads it, so several changes to one
        // order travel as one snapshot, labelled with the newest seq.
        // Settings (PIN hashes) are never synced.
        QList<QString> { QStringLiteral(R"(CREATE TABLE sync_outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                entity TEXT NOT NULL,
                row_id INTEGER NOT NULL))") }
            + syncTriggers(),
    };
    return all;
}

} // namespace paydesk::schema
