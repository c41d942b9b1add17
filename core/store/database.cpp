// SPDX-License-Identifier: MIT
#include "database.h"

#include "schema.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QUuid>

namespace paydesk {

Q_LOGGING_CATEGORY(lcStore, "paydesk.store")

Result<QSqlQuery> execSql(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db);
    if (!query.prepare(sql)) {
        return makeError(QStringLiteral("sql_error"),
                         QStringLiteral("cannot prepare \"%1\": %2").arg(sql.simplified().left(80), query.lastError().text()));
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        const QString text = query.lastError().text();
        QString code = QStringLiteral("sql_error");
        if (text.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive))
            code = QStringLiteral("duplicate");
        else if (text.contains(QLatin1String("locked"), Qt::CaseInsensitive)
                 || text.contains(QLatin1String("busy"), Qt::CaseInsensitive))
            code = QStringLiteral("database_locked");
        else if (text.contains(QLatin1String("full"), Qt::CaseInsensitive))
            code = QStringLiteral("disk_full");
        else if (text.contains(QLatin1String("readonly"), Qt::CaseInsensitive))
            code = QStringLiteral("database_read_only");
        return makeError(code, QStringLiteral("\"%1\" failed: %2").arg(sql.simplified().left(80), text));
    }
    return query;
}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Database>> Database::open(const QString &path)
{
    std::unique_ptr<Database> database(new Database);
    database->m_path = path;
    database->m_connectionName = QStringLiteral("paydesk-") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    if (path != QLatin1String(":memory:")) {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath())) {
            return makeError(QStringLiteral("database_unwritable"),
                             QStringLiteral("cannot create the folder %1 for the database").arg(info.absolutePath()));
        }
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), database->m_connectionName);
    if (!db.isValid()) {
        return makeError(QStringLiteral("no_sqlite_driver"),
                         QStringLiteral("Qt's SQLite driver is missing: install libqt6sql6-sqlite"));
    }
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        return makeError(QStringLiteral("database_unopenable"),
                         QStringLiteral("cannot open the database %1: %2").arg(path, db.lastError().text()));
    }
    if (auto r = database->checkIntegrity(); !r)
        return r.error();
    if (auto r = database->configure(); !r)
        return r.error();
    if (auto r = database->migrate(); !r)
        return r.error();
    return database;
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<void> Database::configure()
{
    const QSqlDatabase db = connection();
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (auto r = execSql(db, QString::fromLatin1(pragma)); !r)
            return r.error();
    }
    return {};
}

Result<void> Database::checkIntegrity()
{
    const QSqlDatabase db = connection();
    auto r = execSql(db, QStringLiteral("PRAGMA quick_check"));
    QString verdict;
    if (r && r->next())
        verdict = r->value(0).toString();
    else if (!r)
        verdict = r.error().message;
    if (verdict == QLatin1String("ok"))
        return {};

    QString copy;
    if (m_path != QLatin1String(":memory:")) {
        copy = m_path + QStringLiteral(".damaged-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QFile::copy(m_path, copy);
    }
    qCCritical(lcStore) << "database failed its integrity check:" << verdict;
    return makeError(QStringLiteral("database_damaged"),
                     QStringLiteral("the database %1 is damaged (%2). A copy was kept as %3. Restore the "
                                    "latest backup, or contact support with that copy; PayDesk will not "
                                    "overwrite it.").arg(m_path, verdict.left(200), copy));
}

int Database::schemaVersion() const
{
    auto r = execSql(connection(), QStringLiteral("PRAGMA user_version"));
    return (r && r->next()) ? r->value(0).toInt() : -1;
}

int Database::latestSchemaVersion()
{
    return int(schema::migrations().size());
}

Result<void> Database::migrate()
{
    const int current = schemaVersion();
    const int latest = latestSchemaVersion();
    if (current > latest) {
        return makeError(QStringLiteral("database_too_new"),
                         QStringLiteral("the database %1 has schema version %2, newer than this PayDesk "
                                        "knows (%3): install the newer PayDesk that wrote it")
                             .arg(m_path).arg(current).arg(latest));
    }
    for (int version = current; version < latest; ++version) {
        auto applied = writeTransaction<void>([&]() -> Result<void> {
            for (const QString &statement : schema::migrations().at(version)) {
                if (auto r = execSql(connection(), statement); !r)
                    return r.error();
            }
            if (auto r = execSql(connection(), QStringLiteral("PRAGMA user_version=%1").arg(version + 1)); !r)
                return r.error();
            return {};
        });
        if (!applied)
            return applied.error();
        qCInfo(lcStore) << "database migrated to schema version" << version + 1;
    }
    return {};
}

Result<void> Database::begin()
{
    if (auto r = execSql(connection(), QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    return {};
}

Result<void> Database::commit()
{
    if (auto r = execSql(connection(), QStringLiteral("COMMIT")); !r)
        return r.error();
    return {};
}

void Database::rollback()
{
    QSqlQuery(connection()).exec(QStringLiteral("ROLLBACK"));
}

Result<QString> Database::backup(const QString &folder, int keep)
{
    if (!QDir().mkpath(folder)) {
        return makeError(QStringLiteral("backup_failed"),
                         QStringLiteral("cannot create the backup folder %1").arg(folder));
    }
    const QString name = QStringLiteral("paydesk-%1.sqlite")
        .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString target = QDir(folder).filePath(name);
    QFile::remove(target);
    if (auto r = execSql(connection(), QStringLiteral("VACUUM INTO ?"), {target}); !r)
        return makeError(QStringLiteral("backup_failed"), r.error().message);

    QDir dir(folder);
    const QStringList backups = dir.entryList({QStringLiteral("paydesk-*.sqlite")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (qsizetype i = keep; i < backups.size(); ++i)
        dir.remove(backups.at(i));
    return target;
}

} // namespace paydesk
