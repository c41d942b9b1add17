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
// A terminal reconciles its own sales. Several tills share one merchant
// account, so the bill holds every till's rows: a row that the store knows (by
// out_trade_no, or out_refund_no for a refund) is compared; one the store
// does not know is this terminal's only when it carries this terminal's id
// (the bill's 设备号 when WeChat Pay has one — code pay sends it as
// scene_info.device_id — else the terminal part of the out_trade_no,
// OrderNumber's rule); every other row is another terminal's, counted in
// `otherTerminals` and never imported.
//
// Runs on any thread whose Database it is given (a worker opens its own).
class Reconciler
{
public:
    using Progress = std::function<void(int percent)>;

    // `terminalId`: the profile's terminal_id of the store being compared.
    Reconciler(Database *database, const QString &terminalId);
    // True when a bill row that the store does not know belongs to this terminal.
    bool isThisTerminals(const BillRow &row) const;

    Result<ReconciliationResult> compare(const ParsedBill &bill, QDate day, const QString &mchid,
                                         const Progress &progress = {}) const;
    // parse, then compare; progress 0-50 for the parse, 50-100 for the comparison.
    Result<ReconciliationResult> reconcile(QByteArrayView billContent, QDate day, const QString &mchid,
                                           const Progress &progress = {}) const;

private:
    Database *m_database;
    QString m_terminalId;
};

} // namespace paydesk
