// SPDX-License-Identifier: MIT
#include "syncingest.h"

#include "hqdatabase.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>
#include <optional>

namespace paydesk::hq {

Q_LOGGING_CATEGORY(lcIngest, "paydesk.hq.ingest")

namespace {

// Parents before children, whatever order a batch lists them in.
int rank(const QString &entity)
{
    static const QStringList order = { QStringLiteral("order"),   QStringLiteral("payment"),
                                       QStringLiteral("refund"),  QStringLiteral("receipt"),
                                       QStringLiteral("audit"),   QStringLiteral("day_close") };
    return int(order.indexOf(entity));
}

// Reads one record's data, remembering the first field that is missing or of
// the wrong type, so the refusal names it.
class Fields
{
public:
    Fields(const QJsonObject &data, QString where) : m_data(data), m_where(std::move(where)) {}

    QString text(const char *key, bool required = true)
    {
        const QJsonValue v = m_data.value(QLatin1String(key));
        if (v.isString() && (!required || !v.toString().isEmpty()))
            return v.toString();
        if (!required && v.isNull())
            return {};
        if (!required && v.isUndefined())
            return {};
        fail(key, required ? "a text" : "a text or null");
        return {};
    }
    QVariant optionalText(const char *key)
    {
        const QJsonValue v = m_data.value(QLatin1String(key));
        if (v.isNull() || v.isUndefined())
            return QVariant(QMetaType(QMetaType::QString));
        if (v.isString())
            return v.toString();
        fail(key, "a text or null");
        return {};
    }
    qint64 integer(const char *key)
    {
        const QJsonValue v = m_data.value(QLatin1String(key));
        if (v.isDouble() && v.toDouble() == double(qint64(v.toDouble())))
            return qint64(v.toDouble());
        fail(key, "a whole number");
        return 0;
    }
    QVariant time(const char *key, bool required)
    {
        const QJsonValue v = m_data.value(QLatin1String(key));
        if (!required && (v.isNull() || v.isUndefined()))
            return QVariant(QMetaType(QMetaType::QString));
        const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!t.isValid()) {
            fail(key, "a time (ISO 8601)");
            return {};
        }
        return t.toUTC().toString(Qt::ISODateWithMs);
    }

    QVariant date(const char *key)
    {
        const QJsonValue v = m_data.value(QLatin1String(key));
        if (v.isNull() || v.isUndefined())
            return QVariant(QMetaType(QMetaType::QString));
        const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
        if (!d.isValid()) {
            fail(key, "a day (YYYY-MM-DD) or null");
            return {};
        }
        return d.toString(Qt::ISODate);
    }

    std::optional<Error> error() const { return m_error; }

private:
    void fail(const char *key, const char *what)
    {
        if (!m_error)
            m_error = makeError(QStringLiteral("hq_bad_record"),
                                QStringLiteral("%1: \"%2\" must be %3").arg(m_where, QLatin1String(key), QLatin1String(what)));
    }

    QJsonObject m_data;
    QString m_where;
    std::optional<Error> m_error;
};

Error foreign(const QString &message)
{
    return makeError(QStringLiteral("hq_foreign_row"), message);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

class BatchWriter
{
public:
    BatchWriter(const QSqlDatabase &db, const TillIdentity &till) : m_db(db), m_till(till) {}

    // true: the record changed HQ.
    Result<bool> apply(const QString &entity, qint64 seq, qint64 rowId, const QJsonObject &data)
    {
        if (entity == QLatin1String("order"))
            return order(seq, data);
        if (entity == QLatin1String("payment"))
            return payment(seq, data);
        if (entity == QLatin1String("refund"))
            return refund(seq, data);
        if (entity == QLatin1String("receipt"))
            return receipt(rowId, data);
        if (entity == QLatin1String("audit"))
            return audit(rowId, data);
        if (entity == QLatin1String("day_close"))
            return dayClose(seq, data);
        return makeError(QStringLiteral("hq_bad_record"),
                         QStringLiteral("record %1 is a \"%2\", which this HQ does not know: update paydesk-hq")
                             .arg(seq).arg(entity));
    }

private:
    static Result<bool> changed(Result<QSqlQuery> q)
    {
        if (!q)
            return q.error();
        return q->next();
    }

    // The store's order `outTradeNo`, and the till that owns it.
    Result<std::optional<qint64>> orderTill(const QString &outTradeNo)
    {
        auto q = pgExec(m_db, QStringLiteral("SELECT till_id FROM orders WHERE store_id = ? AND out_trade_no = ?"),
                        { m_till.storeId, outTradeNo });
        if (!q)
            return q.error();
        if (!q->next())
            return std::optional<qint64>();
        return std::optional<qint64>(q->value(0).toLongLong());
    }

    Result<bool> order(qint64 seq, const QJsonObject &data)
    {
        Fields f(data, QStringLiteral("order record %1").arg(seq));
        const QString no = f.text("out_trade_no");
        const QString kind = f.text("kind");
        const QString mchid = f.text("mchid");
        const QVariant parent = f.optionalText("parent_out_trade_no");
        const qint64 amount = f.integer("amount_total");
        const qint64 refunded = f.integer("refunded_total");
        const QString state = f.text("state");
        const QVariant tradeState = f.optionalText("trade_state");
        const QVariant transactionId = f.optionalText("transaction_id");
        const bool training = f.integer("training") != 0;
        const QString terminal = f.text("terminal_id", false);
        const QVariant cashier = f.optionalText("cashier");
        const QVariant created = f.time("created_at", true);
        const QVariant updated = f.time("updated_at", true);
        const QVariant paid = f.time("paid_at", false);
        const QVariant businessDay = f.date("business_day");
        if (auto e = f.error())
            return *e;
        if (terminal != m_till.tillCode)
            return foreign(QStringLiteral("order %1 was made by terminal \"%2\", not by this till (%3): a till "
                                          "sends only its own sales")
                               .arg(no, terminal, m_till.tillCode));
        if (kind == QLatin1String("sub")) {
            auto owner = orderTill(parent.toString());
            if (!owner)
                return owner.error();
            if (!*owner || **owner != m_till.tillId)
                return foreign(QStringLiteral("sub-order %1 names the combined order %2, which is not this till's")
                                   .arg(no, parent.toString()));
        } else if (mchid != m_till.mchid) {
            return foreign(QStringLiteral("order %1 is for merchant %2, but store %3 takes payments for %4")
                               .arg(no, mchid, m_till.storeCode, m_till.mchid));
        }
        auto q = pgExec(m_db,
                        QStringLiteral(
                            "INSERT INTO orders (till_id, store_id, out_trade_no, mchid, kind, parent_out_trade_no, "
                            "amount_total, refunded_total, state, trade_state, transaction_id, training, terminal_id, "
                            "cashier, created_at, updated_at, paid_at, business_day, version, data) VALUES (?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, "
                            "?::date, ?, ?::jsonb) "
                            "ON CONFLICT (till_id, out_trade_no) DO UPDATE SET mchid = EXCLUDED.mchid, "
                            "kind = EXCLUDED.kind, parent_out_trade_no = EXCLUDED.parent_out_trade_no, "
                            "amount_total = EXCLUDED.amount_total, refunded_total = EXCLUDED.refunded_total, "
                            "state = EXCLUDED.state, trade_state = EXCLUDED.trade_state, "
                            "transaction_id = EXCLUDED.transaction_id, training = EXCLUDED.training, "
                            "cashier = EXCLUDED.cashier, created_at = EXCLUDED.created_at, "
                            "updated_at = EXCLUDED.updated_at, paid_at = EXCLUDED.paid_at, "
                            "business_day = EXCLUDED.business_day, version = EXCLUDED.version, data = EXCLUDED.data "
                            "WHERE orders.version < EXCLUDED.version "
                            "RETURNING 1"),
                        { m_till.tillId, m_till.storeId, no, mchid, kind, parent, amount, refunded, state, tradeState,
                          transactionId, training, terminal, cashier, created, updated, paid, businessDay, seq,
                          QString::fromUtf8(compact(data)) });
        if (!q && q.error().code == QLatin1String("pg_23505"))
            return foreign(QStringLiteral("order %1 of merchant %2 belongs to another till at HQ").arg(no, mchid));
        return changed(std::move(q));
    }

    Result<std::optional<Error>> ownOrder(const QString &no, const QString &what)
    {
        auto owner = orderTill(no);
        if (!owner)
            return owner.error();
        if (!*owner || **owner != m_till.tillId)
            return std::optional<Error>(foreign(QStringLiteral("%1 names order %2, which is not this till's").arg(what, no)));
        return std::optional<Error>();
    }

    Result<bool> payment(qint64 seq, const QJsonObject &data)
    {
        Fields f(data, QStringLiteral("payment record %1").arg(seq));
        const QString transactionId = f.text("transaction_id");
        const QString no = f.text("out_trade_no");
        const qint64 amount = f.integer("amount_total");
        const QVariant success = f.time("success_time", false);
        if (auto e = f.error())
            return *e;
        auto own = ownOrder(no, QStringLiteral("payment %1").arg(transactionId));
        if (!own)
            return own.error();
        if (*own)
            return **own;
        return changed(pgExec(m_db,
                              QStringLiteral("INSERT INTO payments (till_id, transaction_id, out_trade_no, amount_total, "
                                             "success_time, version, data) VALUES (?, ?, ?, ?, ?::timestamptz, ?, "
                                             "?::jsonb) ON CONFLICT DO NOTHING RETURNING 1"),
                              { m_till.tillId, transactionId, no, amount, success, seq, QString::fromUtf8(compact(data)) }));
    }

    Result<bool> refund(qint64 seq, const QJsonObject &data)
    {
        Fields f(data, QStringLiteral("refund record %1").arg(seq));
        const QString refundNo = f.text("out_refund_no");
        const QString no = f.text("out_trade_no");
        const QVariant refundId = f.optionalText("refund_id");
        const qint64 amount = f.integer("amount");
        const QString status = f.text("status");
        const QVariant requestedBy = f.optionalText("requested_by");
        const QVariant created = f.time("created_at", true);
        const QVariant updated = f.time("updated_at", true);
        const QVariant success = f.time("success_time", false);
        const QVariant businessDay = f.date("business_day");
        if (auto e = f.error())
            return *e;
        // A refund may be of another till's sale of the same store (refund at any till).
        auto owner = orderTill(no);
        if (!owner)
            return owner.error();
        if (!*owner)
            return foreign(QStringLiteral("refund %1 names order %2, which store %3 does not have at HQ")
                               .arg(refundNo, no, m_till.storeCode));
        return changed(pgExec(
            m_db,
            QStringLiteral("INSERT INTO refunds (till_id, store_id, out_refund_no, out_trade_no, order_till_id, "
                           "refund_id, amount, status, requested_by, created_at, updated_at, success_time, "
                           "business_day, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, "
                           "?::timestamptz, ?::timestamptz, ?::date, ?, ?::jsonb) ON CONFLICT (till_id, out_refund_no) "
                           "DO UPDATE SET "
                           "refund_id = EXCLUDED.refund_id, amount = EXCLUDED.amount, status = EXCLUDED.status, "
                           "requested_by = EXCLUDED.requested_by, updated_at = EXCLUDED.updated_at, "
                           "success_time = EXCLUDED.success_time, business_day = EXCLUDED.business_day, "
                           "version = EXCLUDED.version, data = EXCLUDED.data "
                           "WHERE refunds.version < EXCLUDED.version RETURNING 1"),
            { m_till.tillId, m_till.storeId, refundNo, no, **owner, refundId, amount, status, requestedBy, created,
              updated, success, businessDay, seq, QString::fromUtf8(compact(data)) }));
    }

    Result<bool> receipt(qint64 rowId, const QJsonObject &data)
    {
        Fields f(data, QStringLiteral("receipt %1").arg(rowId));
        const QString no = f.text("out_trade_no");
        const QVariant refundNo = f.optionalText("out_refund_no");
        const QString kind = f.text("kind");
        const QString format = f.text("format");
        const QString content = f.text("content");
        const QVariant created = f.time("created_at", true);
        if (auto e = f.error())
            return *e;
        auto own = ownOrder(no, QStringLiteral("receipt %1").arg(rowId));
        if (!own)
            return own.error();
        if (*own)
            return **own;
        return changed(pgExec(m_db,
                              QStringLiteral("INSERT INTO receipts (till_id, local_id, out_trade_no, out_refund_no, kind, "
                                             "format, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                             "?::timestamptz) ON CONFLICT DO NOTHING RETURNING 1"),
                              { m_till.tillId, rowId, no, refundNo, kind, format,
                                QByteArray::fromBase64(content.toLatin1()), created }));
    }

    Result<bool> audit(qint64 rowId, const QJsonObject &data)
    {
        Fields f(data, QStringLiteral("audit entry %1").arg(rowId));
        const QString at = f.text("at");
        const QString actor = f.text("actor", false);
        const QString action = f.text("action", false);
        const QString subject = f.text("subject", false);
        const QString details = f.text("details", false);
        const QString prev = f.text("prev_hash");
        const QString hash = f.text("hash");
        if (auto e = f.error())
            return *e;
        if (AuditLog::entryHash(prev, at, actor, action, subject, details) != hash)
            return makeError(QStringLiteral("hq_audit_altered"),
                             QStringLiteral("audit entry %1 of till %2 does not hash to what it says: it was altered "
                                            "after it was written")
                                 .arg(rowId).arg(m_till.tillCode));
        auto existing = pgExec(m_db, QStringLiteral("SELECT hash FROM audit_entries WHERE till_id = ? AND local_id = ?"),
                               { m_till.tillId, rowId });
        if (!existing)
            return existing.error();
        if (existing->next()) {
            if (existing->value(0).toString() != hash)
                return makeError(QStringLiteral("hq_audit_altered"),
                                 QStringLiteral("audit entry %1 of till %2 differs from the one HQ holds: the till's "
                                                "trail was rewritten")
                                     .arg(rowId).arg(m_till.tillCode));
            return false;
        }
        QString before = AuditLog::genesisHash();
        if (m_lastAudit && m_lastAudit->first < rowId) {
            before = m_lastAudit->second;
        } else {
            auto previous = pgExec(m_db,
                                   QStringLiteral("SELECT hash FROM audit_entries WHERE till_id = ? AND local_id < ? "
                                                  "ORDER BY local_id DESC LIMIT 1"),
                                   { m_till.tillId, rowId });
            if (!previous)
                return previous.error();
            if (previous->next())
                before = previous->value(0).toString();
        }
        if (before != prev)
            return makeError(QStringLiteral("hq_audit_altered"),
                             QStringLiteral("audit entry %1 of till %2 does not follow the entry before it: the trail "
                                            "is broken there")
                                 .arg(rowId).arg(m_till.tillCode));
        auto q = pgExec(m_db,
                        QStringLiteral("INSERT INTO audit_entries (till_id, local_id, at, actor, action, subject, "
                                       "details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        { m_till.tillId, rowId, at, actor, action, subject, details, prev, hash });
        if (!q)
            return q.error();
        m_lastAudit = { rowId, hash };
        return true;
    }

    Result<bool> dayClose(qint64 seq, const QJsonObject &data)
    {
        Fields f(data, QStringLiteral("day close record %1").arg(seq));
        const QString day = f.text("day");
        const QVariant closed = f.time("closed_at", true);
        const QString by = f.text("closed_by", false);
        if (auto e = f.error())
            return *e;
        return changed(pgExec(m_db,
                              QStringLiteral("INSERT INTO day_closings (till_id, day, closed_at, closed_by, version, data) "
                                             "VALUES (?, ?, ?::timestamptz, ?, ?, ?::jsonb) ON CONFLICT (till_id, day) "
                                             "DO UPDATE SET closed_at = EXCLUDED.closed_at, closed_by = "
                                             "EXCLUDED.closed_by, version = EXCLUDED.version, data = EXCLUDED.data "
                                             "WHERE day_closings.version < EXCLUDED.version RETURNING 1"),
                              { m_till.tillId, day, closed, by, seq, QString::fromUtf8(compact(data)) }));
    }

    QSqlDatabase m_db;
    TillIdentity m_till;
    std::optional<std::pair<qint64, QString>> m_lastAudit;
};

} // namespace

Result<SyncIngest::Summary> SyncIngest::apply(const TillIdentity &till, const QJsonObject &batch)
{
    const QString store = batch.value(QLatin1String("store")).toString();
    const QString tillCode = batch.value(QLatin1String("till")).toString();
    if (store != till.storeCode || tillCode != till.tillCode)
        return foreign(QStringLiteral("this batch says it is from till \"%1\" of store \"%2\", but the credential "
                                      "is till %3's of store %4")
                           .arg(tillCode, store, till.tillCode, till.storeCode));
    struct Record
    {
        int rank;
        qsizetype index;
        QString entity;
        qint64 seq;
        qint64 id;
        QJsonObject data;
    };
    QList<Record> records;
    const QJsonArray list = batch.value(QLatin1String("records")).toArray();
    records.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject r = list.at(i).toObject();
        const QString entity = r.value(QLatin1String("entity")).toString();
        const QJsonValue seq = r.value(QLatin1String("seq"));
        if (!seq.isDouble() || !r.value(QLatin1String("data")).isObject())
            return makeError(QStringLiteral("hq_bad_record"),
                             QStringLiteral("record %1 of the batch has no seq or no data").arg(i));
        records.append({ rank(entity), i, entity, qint64(seq.toDouble()),
                         qint64(r.value(QLatin1String("id")).toDouble()), r.value(QLatin1String("data")).toObject() });
    }
    std::stable_sort(records.begin(), records.end(), [](const Record &a, const Record &b) { return a.rank < b.rank; });
    const qint64 lastSeq = qint64(batch.value(QLatin1String("last_seq")).toDouble());

    return m_database->transaction<Summary>([&]() -> Result<Summary> {
        Summary summary;
        summary.lastSeq = lastSeq;
        BatchWriter writer(m_database->connection(), till);
        for (const Record &r : std::as_const(records)) {
            auto applied = writer.apply(r.entity, r.seq, r.id, r.data);
            if (!applied)
                return applied.error();
            ++(*applied ? summary.applied : summary.unchanged);
        }
        auto q = pgExec(m_database->connection(),
                        QStringLiteral("UPDATE tills SET last_seq = GREATEST(last_seq, ?), last_sync_at = now() "
                                       "WHERE id = ?"),
                        { lastSeq, till.tillId });
        if (!q)
            return q.error();
        return summary;
    });
}

} // namespace paydesk::hq
