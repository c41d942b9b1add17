// SPDX-License-Identifier: MIT
#pragma once

#include "store/order.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QMessageBox;
class QPushButton;

namespace paydesk {
class OrderRepository;
class PaymentService;
} // namespace paydesk

namespace paydesk::ui {

// The small dialog of a code-pay sale (付款码): the amount, and what is
// happening — sending, "the customer is entering the password…", paid,
// refused, reversed. Cancel reverses the order (the customer is not charged,
// or gets the money back); once the sale is settled the button closes the
// dialog, with the transaction number and "Print receipt" once paid, as the
// QR sale finishes. Esc and the close button mean Cancel too, but while the customer is
// entering the password they ask first (the default keeps waiting). Driven
// only by PaymentService's signals: nothing here waits on the network.
class CodePayDialog : public QDialog
{
    Q_OBJECT

public:
    CodePayDialog(PaymentService *payments, OrderRepository *orders, const QString &outTradeNo, qint64 amountFen,
                  QWidget *parent = nullptr);

    QString outTradeNo() const { return m_outTradeNo; }
    OrderState state() const { return m_state; }
    bool isSettled() const;
    // What the cashier reads, e.g. "The customer is entering the password…".
    QString statusText() const;

public slots:
    // Reverses the sale if it is not settled; closes the dialog if it is.
    void cancelOrClose();

signals:
    // "Print receipt" on the paid sale, as the QR sale's dialog offers it.
    void receiptRequested(const QString &outTradeNo);

protected:
    void changeEvent(QEvent *event) override;
    void reject() override;

private:
    void retranslate();
    void refresh();
    // The customer is entering the password (USERPAYING) and nobody cancelled yet.
    bool customerIsPaying() const;
    void askToCancel();

    PaymentService *m_payments;
    OrderRepository *m_orders;
    QString m_outTradeNo;
    qint64 m_amountFen;
    OrderState m_state = OrderState::Created;
    QString m_tradeState;
    QString m_transactionId;
    QString m_message;
    bool m_cancelling = false;
    QPointer<QMessageBox> m_cancelQuestion; // "cancel anyway?" while it is on screen

    QLabel *m_amountLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_transactionLabel = nullptr;
    QPushButton *m_printReceipt = nullptr;
    QPushButton *m_button = nullptr;
};

} // namespace paydesk::ui
