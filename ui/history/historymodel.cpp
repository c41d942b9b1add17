// SPDX-License-Identifier: MIT
#include "historymodel.h"

#include "reconcile/chinaday.h"
#include "store/database.h"
#include "store/orderrepository.h"

#include <QBrush>
#include <QColor>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

namespace paydesk::ui {

Q_LOGGING_CATEGORY(lcHistory, "paydesk.ui.history")

HistoryModel::HistoryModel(OrderRepository *orders, RefundRepository *refunds, QObject *parent)
    : QAbstractTableModel(parent), m_orders(orders), m_refunds(refunds), m_filter(HistoryFilter::today())
{
    refresh();
}

void HistoryModel::setFilter(const HistoryFilter &filter)
{
    m_filter = filter;
    refresh();
}

void HistoryModel::setPageSize(int rows)
{
    m_pageSize = qMax(1, rows);
}

HistoryFilter HistoryModel::pinnedFilter() const
{
    HistoryFilter f = m_filter;
    // created_at < pinnedAt: rows written after the snapshot wait for refresh(),
    // so OFFSET paging never shows a row twice while sales go on.
    if (!f.to.isValid() || f.to > m_pinnedAt)
        f.to = m_pinnedAt;
    return f;
}

QList<OrderRecord> HistoryModel::readPage(int offset) const
{
    return m_orders ? m_orders->history(pinnedFilter(), m_pageSize, offset) : QList<OrderRecord>{};
}

void HistoryModel::refresh()
{
    beginResetModel();
    m_pinnedAt = QDateTime::currentDateTimeUtc().addMSecs(1);
    m_rows.clear();
    m_subOrderRefunds.clear();
    m_atEnd = false;
    endResetModel();
    // The first page now, so the list shows at once; more as the view scrolls.
    fetchMore({});
    loadTotals();
}

void HistoryModel::loadTotals()
{
    const quint64 generation = ++m_totalsGeneration;
    const HistoryFilter filter = pinnedFilter();
    const QString path = m_refunds ? m_refunds->database()->path() : QString();
    auto apply = [this](const Result<HistoryTotals> &computed) {
        if (computed)
            m_totals = *computed;
        else
            qCWarning(lcHistory) << "history totals unavailable:" << computed.error().message;
        m_totalsPending = false;
        emit totalsChanged();
    };
    if (!m_refunds) {
        HistoryTotals totals;
        totals.orders = m_orders ? m_orders->historyCount(filter) : 0;
        return apply(totals);
    }
    if (path == QLatin1String(":memory:")) // no second connection to it: tests' stores only
        return apply(m_refunds->historyTotals(filter));

    m_totalsPending = true;
    emit totalsChanged(); // "adding up" while the worker sums
    auto *watcher = new QFutureWatcher<Result<HistoryTotals>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, apply] {
        watcher->deleteLater();
        if (generation == m_totalsGeneration)
            apply(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, filter]() -> Result<HistoryTotals> {
        auto reader = Database::openReader(path);
        if (!reader)
            return reader.error();
        return RefundRepository(reader->get(), nullptr).historyTotals(filter);
    }));
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd)
        return;
    const QList<OrderRecord> page = readPage(int(m_rows.size()));
    // A short page is the last one; an exactly full last page costs one empty read.
    m_atEnd = page.size() < m_pageSize;
    if (page.isEmpty())
        return;
    QList<qint64> combined;
    for (const OrderRecord &r : page) {
        if (r.kind == OrderKind::Combine)
            combined << r.id;
    }
    if (m_refunds && !combined.isEmpty()) {
        const auto refunded = m_refunds->refundedBySubOrders(combined);
        for (auto it = refunded.begin(); it != refunded.end(); ++it)
            m_subOrderRefunds.insert(it.key(), it.value());
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_rows += page;
    endInsertRows();
}

OrderRecord HistoryModel::recordAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : OrderRecord{};
}

int HistoryModel::rowOf(const QString &outTradeNo) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).outTradeNo == outTradeNo)
            return i;
    }
    return -1;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::stateText(OrderState state)
{
    switch (state) {
    case OrderState::Created: return tr("Not sent yet");
    case OrderState::Pending: return tr("Awaiting payment");
    case OrderState::Paid: return tr("Paid");
    case OrderState::PartiallyRefunded: return tr("Partially refunded");
    case OrderState::Refunded: return tr("Refunded");
    case OrderState::Closed: return tr("Closed");
    case OrderState::Failed: return tr("Failed");
    }
    return {};
}

QString HistoryModel::yuan(qint64 fen)
{
    const bool negative = fen < 0;
    const qint64 abs = negative ? -fen : fen;
    QString whole = QString::number(abs / 100);
    for (int i = int(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(i, QLatin1Char(','));
    return QStringLiteral("%1¥%2.%3")
        .arg(negative ? QStringLiteral("-") : QString(), whole)
        .arg(abs % 100, 2, 10, QLatin1Char('0'));
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const OrderRecord &r = m_rows.at(index.row());
    const qint64 refunded = r.refundedTotal + m_subOrderRefunds.value(r.id);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return ChinaDay::display(r.createdAt, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case OutTradeNoColumn: return r.outTradeNo;
        case DescriptionColumn:
            return r.kind == OrderKind::Combine ? tr("%1 (combined sale)").arg(r.description) : r.description;
        case AmountColumn: return yuan(r.amountTotal);
        case StateColumn:
            return r.training ? tr("%1 · training").arg(stateText(r.state)) : stateText(r.state);
        case RefundedColumn: return refunded > 0 ? yuan(refunded) : QString();
        case CashierColumn: return r.cashier;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == AmountColumn || index.column() == RefundedColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        // Money that never arrived is greyed, so paid sales stand out.
        if (r.state == OrderState::Closed || r.state == OrderState::Failed)
            return QBrush(QColor(0x80, 0x80, 0x80));
        if (index.column() == StateColumn && isPaid(r.state))
            return QBrush(QColor(0x1a, 0x7f, 0x37));
        if (index.column() == StateColumn && !isFinal(r.state))
            return QBrush(QColor(0xb0, 0x60, 0x00));
        break;
    case Qt::BackgroundRole:
        if (r.training)
            return QBrush(QColor(0xff, 0xf4, 0xcc)); // training sales moved no money
        break;
    case Qt::ToolTipRole:
        if (r.training)
            return tr("Training sale: no money was moved");
        if (!r.transactionId.isEmpty())
            return tr("WeChat Pay transaction %1").arg(r.transactionId);
        break;
    case OutTradeNoRole: return r.outTradeNo;
    case AmountFenRole: return r.amountTotal;
    case StateRole: return int(r.state);
    case TrainingRole: return r.training;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && (section == AmountColumn || section == RefundedColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case OutTradeNoColumn: return tr("Order number");
    case DescriptionColumn: return tr("Description");
    case AmountColumn: return tr("Amount");
    case StateColumn: return tr("State");
    case RefundedColumn: return tr("Refunded");
    case CashierColumn: return tr("Cashier");
    }
    return {};
}

void HistoryModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1), {Qt::DisplayRole, Qt::ToolTipRole});
}

} // namespace paydesk::ui
