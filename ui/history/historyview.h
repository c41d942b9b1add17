// SPDX-License-Identifier: MIT
#pragma once

#include "store/historyfilter.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace paydesk {
class AuditLog;
class OrderRepository;
class RefundRepository;
} // namespace paydesk

namespace paydesk::ui {

class HistoryModel;
class OrderDetailsDialog;

// The history screen: today's sales by default, a filter bar (dates, state,
// amount, order or transaction number), the lazy list with its count and
// paid total, and the details of a sale on double click or Enter.
// Reprint and refund are only asked for; the main window does them. Refund is
// offered only for a sale this till can refund (RefundLookup::check).
class HistoryView : public QWidget
{
    Q_OBJECT

public:
    HistoryView(OrderRepository *orders, RefundRepository *refunds, AuditLog *audit, QWidget *parent = nullptr);

    HistoryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    OrderDetailsDialog *detailsDialog() const; // null when closed
    // The filter the fields describe; std::nullopt (with a message shown) when a field is invalid.
    std::optional<HistoryFilter> filterFromFields();
    // This till's merchant: another merchant's sub-orders are not offered for refund. Empty: any.
    void setMerchantId(const QString &mchid);

public slots:
    void search();      // applies the filter fields
    void showToday();   // back to the default: today, any state, no amount, no reference
    void refresh();     // re-reads with the same filter: new sales appear at the top
    void openDetails(const QString &outTradeNo);
    void openSelectedDetails();
    // A refund was stored or moved on (RefundService::refundUpdated): the list
    // and the open details of its order show it without being reopened.
    void noteRefund(const QString &outRefundNo);

signals:
    void reprintRequested(const QString &outTradeNo);
    void refundRequested(const QString &outTradeNo);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void updateSummary();
    void selectFirstRow();
    void updateButtons();
    static std::optional<qint64> parseYuan(const QString &text, bool *ok);

    OrderRepository *m_orders;
    RefundRepository *m_refunds;
    AuditLog *m_audit;
    HistoryModel *m_model;

    QLabel *m_fromLabel;
    QDateEdit *m_from;
    QLabel *m_toLabel;
    QDateEdit *m_to;
    QLabel *m_stateLabel;
    QComboBox *m_state;
    QLabel *m_amountLabel;
    QLineEdit *m_minAmount;
    QLabel *m_amountDash;
    QLineEdit *m_maxAmount;
    QLabel *m_referenceLabel;
    QLineEdit *m_reference;
    QPushButton *m_searchButton;
    QPushButton *m_todayButton;
    QLabel *m_message;
    QTableView *m_table;
    QLabel *m_summary;
    QPushButton *m_detailsButton;
    QPushButton *m_reprintButton;
    QPushButton *m_refundButton;
    QPushButton *m_refreshButton;
    QString m_merchantId;
    QPointer<OrderDetailsDialog> m_details;
};

} // namespace paydesk::ui
