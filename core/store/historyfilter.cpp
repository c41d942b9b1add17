// SPDX-License-Identifier: MIT
#include "historyfilter.h"

#include "reconcile/chinaday.h"

#include <QStringList>

namespace paydesk {

QString HistoryFilter::whereClause(QVariantList &values) const
{
    QStringList terms;
    if (!reference.isEmpty()) {
        terms << QStringLiteral("(out_trade_no = ? OR transaction_id = ?)");
        values << reference << reference;
    }
    if (from.isValid()) {
        terms << QStringLiteral("created_at >= ?");
        values << from.toUTC().toString(Qt::ISODateWithMs);
    }
    if (to.isValid()) {
        terms << QStringLiteral("created_at < ?");
        values << to.toUTC().toString(Qt::ISODateWithMs);
    }
    if (businessDay.isValid()) {
        terms << QStringLiteral("business_day = ?"); // orders_business_day
        values << businessDay.toString(Qt::ISODate);
    }
    if (state) {
        terms << QStringLiteral("state = ?");
        values << orderStateName(*state);
    }
    if (minAmount) {
        terms << QStringLiteral("amount_total >= ?");
        values << *minAmount;
    }
    if (maxAmount) {
        terms << QStringLiteral("amount_total <= ?");
        values << *maxAmount;
    }
    if (training) {
        terms << QStringLiteral("training = ?");
        values << (*training ? 1 : 0);
    }
    if (!includeSubOrders)
        terms << QStringLiteral("parent_id IS NULL");
    return terms.isEmpty() ? QString() : QStringLiteral("WHERE ") + terms.join(QStringLiteral(" AND "));
}

HistoryFilter HistoryFilter::today()
{
    HistoryFilter f;
    const QDate date = ChinaDay::today(QDateTime::currentDateTimeUtc());
    f.from = ChinaDay::start(date);
    f.to = ChinaDay::end(date);
    return f;
}

} // namespace paydesk
