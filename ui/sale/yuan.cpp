// SPDX-License-Identifier: MIT
#include "yuan.h"

#include <QCoreApplication>
#include <QLocale>

namespace paydesk::ui {

QString Yuan::format(qint64 fen)
{
    const qint64 magnitude = fen < 0 ? -fen : fen;
    // Grouping by hand: QLocale's grouping depends on the UI language, and a
    // receipt or customer display must read the same in Chinese and English.
    QString whole = QString::number(magnitude / 100);
    for (qsizetype i = whole.size() - 3; i > 0; i -= 3)
        whole.insert(i, QLatin1Char(','));
    return QStringLiteral("%1¥%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString(), whole)
        .arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

QString Yuan::plain(qint64 fen)
{
    return QStringLiteral("%1.%2").arg(fen / 100).arg(fen % 100, 2, 10, QLatin1Char('0'));
}

qint64 Yuan::parse(const QString &text, Problem *problem)
{
    auto fail = [problem](Problem p) {
        if (problem)
            *problem = p;
        return qint64(-1);
    };
    QString t = text.trimmed();
    if (t.startsWith(QChar(0x00A5)) || t.startsWith(QChar(0xFFE5))) // ¥ and the full-width ￥
        t = t.mid(1).trimmed();
    t.remove(QLatin1Char(','));
    if (t.isEmpty())
        return fail(Problem::Empty);
    const qsizetype dot = t.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? t : t.left(dot);
    const QString decimals = dot < 0 ? QString() : t.mid(dot + 1);
    auto digitsOnly = [](const QString &s) {
        for (const QChar c : s) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
        }
        return true;
    };
    if ((whole.isEmpty() && decimals.isEmpty()) || !digitsOnly(whole) || !digitsOnly(decimals))
        return fail(Problem::NotANumber);
    if (decimals.size() > 2)
        return fail(Problem::TooManyDecimals);
    // Leading zeros are harmless; more than 9 whole digits is over the limit
    // anyway and would overflow the multiplication below.
    QString w = whole;
    while (w.size() > 1 && w.startsWith(QLatin1Char('0')))
        w.remove(0, 1);
    if (w.size() > 9)
        return fail(Problem::TooLarge);
    const qint64 fen = w.toLongLong() * 100 + QString(decimals).leftJustified(2, QLatin1Char('0')).toLongLong();
    if (fen <= 0)
        return fail(Problem::Zero);
    if (fen > MaxFen)
        return fail(Problem::TooLarge);
    if (problem)
        *problem = Problem::None;
    return fen;
}

QString Yuan::problemText(Problem problem)
{
    switch (problem) {
    case Problem::None:
        return {};
    case Problem::Empty:
        return QCoreApplication::translate("paydesk::ui::Yuan", "Enter an amount.");
    case Problem::NotANumber:
        return QCoreApplication::translate("paydesk::ui::Yuan", "Enter the amount in yuan, like 12.50.");
    case Problem::TooManyDecimals:
        return QCoreApplication::translate("paydesk::ui::Yuan", "At most two decimals: yuan and fen, like 12.50.");
    case Problem::Zero:
        return QCoreApplication::translate("paydesk::ui::Yuan", "The amount must be more than ¥0.00.");
    case Problem::TooLarge:
        return QCoreApplication::translate("paydesk::ui::Yuan", "One sale can be at most %1.").arg(format(MaxFen));
    }
    return {};
}

} // namespace paydesk::ui
