// SPDX-License-Identifier: MIT
#include "syncsender.h"

#include "syncoutbox.h"

#include <QLoggingCategory>

namespace paydesk {

Q_LOGGING_CATEGORY(lcSync, "paydesk.sync")

namespace {

HqError storeError(const Error &error)
{
    return HqError { 0, error.code, error.message, true };
}

} // namespace

SyncSender::SyncSender(Database *database, HqClient *client, const HqLink &link, QObject *parent)
    : QObject(parent), m_database(database), m_client(client), m_link(link)
{
}

void SyncSender::drain(std::function<void(HqResult<Report>)> done, int batchRows)
{
    next(std::make_shared<Report>(), std::move(done), batchRows);
}

void SyncSender::next(std::shared_ptr<Report> report, std::function<void(HqResult<Report>)> done, int batchRows)
{
    SyncOutbox outbox(m_database);
    auto batch = outbox.read(batchRows);
    if (!batch)
        return done(storeError(batch.error()));
    if (batch->isEmpty()) {
        report->waiting = 0;
        return done(*report);
    }
    const QJsonObject body { { QStringLiteral("store"), m_link.storeCode },
                             { QStringLiteral("till"), m_link.tillCode },
                             { QStringLiteral("last_seq"), batch->lastSeq },
                             { QStringLiteral("records"), batch->records } };
    const qint64 lastSeq = batch->lastSeq;
    const int records = int(batch->records.size());
    const int rows = batch->outboxRows;
    m_client->post(QStringLiteral("/api/v1/sync"), body,
                   [this, report, done, batchRows, lastSeq, records, rows](HqResult<QJsonObject> answer) {
                       if (!answer) {
                           SyncOutbox left(m_database);
                           auto waiting = left.waiting();
                           report->waiting = waiting ? *waiting : -1;
                           qCInfo(lcSync) << "HQ did not take the batch up to seq" << lastSeq << ":"
                                          << answer.error().toString();
                           return done(answer.error());
                       }
                       SyncOutbox outbox(m_database);
                       if (auto acked = outbox.acknowledge(lastSeq); !acked)
                           return done(storeError(acked.error()));
                       ++report->batches;
                       report->records += records;
                       report->outboxRows += rows;
                       qCDebug(lcSync) << "HQ applied" << records << "records up to seq" << lastSeq;
                       next(report, done, batchRows);
                   });
}

} // namespace paydesk
