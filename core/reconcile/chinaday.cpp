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

QString ChinaDay::storeText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace paydesk
