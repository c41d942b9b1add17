// SPDX-License-Identifier: MIT
#pragma once

#include "store/order.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <functional>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QStackedWidget;

namespace paydesk {
class PaymentTerminal;
class PinVault;
} // namespace paydesk

namespace paydesk::ui {

class PinDialog;

// A refund from an order in history, as a manager does it: the order's amount,
// what is already refunded and what is left; for a combined sale the
// sub-order to refund (each with its own remainder; only this merchant's own
// sub-orders can be refunded from this till); the full remainder or a part of
// it in yuan; a reason (WeChat Pay shows it to the customer, at most 80
// characters). Everything is checked before anything is sent; then the manager
// PIN (PinDialog), then RefundService::refund with the manager as actor, and a
// progress page that follows the refund to SUCCESS, CLOSED, ABNORMAL or
// REJECTED, each explained in plain words.
//
// Closing the dialog while the refund is PROCESSING abandons nothing: it is
// stored, RefundService keeps polling and the Resolver settles it after a restart.
class RefundDialog : public QDialog
{
    Q_OBJECT

public:
    // `outTradeNo` is the order as history names it (a combined sale's own number).
    RefundDialog(PaymentTerminal *terminal, PinVault *pins, const QString &outTradeNo, QWidget *parent = nullptr);
    ~RefundDialog() override;

    // For tests and the shell: what the manager sees.
    QString problem() const;        // why the refund cannot be sent yet; empty when none
    QString status() const;         // empty before sending; then Created, PROCESSING, SUCCESS, CLOSED, ABNORMAL, REJECTED
    QString statusText() const;     // the progress page's headline
    QString explanation() const;    // and its plain-words explanation
    QString outTradeNo() const { return m_outTradeNo; } // the order it was opened for
    QString outRefundNo() const { return m_outRefundNo; }
    QString refundedOrder() const;  // the (sub-)order selected for the refund
    qint64 remainder() const;       // refundable remainder of the selected (sub-)order, fen
    PinDialog *pinDialog() const { return m_pinDialog; }

signals:
    // The manager asked for a printed refund receipt (offered once the refund succeeded).
    void refundReceiptRequested(const QString &outRefundNo);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Target
    {
        OrderRecord order;
        qint64 remainder = 0;
        bool ownMerchant = true; // false: a sub-merchant's sub-order, refunded with its own key
    };

    void load();
    void retranslate();
    void updateForm();
    void requestRefund();
    void send(const QString &actor);
    void onRefundUpdated(const QString &outRefundNo, const QString &status, const QString &message);
    void showStatus();
    void setProblem(std::function<QString()> text);
    QString merchantName(const QString &mchid) const;
    const Target *selected() const;
    qint64 enteredAmount(QString *why) const;

    PaymentTerminal *m_terminal;
    PinVault *m_pins;
    QString m_outTradeNo;
    OrderRecord m_order;
    bool m_found = false;
    QList<Target> m_targets;
    // Re-evaluated on a language change, so a problem reads in the new language too.
    std::function<QString()> m_problemText;
    QString m_outRefundNo;
    qint64 m_sentAmount = 0;
    QString m_status;
    QString m_statusMessage;
    QPointer<PinDialog> m_pinDialog;

    QStackedWidget *m_pages;
    // The form
    QLabel *m_heading;
    QLabel *m_orderLabel;
    QLabel *m_orderValue;
    QLabel *m_amountLabel;
    QLabel *m_amountValue;
    QLabel *m_paidLabel;
    QLabel *m_paidValue;
    QLabel *m_refundedLabel;
    QLabel *m_refundedValue;
    QLabel *m_remainderLabel;
    QLabel *m_remainderValue;
    QLabel *m_subOrderLabel;
    QComboBox *m_subOrder;
    QLabel *m_howMuchLabel;
    QRadioButton *m_full;
    QRadioButton *m_partial;
    QButtonGroup *m_howMuch;
    QLabel *m_yuanLabel;
    QLineEdit *m_amount;
    QLabel *m_reasonLabel;
    QLineEdit *m_reason;
    QLabel *m_problemLabel;
    QPushButton *m_refundButton;
    QPushButton *m_cancelButton;
    // Progress
    QLabel *m_statusLabel;
    QLabel *m_explanationLabel;
    QLabel *m_refundNoLabel;
    QPushButton *m_receiptButton;
    QPushButton *m_closeButton;
};

} // namespace paydesk::ui
