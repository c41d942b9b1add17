// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace paydesk {

class AuditLog;
class Database;

struct ReportFigures
{
    qint64 payments = 0; // paid orders (sub-orders counted, not their combined parent)
    qint64 gross = 0; // fen
    qint64 refundCount = 0; // SUCCESS refunds
    qint64 refunds = 0; // fen
    qint64 net() const { return gross - refunds; }
};

struct ReportLine
{
    QString key; // the mchid, or the cashier ("" when none was recorded)
    ReportFigures figures;
};

// An order or refund that is not final: it blocks the Z report.
struct OpenItem
{
    enum Kind { Order, Refund };
    Kind kind = Order;
    QString reference; // out_trade_no or out_refund_no
    QString outTradeNo;
    qint64 amount = 0;
    QString state; // Created/Pending, or Created/PROCESSING/ABNORMAL
    QDateTime createdAt;
};

struct ShiftReportData
{
    enum Kind { X, Z };
    Kind kind = X;
    QDate day; // China time
    QDateTime from; // UTC, inclusive
    QDateTime to; // UTC, exclusive: the day's end, or now for an X report of today
    QDateTime generatedAt;
    ReportFigures totals;
    QList<ReportLine> perSubMerchant; // by mchid, ascending
    QList<ReportLine> perCashier; // by cashier, ascending
    QList<OpenItem> unresolved; // what must be settled before the day can close
    bool closed = false;
    QDateTime closedAt;
    QString closedBy;

    QJsonObject toJson() const;
    // The report as toJson() wrote it (a closed day's stored Z report).
    static std::optional<ShiftReportData> fromJson(const QJsonObject &json);
    // A till slip for a 58 mm ESC/POS printer (32 columns): initialise, the
    // figures, feed and cut. Text in GB18030 where the Qt build has it (what
    // Chinese receipt printers read), else UTF-8.
    QByteArray toEscPos(const QString &storeName = {}) const;
};

// The X report (any time, changes nothing) and the Z report (end of day,
// closes it once), for a business day (BusinessDay): payments count in the
// business day stored with them when they were paid and refunds in the one
// stored when they succeeded — the China-time day, as WeChat Pay's bill
// counts, except that what is recorded after a day's close counts in the next
// open day. Per sub-merchant by the (sub-)order's mchid, per cashier by who
// rang up the sale (refunds go against that cashier's takings).
//
// A closed day is immutable: closeDay() stores its Z report (day_closings.
// report_json), and build() of a closed day's Z report returns that stored
// report, so a reprint is what was printed, byte for byte. The close is
// credited to the actor given (the manager whose PIN authorised it).
//
// A day cannot be closed while any order or refund made up to its end is
// still Created/Pending/PROCESSING/ABNORMAL: the money is unknown, so the
// figures would be wrong. closeDay() refuses and names them; the Resolver
// settles them.
class ShiftReport
{
public:
    ShiftReport(Database *database, AuditLog *audit);

    Result<ShiftReportData> build(ShiftReportData::Kind kind, QDate day,
                                  const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Records the closing (table day_closings, an audit entry) in one
    // transaction. Errors: day_unresolved (listing them), day_closed, day_in_future.
    Result<ShiftReportData> closeDay(QDate day, const QString &actor,
                                     const QDateTime &now = QDateTime::currentDateTimeUtc());
    QList<OpenItem> unresolved(QDate day) const;
    bool isClosed(QDate day) const;
    // The business day now: today (China time), or the day after the last
    // closed one when today is closed already. The reports' default day.
    QDate currentDay(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

private:
    Result<void> fill(ShiftReportData &data) const;
    std::optional<ShiftReportData> stored(QDate day) const;
    QDateTime closedAt(QDate day) const;

    Database *m_database;
    AuditLog *m_audit;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::ShiftReportData)
