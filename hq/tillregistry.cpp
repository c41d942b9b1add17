// SPDX-License-Identifier: MIT
#include "tillregistry.h"

#include "crypto/securerandom.h"
#include "hqdatabase.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QLoggingCategory>

namespace paydesk::hq {

Q_LOGGING_CATEGORY(lcTills, "paydesk.hq.tills")

namespace {

// Codes people type: no 0/O, 1/I/L.
QString newEnrolmentCode()
{
    static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    constexpr int size = int(sizeof(alphabet)) - 1;
    QString code;
    const QByteArray random = SecureRandom::bytes(24);
    for (int i = 0, taken = 0; i < random.size() && taken < 12; ++i) {
        const int value = quint8(random.at(i));
        if (value >= 256 - 256 % size)
            continue; // no modulo bias
        if (taken && taken % 4 == 0)
            code.append(QLatin1Char('-'));
        code.append(QLatin1Char(alphabet[value % size]));
        ++taken;
    }
    return code.size() == 14 ? code : newEnrolmentCode();
}

QString normaliseCode(const QString &typed)
{
    QString code;
    for (const QChar c : typed.toUpper()) {
        if (c.isLetterOrNumber()) {
            if (code.size() == 4 || code.size() == 9)
                code.append(QLatin1Char('-'));
            code.append(c);
        }
    }
    return code;
}

} // namespace

QString TillRegistry::hashOf(const QByteArray &secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex());
}

Result<qint64> TillRegistry::addStore(const QString &code, const QString &name, const QString &mchid)
{
    if (code.isEmpty() || mchid.isEmpty())
        return makeError(QStringLiteral("hq_bad_store"), QStringLiteral("a store needs a code and a merchant id"));
    auto q = pgExec(m_database->connection(),
                    QStringLiteral("INSERT INTO stores (code, name, mchid) VALUES (?, ?, ?) RETURNING id"),
                    { code, name.isEmpty() ? code : name, mchid });
    if (!q) {
        if (q.error().code == QLatin1String("pg_23505"))
            return makeError(QStringLiteral("hq_store_exists"), QStringLiteral("HQ has a store %1 already").arg(code));
        return q.error();
    }
    q->next();
    return q->value(0).toLongLong();
}

Result<TillRegistry::Issued> TillRegistry::issueEnrolmentCode(const QString &storeCode, const QString &tillCode,
                                                              int validHours)
{
    if (tillCode.isEmpty())
        return makeError(QStringLiteral("hq_bad_till"),
                         QStringLiteral("a till needs a code: the terminal_id of the terminal's merchant profile"));
    return m_database->transaction<Issued>([&]() -> Result<Issued> {
        const QSqlDatabase db = m_database->connection();
        auto store = pgExec(db, QStringLiteral("SELECT id FROM stores WHERE code = ?"), { storeCode });
        if (!store)
            return store.error();
        if (!store->next())
            return makeError(QStringLiteral("hq_unknown_store"),
                             QStringLiteral("HQ has no store %1: add it first (paydesk-hq store add)").arg(storeCode));
        const qint64 storeId = store->value(0).toLongLong();
        Issued issued { storeCode, tillCode, newEnrolmentCode(),
                        QDateTime::currentDateTimeUtc().addSecs(qint64(validHours) * 3600) };
        auto till = pgExec(db,
                           QStringLiteral("INSERT INTO tills (store_id, code, enrol_code_hash, enrol_expires_at) "
                                          "VALUES (?, ?, ?, ?::timestamptz) ON CONFLICT (store_id, code) DO UPDATE "
                                          "SET enrol_code_hash = EXCLUDED.enrol_code_hash, "
                                          "enrol_expires_at = EXCLUDED.enrol_expires_at "
                                          "WHERE tills.revoked_at IS NULL RETURNING id"),
                           { storeId, tillCode, hashOf(issued.code.toLatin1()),
                             issued.expiresAt.toString(Qt::ISODateWithMs) });
        if (!till)
            return till.error();
        if (!till->next())
            return makeError(QStringLiteral("hq_till_revoked"),
                             QStringLiteral("till %1 of store %2 was revoked and cannot be enrolled again: give the "
                                            "terminal a new terminal_id and add that till")
                                 .arg(tillCode, storeCode));
        return issued;
    });
}

Result<TillRegistry::Enrolled> TillRegistry::enroll(const QString &typedCode, const QString &terminalId,
                                                    const QString &mchid)
{
    const QString code = normaliseCode(typedCode);
    return m_database->transaction<Enrolled>([&]() -> Result<Enrolled> {
        const QSqlDatabase db = m_database->connection();
        auto q = pgExec(db,
                        QStringLiteral("SELECT t.id, t.store_id, t.code, s.code, s.name, s.mchid, "
                                       "t.enrol_expires_at < now(), t.revoked_at IS NOT NULL "
                                       "FROM tills t JOIN stores s ON s.id = t.store_id "
                                       "WHERE t.enrol_code_hash = ? FOR UPDATE OF t"),
                        { hashOf(code.toLatin1()) });
        if (!q)
            return q.error();
        if (!q->next())
            return makeError(QStringLiteral("hq_unknown_code"),
                             QStringLiteral("HQ does not know the enrolment code %1 (or it was used already): ask for "
                                            "a new one (paydesk-hq till add)")
                                 .arg(code));
        Enrolled e;
        e.till = { q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toString(),
                   q->value(3).toString(), q->value(4).toString(), q->value(5).toString() };
        if (q->value(7).toBool())
            return makeError(QStringLiteral("hq_till_revoked"),
                             QStringLiteral("till %1 was revoked at HQ").arg(e.till.tillCode));
        if (q->value(6).toBool())
            return makeError(QStringLiteral("hq_code_expired"),
                             QStringLiteral("the enrolment code %1 has expired: ask for a new one").arg(code));
        if (terminalId != e.till.tillCode)
            return makeError(QStringLiteral("hq_wrong_till"),
                             QStringLiteral("this code enrols till %1, but this terminal's profile has terminal_id "
                                            "\"%2\": set terminal_id to %1, or ask for a code for till \"%2\"")
                                 .arg(e.till.tillCode, terminalId));
        if (mchid != e.till.mchid)
            return makeError(QStringLiteral("hq_wrong_merchant"),
                             QStringLiteral("store %1 takes payments for merchant %2, but this terminal is set up for "
                                            "merchant %3")
                                 .arg(e.till.storeCode, e.till.mchid, mchid));
        e.token = SecureRandom::bytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        auto updated = pgExec(db,
                              QStringLiteral("UPDATE tills SET token_hash = ?, enrolled_at = now(), "
                                             "enrol_code_hash = NULL, enrol_expires_at = NULL WHERE id = ?"),
                              { hashOf(e.token), e.till.tillId });
        if (!updated)
            return updated.error();
        qCInfo(lcTills) << "till" << e.till.tillCode << "of store" << e.till.storeCode << "enrolled";
        return e;
    });
}

Result<TillIdentity> TillRegistry::authenticate(const QByteArray &token)
{
    if (token.isEmpty())
        return makeError(QStringLiteral("hq_unknown_token"),
                         QStringLiteral("this call needs a till's credential: enrol the terminal first"));
    auto q = pgExec(m_database->connection(),
                    QStringLiteral("SELECT t.id, t.store_id, t.code, s.code, s.name, s.mchid, t.revoked_at IS NOT NULL "
                                   "FROM tills t JOIN stores s ON s.id = t.store_id WHERE t.token_hash = ?"),
                    { hashOf(token) });
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(QStringLiteral("hq_unknown_token"),
                         QStringLiteral("HQ does not know this till's credential (the till was enrolled again "
                                        "elsewhere, or HQ's database is another): enrol this terminal again"));
    TillIdentity till { q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toString(),
                        q->value(3).toString(), q->value(4).toString(), q->value(5).toString() };
    if (q->value(6).toBool())
        return makeError(QStringLiteral("hq_till_revoked"),
                         QStringLiteral("till %1 of store %2 was revoked at HQ: nothing it sends is accepted")
                             .arg(till.tillCode, till.storeCode));
    return till;
}

Result<void> TillRegistry::revoke(const QString &storeCode, const QString &tillCode)
{
    auto q = pgExec(m_database->connection(),
                    QStringLiteral("UPDATE tills t SET revoked_at = now(), enrol_code_hash = NULL FROM stores s "
                                   "WHERE s.id = t.store_id AND s.code = ? AND t.code = ? AND t.revoked_at IS NULL "
                                   "RETURNING t.id"),
                    { storeCode, tillCode });
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(QStringLiteral("hq_unknown_till"),
                         QStringLiteral("store %1 has no till %2 that is not revoked already").arg(storeCode, tillCode));
    qCInfo(lcTills) << "till" << tillCode << "of store" << storeCode << "revoked";
    return {};
}

Result<QJsonArray> TillRegistry::list()
{
    auto q = pgExec(m_database->connection(),
                    QStringLiteral("SELECT s.code, s.name, s.mchid, t.code, t.enrolled_at IS NOT NULL, "
                                   "t.revoked_at IS NOT NULL, t.last_seq, t.last_sync_at, "
                                   "(SELECT count(*) FROM orders o WHERE o.till_id = t.id) "
                                   "FROM tills t JOIN stores s ON s.id = t.store_id ORDER BY s.code, t.code"));
    if (!q)
        return q.error();
    QJsonArray tills;
    while (q->next()) {
        tills.append(QJsonObject { { QStringLiteral("store"), q->value(0).toString() },
                                   { QStringLiteral("store_name"), q->value(1).toString() },
                                   { QStringLiteral("mchid"), q->value(2).toString() },
                                   { QStringLiteral("till"), q->value(3).toString() },
                                   { QStringLiteral("enrolled"), q->value(4).toBool() },
                                   { QStringLiteral("revoked"), q->value(5).toBool() },
                                   { QStringLiteral("last_seq"), q->value(6).toLongLong() },
                                   { QStringLiteral("last_sync_at"),
                                     q->value(7).isNull() ? QJsonValue() : QJsonValue(q->value(7).toDateTime().toUTC().toString(Qt::ISODateWithMs)) },
                                   { QStringLiteral("orders"), q->value(8).toLongLong() } });
    }
    return tills;
}

} // namespace paydesk::hq
