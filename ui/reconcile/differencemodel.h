// SPDX-License-Identifier: MIT
#pragma once

#include "reconcile/reconciliationresult.h"

#include <QAbstractTableModel>

namespace paydesk::ui {

// The differences of one reconciliation, one row each, with what to do about
// it in the interface language.
class DifferenceModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Kind, Order, RefundNo, BillAmount, StoreAmount, BillState, StoreState, Action, ColumnCount };

    explicit DifferenceModel(QObject *parent = nullptr);

    void setResult(const ReconciliationResult &result);
    const ReconciliationResult &result() const { return m_result; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(DifferenceKind kind);
    static QString actionText(const Difference &difference);

private:
    ReconciliationResult m_result;
};

} // namespace paydesk::ui
