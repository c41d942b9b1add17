// SPDX-License-Identifier: MIT
#include "storereport.h"

#include "hqdatabase.h"

#include <QJsonArray>
#include <QMap>

namespace paydesk::hq {

namespace {

struct Figures
{
    qint64 payments = 0;
    qint64 gross = 0;
    qint64 refundCount = 0;
    qint64 refunds = 0;

    QJsonObject toJson() const
    {
        return { { QStringLiteral("payments"), payments },
                 { QStringLiteral("gross"), gross },
                 { QStringLiteral("refund_count"), refundCount },
                 { QStringLiteral("refunds"), refunds },
                 { QStringLiteral("net"), gross - refunds } };
    }
};

struct StoreFigures
{
    QString code;
    QString name;
    Figures totals;
    QMap<QString, Figures> tills;
    QMap<QString, Figures> cashiers;
    QMap<QString, Figures> merchants;
};

QJsonArray lines(const QMap<QString, Figures> &map, const char *key)
{
    QJsonArray array;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        QJsonObject o = it.value().toJson();
        o.insert(QLatin1String(key), it.key());
        array.append(o);
    }
    return array;
}

} // namespace

Result<QJsonObject> StoreReport::day(QDate day, std::optional<qint64> storeId, bool includeTraining) const
{
    const QString dayText = day.toString(Qt::ISODate);
    const QString storeFilter = storeId ? QStringLiteral(" AND o.store_id = %1").arg(*storeId) : QString();
    const QString trainingFilter = includeTraining ? QString() : QStringLiteral(" AND NOT o.training");
    // A sub-order has no cashier of its own: the sale's (its parent's) counts.
    const QString grouping = QStringLiteral(
        "s.id, s.code, s.name, t.code, COALESCE(NULLIF(o.cashier, ''), p.cashier, ''), o.mchid");
    const QSqlDatabase db = m_database->connection();
    auto payments = pgExec(db,
                           QStringLiteral("SELECT %1, count(*), sum(o.amount_total) FROM orders o "
                                          "JOIN stores s ON s.id = o.store_id JOIN tills t ON t.id = o.till_id "
                                          "LEFT JOIN orders p ON p.till_id = o.till_id AND p.out_trade_no = "
                                          "o.parent_out_trade_no WHERE o.business_day = ?::date "
                                          "AND o.kind <> 'combine' AND o.state IN ('Paid', "
                                          "'PartiallyRefunded', 'Refunded')%2%3 GROUP BY %1")
                               .arg(grouping, storeFilter, trainingFilter),
                           { dayText });
    if (!payments)
        return payments.error();
    QMap<qint64, StoreFigures> stores;
    Figures chain;
    auto add = [&](const QSqlQuery &q, bool refund) {
        StoreFigures &s = stores[q.value(0).toLongLong()];
        s.code = q.value(1).toString();
        s.name = q.value(2).toString();
        const qint64 n = q.value(6).toLongLong(), sum = q.value(7).toLongLong();
        for (Figures *f : { &chain, &s.totals, &s.tills[q.value(3).toString()], &s.cashiers[q.value(4).toString()],
                            &s.merchants[q.value(5).toString()] }) {
            if (refund) {
                f->refundCount += n;
                f->refunds += sum;
            } else {
                f->payments += n;
                f->gross += sum;
            }
        }
    };
    while (payments->next())
        add(*payments, false);
    auto refunds = pgExec(db,
                          QStringLiteral("SELECT s.id, s.code, s.name, t.code, COALESCE(NULLIF(o.cashier, ''), "
                                         "p.cashier, ''), o.mchid, count(*), sum(r.amount) FROM refunds r "
                                         "JOIN orders o ON o.till_id = r.order_till_id AND o.out_trade_no = "
                                         "r.out_trade_no JOIN stores s ON s.id = r.store_id JOIN tills t ON t.id = "
                                         "r.till_id LEFT JOIN orders p ON p.till_id = o.till_id AND p.out_trade_no = "
                                         "o.parent_out_trade_no WHERE r.status = 'SUCCESS' AND r.business_day = ?::date"
                                         "%1%2 GROUP BY 1, 2, 3, 4, 5, 6")
                              .arg(storeFilter, trainingFilter),
                          { dayText });
    if (!refunds)
        return refunds.error();
    while (refunds->next())
        add(*refunds, true);

    QJsonArray storeList;
    for (const StoreFigures &s : std::as_const(stores)) {
        QJsonObject o = s.totals.toJson();
        o.insert(QStringLiteral("store"), s.code);
        o.insert(QStringLiteral("store_name"), s.name);
        o.insert(QStringLiteral("by_till"), lines(s.tills, "till"));
        o.insert(QStringLiteral("by_cashier"), lines(s.cashiers, "cashier"));
        o.insert(QStringLiteral("by_merchant"), lines(s.merchants, "mchid"));
        storeList.append(o);
    }
    return QJsonObject { { QStringLiteral("report"), QStringLiteral("X") },
                         { QStringLiteral("day"), day.toString(Qt::ISODate) },
                         { QStringLiteral("scope"), storeId ? QStringLiteral("store") : QStringLiteral("chain") },
                         { QStringLiteral("training_included"), includeTraining },
                         { QStringLiteral("totals"), chain.toJson() },
                         { QStringLiteral("stores"), storeList } };
}

} // namespace paydesk::hq
