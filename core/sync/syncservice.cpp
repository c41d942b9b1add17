// SPDX-License-Identifier: MIT
#include "syncservice.h"

#include "syncworker.h"

#include <QThread>

namespace paydesk {

SyncService::SyncService(const QString &databasePath, const HqLink &link, const QByteArray &token, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new SyncWorker(databasePath, link, token))
{
    qRegisterMetaType<paydesk::SyncStatus>();
    m_thread->setObjectName(QStringLiteral("paydesk-sync"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::statusChanged, this, [this](const SyncStatus &status) {
        m_status = status;
        emit statusChanged(status);
    });
}

SyncService::~SyncService()
{
    stop();
}

void SyncService::start()
{
    if (m_thread->isRunning())
        return;
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::start, Qt::QueuedConnection);
}

void SyncService::wake()
{
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_worker, &SyncWorker::wake, Qt::QueuedConnection);
}

void SyncService::stop()
{
    if (!m_thread->isRunning())
        return;
    QMetaObject::invokeMethod(m_worker, &SyncWorker::stop, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

} // namespace paydesk
