// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QString>

namespace paydesk::hq {

class HqDatabase;

// Who is calling: a till HQ enrolled, and its store.
struct TillIdentity
{
    qint64 tillId = 0;
    qint64 storeId = 0;
    QString tillCode; // the till's terminal_id
    QString storeCode;
    QString storeName;
    QString mchid; // the store's merchant
};

// Stores, their tills, enrolment and the tills' credentials. A manager adds a
// till at HQ and gets a one-time code (valid for a day by default); the till
// trades it for a token of its own (32 random bytes, only its SHA-256 kept
// here). Revoking a till refuses its token at once, for every paydesk-hq.
class TillRegistry
{
public:
    explicit TillRegistry(HqDatabase *database) : m_database(database) {}

    Result<qint64> addStore(const QString &code, const QString &name, const QString &mchid);

    struct Issued
    {
        QString storeCode;
        QString tillCode;
        QString code; // XXXX-XXXX-XXXX, to type in at the till
        QDateTime expiresAt;
    };
    // Creates the till when it is new; a till enrolled before gets a fresh
    // code, and its old token stops working when the code is used (a
    // reinstalled terminal). A revoked till cannot be enrolled again.
    Result<Issued> issueEnrolmentCode(const QString &storeCode, const QString &tillCode, int validHours = 24);

    struct Enrolled
    {
        TillIdentity till;
        QByteArray token;
    };
    // `terminalId` and `mchid` are the enrolling terminal's: they must be the
    // till's code and the store's merchant, or the code is refused and stays
    // usable (a terminal set up for another till must not take this one).
    Result<Enrolled> enroll(const QString &code, const QString &terminalId, const QString &mchid);

    // "hq_unknown_token" (unknown, or replaced by a new enrolment) or
    // "hq_till_revoked".
    Result<TillIdentity> authenticate(const QByteArray &token);
    Result<void> revoke(const QString &storeCode, const QString &tillCode);
    Result<QJsonArray> list();

    static QString hashOf(const QByteArray &secret);

private:
    HqDatabase *m_database;
};

} // namespace paydesk::hq
