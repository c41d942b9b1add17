// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>

namespace paydesk::cli {

// Identifiers paydesk-cli makes when the caller gives none. They are born here,
// printed with the result (and with an "outcome unknown" error), so a retry can
// reuse them: a new identifier for the same sale could be paid twice.

// OrderNumber's rule (core/payments/ordernumber.h), the one the cashier's
// sales use: terminal + '_' + yyMMddHHmmss (UTC) + random, `length` (29..32).
QString generateOutTradeNo(const QString &terminalId, int length = 32,
                           const QDateTime &now = QDateTime::currentDateTimeUtc());
// The same shape for out_refund_no, with "R" after the terminal part.
QString generateOutRefundNo(const QString &terminalId, const QDateTime &now = QDateTime::currentDateTimeUtc());

// Sub-orders of a combined order get "<combine_out_trade_no>-01", "-02", ...
// (the combined number cut to 29 characters): derived, not random, so re-issuing
// the same combined order re-issues the same sub-orders.
constexpr int CombineOutTradeNoLength = 29;
QString combineSubOutTradeNo(const QString &combineOutTradeNo, int index);

} // namespace paydesk::cli
