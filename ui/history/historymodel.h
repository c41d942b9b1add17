// SPDX-License-Identifier: MIT
#pragma once

#include "store/historyfilter.h"
#include "store/order.h"
#include "store/refundrepository.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>

namespace paydesk {
class OrderRepository;
} // namespace paydesk

namespace paydesk::ui {

// The history list, newest first, read a page at a time from
// OrderRepository::history: the view asks for more rows as it scrolls
// (canFetchMore/fetchMore), so a million stored orders cost one page of SQL.
//
// A filter is pinned to the moment it was applied (its upper bound becomes
// "now" when it was later), so pages stay consistent while sales go on; new
// sales appear at the top on refresh().
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, OutTradeNoColumn, DescriptionColumn, AmountColumn, StateColumn, RefundedColumn,
                  CashierColumn, ColumnCount };
    enum Role { OutTradeNoRole = Qt::UserRole + 1, AmountFenRole, StateRole, TrainingRole };

    static constexpr int DefaultPageSize = 200;

    // `refunds` gives the totals and combined sales' refunds; may be null.
    HistoryModel(OrderRepository *orders, RefundRepository *refunds, QObject *parent = nullptr);

    void setFilter(const HistoryFilter &filter); // resets to the first page
    HistoryFilter filter() const { return m_filter; }
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }

    OrderRecord recordAt(int row) const;
    int rowOf(const QString &outTradeNo) const; // among loaded rows; -1 when not loaded

    // Count, paid and refunded totals of the whole filter (not just loaded
    // rows). Summed on a worker thread over a read-only connection (a year of
    // a busy store is a long query): totalsChanged() says when summing starts
    // (totalsPending() true, totals() still the previous ones) and when the
    // new totals are in.
    HistoryTotals totals() const { return m_totals; }
    bool totalsPending() const { return m_totalsPending; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Translated names a cashier reads: 待支付, 已支付, 部分退款, ...
    static QString stateText(OrderState state);
    // "¥1,234.56", exact (integer fen, no floating point).
    static QString yuan(qint64 fen);

public slots:
    void refresh(); // re-reads from the first page: new sales appear at the top
    void retranslate(); // texts change with the language

signals:
    void totalsChanged();

private:
    HistoryFilter pinnedFilter() const;
    void loadTotals();
    QList<OrderRecord> readPage(int offset) const;

    OrderRepository *m_orders;
    RefundRepository *m_refunds;
    HistoryFilter m_filter;
    QDateTime m_pinnedAt; // UTC upper bound of the current snapshot
    QList<OrderRecord> m_rows;
    QHash<qint64, qint64> m_subOrderRefunds; // combined order id -> refunded by its sub-orders
    HistoryTotals m_totals;
    bool m_totalsPending = false;
    quint64 m_totalsGeneration = 0; // answers for an older filter are dropped
    int m_pageSize = DefaultPageSize;
    bool m_atEnd = false;
};

} // namespace paydesk::ui
