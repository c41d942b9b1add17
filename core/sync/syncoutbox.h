// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QJsonArray>

namespace paydesk {

class Database;

// What the sync worker sends next: the rows the outbox names, each as it is
// now, in the order they first changed (an order before its refunds), and
// the newest outbox seq they cover.
struct SyncBatch
{
    QJsonArray records; // {"seq", "entity", "id", "data"}
    qint64 lastSeq = 0; // acknowledge() up to here once HQ has applied it
    int outboxRows = 0; // outbox rows covered (several changes of one row are one record)
    bool isEmpty() const { return outboxRows == 0; }
};

// The till's side of the outbox that the schema's triggers fill (schema.cpp,
// version 6): reading it as batches of row snapshots, and forgetting what HQ
// has applied. Snapshots carry natural keys (out_trade_no, out_refund_no),
// never only the till's row ids, so HQ can key them per till; the row id
// travels too, for receipts and audit entries, which have no other key.
//
// Each record is labelled with the newest seq of its row in the batch: HQ
// applies a record only over an older label, so a stale snapshot (another
// sender, a retry) never overwrites a newer one, and a replay changes nothing.
class SyncOutbox
{
public:
    explicit SyncOutbox(Database *database) : m_database(database) {}

    // Changes not yet applied at HQ.
    Result<qint64> waiting() const;
    // Up to `maxRows` outbox rows, as one consistent read.
    Result<SyncBatch> read(int maxRows = 200) const;
    // HQ applied everything up to `lastSeq`.
    Result<void> acknowledge(qint64 lastSeq);

    // The snapshot of one row as HQ receives it; empty when the row is gone.
    Result<QJsonObject> snapshot(const QString &entity, qint64 rowId) const;

private:
    Database *m_database;
};

} // namespace paydesk
