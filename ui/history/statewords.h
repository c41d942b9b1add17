// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>

namespace paydesk::ui {

// The words a cashier reads for what the store keeps as codes and English:
// WeChat Pay's trade states, the store's order and refund states, and the
// audit trail's details (written once, in English, inside the hash chain, so
// they are translated when shown and never rewritten). Anything not
// recognised is shown as stored.
class StateWords
{
    Q_DECLARE_TR_FUNCTIONS(paydesk::ui::StateWords)

public:
    // "SUCCESS" -> "Paid (SUCCESS)": the word, with WeChat Pay's own code for support.
    static QString tradeState(const QString &code);
    // "Pending" (orderStateName) -> the state as history shows it.
    static QString orderState(const QString &name);
    // A refund's stored status ("Created", "PROCESSING", "SUCCESS", ...).
    static QString refundStatus(const QString &status);
    // "query", "notification", "create" (resultSourceName).
    static QString resultSource(const QString &name);
    // The audit trail's "What" column for an action code ("order.state").
    static QString auditAction(const QString &action);
    // The audit trail's details, e.g. "Pending -> Paid (query SUCCESS, transaction 42…)".
    static QString auditDetails(const QString &action, const QString &details);
};

} // namespace paydesk::ui
