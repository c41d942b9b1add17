// SPDX-License-Identifier: MIT
#pragma once

#include "payments/paymentservice.h"
#include "payments/resolver.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QStringList>

class QAction;
class QLabel;
class QMessageBox;
class QStackedWidget;

namespace paydesk {
class DailyReconciliation;
class PaymentTerminal;
class PinVault;
class SyncService;
} // namespace paydesk

namespace paydesk::ui {

class AppSettings;
class ChargeView;
class CodePayDialog;
class CustomerDisplay;
class CustomerPanel;
class HistoryView;
class ReceiptDesk;
class ReconciliationView;
class ReportView;
class PaymentDialog;
class RefundDialog;
class RefundLookupDialog;
class TerminalStatusBar;
class TrainingEnvironment;

// The cashier's window: the charge screen (F1), history (F2), a refund from the
// receipt's code or the order number (F3), reconciliation (F4) and reports (F5) for a manager, settings
// (F9, manager), a status bar, and in training mode a
// bright banner and the pretend customer. One sale at a time: while a payment
// dialog is open the charge screen is busy, so Enter pressed twice or a double
// click can never make a second order.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Context
    {
        PaymentTerminal *terminal = nullptr;
        AppSettings *settings = nullptr;
        PinVault *pins = nullptr;
        TrainingEnvironment *training = nullptr; // null: a real merchant
        QString profilePath;
        QString cashier = QStringLiteral("cashier");
        SyncService *sync = nullptr; // HQ sync worker; null: not enrolled in an HQ
    };

    explicit MainWindow(const Context &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows the window as a counter wants it: full screen (a setting) or
    // maximized; in training, the cashier's window and the pretend customer
    // share the screen side by side.
    void showForCounter();

    ChargeView *chargeView() const { return m_charge; }
    HistoryView *historyView() const { return m_history; }
    CustomerPanel *customerPanel() const { return m_customerPanel; }
    TerminalStatusBar *terminalStatusBar() const { return m_statusBar; }
    PaymentDialog *paymentDialog() const;
    // The dialog of the code-pay sale on screen (a scanned payment code), or null.
    CodePayDialog *codePayDialog() const;
    CustomerDisplay *customerDisplay() const;
    // F3's lookup while it is open, and the refund dialog on screen; null when none.
    RefundLookupDialog *refundLookupDialog() const;
    RefundDialog *refundDialog() const;
    // The order on screen, empty when none.
    QString currentSale() const;

public slots:
    void showCharge();
    void showHistory();
    void openSettings();
    // F3: find the sale by its receipt's code, order or transaction number, then openRefund.
    void openRefundLookup();
    // The manager's refund dialog for an order (from the lookup, history or its details).
    void openRefund(const QString &outTradeNo);
    void setLanguage(const QString &language);

signals:
    void saleStarted(const QString &outTradeNo);
    // From the refund dialog, once a refund succeeded (receipts connect here).
    void refundReceiptRequested(const QString &outRefundNo);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    // What the cashier asked for, kept so "New QR code" can ask again with a new
    // out_trade_no once the old order is closed and confirmed unpaid.
    struct Sale
    {
        bool combined = false;
        qint64 amount = 0;
        QString description;
        QString itemsJson;
        QList<PaymentService::SubSale> subs;
    };

    void buildActions();
    void retranslate();
    void startSale(const Sale &sale);
    void startCodePay(qint64 amount, const QString &description, const QString &itemsJson, const QString &authCode);
    void onDialogFinished();
    // A sale became paid: its receipt prints by itself once, if the settings say so.
    void autoPrintReceipt(const QString &outTradeNo, paydesk::OrderState state);
    void openCombined();
    // Reconciliation and reports: a manager's PIN first.
    void showManagerPage(QWidget *page, const QString &why);
    void showError(const QString &title, const QString &message);
    // The store's settings as they are now, at once: the store name (the
    // settings' one, else the merchant profile's) for the next sale, receipt
    // and report and on the customer display, the QR expiry for the next sale.
    void applySettings();
    void setupCustomerDisplay();
    // A sale left from before the start settled as paid or reversed: the cashier
    // is told in one message box, which grows while recovery goes on.
    void noteRecoveredSale(const QString &outTradeNo, paydesk::RecoveredSale outcome);

    Context m_context;
    QString m_profileStoreName; // the merchant profile's (training: the sandbox's), when the settings name none
    QLabel *m_banner = nullptr;
    QStackedWidget *m_pages = nullptr;
    ChargeView *m_charge = nullptr;
    HistoryView *m_history = nullptr;
    ReconciliationView *m_reconciliation = nullptr;
    ReportView *m_reports = nullptr;
    ReceiptDesk *m_receipts = nullptr;
    DailyReconciliation *m_dailyReconciliation = nullptr;
    CustomerPanel *m_customerPanel = nullptr;
    TerminalStatusBar *m_statusBar = nullptr;
    QPointer<PaymentDialog> m_dialog;
    QPointer<CodePayDialog> m_codePayDialog;
    QPointer<CustomerDisplay> m_customerDisplay;
    QPointer<RefundLookupDialog> m_refundLookup;
    QPointer<RefundDialog> m_refundDialog;
    QPointer<QMessageBox> m_recoveryBox;
    QStringList m_recoveryNotes;
    Sale m_sale;
    bool m_saleActive = false;
    QSet<QString> m_autoPrinted; // sales whose receipt printed by itself: never twice
    QAction *m_chargeAction = nullptr;
    QAction *m_historyAction = nullptr;
    QAction *m_refundAction = nullptr;
    QAction *m_reconcileAction = nullptr;
    QAction *m_reportsAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_languageAction = nullptr;
};

} // namespace paydesk::ui
