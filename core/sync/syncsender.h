// SPDX-License-Identifier: MIT
#pragma once

#include "hqclient.h"
#include "hqlink.h"

#include <QObject>

namespace paydesk {

class Database;

// One pass over the outbox: read a batch, send it to HQ, forget what HQ
// applied, until the outbox is empty or a call fails. At least once on the
// wire, exactly once in effect: HQ applies a record only over an older one,
// and the outbox forgets a batch only after HQ answered that it applied it,
// so a lost answer means the same batch again, which changes nothing.
class SyncSender : public QObject
{
    Q_OBJECT

public:
    SyncSender(Database *database, HqClient *client, const HqLink &link, QObject *parent = nullptr);

    struct Report
    {
        int batches = 0;
        int records = 0; // row snapshots sent
        qint64 outboxRows = 0; // changes covered
        qint64 waiting = 0; // changes still in the outbox afterwards
    };
    // `done` runs once, from the event loop. `batchRows`: outbox rows per request.
    void drain(std::function<void(HqResult<Report>)> done, int batchRows = 200);

private:
    void next(std::shared_ptr<Report> report, std::function<void(HqResult<Report>)> done, int batchRows);

    Database *m_database;
    HqClient *m_client;
    HqLink m_link;
};

} // namespace paydesk
