// SPDX-License-Identifier: MIT
#include "syncoutbox.h"

#include "store/database.h"

#include <QHash>
#include <QJsonObject>
#include <QSqlField>
#include <QSqlRecord>

namespace paydesk {

namespace {

// One statement per entity; the foreign keys come back as natural keys.
QString snapshotSql(const QString &entity)
{
    if (entity == QLatin1String("order"))
        return QStringLiteral("SELECT o.*, p.out_trade_no AS parent_out_trade_no FROM orders o "
                              "LEFT JOIN orders p ON p.id = o.parent_id WHERE o.id = ?");
    if (entity == QLatin1String("payment"))
        return QStringLiteral("SELECT pm.*, o.out_trade_no FROM payments pm JOIN orders o ON o.id = pm.order_id "
                              "WHERE pm.id = ?");
    if (entity == QLatin1String("refund"))
        return QStringLiteral("SELECT r.*, o.out_trade_no FROM refunds r JOIN orders o ON o.id = r.order_id "
                              "WHERE r.id = ?");
    if (entity == QLatin1String("receipt"))
        return QStringLiteral("SELECT rc.*, o.out_trade_no, rf.out_refund_no FROM receipts rc "
                              "JOIN orders o ON o.id = rc.order_id LEFT JOIN refunds rf ON rf.id = rc.refund_id "
                              "WHERE rc.id = ?");
    if (entity == QLatin1String("audit"))
        return QStringLiteral("SELECT * FROM audit_log WHERE id = ?");
    if (entity == QLatin1String("day_close"))
        return QStringLiteral("SELECT rowid AS id, * FROM day_closings WHERE rowid = ?");
    return {};
}

// The till's own row ids say nothing at HQ, except where a row has no other key.
bool dropped(const QString &entity, const QString &column)
{
    if (column == QLatin1String("order_id") || column == QLatin1String("parent_id")
        || (column == QLatin1String("refund_id") && entity == QLatin1String("receipt")))
        return true;
    return column == QLatin1String("id");
}

QJsonValue jsonValue(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
        return value.toDouble();
    default:
        return value.toString();
    }
}

class ReadTransaction
{
public:
    explicit ReadTransaction(Database *database) : m_database(database)
    {
        m_open = bool(execSql(m_database->connection(), QStringLiteral("BEGIN")));
    }
    ~ReadTransaction()
    {
        if (m_open)
            (void)execSql(m_database->connection(), QStringLiteral("COMMIT"));
    }

private:
    Database *m_database;
    bool m_open = false;
};

} // namespace

Result<qint64> SyncOutbox::waiting() const
{
    auto q = execSql(m_database->connection(), QStringLiteral("SELECT COUNT(*) FROM sync_outbox"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QJsonObject> SyncOutbox::snapshot(const QString &entity, qint64 rowId) const
{
    const QString sql = snapshotSql(entity);
    if (sql.isEmpty())
        return makeError(QStringLiteral("sync_unknown_entity"),
                         QStringLiteral("the outbox names \"%1\", which this PayDesk cannot send").arg(entity));
    auto q = execSql(m_database->connection(), sql, { rowId });
    if (!q)
        return q.error();
    QJsonObject data;
    if (!q->next())
        return data;
    const QSqlRecord record = q->record();
    for (int i = 0; i < record.count(); ++i) {
        const QString column = record.fieldName(i);
        if (!dropped(entity, column))
            data.insert(column, jsonValue(q->value(i)));
    }
    return data;
}

Result<SyncBatch> SyncOutbox::read(int maxRows) const
{
    ReadTransaction consistent(m_database);
    auto rows = execSql(m_database->connection(),
                        QStringLiteral("SELECT seq, entity, row_id FROM sync_outbox ORDER BY seq LIMIT ?"), { maxRows });
    if (!rows)
        return rows.error();
    struct Pending
    {
        QString entity;
        qint64 rowId;
        qint64 seq;
    };
    QList<Pending> order; // first change first
    QHash<QString, qsizetype> index;
    SyncBatch batch;
    while (rows->next()) {
        const qint64 seq = rows->value(0).toLongLong();
        const QString entity = rows->value(1).toString();
        const qint64 rowId = rows->value(2).toLongLong();
        const QString key = entity + QLatin1Char(':') + QString::number(rowId);
        if (auto it = index.constFind(key); it != index.constEnd())
            order[*it].seq = seq;
        else {
            index.insert(key, order.size());
            order.append({ entity, rowId, seq });
        }
        batch.lastSeq = seq;
        ++batch.outboxRows;
    }
    for (const Pending &p : std::as_const(order)) {
        auto data = snapshot(p.entity, p.rowId);
        if (!data)
            return data.error();
        if (data->isEmpty())
            continue;
        batch.records.append(QJsonObject { { QStringLiteral("seq"), p.seq },
                                           { QStringLiteral("entity"), p.entity },
                                           { QStringLiteral("id"), p.rowId },
                                           { QStringLiteral("data"), *data } });
    }
    return batch;
}

Result<void> SyncOutbox::acknowledge(qint64 lastSeq)
{
    return m_database->writeTransaction<void>([&]() -> Result<void> {
        if (auto r = execSql(m_database->connection(), QStringLiteral("DELETE FROM sync_outbox WHERE seq <= ?"),
                             { lastSeq });
            !r)
            return r.error();
        return {};
    });
}

} // namespace paydesk
