// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>

namespace paydesk {

// The one rule for the order numbers (out_trade_no) a till makes, the
// cashier's sales and paydesk-cli's API orders alike, so that anyone holding
// the number (the till's reconciliation, PayDesk HQ routing a notification, a
// manager reading the bill) can tell which till made it:
//
//     <terminal>_<yyMMddHHmmss><random>
//
// - terminal: the profile's terminal_id, sanitised to ASCII letters, digits
//   and '-' ('_' becomes '-', everything else is dropped), at most 12
//   characters; "PD" for a profile without a usable terminal id. It never
//   holds '_', so the first '_' ends it;
// - the time the number was made, UTC, 12 digits;
// - random letters and digits ([0-9A-Za-z]) up to the length asked for (32,
//   or 29 for a combined order whose sub-orders append a suffix), at least 4.
//
// Every character needs no quoting in a shell or a URL and is one WeChat Pay
// allows in out_trade_no. Two terminals whose ids sanitise to the same prefix
// cannot be told apart: give each till an ASCII terminal_id of its own.
class OrderNumber
{
public:
    static constexpr int MaxLength = 32; // WeChat Pay's limit for out_trade_no
    static constexpr int MaxPrefix = 12;
    static constexpr int MinRandom = 4;
    static constexpr int TimeDigits = 12;
    static constexpr QChar Separator = QLatin1Char('_');
    // Room for the longest terminal part: a combined order of 29 leaves its
    // sub-orders 3 characters ("S10", "-01").
    static constexpr int MinLength = MaxPrefix + 1 + TimeDigits + MinRandom;

    // The terminal part for a terminal id ("PD" when nothing usable is left).
    static QString prefix(const QString &terminalId);
    // A new number of `length` characters (bounded to MinLength..MaxLength).
    static QString generate(const QString &terminalId, int length = MaxLength,
                            const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The terminal part of a number made by this rule (sub-order suffixes
    // included); empty when the number is not of this form (made elsewhere,
    // or by a PayDesk before this rule).
    static QString terminalOf(const QString &outTradeNo);
    // The time part (UTC); invalid when the number is not of this form.
    static QDateTime timeOf(const QString &outTradeNo);
    // True when `outTradeNo` was made by the till with this terminal id.
    static bool madeBy(const QString &outTradeNo, const QString &terminalId);
};

} // namespace paydesk
