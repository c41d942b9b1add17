// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QObject>
#include <QString>
#include <memory>

class QLockFile;

namespace paydesk {

// Keeps a store database to one PayDesk at a time.
//
// Two cashiers on one database would each run a Resolver and pollers over the
// same open orders and each believe its own screen; SQLite would keep the rows
// consistent but not the people. The lock is a file beside the database
// (`<database>.lock`, QLockFile) holding the pid, host and program of its
// owner; it goes when the owner is destroyed. A lock left by a process that
// died (crash, power loss, kill -9) is taken over: QLockFile sees that the pid
// no longer runs that program on this host. A live owner is never timed out,
// however long it has held the lock (a till runs for days).
//
// Only the writers that run services take it (PaymentTerminal). Readers that
// open the Database alone (paydesk-cli history, db check, audit verify) do
// not, so support can look at a till's store while PayDesk runs.
class DatabaseLock : public QObject
{
    Q_OBJECT

public:
    ~DatabaseLock() override;

    // Takes the lock on `databasePath` (made absolute; symlinks resolved when
    // the file exists, so two spellings of one file share one lock). Fails
    // with "database_locked" and a message naming the holder's pid, host and
    // program when another PayDesk holds it; "database_lock_failed" when the
    // lock file cannot be written. ":memory:" needs no lock and gets one that
    // holds nothing.
    static Result<std::unique_ptr<DatabaseLock>> acquire(const QString &databasePath, QObject *parent = nullptr);

    // Where the lock for `databasePath` lives: "<absolute database path>.lock".
    static QString lockFilePath(const QString &databasePath);

    QString databasePath() const { return m_databasePath; }
    QString lockFilePath() const;
    bool isHeld() const;

private:
    DatabaseLock(const QString &databasePath, QObject *parent);

    QString m_databasePath;
    std::unique_ptr<QLockFile> m_lock; // null for ":memory:"
};

} // namespace paydesk
