// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QUrl>
#include <QVariantList>

#include <functional>
#include <memory>

namespace paydesk::hq {

// PayDesk HQ's PostgreSQL database: one connection (Qt SQL's QPSQL driver),
// owned by the thread that opened it. open() migrates the schema forward
// under an advisory lock, so several paydesk-hq processes starting at once
// migrate it once. All of HQ's state lives here, never only in a process.
class HqDatabase
{
public:
    ~HqDatabase();
    HqDatabase(const HqDatabase &) = delete;
    HqDatabase &operator=(const HqDatabase &) = delete;

    // `url`: postgresql://user@host:port/dbname (a password, when needed,
    // from PGPASSWORD or ~/.pgpass: never on a command line).
    static Result<std::unique_ptr<HqDatabase>> open(const QUrl &url);
    static Result<QUrl> parseUrl(const QString &text);

    QSqlDatabase connection() const;
    // Opens the connection again (PostgreSQL restarted, the network dropped):
    // Qt SQL keeps a dead connection "open", so the caller decides when.
    Result<void> reconnect();
    int schemaVersion() const;
    static int latestSchemaVersion();

    // BEGIN ... COMMIT around `body`, rolled back when it fails. A
    // serialization failure or deadlock (SQLSTATE 40001, 40P01) runs the body
    // again, up to `attempts` times: bodies must be safe to repeat.
    template<typename T>
    Result<T> transaction(const std::function<Result<T>()> &body, int attempts = 5);

private:
    HqDatabase() = default;
    Result<void> migrate();
    Result<void> begin();
    Result<void> commit();
    void rollback();

    QString m_connectionName;
    QString m_description; // host:port/db, for messages
};

// Runs `sql` with positional `values`. The error's code is "pg_" + SQLSTATE
// ("pg_23505": unique violation) or "hq_database_unreachable".
Result<QSqlQuery> pgExec(const QSqlDatabase &db, const QString &sql, const QVariantList &values = {});
bool isRetryable(const Error &error);

template<typename T>
Result<T> HqDatabase::transaction(const std::function<Result<T>()> &body, int attempts)
{
    for (int attempt = 1;; ++attempt) {
        if (auto started = begin(); !started) {
            if (started.error().code != QLatin1String("hq_database_unreachable") || attempt >= attempts)
                return started.error();
            if (auto again = reconnect(); !again)
                return again.error();
            continue;
        }
        Result<T> result = body();
        if (result) {
            auto committed = commit();
            if (committed)
                return result;
            rollback();
            if (!isRetryable(committed.error()) || attempt >= attempts)
                return committed.error();
            continue;
        }
        rollback();
        if (!isRetryable(result.error()) || attempt >= attempts)
            return result;
    }
}

} // namespace paydesk::hq
