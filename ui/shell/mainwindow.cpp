// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "payments/statuspoller.h"
#include "sync/syncservice.h"

#include "customerpanel.h"
#include "history/historyview.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "payments/resolver.h"
#include "reconcile/reconciliationview.h"
#include "refund/refunddialog.h"
#include "refund/refundlookupdialog.h"
#include "reports/reportview.h"
#include "receiptdesk.h"
#include "reconcile/dailyreconciliation.h"
#include "sale/chargeview.h"
#include "sale/codepaydialog.h"
#include "sale/combinedsaledialog.h"
#include "store/database.h"
#include "sale/customerdisplay.h"
#include "sale/paymentdialog.h"
#include "sale/yuan.h"
#include "settings/appsettings.h"
#include "settings/pindialog.h"
#include "settings/settingsdialog.h"
#include "store/orderrepository.h"
#include "terminalstatusbar.h"
#include "trainingenvironment.h"
#include "translations.h"

#include <QAction>
#include <QCloseEvent>
#include <QEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QScreen>
#include <QStackedWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace paydesk::ui {

MainWindow::MainWindow(const Context &context, QWidget *parent) : QMainWindow(parent), m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    PaymentTerminal *terminal = m_context.terminal;
    m_profileStoreName = terminal->profile().storeName;

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    if (m_context.training) {
        // Nobody may mistake a training sale for real money: the banner is on every screen.
        m_banner = new QLabel(central);
        m_banner->setObjectName(QStringLiteral("trainingBanner"));
        m_banner->setAlignment(Qt::AlignCenter);
        m_banner->setMinimumHeight(36);
        m_banner->setWordWrap(true); // two lines rather than a window wider than a 1024 x 768 screen
        m_banner->setStyleSheet(QStringLiteral(
            "QLabel { background: #ff8c00; color: black; font-weight: bold; font-size: 16pt; padding: 4px; }"));
        layout->addWidget(m_banner);
    }
    m_pages = new QStackedWidget(central);
    m_charge = new ChargeView(m_pages);
    m_history = new HistoryView(terminal->orders(), terminal->refunds(), terminal->audit(), m_pages);
    m_pages->addWidget(m_charge);
    m_pages->addWidget(m_history);
    m_reconciliation = new ReconciliationView(terminal, m_pages);
    m_reports = new ReportView(terminal, m_context.pins, m_pages);
    m_pages->addWidget(m_reconciliation);
    m_pages->addWidget(m_reports);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_statusBar = new TerminalStatusBar(terminal, m_context.training != nullptr, this);
    setStatusBar(m_statusBar);
    if (m_context.sync) {
        connect(m_context.sync, &SyncService::statusChanged, m_statusBar, &TerminalStatusBar::setSyncStatus);
        m_statusBar->setSyncStatus(m_context.sync->status());
        // Every stored change is in the outbox already; tell the worker to look now.
        connect(terminal->poller(), &StatusPoller::updated, m_context.sync, &SyncService::wake);
    }

    if (m_context.training) {
        // A window of its own, not a dock: the payment dialog is modal to the
        // cashier's window, and the pretend customer must still be able to pay.
        m_customerPanel = new CustomerPanel(m_context.training, nullptr);
        m_customerPanel->setWindowFlag(Qt::Window);
        // Clicking the customer must not take the keyboard from the cashier (Enter = Done).
        m_customerPanel->setWindowFlag(Qt::WindowDoesNotAcceptFocus);
        m_customerPanel->setAttribute(Qt::WA_ShowWithoutActivating);
        m_customerPanel->setAttribute(Qt::WA_DeleteOnClose, false);
    }

    connect(m_charge, &ChargeView::chargeRequested, this,
            [this](qint64 amount, const QString &description, const QString &itemsJson) {
                Sale sale;
                sale.amount = amount;
                sale.description = description;
                sale.itemsJson = itemsJson;
                startSale(sale);
            });
    connect(m_charge, &ChargeView::combinedRequested, this, &MainWindow::openCombined);
    connect(m_charge, &ChargeView::codePayRequested, this, &MainWindow::startCodePay);
    connect(m_history, &HistoryView::refundRequested, this, &MainWindow::openRefund);
    // Only this merchant's own sub-orders are refunded from here (RefundDialog says why).
    m_history->setMerchantId(terminal->profile().mchid);
    // A refund stored or moved on: the history row and the open order details show it at once.
    connect(terminal->refundService(), &RefundService::refundUpdated, m_history, &HistoryView::noteRefund);

    // Receipts: issued (signed, stored) on first print, reprinted from the store.
    m_receipts = new ReceiptDesk(terminal, m_context.settings, this, this);
    connect(m_receipts, &ReceiptDesk::message, this, [this](const QString &text) { statusBar()->showMessage(text, 15000); });
    connect(m_history, &HistoryView::reprintRequested, m_receipts, &ReceiptDesk::printSale);
    connect(this, &MainWindow::refundReceiptRequested, m_receipts, &ReceiptDesk::printRefund);
    // "Print automatically after payment": the sale on screen, once, whichever signal says paid first.
    connect(terminal->payments(), &PaymentService::saleUpdated, this,
            [this](const QString &no, OrderState state) { autoPrintReceipt(no, state); });
    connect(terminal->payments(), &PaymentService::saleFinished, this, &MainWindow::autoPrintReceipt);

    // Start-up recovery (startBackgroundWork) settles what a crash left: the
    // cashier hears of every sale that turned out paid or was given back.
    connect(terminal->resolver(), &Resolver::saleRecovered, this, &MainWindow::noteRecoveredSale);

    // Yesterday's bill is compared with the store once it is out (after 10:00 China time).
    m_dailyReconciliation = new DailyReconciliation(m_reconciliation->runner(), terminal->database(), terminal->clock(), this);
    connect(m_dailyReconciliation, &DailyReconciliation::ran, m_reconciliation, &ReconciliationView::showResult);
    m_dailyReconciliation->start();

    buildActions();
    applySettings();
    retranslate();
    resize(1000, 700); // a plain show(); showForCounter() sizes it to the screen
    showCharge();
}

MainWindow::~MainWindow()
{
    delete m_customerPanel; // a top-level window of its own (see the constructor)
}

void MainWindow::showForCounter()
{
    if (m_customerPanel) {
        // Training: the screen is shared with the pretend customer, beside
        // the cashier's window (which keeps at least 1024 - 240 px wide).
        const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
        const QRect room = screen ? screen->availableGeometry() : QRect(0, 0, 1024, 768);
        const int customerWidth =
            qBound(m_customerPanel->minimumSizeHint().expandedTo(m_customerPanel->minimumSize()).width(), room.width() / 5, qMax(320, m_customerPanel->minimumWidth()));
        const QSize frameExtra = frameGeometry().size() - geometry().size();
        move(room.topLeft());
        resize(room.width() - customerWidth - frameExtra.width(), room.height() - frameExtra.height());
        show();
        return;
    }
    if (m_context.settings && m_context.settings->fullScreen())
        showFullScreen();
    else
        showMaximized();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_customerPanel && !m_customerPanel->isVisible()) {
        // Beside the cashier's window, where a trainee expects the customer,
        // as wide as the screen leaves room for.
        const QRect frame = frameGeometry();
        const QScreen *screen = this->screen();
        const int room = screen ? screen->availableGeometry().right() - frame.right() : 240;
        m_customerPanel->resize(qBound(m_customerPanel->minimumSizeHint().expandedTo(m_customerPanel->minimumSize()).width(), room, 320), frame.height());
        m_customerPanel->move(frame.right() + 1, frame.top());
        m_customerPanel->show();
    }
}

void MainWindow::buildActions()
{
    auto *toolbar = addToolBar(QString());
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QFont font = toolbar->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    toolbar->setFont(font);

    m_chargeAction = toolbar->addAction(QString(), this, &MainWindow::showCharge);
    m_chargeAction->setShortcut(Qt::Key_F1);
    m_historyAction = toolbar->addAction(QString(), this, &MainWindow::showHistory);
    m_historyAction->setShortcut(Qt::Key_F2);
    // F3 goes straight to the sale: scan the receipt or type its number (RefundDialog asks for the PIN).
    m_refundAction = toolbar->addAction(QString(), this, &MainWindow::openRefundLookup);
    m_refundAction->setObjectName(QStringLiteral("refundAction"));
    m_refundAction->setShortcut(Qt::Key_F3);
    m_reconcileAction = toolbar->addAction(QString(), this, [this] { showManagerPage(m_reconciliation, tr("Reconciliation")); });
    m_reconcileAction->setShortcut(Qt::Key_F4);
    m_reportsAction = toolbar->addAction(QString(), this, [this] { showManagerPage(m_reports, tr("Reports")); });
    m_reportsAction->setShortcut(Qt::Key_F5);
    m_settingsAction = toolbar->addAction(QString(), this, &MainWindow::openSettings);
    m_settingsAction->setShortcut(Qt::Key_F9);
    m_languageAction = toolbar->addAction(QString(), this, [this] {
        setLanguage(Translations::current() == QLatin1String("en") ? QStringLiteral("zh_CN") : QStringLiteral("en"));
    });
    m_languageAction->setObjectName(QStringLiteral("languageAction"));
    for (QAction *action : { m_chargeAction, m_historyAction, m_refundAction, m_reconcileAction, m_reportsAction,
                             m_settingsAction })
        action->setShortcutContext(Qt::ApplicationShortcut);
}

void MainWindow::retranslate()
{
    setWindowTitle(m_context.training ? tr("PayDesk — TRAINING") : tr("PayDesk"));
    if (m_banner) {
        m_banner->setText(tr("TRAINING MODE — no real money moves. Manager PIN for training: 0000"));
    }
    m_chargeAction->setText(tr("F1 Charge"));
    m_historyAction->setText(tr("F2 History"));
    m_reconcileAction->setText(tr("F4 Reconcile"));
    m_reportsAction->setText(tr("F5 Reports"));
    m_refundAction->setText(tr("F3 Refund"));
    m_settingsAction->setText(tr("F9 Settings"));
    // Named in the other language, so someone who cannot read this one still finds it.
    m_languageAction->setText(Translations::current() == QLatin1String("en") ? QStringLiteral("中文")
                                                                              : QStringLiteral("English"));
    // The toolbar keeps its buttons' old widths after a language switch
    // ("English" cut off in Chinese): lay it out again for the new words.
    if (auto *toolbar = findChild<QToolBar *>(QStringLiteral("mainToolbar"))) {
        for (QToolButton *button : toolbar->findChildren<QToolButton *>())
            button->updateGeometry();
        toolbar->layout()->invalidate();
        toolbar->updateGeometry();
    }
    if (m_customerPanel)
        m_customerPanel->setWindowTitle(tr("Customer (training)"));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_saleActive) {
        // A sale on screen is stored and will be settled at the next start, but
        // the cashier should finish it with the customer first.
        showError(tr("Sale in progress"), tr("Finish or cancel the sale on screen before closing PayDesk."));
        event->ignore();
        return;
    }
    if (m_customerDisplay)
        m_customerDisplay->close();
    if (m_customerPanel)
        m_customerPanel->close();
    QMainWindow::closeEvent(event);
}

PaymentDialog *MainWindow::paymentDialog() const
{
    return m_dialog;
}

CustomerDisplay *MainWindow::customerDisplay() const
{
    return m_customerDisplay;
}

QString MainWindow::currentSale() const
{
    return m_dialog ? m_dialog->outTradeNo() : QString();
}

void MainWindow::showCharge()
{
    m_pages->setCurrentWidget(m_charge);
    m_charge->setFocus();
}

void MainWindow::showHistory()
{
    if (m_saleActive)
        return; // the sale's dialog stays in front until it is final
    m_history->refresh();
    m_pages->setCurrentWidget(m_history);
    m_history->setFocus();
}

void MainWindow::showManagerPage(QWidget *page, const QString &why)
{
    if (m_saleActive)
        return;
    if (m_pages->currentWidget() != page
        && !PinDialog::authorise(m_context.pins, QStringLiteral("manager"), why, this))
        return;
    m_pages->setCurrentWidget(page);
    page->setFocus();
}

void MainWindow::openSettings()
{
    if (m_saleActive)
        return;
    if (!PinDialog::authorise(m_context.pins, QStringLiteral("manager"), tr("Open settings"), this))
        return;
    auto *dialog = new SettingsDialog(m_context.settings, m_context.profilePath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::languageChanged, this, &MainWindow::setLanguage);
    // The store name and the QR expiry apply at once, in training too (a new
    // merchant profile and the listener still wait for the next start).
    connect(dialog, &SettingsDialog::settingsSaved, this, &MainWindow::applySettings);
    connect(dialog, &SettingsDialog::settingsSaved, this, [this] {
        if (!m_customerPanel && m_context.settings->fullScreen() != isFullScreen())
            showForCounter(); // full screen on or off at once
    });
    connect(dialog, &SettingsDialog::receiptKeyMoved, this, [this](const QString &folder, const ReceiptKey &key) {
        // Only the terminal whose key that was: a training session keeps its own.
        PaymentTerminal *terminal = m_context.terminal;
        if (ReceiptKey::folderBeside(terminal->database()->path()) == folder)
            terminal->setReceiptKey(key);
    });
    dialog->open();
}

RefundLookupDialog *MainWindow::refundLookupDialog() const
{
    return m_refundLookup;
}

RefundDialog *MainWindow::refundDialog() const
{
    return m_refundDialog;
}

void MainWindow::openRefundLookup()
{
    if (m_saleActive || m_refundDialog)
        return; // one thing at a time: the sale or the refund on screen first
    if (m_refundLookup) {
        // F3 again: ready for the next scan.
        m_refundLookup->raise();
        m_refundLookup->activateWindow();
        m_refundLookup->codeEdit()->setFocus();
        m_refundLookup->codeEdit()->selectAll();
        return;
    }
    m_refundLookup = new RefundLookupDialog(m_context.terminal, this);
    m_refundLookup->setAttribute(Qt::WA_DeleteOnClose);
    // Queued: the lookup has closed before the refund dialog takes the screen.
    connect(m_refundLookup, &RefundLookupDialog::orderFound, this, &MainWindow::openRefund, Qt::QueuedConnection);
    m_refundLookup->open();
}

void MainWindow::openRefund(const QString &outTradeNo)
{
    if (m_saleActive)
        return;
    if (m_refundDialog)
        m_refundDialog->close(); // one refund dialog: the newest order asked for
    auto *dialog = new RefundDialog(m_context.terminal, m_context.pins, outTradeNo, this);
    m_refundDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RefundDialog::refundReceiptRequested, this, &MainWindow::refundReceiptRequested);
    // Closed while PROCESSING: RefundService keeps following; history shows where it got to.
    connect(dialog, &QDialog::finished, m_history, &HistoryView::refresh);
    dialog->open();
}

void MainWindow::setLanguage(const QString &language)
{
    if (Translations::install(language) && m_context.settings)
        m_context.settings->setLanguage(language);
}

void MainWindow::openCombined()
{
    if (m_saleActive)
        return;
    const auto &subs = m_context.terminal->profile().subMerchants;
    if (subs.size() < 2) {
        showError(tr("Combined order"),
                  tr("A combined order needs at least two sub-merchants in the merchant profile."));
        return;
    }
    auto *dialog = new CombinedSaleDialog(subs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Sale sale;
        sale.combined = true;
        sale.subs = dialog->subSales();
        for (const auto &sub : sale.subs)
            sale.amount += sub.amount;
        startSale(sale);
    });
    dialog->open();
}

void MainWindow::startSale(const Sale &sale)
{
    if (m_saleActive)
        return; // one sale, one order: a second Enter or click while one is on screen does nothing
    m_saleActive = true;
    m_charge->setBusy(true);

    PaymentService *payments = m_context.terminal->payments();
    const Result<QString> started = sale.combined
        ? payments->startCombinedSale(sale.subs, m_context.cashier)
        : payments->startNativeSale(sale.amount, sale.description, m_context.cashier, sale.itemsJson);
    if (!started) {
        m_saleActive = false;
        m_charge->setBusy(false);
        showError(tr("The sale was not started"), started.error().message);
        return;
    }
    m_sale = sale;

    const QString merchant = m_context.terminal->profile().storeName.isEmpty()
        ? m_context.terminal->profile().mchid
        : m_context.terminal->profile().storeName;
    m_dialog = new PaymentDialog(payments, m_context.terminal->orders(), m_context.terminal->clock(), *started,
                                 merchant, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_customerDisplay)
        m_dialog->setCustomerDisplay(m_customerDisplay);
    m_dialog->setReceiptOffered(true);
    connect(m_dialog, &PaymentDialog::receiptRequested, m_receipts, &ReceiptDesk::printSale);
    connect(m_dialog, &QDialog::finished, this, &MainWindow::onDialogFinished);
    connect(m_dialog, &PaymentDialog::retryRequested, this, [this] {
        // The dialog offers this only once the old order is closed and confirmed unpaid.
        const Sale again = m_sale;
        QMetaObject::invokeMethod(this, [this, again] { startSale(again); }, Qt::QueuedConnection);
    });
    if (m_customerPanel)
        m_customerPanel->setOrder(*started, sale.combined);
    m_statusBar->setSaleOnScreen(*started);
    emit saleStarted(*started);
    m_dialog->open();
}

CodePayDialog *MainWindow::codePayDialog() const
{
    return m_codePayDialog;
}

void MainWindow::startCodePay(qint64 amount, const QString &description, const QString &itemsJson,
                              const QString &authCode)
{
    if (m_saleActive)
        return; // one sale at a time, however many codes are scanned
    m_saleActive = true;
    m_charge->setBusy(true);
    PaymentService *payments = m_context.terminal->payments();
    const Result<QString> started = payments->startCodePaySale(amount, description, authCode, m_context.cashier, itemsJson);
    if (!started) {
        m_saleActive = false;
        m_charge->setBusy(false);
        showError(tr("The sale was not started"), started.error().message);
        return;
    }
    m_codePayDialog = new CodePayDialog(payments, m_context.terminal->orders(), *started, amount, this);
    m_codePayDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_codePayDialog, &CodePayDialog::receiptRequested, m_receipts, &ReceiptDesk::printSale);
    connect(m_codePayDialog, &QDialog::finished, this, [this] {
        const bool paid = m_codePayDialog && isPaid(m_codePayDialog->state());
        m_saleActive = false;
        m_charge->setBusy(false);
        m_statusBar->setSaleOnScreen(QString());
        if (paid)
            m_charge->clear();
        m_history->refresh();
        showCharge();
    });
    m_statusBar->setSaleOnScreen(*started);
    emit saleStarted(*started);
    m_codePayDialog->open();
}

void MainWindow::autoPrintReceipt(const QString &outTradeNo, OrderState state)
{
    if (!isPaid(state) || !m_context.settings || !m_context.settings->autoPrint())
        return;
    // Only a sale paid at the till now: not one settled later by recovery or the poller.
    const bool onScreen = (m_dialog && m_dialog->outTradeNo() == outTradeNo)
        || (m_codePayDialog && m_codePayDialog->outTradeNo() == outTradeNo);
    if (!onScreen || m_autoPrinted.contains(outTradeNo))
        return;
    m_autoPrinted.insert(outTradeNo);
    // After the dialogs and the store have taken the news.
    QMetaObject::invokeMethod(m_receipts, [receipts = m_receipts, outTradeNo] {
        receipts->printSaleAutomatically(outTradeNo);
    }, Qt::QueuedConnection);
}

void MainWindow::onDialogFinished()
{
    const bool paid = m_dialog && isPaid(m_dialog->state());
    m_saleActive = false;
    m_charge->setBusy(false);
    m_statusBar->setSaleOnScreen(QString());
    if (paid)
        m_charge->clear();
    if (m_customerPanel)
        m_customerPanel->setOrder(QString(), false);
    m_history->refresh();
    showCharge();
}

void MainWindow::applySettings()
{
    if (m_context.settings) {
        const QString storeName = m_context.settings->storeName();
        m_context.terminal->setStoreName(storeName.isEmpty() ? m_profileStoreName : storeName);
        m_context.terminal->setExpirySeconds(m_context.settings->expirySeconds());
    }
    setupCustomerDisplay(); // the welcome screen shows the store name
}

void MainWindow::setupCustomerDisplay()
{
    const QString wanted = m_context.settings ? m_context.settings->customerScreen() : QString();
    QScreen *target = nullptr;
    for (QScreen *screen : QGuiApplication::screens()) {
        if (screen->name() == wanted)
            target = screen;
    }
    if (!target) {
        // Without a second screen the cashier's dialog shows the QR code itself.
        if (m_customerDisplay)
            m_customerDisplay->close();
        return;
    }
    if (!m_customerDisplay) {
        m_customerDisplay = new CustomerDisplay(nullptr);
        m_customerDisplay->setAttribute(Qt::WA_DeleteOnClose);
        m_customerDisplay->setClock(m_context.terminal->clock());
        m_customerDisplay->setTraining(m_context.training != nullptr);
    }
    m_customerDisplay->showOnScreen(target);
    m_customerDisplay->showWelcome(m_context.terminal->profile().storeName);
}

void MainWindow::noteRecoveredSale(const QString &outTradeNo, RecoveredSale outcome)
{
    const auto order = m_context.terminal->orders()->find(outTradeNo);
    const QString amount = Yuan::format(order ? order->amountTotal : 0);
    m_recoveryNotes << (outcome == RecoveredSale::ReversedAfterPayment
                            ? tr("Sale %1 (%2) was reversed: the customer got the money back.").arg(outTradeNo, amount)
                            : tr("Sale %1 (%2) was paid while PayDesk was down and is recorded as paid.")
                                  .arg(outTradeNo, amount));
    const QString text = m_recoveryNotes.join(QLatin1Char('\n'));
    if (m_recoveryBox) {
        m_recoveryBox->setText(text);
        return;
    }
    m_recoveryBox = new QMessageBox(QMessageBox::Information, tr("Sales settled after the restart"), text,
                                    QMessageBox::Ok, this);
    m_recoveryBox->setObjectName(QStringLiteral("recoveryNotice"));
    m_recoveryBox->setAttribute(Qt::WA_DeleteOnClose);
    // Read once: the next recovery starts a new list.
    connect(m_recoveryBox, &QMessageBox::finished, this, [this] { m_recoveryNotes.clear(); });
    m_recoveryBox->open();
}

void MainWindow::showError(const QString &title, const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace paydesk::ui
