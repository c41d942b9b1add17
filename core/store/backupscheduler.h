// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

namespace paydesk {

class Clock;

// Daily copies of the store: `VACUUM INTO` a dated file in a folder, keeping
// the newest N (Database::backup). At start() it backs up when the newest
// backup in the folder is a day old or there is none, then looks again every
// hour, so a terminal that is switched off at night still gets one backup a
// day. The copy runs in a worker thread on its own connection: the GUI thread
// never waits for it, and SQLite's WAL lets the till keep selling meanwhile.
class BackupScheduler : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 DefaultMaxAgeMs = 24 * 60 * 60 * 1000;
    static constexpr qint64 DefaultCheckIntervalMs = 60 * 60 * 1000;

    // `clock` drives the hourly check and tells the time (null: real time).
    BackupScheduler(const QString &databasePath, const QString &folder, int keep, Clock *clock = nullptr,
                    QObject *parent = nullptr);
    ~BackupScheduler() override;

    // Checks now (in the worker), then every checkIntervalMs.
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    bool isBusy() const { return m_busy; }

    // Backs up at once on the calling thread's own connection, whatever the
    // age of the last backup (paydesk-cli db backup).
    Result<QString> backupNow();

    void setMaxAgeMs(qint64 ms) { m_maxAgeMs = ms; }
    void setCheckIntervalMs(qint64 ms) { m_checkIntervalMs = ms; }
    QString folder() const { return m_folder; }
    int keep() const { return m_keep; }

    // Backup files in `folder`, newest first.
    static QStringList backupFiles(const QString &folder);
    // When the newest backup in `folder` was made (invalid when there is none).
    static QDateTime newestBackupTime(const QString &folder);

signals:
    void backedUp(const QString &file);
    void failed(const QString &message);
    // A check found a recent enough backup and did nothing.
    void upToDate(const QString &newestFile);

private:
    void check();
    void scheduleNext();
    QDateTime now() const;

    QString m_databasePath;
    QString m_folder;
    int m_keep;
    Clock *m_clock;
    qint64 m_maxAgeMs = DefaultMaxAgeMs;
    qint64 m_checkIntervalMs = DefaultCheckIntervalMs;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_busy = false;
};

} // namespace paydesk
