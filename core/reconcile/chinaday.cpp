// SPDX-License-Identifier: MIT
#include "chinaday.h"

#include <QTimeZone>

namespace paydesk {

namespace {
const QTimeZone &china()
{
    static const QTimeZone zone(8 * 3600);
    return zone;
}
} // namespace

QDateTime ChinaDay::start(QDate day)
{
    return QDateTime(day, QTime(0, 0), china()).toUTC();
}

QDateTime ChinaDay::end(QDate day)
{
    return start(day.addDays(1));
}

QDate ChinaDay::dayOf(const QDateTime &time)
{
    return time.toTimeZone(china()).date();
}

QDate ChinaDay::today(const QDateTime &now)
{
    return dayOf(now);
}

QDateTime ChinaDay::storeTime(const QDateTime &time)
{
    return time.toTimeZone(china());
}

QString ChinaDay::display(const QDateTime &time, const QString &format)
{
    return time.isValid() ? storeTime(time).toString(format) : QString();
}

QString ChinaDay::storeText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace paydesk
