// SPDX-License-Identifier: MIT
#pragma once

#include "hqlink.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QString>

class QThread;

namespace paydesk {

// What the status bar says about HQ.
struct SyncStatus
{
    enum class State { Starting, Synced, Waiting, Unreachable, Refused };
    State state = State::Starting;
    qint64 waiting = 0; // changes not yet at HQ (-1: unknown)
    QString code; // the last error's code, empty when none
    QString message; // the last error, for people (English; the UI translates by code)
    QDateTime lastSynced; // UTC; invalid: not yet this run
};

class SyncWorker;

// The sync worker on a thread of its own: it opens its own connection to the
// terminal's store, drains the outbox to HQ whenever something waits, backs
// off (1 s doubling to 60 s) while HQ cannot be reached, and reports each
// change of status. Nothing of it runs on the thread that owns the service
// (the GUI's): start(), wake() and stop() only post to the worker.
class SyncService : public QObject
{
    Q_OBJECT

public:
    SyncService(const QString &databasePath, const HqLink &link, const QByteArray &token, QObject *parent = nullptr);
    ~SyncService() override;

    void start();
    // Something was written: look at the outbox now rather than at the next tick.
    void wake();
    // Ends the worker and waits for its thread (at most the current request's timeout).
    void stop();

    SyncStatus status() const { return m_status; }

signals:
    void statusChanged(const paydesk::SyncStatus &status);

private:
    QThread *m_thread;
    SyncWorker *m_worker; // lives on m_thread, deleted there
    SyncStatus m_status;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::SyncStatus)
