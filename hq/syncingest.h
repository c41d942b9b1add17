// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "tillregistry.h"

#include <QJsonObject>

namespace paydesk::hq {

class HqDatabase;

// Applies one batch from a till's outbox (core/sync/syncoutbox.h) in one
// PostgreSQL transaction: all of it or, when any record is refused, none.
//
// Idempotent: a record applies only over an older version of its row (the
// till's outbox seq), rows that never change (payments, receipts, audit
// entries) are inserted once, so a replay or a stale batch changes nothing.
// A till changes only its own rows: an order must carry the till's own
// terminal_id and its store's merchant, an out_trade_no another till owns is
// refused, a refund must name an order of the same store, and every audit
// entry must hash to what it says and link to the one before it.
class SyncIngest
{
public:
    explicit SyncIngest(HqDatabase *database) : m_database(database) {}

    struct Summary
    {
        int applied = 0; // records that changed HQ
        int unchanged = 0; // replays and stale snapshots
        qint64 lastSeq = 0;
    };
    // Refusals: "hq_foreign_row" (another till's or store's row),
    // "hq_bad_record" (a record HQ cannot read), "hq_audit_altered".
    Result<Summary> apply(const TillIdentity &till, const QJsonObject &batch);

private:
    HqDatabase *m_database;
};

} // namespace paydesk::hq
