// SPDX-License-Identifier: MIT
#include "businessday.h"

#include "database.h"
#include "reconcile/chinaday.h"

namespace paydesk {

Result<QDate> BusinessDay::of(const QSqlDatabase &db, const QDateTime &at)
{
    QDate day = ChinaDay::dayOf(at.isValid() ? at : QDateTime::currentDateTimeUtc());
    // Closed days come one after another at most: one indexed read per step.
    auto q = execSql(db, QStringLiteral("SELECT day FROM day_closings WHERE day >= ? ORDER BY day"), { text(day) });
    if (!q)
        return q.error();
    while (q->next() && q->value(0).toString() == text(day))
        day = day.addDays(1);
    return day;
}

Result<QDate> BusinessDay::current(const QSqlDatabase &db, const QDateTime &now)
{
    return of(db, now);
}

} // namespace paydesk
