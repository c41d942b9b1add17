// SPDX-License-Identifier: MIT
#pragma once

#include "store/order.h"

#include <QDateTime>
#include <QDialog>
#include <QPointer>

class QLabel;
class QMessageBox;
class QPrinter;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace paydesk {
class Clock;
class OrderRepository;
class PaymentService;
} // namespace paydesk

namespace paydesk::ui {

class CustomerDisplay;
class QrCodeWidget;

// One sale's payment, from the QR code to a final state, as the cashier sees
// it: amount, merchant, the QR (once WeChat Pay has given the code_url), a
// countdown to expiry and the live state (waiting, customer is paying, paid,
// failed, closed, WeChat Pay unreachable).
//
// The dialog never decides an outcome itself: it shows what PaymentService
// and the store say. Cancel asks the service to close the order and waits
// for the final word, so a payment that beat the close shows as paid. "New
// QR code" is offered only once the order is final and unpaid, so a customer
// can never pay the same sale twice. While the order is open, Esc and the
// window's close button mean Cancel; the dialog stays until the order is final.
// Once the customer is paying (USERPAYING), Esc and the close button first ask
// whether to cancel anyway (the default keeps waiting).
class PaymentDialog : public QDialog
{
    Q_OBJECT

public:
    PaymentDialog(PaymentService *payments, OrderRepository *orders, Clock *clock, const QString &outTradeNo,
                  const QString &merchantName, QWidget *parent = nullptr);
    ~PaymentDialog() override;

    OrderState state() const { return m_state; }
    QString outTradeNo() const { return m_outTradeNo; }
    qint64 amountFen() const { return m_amountFen; }
    // What the state line says now ("Waiting for the customer to scan").
    QString statusText() const;
    // "04:59", or empty once the order is final.
    QString countdownText() const;
    // The QR code's payload (the order's code_url), empty before it arrives.
    QString qrPayload() const;

    // Drives `display` through this sale; when the display is shown on another
    // screen the dialog keeps only a small QR for the cashier.
    void setCustomerDisplay(CustomerDisplay *display);
    // Whether "Print receipt" is offered on the success page (a receipt service is connected).
    void setReceiptOffered(bool offered);

    // The QR, amount, merchant and expiry on a slip (or a PDF). False without a
    // QR code yet or when the printer cannot be opened.
    bool printQrSlip(QPrinter *printer);

public slots:
    // Close the order at WeChat Pay, then wait for the final state.
    void cancelSale();
    // Esc: cancel while the order is open (asking first while the customer is
    // paying), close once it is final.
    void reject() override;

signals:
    void receiptRequested(const QString &outTradeNo);
    // "New QR code": this order is final and unpaid; the owner may start a new
    // order (new out_trade_no) for the same sale.
    void retryRequested();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    enum class Status { Preparing, Unreachable, Waiting, Paying, Cancelling, Expiring, Final, Missing };

    void onSaleUpdated(const QString &outTradeNo, OrderState state, const QString &codeUrl, const QString &message);
    void onSaleFinished(const QString &outTradeNo, OrderState state);
    void finish(OrderState state);
    void setCodeUrl(const QString &codeUrl);
    void tick();
    void retranslate();
    void updateQrPlacement();
    void updateCustomerDisplay();
    void printSlipInteractive();
    void retry();
    // Esc or the close button while the order is open: cancel, or ask first
    // when the customer is already paying.
    void requestCancel();

    QPointer<PaymentService> m_payments;
    OrderRepository *m_orders;
    QPointer<Clock> m_clock;
    QString m_outTradeNo;
    QString m_merchantName;
    qint64 m_amountFen = 0;
    QDateTime m_expiresAt;
    QString m_transactionId;
    OrderState m_state = OrderState::Created;
    Status m_status = Status::Preparing;
    QString m_message; // the service's last message (why WeChat Pay is unreachable)
    bool m_cancelling = false;
    bool m_finished = false;
    bool m_closedByExpiry = false;
    QPointer<CustomerDisplay> m_display;
    QPointer<QMessageBox> m_cancelQuestion; // "cancel anyway?" while it is on screen

    QStackedWidget *m_pages = nullptr;
    QWidget *m_pendingPage = nullptr;
    QLabel *m_merchantLabel = nullptr;
    QLabel *m_amountLabel = nullptr;
    QrCodeWidget *m_qr = nullptr;
    QLabel *m_elsewhereLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_detailLabel = nullptr; // why, in WeChat Pay's or the client's words
    QLabel *m_countdownLabel = nullptr;
    QPushButton *m_printSlip = nullptr;
    QPushButton *m_cancel = nullptr;

    QWidget *m_paidPage = nullptr;
    QLabel *m_paidTitle = nullptr;
    QLabel *m_paidAmount = nullptr;
    QLabel *m_paidTransaction = nullptr;
    QPushButton *m_printReceipt = nullptr;
    QPushButton *m_done = nullptr;

    QWidget *m_unpaidPage = nullptr;
    QLabel *m_unpaidSymbol = nullptr;
    QLabel *m_unpaidTitle = nullptr;
    QLabel *m_unpaidDetail = nullptr;
    QPushButton *m_newQr = nullptr;
    QPushButton *m_close = nullptr;

    QTimer *m_timer = nullptr;
};

} // namespace paydesk::ui
