// SPDX-License-Identifier: MIT
#include "wechattime.h"

#include <QDateTime>
#include <QLocale>

namespace paydesk::sandbox::WechatTime {

QTimeZone chinaZone()
{
    return QTimeZone(8 * 3600);
}

QString format(qint64 secsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secsSinceEpoch, chinaZone()).toString(Qt::ISODate);
}

std::optional<qint64> parse(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return time.toSecsSinceEpoch();
}

QString billDate(qint64 secsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secsSinceEpoch, chinaZone()).date().toString(Qt::ISODate);
}

QString billTimestamp(qint64 secsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secsSinceEpoch, chinaZone()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QByteArray httpDate(qint64 secsSinceEpoch)
{
    return QLocale::c()
        .toString(QDateTime::fromSecsSinceEpoch(secsSinceEpoch, QTimeZone::utc()),
                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

QString yuan(qint64 fen, int decimals)
{
    const bool negative = fen < 0;
    const qint64 magnitude = negative ? -fen : fen;
    QString text = QString::number(magnitude / 100) + QLatin1Char('.')
        + QStringLiteral("%1").arg(magnitude % 100, 2, 10, QLatin1Char('0'));
    for (int i = 2; i < decimals; ++i)
        text += QLatin1Char('0');
    return negative ? QLatin1Char('-') + text : text;
}

} // namespace paydesk::sandbox::WechatTime
