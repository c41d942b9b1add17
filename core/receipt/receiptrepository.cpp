// SPDX-License-Identifier: MIT
#include "receiptrepository.h"

#include "store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace paydesk {

namespace {

StoredReceipt fromQuery(const QSqlQuery &q, bool withContent)
{
    StoredReceipt r;
    r.id = q.value(0).toLongLong();
    r.orderId = q.value(1).toLongLong();
    r.refundId = q.value(2).isNull() ? 0 : q.value(2).toLongLong();
    r.kind = q.value(3).toString();
    r.format = q.value(4).toString();
    r.createdAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    if (withContent)
        r.content = q.value(6).toByteArray();
    return r;
}

QVariant refundOrNull(qint64 refundId)
{
    return refundId > 0 ? QVariant(refundId) : QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

ReceiptRepository::ReceiptRepository(Database *database) : m_database(database) {}

Result<StoredReceipt> ReceiptRepository::save(qint64 orderId, qint64 refundId, const QString &kind,
                                              const QString &format, const QByteArray &content)
{
    if (content.isEmpty())
        return makeError(QStringLiteral("empty_receipt"), QStringLiteral("an empty receipt is not stored"));
    StoredReceipt r{0, orderId, refundId, kind, format, content, QDateTime::currentDateTimeUtc()};
    auto q = execSql(m_database->connection(),
                     QStringLiteral("INSERT INTO receipts (order_id, refund_id, kind, format, content, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?)"),
                     {orderId, refundOrNull(refundId), kind, format, content, r.createdAt.toString(Qt::ISODateWithMs)});
    if (!q)
        return q.error();
    r.id = q->lastInsertId().toLongLong();
    return r;
}

std::optional<StoredReceipt> ReceiptRepository::latest(qint64 orderId, qint64 refundId, const QString &format) const
{
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT id, order_id, refund_id, kind, format, created_at, content FROM receipts "
                                    "WHERE order_id = ? AND COALESCE(refund_id, 0) = ? AND format = ? "
                                    "ORDER BY id DESC LIMIT 1"),
                     {orderId, refundId, format});
    if (!q || !q->next())
        return std::nullopt;
    return fromQuery(*q, true);
}

std::optional<StoredReceipt> ReceiptRepository::find(qint64 id) const
{
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT id, order_id, refund_id, kind, format, created_at, content FROM receipts "
                                    "WHERE id = ?"),
                     {id});
    if (!q || !q->next())
        return std::nullopt;
    return fromQuery(*q, true);
}

QList<StoredReceipt> ReceiptRepository::forOrder(qint64 orderId) const
{
    QList<StoredReceipt> out;
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT id, order_id, refund_id, kind, format, created_at FROM receipts "
                                    "WHERE order_id = ? ORDER BY id"),
                     {orderId});
    while (q && q->next())
        out << fromQuery(*q, false);
    return out;
}

} // namespace paydesk
