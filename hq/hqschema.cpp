// SPDX-License-Identifier: MIT
#include "hqschema.h"

namespace paydesk::hq {

const QList<QStringList> &hqMigrations()
{
    static const QList<QStringList> all = {
        // 1: stores and their tills, and every till's synced rows. A till's
        // row is keyed by the till and its natural key (out_trade_no,
        // out_refund_no, the transaction id; the till's row id for receipts
        // and audit entries). `version` is the till's outbox seq of the
        // snapshot: an update applies only over a lower one. `data` keeps the
        // whole row as the till sent it; the columns are what HQ queries.
        {
            QStringLiteral(R"(CREATE TABLE stores (
                id bigserial PRIMARY KEY,
                code text NOT NULL UNIQUE,
                name text NOT NULL,
                mchid text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()))"),
            QStringLiteral(R"(CREATE TABLE tills (
                id bigserial PRIMARY KEY,
                store_id bigint NOT NULL REFERENCES stores(id),
                code text NOT NULL,
                enrol_code_hash text UNIQUE,
                enrol_expires_at timestamptz,
                token_hash text UNIQUE,
                enrolled_at timestamptz,
                revoked_at timestamptz,
                last_seq bigint NOT NULL DEFAULT 0,
                last_sync_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (store_id, code)))"),
            QStringLiteral(R"(CREATE TABLE orders (
                till_id bigint NOT NULL REFERENCES tills(id),
                store_id bigint NOT NULL REFERENCES stores(id),
                out_trade_no text NOT NULL,
                mchid text NOT NULL,
                kind text NOT NULL,
                parent_out_trade_no text,
                amount_total bigint NOT NULL CHECK (amount_total > 0),
                refunded_total bigint NOT NULL CHECK (refunded_total >= 0 AND refunded_total <= amount_total),
                state text NOT NULL,
                trade_state text,
                transaction_id text,
                training boolean NOT NULL,
                terminal_id text,
                cashier text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                paid_at timestamptz,
                business_day date,
                version bigint NOT NULL,
                data jsonb NOT NULL,
                PRIMARY KEY (till_id, out_trade_no)))"),
            // WeChat Pay's own rule: an out_trade_no is unique per merchant, so
            // no two tills can own one.
            QStringLiteral("CREATE UNIQUE INDEX orders_merchant_no ON orders (mchid, out_trade_no)"),
            QStringLiteral("CREATE INDEX orders_store_paid ON orders (store_id, paid_at)"),
            // The store's day is the tills' business day (a sale after a till's
            // close counts in the next day), as on the till.
            QStringLiteral("CREATE INDEX orders_business_day ON orders (business_day, store_id) "
                           "WHERE business_day IS NOT NULL"),
            QStringLiteral("CREATE INDEX orders_store_no ON orders (store_id, out_trade_no)"),
            QStringLiteral("CREATE INDEX orders_transaction ON orders (transaction_id) WHERE transaction_id IS NOT NULL"),
            QStringLiteral(R"(CREATE TABLE payments (
                till_id bigint NOT NULL REFERENCES tills(id),
                transaction_id text NOT NULL,
                out_trade_no text NOT NULL,
                amount_total bigint NOT NULL,
                success_time timestamptz,
                version bigint NOT NULL,
                data jsonb NOT NULL,
                PRIMARY KEY (till_id, transaction_id)))"),
            QStringLiteral(R"(CREATE TABLE refunds (
                till_id bigint NOT NULL REFERENCES tills(id),
                store_id bigint NOT NULL REFERENCES stores(id),
                out_refund_no text NOT NULL,
                out_trade_no text NOT NULL,
                order_till_id bigint NOT NULL REFERENCES tills(id),
                refund_id text,
                amount bigint NOT NULL CHECK (amount > 0),
                status text NOT NULL,
                requested_by text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                success_time timestamptz,
                business_day date,
                version bigint NOT NULL,
                data jsonb NOT NULL,
                PRIMARY KEY (till_id, out_refund_no)))"),
            QStringLiteral("CREATE INDEX refunds_order ON refunds (order_till_id, out_trade_no)"),
            QStringLiteral("CREATE INDEX refunds_business_day ON refunds (business_day, store_id) "
                           "WHERE status = 'SUCCESS'"),
            QStringLiteral(R"(CREATE TABLE receipts (
                till_id bigint NOT NULL REFERENCES tills(id),
                local_id bigint NOT NULL,
                out_trade_no text NOT NULL,
                out_refund_no text,
                kind text NOT NULL,
                format text NOT NULL,
                content bytea NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (till_id, local_id)))"),
            QStringLiteral(R"(CREATE TABLE audit_entries (
                till_id bigint NOT NULL REFERENCES tills(id),
                local_id bigint NOT NULL,
                at text NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                subject text NOT NULL,
                details text NOT NULL,
                prev_hash text NOT NULL,
                hash text NOT NULL,
                PRIMARY KEY (till_id, local_id)))"),
            QStringLiteral(R"(CREATE TABLE day_closings (
                till_id bigint NOT NULL REFERENCES tills(id),
                day text NOT NULL,
                closed_at timestamptz NOT NULL,
                closed_by text NOT NULL,
                version bigint NOT NULL,
                data jsonb NOT NULL,
                PRIMARY KEY (till_id, day)))"),
        },
    };
    return all;
}

} // namespace paydesk::hq
