// SPDX-License-Identifier: MIT
#include "hqdatabase.h"

#include "hqschema.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QUuid>

namespace paydesk::hq {

Q_LOGGING_CATEGORY(lcHqDb, "paydesk.hq.database")

namespace {

// Any key will do, as long as every paydesk-hq takes the same one.
constexpr qint64 MigrationLock = 0x5044485100000001; // "PDHQ" 1

Error pgError(const QSqlError &error, const QString &statement)
{
    const QString state = error.nativeErrorCode();
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (state.isEmpty() || state.startsWith(QLatin1String("08")))
        return makeError(QStringLiteral("hq_database_unreachable"),
                         QStringLiteral("PostgreSQL cannot be reached (%1); nothing was changed by \"%2\"")
                             .arg(text.trimmed(), statement));
    return makeError(QStringLiteral("pg_") + state,
                     QStringLiteral("\"%1\" failed: %2 (SQLSTATE %3)").arg(statement, text.trimmed(), state));
}

} // namespace

bool isRetryable(const Error &error)
{
    return error.code == QLatin1String("pg_40001") || error.code == QLatin1String("pg_40P01");
}

Result<QSqlQuery> pgExec(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    const QString statement = sql.simplified().left(80);
    QSqlQuery query(db);
    if (values.isEmpty()) {
        if (!query.exec(sql))
            return pgError(query.lastError(), statement);
        return query;
    }
    if (!query.prepare(sql))
        return pgError(query.lastError(), statement);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return pgError(query.lastError(), statement);
    return query;
}

Result<QUrl> HqDatabase::parseUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres"))
        || url.host().isEmpty() || url.path().size() < 2)
        return makeError(QStringLiteral("hq_bad_database_url"),
                         QStringLiteral("\"%1\" is not a PostgreSQL URL: write postgresql://user@host:port/database "
                                        "(the password in PGPASSWORD or ~/.pgpass)")
                             .arg(url.toString(QUrl::RemovePassword)));
    if (!url.password().isEmpty())
        return makeError(QStringLiteral("hq_password_in_url"),
                         QStringLiteral("the database URL carries a password, which every user of this machine could "
                                        "read on the command line: put it in PGPASSWORD or ~/.pgpass instead"));
    return url;
}

HqDatabase::~HqDatabase()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<HqDatabase>> HqDatabase::open(const QUrl &url)
{
    std::unique_ptr<HqDatabase> database(new HqDatabase);
    database->m_connectionName = QStringLiteral("paydesk-hq-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    database->m_description = QStringLiteral("%1:%2%3").arg(url.host()).arg(url.port(5432)).arg(url.path());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), database->m_connectionName);
    if (!db.isValid())
        return makeError(QStringLiteral("no_psql_driver"),
                         QStringLiteral("Qt's PostgreSQL driver is missing: install libqt6sql6-psql"));
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setDatabaseName(url.path().mid(1));
    db.setUserName(url.userName());
    db.setConnectOptions(QStringLiteral("connect_timeout=10;application_name=paydesk-hq"));
    if (auto r = database->reconnect(); !r)
        return r.error();
    if (auto r = database->migrate(); !r)
        return r.error();
    return database;
}

Result<void> HqDatabase::reconnect()
{
    QSqlDatabase db = connection();
    if (db.isOpen())
        db.close();
    if (!db.open())
        return makeError(QStringLiteral("hq_database_unreachable"),
                         QStringLiteral("cannot open the HQ database %1: %2")
                             .arg(m_description, db.lastError().text().trimmed()));
    if (auto r = pgExec(db, QStringLiteral("SET TIME ZONE 'UTC'")); !r)
        return r.error();
    if (auto r = pgExec(db, QStringLiteral("SET client_min_messages = warning")); !r)
        return r.error();
    qCInfo(lcHqDb) << "connected to" << m_description;
    return {};
}

QSqlDatabase HqDatabase::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int HqDatabase::schemaVersion() const
{
    auto q = pgExec(connection(), QStringLiteral("SELECT value FROM hq_meta WHERE key = 'schema_version'"));
    return (q && q->next()) ? q->value(0).toInt() : 0;
}

int HqDatabase::latestSchemaVersion()
{
    return int(hqMigrations().size());
}

Result<void> HqDatabase::migrate()
{
    return transaction<void>([&]() -> Result<void> {
        const QSqlDatabase db = connection();
        if (auto r = pgExec(db, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(MigrationLock)); !r)
            return r.error();
        if (auto r = pgExec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS hq_meta (key text PRIMARY KEY, "
                                               "value text NOT NULL)"));
            !r)
            return r.error();
        const int current = schemaVersion();
        const int latest = latestSchemaVersion();
        if (current > latest)
            return makeError(QStringLiteral("hq_database_too_new"),
                             QStringLiteral("the HQ database %1 has schema version %2, newer than this paydesk-hq "
                                            "knows (%3): run the newer paydesk-hq that wrote it")
                                 .arg(m_description).arg(current).arg(latest));
        for (int version = current; version < latest; ++version) {
            for (const QString &statement : hqMigrations().at(version)) {
                if (auto r = pgExec(db, statement); !r)
                    return r.error();
            }
            qCInfo(lcHqDb) << "HQ database migrated to schema version" << version + 1;
        }
        if (current != latest) {
            if (auto r = pgExec(db,
                                QStringLiteral("INSERT INTO hq_meta (key, value) VALUES ('schema_version', ?) "
                                               "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"),
                                { QString::number(latest) });
                !r)
                return r.error();
        }
        return {};
    });
}

Result<void> HqDatabase::begin()
{
    if (auto r = pgExec(connection(), QStringLiteral("BEGIN")); !r)
        return r.error();
    return {};
}

Result<void> HqDatabase::commit()
{
    if (auto r = pgExec(connection(), QStringLiteral("COMMIT")); !r)
        return r.error();
    return {};
}

void HqDatabase::rollback()
{
    QSqlQuery(connection()).exec(QStringLiteral("ROLLBACK"));
}

} // namespace paydesk::hq
