// SPDX-License-Identifier: MIT
#include "syncworker.h"

#include "hqclient.h"
#include "store/database.h"
#include "syncoutbox.h"
#include "syncsender.h"

#include <QLoggingCategory>

namespace paydesk {

Q_DECLARE_LOGGING_CATEGORY(lcSync)

SyncWorker::SyncWorker(const QString &databasePath, const HqLink &link, const QByteArray &token)
    : m_databasePath(databasePath), m_link(link), m_token(token)
{
}

SyncWorker::~SyncWorker() = default;

void SyncWorker::start()
{
    auto opened = Database::openWorker(m_databasePath);
    if (!opened) {
        report(SyncStatus::State::Unreachable, -1, opened.error().code, opened.error().message);
        return;
    }
    m_database = std::move(opened).value();
    m_client = new HqClient(m_link.url, m_link.caFile, this);
    m_client->setToken(m_token);
    m_sender = new SyncSender(m_database.get(), m_client, m_link, this);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SyncWorker::tick);
    tick();
}

void SyncWorker::wake()
{
    if (!m_timer)
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    // While HQ is unreachable the backoff decides; a sale does not hammer it.
    if (m_status.state != SyncStatus::State::Unreachable && m_status.state != SyncStatus::State::Refused)
        m_timer->start(0);
}

void SyncWorker::stop()
{
    if (m_timer)
        m_timer->stop();
    delete m_sender;
    m_sender = nullptr;
    delete m_client;
    m_client = nullptr;
    m_database.reset();
}

void SyncWorker::tick()
{
    if (!m_sender || m_busy)
        return;
    SyncOutbox outbox(m_database.get());
    auto waiting = outbox.waiting();
    if (!waiting) {
        report(SyncStatus::State::Unreachable, -1, waiting.error().code, waiting.error().message);
        m_timer->start(IdleMs);
        return;
    }
    if (*waiting == 0) {
        report(SyncStatus::State::Synced, 0);
        m_timer->start(IdleMs);
        return;
    }
    if (m_status.state != SyncStatus::State::Unreachable && m_status.state != SyncStatus::State::Refused)
        report(SyncStatus::State::Waiting, *waiting);
    m_busy = true;
    m_again = false;
    m_sender->drain([this](HqResult<SyncSender::Report> done) {
        m_busy = false;
        if (!m_timer)
            return;
        if (done) {
            m_backoffMs = FirstBackoffMs;
            m_status.lastSynced = QDateTime::currentDateTimeUtc();
            report(SyncStatus::State::Synced, done->waiting);
            m_timer->start(m_again ? 0 : IdleMs);
            return;
        }
        const HqError &e = done.error();
        SyncOutbox outbox(m_database.get());
        auto left = outbox.waiting();
        const qint64 waiting = left ? *left : -1;
        if (e.retryable) {
            report(SyncStatus::State::Unreachable, waiting, e.code, e.message);
            m_timer->start(m_backoffMs);
            m_backoffMs = qMin(m_backoffMs * 2, MaxBackoffMs);
        } else {
            // A revoked till or a refused batch: nothing is forgotten; look
            // again now and then, in case someone fixed it at HQ.
            qCWarning(lcSync) << "HQ refused this till's changes:" << e.toString();
            report(SyncStatus::State::Refused, waiting, e.code, e.message);
            m_timer->start(MaxBackoffMs);
        }
    });
}

void SyncWorker::report(SyncStatus::State state, qint64 waiting, const QString &code, const QString &message)
{
    SyncStatus next = m_status;
    next.state = state;
    next.waiting = waiting;
    next.code = code;
    next.message = message;
    if (next.state == m_status.state && next.waiting == m_status.waiting && next.code == m_status.code
        && next.message == m_status.message)
        return;
    m_status = next;
    emit statusChanged(m_status);
}

} // namespace paydesk
