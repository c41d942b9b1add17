// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QDate>
#include <QDateTime>
#include <QSqlDatabase>

namespace paydesk {

// Which business day a payment or a refund belongs to, stored with it
// (orders.business_day, refunds.business_day; schema version 5) when it is
// recorded as paid or as refunded:
//
//   the China-time day of its time (paid_at, the refund's success time),
//   unless that day is already closed (day_closings) when PayDesk records it;
//   then the first day after it that is not closed.
//
// So a closed day never moves: a sale paid after the close of day D (the
// manager closed at 22:00 and the till kept selling) is in day D+1, and so is
// a payment of D that reconciliation imports after D was closed. The X and Z
// reports and history read the stored day; the close and every write that
// sets a day run inside the store's write lock, so they cannot interleave.
class BusinessDay
{
public:
    // The day for something that happened at `at`, recorded now.
    static Result<QDate> of(const QSqlDatabase &db, const QDateTime &at);
    // The business day now: today (China time), or the first open day after it.
    static Result<QDate> current(const QSqlDatabase &db, const QDateTime &now = QDateTime::currentDateTimeUtc());
    static QString text(QDate day) { return day.toString(Qt::ISODate); }
};

} // namespace paydesk
