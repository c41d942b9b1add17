// SPDX-License-Identifier: MIT
#include "identifiers.h"

#include "crypto/securerandom.h"

namespace paydesk::cli {

namespace {

constexpr int MaxPrefix = 12;
constexpr int MinRandom = 6;

// Only characters that need no quoting in a shell or a URL path.
QString terminalPrefix(const QString &terminalId)
{
    QString prefix;
    for (const QChar c : terminalId) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            prefix.append(c);
        else if (c == QLatin1Char('-') || c == QLatin1Char('_'))
            prefix.append(c);
        if (prefix.size() == MaxPrefix)
            break;
    }
    return prefix.isEmpty() ? QStringLiteral("PD") : prefix;
}

QString build(QString prefix, int length, const QDateTime &now)
{
    const QString time = now.toString(QStringLiteral("yyyyMMddHHmmss"));
    if (prefix.size() + time.size() + MinRandom > length)
        prefix.truncate(qMax(0, length - int(time.size()) - MinRandom));
    const int random = length - int(prefix.size() + time.size());
    return prefix + time + QString::fromLatin1(SecureRandom::alphanumeric(random));
}

} // namespace

QString generateOutTradeNo(const QString &terminalId, int length, const QDateTime &now)
{
    return build(terminalPrefix(terminalId), qBound(6 + 14, length, 32), now);
}

QString generateOutRefundNo(const QString &terminalId, const QDateTime &now)
{
    return build(terminalPrefix(terminalId).left(MaxPrefix - 1) + QLatin1Char('R'), 32, now);
}

QString combineSubOutTradeNo(const QString &combineOutTradeNo, int index)
{
    return combineOutTradeNo.left(CombineOutTradeNoLength) + QLatin1Char('-')
        + QString::number(index).rightJustified(2, QLatin1Char('0'));
}

} // namespace paydesk::cli
