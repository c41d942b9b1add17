// SPDX-License-Identifier: MIT
#pragma once

#include "reconciliationresult.h"
#include "result.h"
#include "tradebillparser.h"

#include <QDate>
#include <QString>
#include <functional>

namespace paydesk {

class Database;

// Compares a day's trade bill with the store, read-only.
//
// The day is a China-time day (ChinaDay): the store's side is the paid orders
// of `mchid` whose paid_at falls in it (combined orders are compared through
// their sub-orders, which carry the sub-merchant's mchid) and the refunds
// asked for in it (CLOSED ones moved no money and are not in the bill). A
// bill row whose order was paid on another day here is still found by its
// out_trade_no, so a payment that landed just after midnight is not reported
// twice. Every difference carries what to do about it.
//
// Runs on any thread whose Database it is given (a worker opens its own).
class Reconciler
{
public:
    using Progress = std::function<void(int percent)>;

    explicit Reconciler(Database *database);

    Result<ReconciliationResult> compare(const ParsedBill &bill, QDate day, const QString &mchid,
                                         const Progress &progress = {}) const;
    // parse, then compare; progress 0-50 for the parse, 50-100 for the comparison.
    Result<ReconciliationResult> reconcile(QByteArrayView billContent, QDate day, const QString &mchid,
                                           const Progress &progress = {}) const;

private:
    Database *m_database;
};

} // namespace paydesk
