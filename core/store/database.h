// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>
#include <QString>

#include <functional>
#include <memory>

namespace paydesk {

// The terminal's SQLite store: opened with WAL, synchronous=FULL (money),
// foreign keys on; checked with quick_check before use and migrated forward to
// the latest schema. A damaged file is copied aside and reported, never
// silently recreated.
//
// One Database is one connection and belongs to the thread that opened it
// (Qt SQL's rule); a worker thread opens its own.
class Database
{
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // `path` may be ":memory:" for tests.
    static Result<std::unique_ptr<Database>> open(const QString &path);
    // A second, read-only connection to a store another Database opened (and
    // checked and migrated): for long reads on a worker thread, which opens it
    // there. Nothing is checked or written. ":memory:" cannot be shared:
    // "database_not_shareable".
    static Result<std::unique_ptr<Database>> openReader(const QString &path);
    // A second read-write connection to a store another Database opened (and
    // checked and migrated): for a worker thread's own small writes (the HQ
    // sync worker acknowledging its outbox), which opens it there. Nothing is
    // checked or migrated; writes still go through writeTransaction.
    static Result<std::unique_ptr<Database>> openWorker(const QString &path);

    QSqlDatabase connection() const;
    QString path() const { return m_path; }
    int schemaVersion() const;
    static int latestSchemaVersion();

    // BEGIN IMMEDIATE ... COMMIT: takes the write lock up front, so two writers
    // never interleave a read-check-write. Returns the body's result; rolls back
    // when it fails.
    template<typename T>
    Result<T> writeTransaction(const std::function<Result<T>()> &body);

    // VACUUM INTO a dated file in `folder`, keeping the newest `keep` backups.
    Result<QString> backup(const QString &folder, int keep);

private:
    Database() = default;
    // Adds and opens this object's Qt SQL connection to `path`.
    Result<void> connect(const QString &path, const QString &prefix, const QString &options);
    Result<void> begin();
    Result<void> commit();
    void rollback();
    Result<void> configure();
    Result<void> checkIntegrity();
    Result<void> migrate();

    QString m_path;
    QString m_connectionName;
};

// Runs `sql` with positional `values`, returning the prepared query or an error
// that names the statement. For the repositories in core/store.
Result<QSqlQuery> execSql(const QSqlDatabase &db, const QString &sql, const QVariantList &values = {});

template<typename T>
Result<T> Database::writeTransaction(const std::function<Result<T>()> &body)
{
    if (auto started = begin(); !started)
        return started.error();
    Result<T> result = body();
    if (!result) {
        rollback();
        return result;
    }
    if (auto committed = commit(); !committed) {
        rollback();
        return committed.error();
    }
    return result;
}

} // namespace paydesk
