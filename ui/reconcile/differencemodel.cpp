// SPDX-License-Identifier: MIT
#include "differencemodel.h"

#include "sale/yuan.h"

#include <QBrush>
#include <QColor>

namespace paydesk::ui {

DifferenceModel::DifferenceModel(QObject *parent) : QAbstractTableModel(parent) { }

void DifferenceModel::setResult(const ReconciliationResult &result)
{
    beginResetModel();
    m_result = result;
    endResetModel();
}

int DifferenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_result.differences.size());
}

int DifferenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DifferenceModel::kindText(DifferenceKind kind)
{
    switch (kind) {
    case DifferenceKind::OnlyInBill:
        return tr("Only in WeChat Pay's bill");
    case DifferenceKind::OnlyHere:
        return tr("Only in this store");
    case DifferenceKind::AmountDiffers:
        return tr("Amount differs");
    case DifferenceKind::StateDiffers:
        return tr("State differs");
    case DifferenceKind::RefundDiffers:
        return tr("Refund differs");
    }
    return {};
}

QString DifferenceModel::actionText(const Difference &d)
{
    if (d.resolved)
        return tr("Done: confirmed by WeChat Pay and recorded in the store.");
    switch (d.kind) {
    case DifferenceKind::OnlyInBill:
        return tr("Paid at WeChat Pay but unknown here: check the sale with the cashier; run the reconciliation again "
                  "to import it.");
    case DifferenceKind::OnlyHere:
        return tr(
            "Not in WeChat Pay's bill: look the order up; if WeChat Pay does not know it, the customer did not pay.");
    case DifferenceKind::AmountDiffers:
        return tr("WeChat Pay's amount is what was charged: refund or charge the difference and tell support.");
    case DifferenceKind::StateDiffers:
        return tr("WeChat Pay says paid: press Resolve so the store asks WeChat Pay and records the payment.");
    case DifferenceKind::RefundDiffers:
        return tr("Press Resolve to follow open refunds; a refund made on the merchant platform must be recorded by a "
                  "manager.");
    }
    return {};
}

QVariant DifferenceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_result.differences.size())
        return {};
    const Difference &d = m_result.differences.at(index.row());
    if (role == Qt::ToolTipRole)
        return QString(d.detail + (d.resolution.isEmpty() ? QString() : QStringLiteral("\n") + d.resolution));
    if (role == Qt::ForegroundRole && index.column() == Kind && !d.resolved)
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (role == Qt::TextAlignmentRole && (index.column() == BillAmount || index.column() == StoreAmount))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Kind:
        return kindText(d.kind);
    case Order:
        return d.outTradeNo;
    case RefundNo:
        return d.outRefundNo;
    case BillAmount:
        return d.billLine > 0 ? Yuan::format(d.billAmount) : tr("—");
    case StoreAmount:
        return d.localState.isEmpty() ? tr("—") : Yuan::format(d.localAmount);
    case BillState:
        return d.billState.isEmpty() ? tr("—") : d.billState;
    case StoreState:
        return d.localState.isEmpty() ? tr("—") : d.localState;
    case Action:
        return actionText(d);
    }
    return {};
}

QVariant DifferenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Kind:
        return tr("Difference");
    case Order:
        return tr("Order no.");
    case RefundNo:
        return tr("Refund no.");
    case BillAmount:
        return tr("In the bill");
    case StoreAmount:
        return tr("In the store");
    case BillState:
        return tr("Bill state");
    case StoreState:
        return tr("Store state");
    case Action:
        return tr("What to do");
    }
    return {};
}

} // namespace paydesk::ui
