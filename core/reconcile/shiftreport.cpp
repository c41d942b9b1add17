// SPDX-License-Identifier: MIT
#include "shiftreport.h"

#include "chinaday.h"
#include "store/auditlog.h"
#include "store/businessday.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QStringEncoder>

namespace paydesk {

namespace {

QString yuan(qint64 fen)
{
    const qint64 m = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(m / 100)
        .arg(m % 100, 2, 10, QLatin1Char('0'));
}

QJsonObject figuresJson(const ReportFigures &f)
{
    return QJsonObject { { QStringLiteral("payments"), f.payments },
                         { QStringLiteral("gross"), f.gross },
                         { QStringLiteral("refund_count"), f.refundCount },
                         { QStringLiteral("refunds"), f.refunds },
                         { QStringLiteral("net"), f.net() } };
}

QJsonArray linesJson(const QList<ReportLine> &lines, const QString &keyName)
{
    QJsonArray out;
    for (const ReportLine &l : lines) {
        QJsonObject o = figuresJson(l.figures);
        o.insert(keyName, l.key);
        out.append(o);
    }
    return out;
}

QDateTime parseStoreTime(const QVariant &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

} // namespace

QJsonObject ShiftReportData::toJson() const
{
    QJsonArray open;
    for (const OpenItem &i : unresolved) {
        open.append(QJsonObject {
            { QStringLiteral("kind"), i.kind == OpenItem::Order ? QStringLiteral("order") : QStringLiteral("refund") },
            { QStringLiteral("reference"), i.reference },
            { QStringLiteral("out_trade_no"), i.outTradeNo },
            { QStringLiteral("amount"), i.amount },
            { QStringLiteral("state"), i.state },
            { QStringLiteral("created_at"), i.createdAt.toString(Qt::ISODate) } });
    }
    QJsonObject o { { QStringLiteral("report"), kind == X ? QStringLiteral("X") : QStringLiteral("Z") },
                    { QStringLiteral("day"), day.toString(Qt::ISODate) },
                    { QStringLiteral("from"), from.toString(Qt::ISODate) },
                    { QStringLiteral("to"), to.toString(Qt::ISODate) },
                    { QStringLiteral("generated_at"), generatedAt.toString(Qt::ISODate) },
                    { QStringLiteral("totals"), figuresJson(totals) },
                    { QStringLiteral("per_sub_merchant"), linesJson(perSubMerchant, QStringLiteral("mchid")) },
                    { QStringLiteral("per_cashier"), linesJson(perCashier, QStringLiteral("cashier")) },
                    { QStringLiteral("unresolved"), open },
                    { QStringLiteral("closed"), closed } };
    if (closed) {
        o.insert(QStringLiteral("closed_at"), closedAt.toString(Qt::ISODate));
        o.insert(QStringLiteral("closed_by"), closedBy);
    }
    return o;
}

namespace {

ReportFigures figuresFromJson(const QJsonObject &o)
{
    ReportFigures f;
    f.payments = o.value(QLatin1String("payments")).toInteger();
    f.gross = o.value(QLatin1String("gross")).toInteger();
    f.refundCount = o.value(QLatin1String("refund_count")).toInteger();
    f.refunds = o.value(QLatin1String("refunds")).toInteger();
    return f;
}

QList<ReportLine> linesFromJson(const QJsonValue &value, const QString &keyName)
{
    QList<ReportLine> out;
    for (const QJsonValue &v : value.toArray())
        out.append(ReportLine { v[keyName].toString(), figuresFromJson(v.toObject()) });
    return out;
}

QDateTime timeFromJson(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate).toUTC();
}

} // namespace

std::optional<ShiftReportData> ShiftReportData::fromJson(const QJsonObject &json)
{
    ShiftReportData d;
    const QString kind = json.value(QLatin1String("report")).toString();
    if (kind != QLatin1String("X") && kind != QLatin1String("Z"))
        return std::nullopt;
    d.kind = kind == QLatin1String("X") ? X : Z;
    d.day = QDate::fromString(json.value(QLatin1String("day")).toString(), Qt::ISODate);
    if (!d.day.isValid())
        return std::nullopt;
    d.from = timeFromJson(json.value(QLatin1String("from")));
    d.to = timeFromJson(json.value(QLatin1String("to")));
    d.generatedAt = timeFromJson(json.value(QLatin1String("generated_at")));
    d.totals = figuresFromJson(json.value(QLatin1String("totals")).toObject());
    d.perSubMerchant = linesFromJson(json.value(QLatin1String("per_sub_merchant")), QStringLiteral("mchid"));
    d.perCashier = linesFromJson(json.value(QLatin1String("per_cashier")), QStringLiteral("cashier"));
    for (const QJsonValue &v : json.value(QLatin1String("unresolved")).toArray()) {
        d.unresolved.append(OpenItem {
            v[QLatin1String("kind")].toString() == QLatin1String("refund") ? OpenItem::Refund : OpenItem::Order,
            v[QLatin1String("reference")].toString(), v[QLatin1String("out_trade_no")].toString(),
            v[QLatin1String("amount")].toInteger(), v[QLatin1String("state")].toString(),
            timeFromJson(v[QLatin1String("created_at")]) });
    }
    d.closed = json.value(QLatin1String("closed")).toBool();
    if (d.closed) {
        d.closedAt = timeFromJson(json.value(QLatin1String("closed_at")));
        d.closedBy = json.value(QLatin1String("closed_by")).toString();
    }
    return d;
}

QByteArray ShiftReportData::toEscPos(const QString &storeName) const
{
    constexpr int Width = 32;
    QString text;
    auto line = [&](const QString &label, const QString &value) {
        const int pad = qMax(1, Width - int(label.size()) - int(value.size()));
        text += label + QString(pad, QLatin1Char(' ')) + value + QLatin1Char('\n');
    };
    auto figures = [&](const ReportFigures &f) {
        line(QStringLiteral("Payments"), QString::number(f.payments));
        line(QStringLiteral("Gross"), yuan(f.gross));
        line(QStringLiteral("Refunds (%1)").arg(f.refundCount), yuan(f.refunds));
        line(QStringLiteral("Net"), yuan(f.net()));
    };
    const QString rule(Width, QLatin1Char('-'));
    text += rule + QLatin1Char('\n');
    line(QStringLiteral("Day"), day.toString(Qt::ISODate));
    line(QStringLiteral("Printed"), generatedAt.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    text += rule + QLatin1Char('\n');
    figures(totals);
    for (const ReportLine &l : perSubMerchant) {
        text += rule + QLatin1Char('\n') + QStringLiteral("Merchant ") + l.key + QLatin1Char('\n');
        figures(l.figures);
    }
    for (const ReportLine &l : perCashier) {
        text += rule + QLatin1Char('\n') + QStringLiteral("Cashier ") + (l.key.isEmpty() ? QStringLiteral("-") : l.key)
            + QLatin1Char('\n');
        figures(l.figures);
    }
    text += rule + QLatin1Char('\n');
    if (!unresolved.isEmpty())
        line(QStringLiteral("NOT FINAL"), QString::number(unresolved.size()));
    if (closed)
        line(QStringLiteral("Day closed by"), closedBy);

    QStringEncoder gb("GB18030");
    QByteArray body = gb.isValid() ? QByteArray(gb.encode(text)) : text.toUtf8();
    QStringEncoder gbTitle("GB18030");
    const QString titleText = (storeName.isEmpty() ? QString() : storeName + QLatin1Char('\n'))
        + (kind == X ? QStringLiteral("X REPORT") : QStringLiteral("Z REPORT"));
    const QByteArray title = gbTitle.isValid() ? QByteArray(gbTitle.encode(titleText)) : titleText.toUtf8();

    QByteArray out;
    out += "\x1b\x40"; // ESC @: initialise
    out += "\x1b\x61\x01"; // ESC a 1: centre
    out += "\x1d\x21\x11"; // GS ! 0x11: double width and height
    out += title + '\n';
    out += "\x1d\x21\x00";
    out += "\x1b\x61\x00"; // left
    out += body;
    out += "\x1b\x64\x04"; // ESC d 4: feed four lines
    out += QByteArray("\x1d\x56\x42\x00", 4); // GS V B 0: feed and cut
    return out;
}

ShiftReport::ShiftReport(Database *database, AuditLog *audit) : m_database(database), m_audit(audit) { }

QList<OpenItem> ShiftReport::unresolved(QDate day) const
{
    QList<OpenItem> out;
    // Up to the day's end, or its close when that came first: what was rung
    // up after the close is the next business day's.
    QDateTime until = ChinaDay::end(day);
    if (const QDateTime closed = closedAt(day); closed.isValid() && closed < until)
        until = closed;
    const QString end = ChinaDay::storeText(until);
    auto q = execSql(m_database->connection(),
                     QStringLiteral("SELECT out_trade_no, amount_total, state, created_at FROM orders "
                                    "WHERE state IN ('Created', 'Pending') AND parent_id IS NULL AND created_at < ? "
                                    "ORDER BY created_at"), // orders_state
                     { end });
    while (q && q->next()) {
        out.append(OpenItem { OpenItem::Order, q->value(0).toString(), q->value(0).toString(), q->value(1).toLongLong(),
                              q->value(2).toString(), parseStoreTime(q->value(3)) });
    }
    auto r = execSql(
        m_database->connection(),
        QStringLiteral("SELECT r.out_refund_no, o.out_trade_no, r.amount, r.status, r.created_at FROM refunds r "
                       "JOIN orders o ON o.id = r.order_id "
                       "WHERE r.status IN ('Created', 'PROCESSING', 'ABNORMAL') AND r.created_at < ? "
                       "ORDER BY r.created_at"), // refunds_open
        { end });
    while (r && r->next()) {
        out.append(OpenItem { OpenItem::Refund, r->value(0).toString(), r->value(1).toString(),
                              r->value(2).toLongLong(), r->value(3).toString(), parseStoreTime(r->value(4)) });
    }
    return out;
}

bool ShiftReport::isClosed(QDate day) const
{
    return closedAt(day).isValid();
}

QDateTime ShiftReport::closedAt(QDate day) const
{
    auto q = execSql(m_database->connection(), QStringLiteral("SELECT closed_at FROM day_closings WHERE day = ?"),
                     { day.toString(Qt::ISODate) });
    return q && q->next() ? parseStoreTime(q->value(0)) : QDateTime();
}

QDate ShiftReport::currentDay(const QDateTime &now) const
{
    auto day = BusinessDay::current(m_database->connection(), now);
    return day ? *day : ChinaDay::today(now);
}

std::optional<ShiftReportData> ShiftReport::stored(QDate day) const
{
    auto q = execSql(m_database->connection(), QStringLiteral("SELECT report_json FROM day_closings WHERE day = ?"),
                     { day.toString(Qt::ISODate) });
    if (!q || !q->next())
        return std::nullopt;
    return ShiftReportData::fromJson(QJsonDocument::fromJson(q->value(0).toString().toUtf8()).object());
}

Result<void> ShiftReport::fill(ShiftReportData &data) const
{
    const QSqlDatabase db = m_database->connection();
    // A business day's payments and refunds are the ones stored with it.
    const QString day = data.day.toString(Qt::ISODate);
    QMap<QString, ReportFigures> bySub, byCashier;
    // A sub-order has no cashier of its own: the sale's (its parent's) counts.
    // "+o.state": the day is orders_business_day; without the plus SQLite
    // could read every paid order through orders_state.
    auto payments = execSql(db,
                            QStringLiteral("SELECT o.mchid, COALESCE(NULLIF(o.cashier, ''), p.cashier, ''), COUNT(*), "
                                           "SUM(o.amount_total) FROM orders o LEFT JOIN orders p ON p.id = o.parent_id "
                                           "WHERE o.business_day = ? AND o.kind <> 'combine' "
                                           "AND +o.state IN ('Paid', 'PartiallyRefunded', 'Refunded') GROUP BY 1, 2"),
                            { day });
    if (!payments)
        return payments.error();
    while (payments->next()) {
        const qint64 n = payments->value(2).toLongLong(), sum = payments->value(3).toLongLong();
        for (ReportFigures *f :
             { &data.totals, &bySub[payments->value(0).toString()], &byCashier[payments->value(1).toString()] }) {
            f->payments += n;
            f->gross += sum;
        }
    }
    auto refunds = execSql(db,
                           QStringLiteral("SELECT o.mchid, COALESCE(NULLIF(o.cashier, ''), p.cashier, ''), COUNT(*), "
                                          "SUM(r.amount) FROM refunds r JOIN orders o ON o.id = r.order_id "
                                          "LEFT JOIN orders p ON p.id = o.parent_id WHERE r.status = 'SUCCESS' "
                                          "AND r.business_day = ? GROUP BY 1, 2"), // refunds_business_day
                           { day });
    if (!refunds)
        return refunds.error();
    while (refunds->next()) {
        const qint64 n = refunds->value(2).toLongLong(), sum = refunds->value(3).toLongLong();
        for (ReportFigures *f :
             { &data.totals, &bySub[refunds->value(0).toString()], &byCashier[refunds->value(1).toString()] }) {
            f->refundCount += n;
            f->refunds += sum;
        }
    }
    for (auto it = bySub.cbegin(); it != bySub.cend(); ++it)
        data.perSubMerchant.append(ReportLine { it.key(), it.value() });
    for (auto it = byCashier.cbegin(); it != byCashier.cend(); ++it)
        data.perCashier.append(ReportLine { it.key(), it.value() });
    data.unresolved = unresolved(data.day);

    auto closing = execSql(db, QStringLiteral("SELECT closed_at, closed_by FROM day_closings WHERE day = ?"),
                           { data.day.toString(Qt::ISODate) });
    if (closing && closing->next()) {
        data.closed = true;
        data.closedAt = parseStoreTime(closing->value(0));
        data.closedBy = closing->value(1).toString();
    }
    return {};
}

Result<ShiftReportData> ShiftReport::build(ShiftReportData::Kind kind, QDate day, const QDateTime &now) const
{
    if (!day.isValid())
        return makeError(QStringLiteral("invalid_day"), QStringLiteral("no day given for the report"));
    // A closed day's Z report is the one printed at its close.
    if (kind == ShiftReportData::Z) {
        if (auto z = stored(day))
            return *z;
    }
    ShiftReportData data;
    data.kind = kind;
    data.day = day;
    // The business day runs from the previous day's close, when that came
    // before midnight, to its own close or its end.
    data.from = ChinaDay::start(day);
    if (const QDateTime before = closedAt(day.addDays(-1)); before.isValid() && before < data.from)
        data.from = before;
    data.to = ChinaDay::end(day);
    if (const QDateTime closed = closedAt(day); closed.isValid() && closed < data.to)
        data.to = closed;
    data.generatedAt = now.toUTC();
    // An X report of today covers the day so far; a Z report the whole day.
    if (kind == ShiftReportData::X && data.generatedAt < data.to)
        data.to = data.generatedAt.addMSecs(1);
    if (auto filled = fill(data); !filled)
        return filled.error();
    return data;
}

Result<ShiftReportData> ShiftReport::closeDay(QDate day, const QString &actor, const QDateTime &now)
{
    if (!day.isValid())
        return makeError(QStringLiteral("invalid_day"), QStringLiteral("no day given to close"));
    // Today, or tomorrow once today is closed: its business day has begun.
    if (day > currentDay(now)) {
        return makeError(QStringLiteral("day_in_future"),
                         QStringLiteral("%1 has not begun (China time): a day can be closed from its start on")
                             .arg(day.toString(Qt::ISODate)));
    }
    return m_database->writeTransaction<ShiftReportData>([&]() -> Result<ShiftReportData> {
        // Inside the write lock, so a payment that lands meanwhile waits for
        // the closing or is seen by it, never half.
        if (isClosed(day)) {
            return makeError(QStringLiteral("day_closed"),
                             QStringLiteral("%1 is already closed: print its Z report again instead")
                                 .arg(day.toString(Qt::ISODate)));
        }
        auto report = build(ShiftReportData::Z, day, now);
        if (!report)
            return report.error();
        if (!report->unresolved.isEmpty()) {
            QStringList names;
            for (const OpenItem &i : std::as_const(report->unresolved)) {
                names << QStringLiteral("%1 %2 (%3, %4 yuan)")
                             .arg(i.kind == OpenItem::Order ? QStringLiteral("order") : QStringLiteral("refund"),
                                  i.reference, i.state, yuan(i.amount));
            }
            return makeError(QStringLiteral("day_unresolved"),
                             QStringLiteral("%1 cannot be closed while %2 not final: %3. Resolve them first "
                                            "(Resolve now, or paydesk-cli recover), then close the day.")
                                 .arg(day.toString(Qt::ISODate))
                                 .arg(names.size() == 1
                                          ? QStringLiteral("1 payment or refund is")
                                          : QStringLiteral("%1 payments or refunds are").arg(names.size()))
                                 .arg(names.join(QStringLiteral(", "))));
        }
        report->closed = true;
        report->closedAt = now.toUTC();
        report->closedBy = actor;
        const QByteArray snapshot = QJsonDocument(report->toJson()).toJson(QJsonDocument::Compact);
        // What is printed now is what a reprint reads back: the stored form.
        if (auto printed = ShiftReportData::fromJson(QJsonDocument::fromJson(snapshot).object()))
            report = *printed;
        const ReportFigures &t = report->totals;
        auto insert = execSql(
            m_database->connection(),
            QStringLiteral("INSERT INTO day_closings (day, closed_at, closed_by, payments, gross, "
                           "refund_count, refunds, net, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            { day.toString(Qt::ISODate), ChinaDay::storeText(now), actor, t.payments, t.gross, t.refundCount, t.refunds,
              t.net(), QString::fromUtf8(snapshot) });
        if (!insert)
            return insert.error();
        if (m_audit) {
            auto a = m_audit->append(actor, QStringLiteral("day.close"), day.toString(Qt::ISODate),
                                     QStringLiteral("Z report: %1 payments, gross %2, %3 refunds %4, net %5")
                                         .arg(t.payments)
                                         .arg(yuan(t.gross))
                                         .arg(t.refundCount)
                                         .arg(yuan(t.refunds), yuan(t.net())));
            if (!a)
                return a.error();
        }
        return report;
    });
}

} // namespace paydesk
