// SPDX-License-Identifier: MIT
#pragma once

#include "order.h"

#include <QDateTime>
#include <QString>
#include <QVariantList>

#include <optional>

namespace paydesk {

// What the history screen and `paydesk-cli history` ask for. Every field is
// optional; the SQL it builds always runs on an index (created_at,
// out_trade_no, transaction_id, state), so it stays fast with a million orders.
struct HistoryFilter
{
    QDateTime from; // inclusive, UTC
    QDateTime to;   // exclusive, UTC
    QDate businessDay; // paid orders counted in this business day (BusinessDay), as the X/Z reports count them
    std::optional<OrderState> state;
    std::optional<qint64> minAmount; // fen
    std::optional<qint64> maxAmount;
    QString reference; // an out_trade_no or a transaction_id, exact
    std::optional<bool> training;
    bool includeSubOrders = false;

    // "WHERE ..." (possibly empty) and its positional values.
    QString whereClause(QVariantList &values) const;
    // Today, in local time, as the history screen opens.
    static HistoryFilter today();
};

} // namespace paydesk
