// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QDateTime>
#include <QString>

namespace paydesk {

class Database;

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

    static QString entryHash(const QString &prevHash, const QString &at, const QString &actor,
                             const QString &action, const QString &subject, const QString &details);

private:
    Database *m_database;
};

} // namespace paydesk
