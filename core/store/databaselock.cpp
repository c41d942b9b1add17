// SPDX-License-Identifier: MIT
#include "databaselock.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>

namespace paydesk {

Q_LOGGING_CATEGORY(lcLock, "paydesk.store.lock")

namespace {

const QString kMemory = QStringLiteral(":memory:");

QString normalisedPath(const QString &databasePath)
{
    const QFileInfo info(databasePath);
    const QString canonical = info.canonicalFilePath(); // empty while the file does not exist
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

} // namespace

DatabaseLock::DatabaseLock(const QString &databasePath, QObject *parent) : QObject(parent), m_databasePath(databasePath)
{
}

DatabaseLock::~DatabaseLock()
{
    if (m_lock && m_lock->isLocked())
        qCInfo(lcLock) << "released" << m_lock->fileName();
}

QString DatabaseLock::lockFilePath(const QString &databasePath)
{
    return normalisedPath(databasePath) + QStringLiteral(".lock");
}

QString DatabaseLock::lockFilePath() const
{
    return m_lock ? m_lock->fileName() : QString();
}

bool DatabaseLock::isHeld() const
{
    return m_lock && m_lock->isLocked();
}

Result<std::unique_ptr<DatabaseLock>> DatabaseLock::acquire(const QString &databasePath, QObject *parent)
{
    std::unique_ptr<DatabaseLock> lock(new DatabaseLock(databasePath, parent));
    if (databasePath == kMemory)
        return lock; // private to this connection: nobody else can open it

    const QString path = lockFilePath(databasePath);
    // The lock file sits beside the database; Database::open would make the
    // folder a moment later anyway.
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return makeError(QStringLiteral("database_lock_failed"),
                         QStringLiteral("cannot create the folder %1 for the database: check that this user may "
                                        "write there")
                             .arg(QFileInfo(path).absolutePath()));
    }
    lock->m_lock = std::make_unique<QLockFile>(path);
    // QLockFile's default treats any lock older than 30 s as abandoned, which
    // would hand a running till's database to a second PayDesk after half a
    // minute. Only a dead owner makes a lock stale here.
    lock->m_lock->setStaleLockTime(0);

    // A holder that is just letting go can leave the file unreadable for a
    // moment; a short wait covers that without hanging a start-up.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (lock->m_lock->tryLock(attempt == 0 ? 0 : 100)) {
            qCInfo(lcLock) << "holding" << path;
            return lock;
        }
        switch (lock->m_lock->error()) {
        case QLockFile::PermissionError:
            return makeError(QStringLiteral("database_lock_failed"),
                             QStringLiteral("cannot create the lock file %1: this user may not write in its folder; "
                                            "run PayDesk as the user that owns the store database")
                                 .arg(path));
        case QLockFile::UnknownError:
            return makeError(
                QStringLiteral("database_lock_failed"),
                QStringLiteral("cannot create the lock file %1 (is the disk full or read-only?)").arg(path));
        case QLockFile::NoError:
        case QLockFile::LockFailedError:
            break;
        }
        qint64 pid = 0;
        QString host;
        QString application;
        if (lock->m_lock->getLockInfo(&pid, &host, &application)) {
            qCWarning(lcLock) << "held by pid" << pid << "on" << host << application << ":" << path;
            return makeError(QStringLiteral("database_locked"),
                             QStringLiteral("PayDesk is already running on this store database (pid %1 on %2, %3): "
                                            "close it first. Database: %4")
                                 .arg(pid)
                                 .arg(host.isEmpty() ? QStringLiteral("this computer") : host,
                                      application.isEmpty() ? QStringLiteral("unknown program") : application,
                                      normalisedPath(databasePath)));
        }
    }
    return makeError(QStringLiteral("database_locked"),
                     QStringLiteral("PayDesk is already running on this store database (its lock file %1 cannot be "
                                    "read): close it first, or delete the lock file if no PayDesk uses this database")
                         .arg(path));
}

} // namespace paydesk
