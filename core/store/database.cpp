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

#include <optional>

namespace paydesk {

Q_LOGGING_CATEGORY(lcStore, "paydesk.store")

namespace {

// SQLite's primary result codes as Qt reports them in nativeErrorCode(); an
// extended code carries the primary one in its low byte.
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;
constexpr int SqliteFull = 13;

// How long a write waits for another connection's lock before it gives up
// with SQLITE_BUSY: long enough to ride out a checkpoint or a backup, short
// enough that the cashier hears about it while the customer is still there.
constexpr int BusyTimeoutMs = 5000;

QString databaseFile(const QSqlDatabase &db)
{
    const QString name = db.databaseName();
    if (name.isEmpty() || name == QLatin1String(":memory:"))
        return QStringLiteral("(in memory)");
    return QDir::toNativeSeparators(QFileInfo(name).absoluteFilePath());
}

// The cashier (or whoever reads the log) must learn what went wrong with the
// store and what to do about it, not only SQLite's terse text; and a step that
// failed this way saved nothing, which the message says so nobody re-enters
// a sale "just in case" while a result is still kept at WeChat Pay.
std::optional<Error> storeError(const QSqlDatabase &db, const QSqlError &error, const QString &statement)
{
    bool ok = false;
    const int native = error.nativeErrorCode().toInt(&ok);
    const QString text = error.text();
    int primary = ok ? (native & 0xff) : -1;
    if (!ok) {
        // Some paths (a failed open) leave no code: fall back on the text.
        if (text.contains(QLatin1String("database or disk is full"), Qt::CaseInsensitive))
            primary = SqliteFull;
        else if (text.contains(QLatin1String("readonly database"), Qt::CaseInsensitive))
            primary = SqliteReadOnly;
        else if (text.contains(QLatin1String("database is locked"), Qt::CaseInsensitive))
            primary = SqliteBusy;
    }
    const QString file = databaseFile(db);
    const QString detail = QStringLiteral(" (SQLite: %1; while running \"%2\")").arg(text, statement);
    switch (primary) {
    case SqliteFull:
        return makeError(QStringLiteral("disk_full"),
                         QStringLiteral("the database %1 is full: the disk holding it has no space left (or the "
                                        "database reached its size limit). Nothing was saved by this step. Free "
                                        "space on that disk (old backups, logs), then try again; results already "
                                        "at WeChat Pay are fetched again once there is room.").arg(file)
                             + detail);
    case SqliteReadOnly:
        return makeError(QStringLiteral("database_read_only"),
                         QStringLiteral("the database %1 is read-only: PayDesk cannot save anything. Make the "
                                        "file and its folder writable by the user running PayDesk (check the "
                                        "permissions, and that the disk is not mounted read-only), then "
                                        "restart PayDesk.").arg(file)
                             + detail);
    case SqliteBusy:
    case SqliteLocked:
        return makeError(QStringLiteral("database_locked"),
                         QStringLiteral("the database %1 is busy: another program (another PayDesk, "
                                        "paydesk-cli, or a backup or sync tool) has kept it locked for more than "
                                        "%2 s. Nothing was saved by this step. Close that program or wait for it "
                                        "to finish, then try again.").arg(file).arg(BusyTimeoutMs / 1000)
                             + detail);
    default:
        return std::nullopt;
    }
}

} // namespace

Result<QSqlQuery> execSql(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    const QString statement = sql.simplified().left(80);
    QSqlQuery query(db);
    if (!query.prepare(sql)) {
        if (auto mapped = storeError(db, query.lastError(), statement))
            return *mapped;
        return makeError(QStringLiteral("sql_error"),
                         QStringLiteral("cannot prepare \"%1\": %2").arg(statement, query.lastError().text()));
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        const QString text = query.lastError().text();
        if (auto mapped = storeError(db, query.lastError(), statement))
            return *mapped;
        QString code = QStringLiteral("sql_error");
        if (text.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive))
            code = QStringLiteral("duplicate");
        return makeError(code, QStringLiteral("\"%1\" failed: %2").arg(statement, text));
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

Result<void> Database::connect(const QString &path, const QString &prefix, const QString &options)
{
    m_path = path;
    m_connectionName = prefix + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!db.isValid()) {
        return makeError(QStringLiteral("no_sqlite_driver"),
                         QStringLiteral("Qt's SQLite driver is missing: install libqt6sql6-sqlite"));
    }
    db.setDatabaseName(path);
    db.setConnectOptions(options + QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!db.open()) {
        if (auto mapped = storeError(db, db.lastError(), QStringLiteral("open")))
            return *mapped;
        return makeError(QStringLiteral("database_unopenable"),
                         QStringLiteral("cannot open the database %1: %2").arg(path, db.lastError().text()));
    }
    return {};
}

Result<std::unique_ptr<Database>> Database::openReader(const QString &path)
{
    if (path.isEmpty() || path == QLatin1String(":memory:"))
        return makeError(QStringLiteral("database_not_shareable"),
                         QStringLiteral("an in-memory database has no second connection"));
    std::unique_ptr<Database> database(new Database);
    if (auto r = database->connect(path, QStringLiteral("paydesk-reader-"), QStringLiteral("QSQLITE_OPEN_READONLY;"));
        !r)
        return r.error();
    return database;
}

Result<std::unique_ptr<Database>> Database::openWorker(const QString &path)
{
    if (path.isEmpty() || path == QLatin1String(":memory:"))
        return makeError(QStringLiteral("database_not_shareable"),
                         QStringLiteral("an in-memory database has no second connection"));
    std::unique_ptr<Database> database(new Database);
    if (auto r = database->connect(path, QStringLiteral("paydesk-worker-"), QString()); !r)
        return r.error();
    if (auto r = database->configure(); !r)
        return r.error();
    return database;
}

Result<std::unique_ptr<Database>> Database::open(const QString &path)
{
    if (path != QLatin1String(":memory:")) {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath())) {
            return makeError(QStringLiteral("database_unwritable"),
                             QStringLiteral("cannot create the folder %1 for the database").arg(info.absolutePath()));
        }
    }
    std::unique_ptr<Database> database(new Database);
    if (auto r = database->connect(path, QStringLiteral("paydesk-"), QString()); !r)
        return r.error();
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
