// SPDX-License-Identifier: MIT
#include "amount.h"

namespace paydesk::cli {

namespace {

// Far above any till amount and far below overflow: 10^11 yuan.
constexpr int MaxIntegerDigits = 11;

bool allDigits(QStringView text)
{
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

qint64 digitsValue(QStringView text)
{
    qint64 value = 0;
    for (const QChar c : text)
        value = value * 10 + (c.unicode() - '0');
    return value;
}

Error badAmount(const QString &text, const QString &why)
{
    return makeError(QStringLiteral("INVALID_AMOUNT"), QStringLiteral("\"%1\" is not an amount: %2").arg(text, why));
}

} // namespace

Result<qint64> parseFen(const QString &text)
{
    if (text.isEmpty() || !allDigits(text))
        return badAmount(text, QStringLiteral("give whole fen as digits, e.g. 1234 for 12.34 yuan"));
    if (text.size() > MaxIntegerDigits + 2)
        return badAmount(text, QStringLiteral("too large"));
    const qint64 fen = digitsValue(text);
    if (fen <= 0)
        return badAmount(text, QStringLiteral("it must be at least 1 fen"));
    return fen;
}

Result<qint64> parseYuan(const QString &text)
{
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    const QStringView whole = QStringView(text).left(dot < 0 ? text.size() : dot);
    const QStringView fraction = dot < 0 ? QStringView() : QStringView(text).mid(dot + 1);
    if (whole.isEmpty() || !allDigits(whole) || (dot >= 0 && (fraction.isEmpty() || !allDigits(fraction))))
        return badAmount(text, QStringLiteral("give yuan as digits with at most two decimals, e.g. 12.34"));
    if (fraction.size() > 2)
        return badAmount(text, QStringLiteral("yuan have at most two decimals (1 fen = 0.01 yuan)"));
    if (whole.size() > MaxIntegerDigits)
        return badAmount(text, QStringLiteral("too large"));
    qint64 fen = digitsValue(whole) * 100;
    if (fraction.size() == 1)
        fen += digitsValue(fraction) * 10;
    else if (fraction.size() == 2)
        fen += digitsValue(fraction);
    if (fen <= 0)
        return badAmount(text, QStringLiteral("it must be at least 0.01 yuan"));
    return fen;
}

QString formatYuan(qint64 fen)
{
    const QString sign = fen < 0 ? QStringLiteral("-") : QString();
    const qint64 magnitude = fen < 0 ? -fen : fen;
    return sign + QString::number(magnitude / 100) + QLatin1Char('.')
        + QString::number(magnitude % 100).rightJustified(2, QLatin1Char('0'));
}

} // namespace paydesk::cli
