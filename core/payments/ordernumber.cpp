// SPDX-License-Identifier: MIT
#include "ordernumber.h"

#include "crypto/securerandom.h"

#include <QTimeZone>

namespace paydesk {

namespace {

const QString TimeFormat = QStringLiteral("yyMMddHHmmss");

bool isPrefixChar(QChar c)
{
    return c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('-'));
}

} // namespace

QString OrderNumber::prefix(const QString &terminalId)
{
    QString out;
    for (const QChar c : terminalId) {
        if (isPrefixChar(c))
            out.append(c);
        else if (c == Separator)
            out.append(QLatin1Char('-'));
        if (out.size() == MaxPrefix)
            break;
    }
    return out.isEmpty() ? QStringLiteral("PD") : out;
}

QString OrderNumber::generate(const QString &terminalId, int length, const QDateTime &now)
{
    length = qBound(MinLength, length, MaxLength);
    const QString head = prefix(terminalId) + Separator + now.toUTC().toString(TimeFormat);
    return head + QString::fromLatin1(SecureRandom::alphanumeric(length - int(head.size())));
}

QString OrderNumber::terminalOf(const QString &outTradeNo)
{
    const qsizetype separator = outTradeNo.indexOf(Separator);
    if (separator < 1 || separator > MaxPrefix || outTradeNo.size() < separator + 1 + TimeDigits + MinRandom)
        return {};
    for (qsizetype i = 0; i < separator; ++i) {
        if (!isPrefixChar(outTradeNo.at(i)))
            return {};
    }
    for (qsizetype i = separator + 1; i <= separator + TimeDigits; ++i) {
        if (!outTradeNo.at(i).isDigit() || outTradeNo.at(i).unicode() >= 128)
            return {};
    }
    return outTradeNo.left(separator);
}

QDateTime OrderNumber::timeOf(const QString &outTradeNo)
{
    const QString terminal = terminalOf(outTradeNo);
    if (terminal.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(outTradeNo.mid(terminal.size() + 1, TimeDigits), TimeFormat);
    if (!t.isValid())
        return {};
    t.setTimeZone(QTimeZone::utc());
    // yy is read as 19yy by Qt: numbers are made in this century.
    return t.date().year() < 2000 ? t.addYears(100) : t;
}

bool OrderNumber::madeBy(const QString &outTradeNo, const QString &terminalId)
{
    const QString terminal = terminalOf(outTradeNo);
    return !terminal.isEmpty() && terminal == prefix(terminalId);
}

} // namespace paydesk
