// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace paydesk {

class Database;

// One stored audit entry, as read back (details already redacted when written).
struct AuditEntry
{
    qint64 id = 0;
    QDateTime at; // UTC
    QString actor;
    QString action;
    QString subject;
    QString details;
};

// Append-only audit trail: who did what to which order, when. Each entry
// carries the SHA-256 of the previous one, so a deleted or edited entry breaks
// the chain where it happened. Details are redacted before they are stored.
class AuditLog
{
public:
    explicit AuditLog(Database *database);

    // Call inside the caller's write transaction when the entry belongs to a change.
    Result<qint64> append(const QString &actor, const QString &action, const QString &subject,
                          const QString &details = {});

    struct Verification
    {
        bool intact = true;
        qint64 entries = 0;
        qint64 firstBrokenId = 0; // 0 when intact
        QString message;
    };
    Verification verify() const;

    // Entries whose subject is one of `subjects` (out_trade_no, out_refund_no),
    // oldest first: an order's trail for the details screen. Read-only.
    QList<AuditEntry> entriesFor(const QStringList &subjects) const;

    // The prev_hash of the first entry: 64 zeros.
    static QString genesisHash();
    static QString entryHash(const QString &prevHash, const QString &at, const QString &actor,
                             const QString &action, const QString &subject, const QString &details);

private:
    Database *m_database;
};

} // namespace paydesk
