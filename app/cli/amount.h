// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QString>

namespace paydesk::cli {

// Amounts typed by people, turned into fen exactly: no floating point anywhere,
// so "0.29" is 29 fen and never 28.999...

// "1234" -> 1234. Digits only, more than zero.
Result<qint64> parseFen(const QString &text);
// "12.34" -> 1234, "12.3" -> 1230, "12" -> 1200. Digits, then at most two
// decimals after a dot; no sign, exponent, spaces or separators; more than zero.
Result<qint64> parseYuan(const QString &text);
// 1234 -> "12.34"
QString formatYuan(qint64 fen);

} // namespace paydesk::cli
