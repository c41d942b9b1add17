// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QDate>
#include <QJsonObject>

#include <optional>

namespace paydesk::hq {

class HqDatabase;

// The store's day (and the chain's) from every till's synced rows: the X
// report of a business day for one store or all of them, with each store
// broken down by till, by cashier and by (sub-)merchant. The same rules as a
// till's own report (core/reconcile/shiftreport): a payment or a successful
// refund counts in the business day its till recorded it in (its China-time
// day, or the next one when the till had closed that day), a combined sale by
// its sub-orders, a refund at the till that issued it. Training sales are
// left out unless asked for.
class StoreReport
{
public:
    explicit StoreReport(HqDatabase *database) : m_database(database) {}

    // `storeId`: one store; none: the chain.
    Result<QJsonObject> day(QDate day, std::optional<qint64> storeId, bool includeTraining) const;

private:
    HqDatabase *m_database;
};

} // namespace paydesk::hq
