// SPDX-License-Identifier: MIT
#include "auditlog.h"

#include "database.h"
#include "redaction.h"

#include <QCryptographicHash>

namespace paydesk {

static const QString GenesisHash = QString(64, QLatin1Char('0'));

AuditLog::AuditLog(Database *database) : m_database(database) {}

QString AuditLog::genesisHash()
{
    return GenesisHash;
}

QString AuditLog::entryHash(const QString &prevHash, const QString &at, const QString &actor,
                            const QString &action, const QString &subject, const QString &details)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &part : {prevHash, at, actor, action, subject, details}) {
        const QByteArray utf8 = part.toUtf8();
        hash.addData(QByteArray::number(utf8.size()));
        hash.addData(QByteArrayView(":"));
        hash.addData(utf8);
    }
    return QString::fromLatin1(hash.result().toHex());
}

Result<qint64> AuditLog::append(const QString &actor, const QString &action, const QString &subject,
                                const QString &details)
{
    const QSqlDatabase db = m_database->connection();
    auto last = execSql(db, QStringLiteral("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    if (!last)
        return last.error();
    const QString prev = last->next() ? last->value(0).toString() : GenesisHash;
    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QString clean = Redaction::redact(details);
    if (clean.isNull())
        clean = QStringLiteral(""); // NOT NULL column: an empty detail is "", never NULL
    const QString hash = entryHash(prev, at, actor, action, subject, clean);
    auto inserted = execSql(db,
                            QStringLiteral("INSERT INTO audit_log (at, actor, action, subject, details, prev_hash, hash) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                            {at, actor, action, subject, clean, prev, hash});
    if (!inserted)
        return inserted.error();
    return inserted->lastInsertId().toLongLong();
}

AuditLog::Verification AuditLog::verify() const
{
    Verification v;
    auto rows = execSql(m_database->connection(),
                        QStringLiteral("SELECT id, at, actor, action, subject, details, prev_hash, hash "
                                       "FROM audit_log ORDER BY id"));
    if (!rows) {
        v.intact = false;
        v.message = rows.error().message;
        return v;
    }
    QString expectedPrev = GenesisHash;
    while (rows->next()) {
        ++v.entries;
        const qint64 id = rows->value(0).toLongLong();
        const QString prev = rows->value(6).toString();
        const QString stored = rows->value(7).toString();
        const QString computed = entryHash(prev, rows->value(1).toString(), rows->value(2).toString(),
                                           rows->value(3).toString(), rows->value(4).toString(),
                                           rows->value(5).toString());
        if (prev != expectedPrev || computed != stored) {
            v.intact = false;
            v.firstBrokenId = id;
            v.message = prev != expectedPrev
                ? QStringLiteral("audit entry %1 does not follow the entry before it: an entry was removed or inserted").arg(id)
                : QStringLiteral("audit entry %1 was altered after it was written").arg(id);
            return v;
        }
        expectedPrev = stored;
    }
    return v;
}

QList<AuditEntry> AuditLog::entriesFor(const QStringList &subjects) const
{
    QList<AuditEntry> result;
    if (subjects.isEmpty())
        return result;
    QStringList marks;
    QVariantList values;
    for (const QString &subject : subjects) {
        marks << QStringLiteral("?");
        values << subject;
    }
    auto rows = execSql(m_database->connection(),
                        QStringLiteral("SELECT id, at, actor, action, subject, details FROM audit_log "
                                       "WHERE subject IN (%1) ORDER BY id")
                            .arg(marks.join(QLatin1Char(','))),
                        values);
    while (rows && rows->next()) {
        AuditEntry e;
        e.id = rows->value(0).toLongLong();
        e.at = QDateTime::fromString(rows->value(1).toString(), Qt::ISODateWithMs);
        e.actor = rows->value(2).toString();
        e.action = rows->value(3).toString();
        e.subject = rows->value(4).toString();
        e.details = rows->value(5).toString();
        result << e;
    }
    return result;
}

} // namespace paydesk
