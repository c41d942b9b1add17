// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"
#include "payments/paymentservice.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk::ui {

// A combined order (合单): several of the profile's sub-merchants, each with
// an amount and a description, paid with one QR code. Everything WeChat Pay
// would refuse is refused here first, with a message that names the row: 2 to
// 10 sub-orders, amounts > 0 with at most two decimals, a description for each
// (≤ 127 UTF-8 bytes), no sub-merchant twice. Nothing is sent by the dialog;
// after accept() the owner reads subSales().
class CombinedSaleDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int MinSubOrders = 2;
    static constexpr int MaxSubOrders = 10; // WeChat Pay's limit for an ordinary merchant

    explicit CombinedSaleDialog(const QList<SubMerchant> &subMerchants, QWidget *parent = nullptr);

    // Valid after accept(): one entry per row, in order.
    QList<PaymentService::SubSale> subSales() const { return m_accepted; }

    int rowCount() const { return int(m_rows.size()); }
    qint64 totalFen() const;
    QString messageText() const;

    // For the owner and tests: fill row `row` (0-based). `mchid` must be one of the sub-merchants.
    void setRow(int row, const QString &mchid, const QString &yuan, const QString &description);

public slots:
    void addRow();
    void removeRow(int row);
    // Validates; accepts only when every rule holds, otherwise shows why.
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        QComboBox *merchant = nullptr;
        QLineEdit *amount = nullptr;
        QLineEdit *description = nullptr;
        QPushButton *remove = nullptr;
        QLabel *number = nullptr;
    };
    void retranslate();
    void relayout();
    void updateTotal();
    void showMessage(const QString &text);

    QList<SubMerchant> m_subMerchants;
    QList<Row> m_rows;
    QList<PaymentService::SubSale> m_accepted;

    QLabel *m_intro = nullptr;
    QGridLayout *m_grid = nullptr;
    QLabel *m_merchantHeader = nullptr;
    QLabel *m_amountHeader = nullptr;
    QLabel *m_descriptionHeader = nullptr;
    QPushButton *m_add = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_ok = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace paydesk::ui
