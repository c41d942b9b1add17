// SPDX-License-Identifier: MIT
#include "backupscheduler.h"

#include "database.h"
#include "clock.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace paydesk {

Q_LOGGING_CATEGORY(lcBackup, "paydesk.store.backup")

namespace {

const QString BackupPattern = QStringLiteral("paydesk-*.sqlite");

// The worker's whole job: its own connection (a Database belongs to the
// thread that opened it), one VACUUM INTO, then the connection is closed.
Result<QString> backupOnOwnConnection(const QString &databasePath, const QString &folder, int keep)
{
    auto database = Database::open(databasePath);
    if (!database) {
        return makeError(QStringLiteral("backup_failed"),
                         QStringLiteral("cannot open %1 to back it up: %2").arg(databasePath, database.error().message));
    }
    auto written = (*database)->backup(folder, keep);
    if (!written) {
        const QFileInfo info(folder);
        const QString why = info.exists() && !info.isWritable()
            ? QStringLiteral("the folder is not writable by this user")
            : written.error().message;
        return makeError(QStringLiteral("backup_failed"),
                         QStringLiteral("cannot write a backup into %1 (%2): choose a writable backup folder")
                             .arg(folder, why));
    }
    return written;
}

// Database::backup names files paydesk-yyyyMMdd-HHmmss.sqlite in UTC; the name
// says when, whatever a copy or a restore did to the file's mtime.
QDateTime timeFromName(const QString &fileName)
{
    const QString stamp = QFileInfo(fileName).completeBaseName().mid(int(qstrlen("paydesk-")));
    QDateTime t = QDateTime::fromString(stamp, QStringLiteral("yyyyMMdd-HHmmss"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

} // namespace

BackupScheduler::BackupScheduler(const QString &databasePath, const QString &folder, int keep, Clock *clock,
                                 QObject *parent)
    : QObject(parent), m_databasePath(databasePath), m_folder(folder), m_keep(qMax(1, keep)), m_clock(clock)
{
}

BackupScheduler::~BackupScheduler() = default;

QStringList BackupScheduler::backupFiles(const QString &folder)
{
    QDir dir(folder);
    QStringList files;
    // Names sort by time: yyyyMMdd-HHmmss.
    for (const QString &name : dir.entryList({BackupPattern}, QDir::Files, QDir::Name | QDir::Reversed))
        files << dir.filePath(name);
    return files;
}

QDateTime BackupScheduler::newestBackupTime(const QString &folder)
{
    const QStringList files = backupFiles(folder);
    if (files.isEmpty())
        return {};
    const QDateTime named = timeFromName(files.constFirst());
    return named.isValid() ? named : QFileInfo(files.constFirst()).lastModified().toUTC();
}

QDateTime BackupScheduler::now() const
{
    return m_clock ? m_clock->now().toUTC() : QDateTime::currentDateTimeUtc();
}

void BackupScheduler::start()
{
    if (m_running)
        return;
    m_running = true;
    ++m_generation;
    check();
    scheduleNext();
}

void BackupScheduler::stop()
{
    m_running = false;
    ++m_generation; // a pending hourly check finds itself outdated
}

void BackupScheduler::scheduleNext()
{
    if (!m_running || m_checkIntervalMs <= 0)
        return;
    const quint64 generation = m_generation;
    auto next = [this, generation] {
        if (generation != m_generation || !m_running)
            return;
        check();
        scheduleNext();
    };
    if (m_clock)
        m_clock->callAfter(m_checkIntervalMs, this, next);
    else
        QTimer::singleShot(m_checkIntervalMs, this, next);
}

void BackupScheduler::check()
{
    if (m_busy)
        return;
    const QDateTime newest = newestBackupTime(m_folder);
    if (newest.isValid() && newest.msecsTo(now()) < m_maxAgeMs) {
        qCDebug(lcBackup) << "newest backup" << newest.toString(Qt::ISODate) << "is recent: nothing to do";
        emit upToDate(backupFiles(m_folder).value(0));
        return;
    }
    m_busy = true;
    auto *watcher = new QFutureWatcher<Result<QString>>(this);
    connect(watcher, &QFutureWatcher<Result<QString>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_busy = false;
        const Result<QString> result = watcher->result();
        if (result) {
            qCInfo(lcBackup) << "database backed up to" << *result;
            emit backedUp(*result);
        } else {
            qCWarning(lcBackup) << "scheduled backup failed:" << result.error().message;
            emit failed(result.error().message);
        }
    });
    watcher->setFuture(QtConcurrent::run(backupOnOwnConnection, m_databasePath, m_folder, m_keep));
}

Result<QString> BackupScheduler::backupNow()
{
    auto result = backupOnOwnConnection(m_databasePath, m_folder, m_keep);
    if (result) {
        qCInfo(lcBackup) << "database backed up to" << *result;
        emit backedUp(*result);
    } else {
        qCWarning(lcBackup) << "backup failed:" << result.error().message;
        emit failed(result.error().message);
    }
    return result;
}

} // namespace paydesk
