// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>

namespace paydesk {

// A business day as WeChat Pay counts it: China time (UTC+8, no daylight
// saving), whatever the terminal's own time zone. Bills, reconciliation and
// the Z report all use these bounds.
struct ChinaDay
{
    static QDateTime start(QDate day); // 00:00 China time, as UTC
    static QDateTime end(QDate day); // the next day's 00:00 China time, as UTC (exclusive)
    static QDate dayOf(const QDateTime &time);
    static QDate today(const QDateTime &now);
    // The form the store keeps times in (UTC ISO 8601 with milliseconds), so
    // bounds compare as text with created_at / paid_at.
    static QString storeText(const QDateTime &time);
    // The store's clock: every time a cashier or manager reads (history,
    // order details, receipts, reports, the QR's deadline) is China time, the
    // zone the business day and WeChat Pay's bill use, whatever zone the
    // terminal's system is set to.
    static QDateTime storeTime(const QDateTime &time);
    static QString display(const QDateTime &time, const QString &format);
};

} // namespace paydesk
