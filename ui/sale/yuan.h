// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

namespace paydesk::ui {

// Amounts as the cashier types and reads them: yuan with at most two decimals,
// held as whole fen. Parsing is exact (no floating point), so "0.1" + "0.2" is
// 30 fen and "12.345" is refused rather than rounded.
class Yuan
{
public:
    enum class Problem { None, Empty, NotANumber, TooManyDecimals, Zero, TooLarge };

    // One sale's ceiling; WeChat Pay would take more, a shop counter should not.
    static constexpr qint64 MaxFen = 100'000'000; // ¥1,000,000.00

    // "¥1,234.50"; negative amounts keep their sign after the symbol.
    static QString format(qint64 fen);
    // "1234.50" without symbol or grouping (for an edit field).
    static QString plain(qint64 fen);

    // "12", "12.3", "12.34", "¥12.34", " 12.34 " → fen; anything else → -1 and
    // `problem` says why (an amount must be > 0 and ≤ MaxFen).
    static qint64 parse(const QString &text, Problem *problem = nullptr);
    // A sentence for the cashier, translated.
    static QString problemText(Problem problem);
};

} // namespace paydesk::ui
