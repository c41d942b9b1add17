// SPDX-License-Identifier: MIT
// A cashier's day in training mode, driven through the real main window with
// QTest: type an amount, Enter, the (training) customer pays, success shown,
// the row in history; a combined sale; cancel before payment; Enter pressed
// three times makes one order; the language switch shows Chinese; the store
// name and the QR expiry from Settings apply to the next sale without a restart;
// Esc while the customer is paying asks before it cancels; F3 finds a sale to
// refund by its number or receipt code, and the order details follow a refund
// made from them; a paid sale prints its receipt by itself on an ESC/POS
// printer (a fake one on loopback), once, in as many copies as set; the window
// fits 1024 x 768 and the Chinese screens say nothing in English.

#include "englishleftovers.h"
#include "fakeescposprinter.h"
#include "screenshot.h"
#include "trainingshell.h"
#include "config/pinvault.h"
#include "history/historymodel.h"
#include "history/historyview.h"
#include "history/orderdetailsdialog.h"
#include "payments/statuspoller.h"
#include "reconcile/reconciliationview.h"
#include "reports/reportview.h"
#include "receipt/escposrenderer.h"
#include "receipt/receipt.h"
#include "refund/refunddialog.h"
#include "refund/refundlookupdialog.h"
#include "payments/paymentterminal.h"
#include "sale/chargeview.h"
#include "sale/codepaydialog.h"
#include "sale/combinedsaledialog.h"
#include "sale/paymentdialog.h"
#include "sandboxserver.h"
#include "settings/appsettings.h"
#include "settings/settingsdialog.h"
#include "settings/pindialog.h"
#include "shell/customerpanel.h"
#include "shell/mainwindow.h"
#include "shell/terminalstatusbar.h"
#include "shell/trainingenvironment.h"
#include "shell/translations.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QJsonArray>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace paydesk;
using namespace paydesk::ui;

namespace {

struct Shell : testing::TrainingShell
{
    Shell() : TrainingShell(true) { }
    explicit Shell(const std::function<void(AppSettings &)> &configure) : TrainingShell(true, configure) { }

    int count(const QString &sql) const
    {
        QSqlQuery q(terminal->database()->connection());
        q.exec(sql);
        return q.next() ? q.value(0).toInt() : -1;
    }

    QJsonObject sandboxOrder(const QString &no) const
    {
        const auto reply = training->server()->control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no);
        const QJsonArray list = reply.body.object().value(QLatin1String("orders")).toArray();
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }

    // A sale of `yuan` through the charge screen, paid by the training customer,
    // its dialog closed with Done; the window active again. The order number.
    QString paidSale(const QString &yuan)
    {
        QString no;
        [&] {
            QTest::keyClicks(window->chargeView(), yuan);
            QTest::keyClick(window->chargeView(), Qt::Key_Return);
            QTRY_VERIFY(window->paymentDialog());
            PaymentDialog *dialog = window->paymentDialog();
            QTRY_VERIFY_WITH_TIMEOUT(!dialog->qrPayload().isEmpty(), 5000);
            customerPanel()->act(QStringLiteral("pay"));
            QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Paid, 5000);
            no = dialog->outTradeNo();
            QTest::keyClick(dialog, Qt::Key_Return); // Done
            QTRY_VERIFY(!window->paymentDialog());
            window->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(window.get()));
        }();
        return no;
    }

    CustomerPanel *customerPanel() const { return window->customerPanel(); }

    // F3, then a scan: the text and its Enter.
    RefundLookupDialog *scan(const QString &text)
    {
        RefundLookupDialog *lookup = window->refundLookupDialog();
        if (!lookup) {
            // Back at the till after a dialog (offscreen, focus does not come back by itself).
            window->activateWindow();
            if (!QTest::qWaitForWindowActive(window.get()))
                return nullptr;
            QTest::keyClick(window->chargeView(), Qt::Key_F3);
            lookup = window->refundLookupDialog();
        }
        if (!lookup)
            return nullptr;
        QTest::keyClicks(lookup->codeEdit(), text);
        QTest::keyClick(lookup->codeEdit(), Qt::Key_Return);
        return lookup;
    }
};

bool modelShows(const QAbstractItemModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            if (model->index(row, column).data().toString() == text)
                return true;
        }
    }
    return false;
}

bool hasChinese(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void nativeSaleEndToEnd();
    void enterThreeTimesMakesOneOrder();
    void cancelBeforePayment();
    void escWhileTheCustomerPaysAsksFirst();
    void combinedSale();
    void settingsApplyToTheNextSaleAtOnce();
    void paidSalePrintsItsReceiptOnce();
    void languageSwitchShowsChinese();
    void hqSyncStatusIsShownInWords();
    void fitsA1024x768Terminal();
    void amountGrowsOnALargeScreen();
    void chineseScreensSayNothingInEnglish();
    void f3LooksUpTheSaleToRefund();
    void detailsFollowARefundMadeFromThem();
    void sigtermEndsTheProgramCleanly();
};

void TestMainWindow::nativeSaleEndToEnd()
{
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QVERIFY(s.window->findChild<QWidget *>(QStringLiteral("trainingBanner"))->isVisible());

    QTest::keyClicks(s.window->chargeView(), QStringLiteral("12.34"));
    QCOMPARE(s.window->chargeView()->amountFen(), 1234);
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->paymentDialog());
    PaymentDialog *dialog = s.window->paymentDialog();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->qrPayload().startsWith(QLatin1String("weixin://wxpay/bizpayurl")), 5000);
    QCOMPARE(dialog->amountFen(), 1234);
    const QString no = dialog->outTradeNo();
    QCOMPARE(s.window->customerPanel()->order(), no);
    // The poller follows the sale on screen, but the cashier is only waiting
    // for the customer: the status bar does not call it "being settled".
    QTRY_VERIFY(s.terminal->poller()->isWatching(no));
    QVERIFY(s.window->terminalStatusBar()->resolvingText().isEmpty());

    s.window->customerPanel()->act(QStringLiteral("pay"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Paid, 5000);
    QTRY_VERIFY(s.window->terminalStatusBar()->resolvingText().isEmpty());
    QCOMPARE(s.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
    QTRY_VERIFY(s.window->terminalStatusBar()->reachabilityText().contains(QLatin1String("reachable")));

    QTest::keyClick(dialog, Qt::Key_Return); // Done
    QTRY_VERIFY(!s.window->paymentDialog());
    QCOMPARE(s.window->chargeView()->amountFen(), 0); // cleared for the next customer

    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));
    QTest::keyClick(s.window->chargeView(), Qt::Key_F2);
    QTRY_VERIFY(s.window->historyView()->isVisible());
    QTRY_VERIFY(modelShows(s.window->historyView()->table()->model(), no));
}

void TestMainWindow::enterThreeTimesMakesOneOrder()
{
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("5"));
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTest::keyClick(s.window->chargeView(), Qt::Key_Enter);
    s.window->chargeView()->charge(); // and a double click on the big button
    QTRY_VERIFY(s.window->paymentDialog());
    QTRY_VERIFY_WITH_TIMEOUT(!s.window->paymentDialog()->qrPayload().isEmpty(), 5000);
    QTest::qWait(300);
    QCOMPARE(s.count(QStringLiteral("SELECT COUNT(*) FROM orders")), 1);
    QCOMPARE(s.training->server()->control("GET", QStringLiteral("/sandbox/orders"))
                 .body.object().value(QLatin1String("orders")).toArray().size(),
             1);
}

void TestMainWindow::cancelBeforePayment()
{
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("8.80"));
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->paymentDialog());
    PaymentDialog *dialog = s.window->paymentDialog();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->qrPayload().isEmpty(), 5000);
    const QString no = dialog->outTradeNo();
    QTest::keyClick(dialog, Qt::Key_Escape); // cancel: close, then query
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Closed, 5000);
    QCOMPARE(s.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
    // The customer can no longer pay it, and the sale is not lost from the screen.
    QVERIFY(!s.training->customer(QStringLiteral("pay"), no));
    QCOMPARE(s.window->chargeView()->amountFen(), 880);
}

void TestMainWindow::escWhileTheCustomerPaysAsksFirst()
{
    // Issue 14, item 9: the customer is entering the password; a stray Esc
    // must not close the order under their thumb.
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("9.90"));
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->paymentDialog());
    PaymentDialog *dialog = s.window->paymentDialog();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->qrPayload().isEmpty(), 5000);
    const QString no = dialog->outTradeNo();
    s.window->customerPanel()->act(QStringLiteral("scan"));
    s.window->customerPanel()->act(QStringLiteral("userpaying"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->statusText(), QStringLiteral("The customer is paying…"), 5000);

    // Esc asks; Enter answers the default, which keeps waiting.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
    QCOMPARE(question->text(), QStringLiteral("The customer is already paying. Cancel the sale anyway?"));
    QCOMPARE(question->defaultButton(), question->button(QMessageBox::No));
    QCOMPARE(question->button(QMessageBox::No)->text(), QStringLiteral("Keep waiting"));
    QPointer<QMessageBox> asked(question);
    QTest::keyClick(question, Qt::Key_Return);
    QTRY_VERIFY(!asked);
    QCOMPARE(dialog->statusText(), QStringLiteral("The customer is paying…")); // not "Cancelling…"
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled());
    QVERIFY(!isFinal(s.terminal->orders()->find(no)->state));
    QCOMPARE(s.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("USERPAYING"));
    QVERIFY(dialog->isVisible());

    // Esc again, and the cashier means it: closed as before.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY((question = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
    QTest::mouseClick(question->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Closed, 5000);
    QCOMPARE(s.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
}

void TestMainWindow::combinedSale()
{
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    emit s.window->chargeView()->combinedRequested();
    CombinedSaleDialog *combined = nullptr;
    QTRY_VERIFY((combined = s.window->findChild<CombinedSaleDialog *>()));
    const auto &subs = s.terminal->profile().subMerchants;
    QVERIFY(subs.size() >= 2);
    while (combined->rowCount() < 2)
        combined->addRow();
    combined->setRow(0, subs.at(0).mchid, QStringLiteral("3.00"), QStringLiteral("Coffee"));
    combined->setRow(1, subs.at(1).mchid, QStringLiteral("4.50"), QStringLiteral("Bread"));
    QCOMPARE(combined->totalFen(), 750);
    combined->accept();

    QTRY_VERIFY(s.window->paymentDialog());
    PaymentDialog *dialog = s.window->paymentDialog();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->qrPayload().isEmpty(), 5000);
    QCOMPARE(dialog->amountFen(), 750);
    s.window->customerPanel()->act(QStringLiteral("pay"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Paid, 5000);
    const auto order = s.terminal->orders()->find(dialog->outTradeNo());
    QVERIFY(order);
    const auto subOrders = s.terminal->orders()->subOrders(order->id);
    QCOMPARE(subOrders.size(), 2);
    for (const auto &sub : subOrders)
        QCOMPARE(sub.state, OrderState::Paid);
}

void TestMainWindow::settingsApplyToTheNextSaleAtOnce()
{
    // Issue 14, item 8: a manager renames the store and gives the QR code 12
    // minutes; the next sale shows both with no restart, in training too
    // (where the name used to stay the sandbox's).
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    const QString before = s.terminal->profile().storeName;
    QVERIFY(!before.isEmpty());
    QVERIFY(before != QStringLiteral("Harbour Noodle House"));

    s.window->openSettings(); // this shell has no manager PIN
    SettingsDialog *settings = nullptr;
    QTRY_VERIFY((settings = s.window->findChild<SettingsDialog *>()));
    settings->findChild<QLineEdit *>(QStringLiteral("storeName"))->setText(QStringLiteral("Harbour Noodle House"));
    settings->findChild<QSpinBox *>(QStringLiteral("expiryMinutes"))->setValue(12);
    QTest::mouseClick(settings->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save), Qt::LeftButton);
    QTRY_VERIFY(!s.window->findChild<SettingsDialog *>());
    QCOMPARE(s.settings->storeName(), QStringLiteral("Harbour Noodle House"));
    // What receipts and reports are issued with.
    QCOMPARE(s.terminal->profile().storeName, QStringLiteral("Harbour Noodle House"));

    QTest::keyClicks(s.window->chargeView(), QStringLiteral("6.60"));
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->paymentDialog());
    PaymentDialog *dialog = s.window->paymentDialog();
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("merchant"))->text(), QStringLiteral("Harbour Noodle House"));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->qrPayload().isEmpty(), 5000);
    const auto order = s.terminal->orders()->find(dialog->outTradeNo());
    QVERIFY(order);
    QVERIFY2(qAbs(order->createdAt.secsTo(order->expiresAt) - 12 * 60) <= 1,
             qPrintable(QString::number(order->createdAt.secsTo(order->expiresAt))));
    // WeChat Pay (the sandbox) was told the same time_expire.
    const QDateTime sent = QDateTime::fromString(
        s.sandboxOrder(dialog->outTradeNo()).value(QLatin1String("time_expire")).toString(), Qt::ISODate);
    QVERIFY(sent.isValid());
    QVERIFY(qAbs(sent.secsTo(order->expiresAt)) <= 1);
    QVERIFY2(dialog->countdownText().startsWith(QLatin1String("11:"))
                 || dialog->countdownText() == QLatin1String("12:00"),
             qPrintable(dialog->countdownText()));
    QTest::keyClick(dialog, Qt::Key_Escape); // the customer has not scanned: cancels at once
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Closed, 5000);
    QTest::keyClick(dialog, Qt::Key_Escape); // final: Esc closes the dialog
    QTRY_VERIFY(!s.window->paymentDialog());

    // Emptied again, the merchant profile's name is back.
    s.settings->setStoreName(QString());
    s.window->openSettings();
    QTRY_VERIFY((settings = s.window->findChild<SettingsDialog *>()));
    QVERIFY(settings->save());
    settings->accept();
    QCOMPARE(s.terminal->profile().storeName, before);
}

void TestMainWindow::paidSalePrintsItsReceiptOnce()
{
    // Issue 14, item 7: with an ESC/POS printer set (here a fake one on
    // loopback) and "print automatically" on, a paid sale prints its receipt
    // by itself, once, as many copies as the settings say.
    testing::FakeEscPosPrinter printer;
    QVERIFY(printer.isListening());
    const QList<QByteArray> &jobs = printer.jobs;
    const int &closed = printer.closed;
    Shell s([&](AppSettings &settings) { settings.setReceiptPrinter(printer.target()); });
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QVERIFY(s.settings->autoPrint()); // the default once a printer is set

    const QString first = s.paidSale(QStringLiteral("8.80"));
    QVERIFY(!first.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(closed, 1, 10000);
    QVERIFY2(jobs.at(0).startsWith("\x1b\x40"), jobs.at(0).left(16).toHex().constData()); // ESC @
    QCOMPARE(jobs.at(0).count(EscPosRenderer::initialize()), 1);
    QCOMPARE(jobs.at(0).count(EscPosRenderer::cut()), 1);
    QCOMPARE(jobs.at(0).count(EscPosRenderer::kickDrawer()), 1); // the cash drawer opens for a sale
    QTest::qWait(500); // the poller and the dialogs have said "paid" again by now
    QCOMPARE(jobs.size(), 1);

    s.settings->setReceiptCopies(2);
    const QString second = s.paidSale(QStringLiteral("9.90"));
    QVERIFY(second != first);
    QTRY_COMPARE_WITH_TIMEOUT(closed, 2, 10000);
    QCOMPARE(jobs.at(1).count(EscPosRenderer::initialize()), 2);
    QCOMPARE(jobs.at(1).count(EscPosRenderer::cut()), 2);
    QCOMPARE(jobs.at(1).count(EscPosRenderer::kickDrawer()), 1); // once, not per copy
    QTest::qWait(500);
    QCOMPARE(jobs.size(), 2);

    // A code-pay sale (the customer's payment code scanned) prints the same way.
    s.settings->setReceiptCopies(1);
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("3.50"));
    QTest::qWait(150); // a scanner gun comes a moment after the cashier's last key
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("134567890123456789")); // pays at once
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->codePayDialog());
    CodePayDialog *codePay = s.window->codePayDialog();
    QTRY_COMPARE_WITH_TIMEOUT(codePay->state(), OrderState::Paid, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(closed, 3, 10000);
    QCOMPARE(jobs.at(2).count(EscPosRenderer::initialize()), 1);
    QTest::mouseClick(codePay->findChild<QPushButton *>(QStringLiteral("codePayButton")), Qt::LeftButton);
    QTRY_VERIFY(!s.window->codePayDialog());
    QTest::qWait(500);
    QCOMPARE(jobs.size(), 3);
    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));

    // Turned off: a paid sale prints nothing by itself.
    s.settings->setAutoPrint(false);
    s.paidSale(QStringLiteral("1.00"));
    QTest::qWait(500);
    QCOMPARE(jobs.size(), 3);
}

void TestMainWindow::languageSwitchShowsChinese()
{
    Shell s;
    QVERIFY(Translations::install(QStringLiteral("zh_CN")));
    QTRY_VERIFY(hasChinese(s.window->windowTitle()));
    auto *banner = s.window->findChild<QLabel *>(QStringLiteral("trainingBanner"));
    QVERIFY(hasChinese(banner->text()));
    QVERIFY(Translations::install(QStringLiteral("en")));
    QTRY_COMPARE(s.window->windowTitle(), QStringLiteral("PayDesk — TRAINING"));
}

void TestMainWindow::hqSyncStatusIsShownInWords()
{
    // A till that is not enrolled shows nothing about HQ; an enrolled one says,
    // in the cashier's language, whether HQ has everything and why not.
    Shell s;
    TerminalStatusBar *bar = s.window->terminalStatusBar();
    auto *label = bar->findChild<QLabel *>(QStringLiteral("hqSync"));
    QVERIFY(label);
    QVERIFY(label->isHidden());
    SyncStatus status;
    status.state = SyncStatus::State::Waiting;
    status.waiting = 37;
    bar->setSyncStatus(status);
    QVERIFY(!label->isHidden());
    QCOMPARE(bar->syncText(), QStringLiteral("HQ: 37 waiting"));
    QVERIFY(Translations::install(QStringLiteral("zh_CN")));
    QTRY_VERIFY(hasChinese(bar->syncText()));
    QVERIFY(bar->syncText().contains(QLatin1String("37")));
    s.window->resize(1024, 768);
    testing::screenshot(s.window.get(), QStringLiteral("hq-waiting-1024"));
    const struct
    {
        SyncStatus::State state;
        const char *code;
    } cases[] = { { SyncStatus::State::Synced, "" },
                  { SyncStatus::State::Unreachable, "hq_unreachable" },
                  { SyncStatus::State::Refused, "hq_till_revoked" },
                  { SyncStatus::State::Refused, "hq_unknown_token" },
                  { SyncStatus::State::Refused, "hq_foreign_row" },
                  { SyncStatus::State::Refused, "hq_audit_altered" },
                  { SyncStatus::State::Refused, "something_new" } };
    for (const auto &c : cases) {
        status.state = c.state;
        status.code = QLatin1String(c.code);
        status.message = QStringLiteral("English detail from HQ");
        bar->setSyncStatus(status);
        QVERIFY2(hasChinese(bar->syncText()), qPrintable(bar->syncText()));
        QVERIFY2(!bar->syncText().contains(QLatin1String("English detail")), qPrintable(bar->syncText()));
        if (status.code == QLatin1String("hq_till_revoked"))
            testing::screenshot(s.window.get(), QStringLiteral("hq-revoked-1024"));
    }
    QVERIFY(Translations::install(QStringLiteral("en")));
}

void TestMainWindow::fitsA1024x768Terminal()
{
    // A common POS screen: the whole cashier's window, keypad and status bar
    // included, fits 1024 x 768 in either language.
    Shell s;
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        QVERIFY(Translations::install(language));
        s.window->terminalStatusBar()->setReachable(false); // the longest status words
        s.window->resize(1024, 768);
        QTRY_COMPARE(s.window->width(), 1024);
        // In training the pretend customer takes its share of the screen beside it.
        const int room = 1024 - s.window->customerPanel()->minimumSizeHint().expandedTo(s.window->customerPanel()->minimumSize()).width();
        QVERIFY2(s.window->minimumSizeHint().width() <= room,
                 qPrintable(QStringLiteral("%1 > %2").arg(s.window->minimumSizeHint().width()).arg(room)));
        QVERIFY2(s.window->minimumSizeHint().height() <= 768, qPrintable(QString::number(s.window->minimumSizeHint().height())));
        const QRect inside = s.window->rect();
        for (const char *name : { "key_back", "key_clear", "key_7", "chargeButton", "combinedButton", "amountDisplay" }) {
            auto *w = s.window->chargeView()->findChild<QWidget *>(QLatin1String(name));
            QVERIFY2(w && w->isVisible(), name);
            const QRect at(w->mapTo(s.window.get(), QPoint(0, 0)), w->size());
            QVERIFY2(inside.contains(at), qPrintable(QStringLiteral("%1 at %2,%3 %4x%5").arg(QLatin1String(name))
                                                         .arg(at.x()).arg(at.y()).arg(at.width()).arg(at.height())));
        }
        const QRect bar(s.window->statusBar()->mapTo(s.window.get(), QPoint(0, 0)), s.window->statusBar()->size());
        QVERIFY(inside.contains(bar));
        testing::screenshot(s.window.get(), QStringLiteral("charge-1024-") + language);
    }
    QVERIFY(Translations::install(QStringLiteral("en")));
}

void TestMainWindow::amountGrowsOnALargeScreen()
{
    Shell s;
    s.window->resize(1024, 768);
    auto *amount = s.window->chargeView()->findChild<QLabel *>(QStringLiteral("amountDisplay"));
    QTRY_COMPARE(s.window->width(), 1024);
    QCoreApplication::processEvents();
    const int small = amount->fontInfo().pixelSize();
    s.window->resize(1920, 1080);
    QTRY_COMPARE(s.window->width(), 1920);
    QTRY_VERIFY2(amount->fontInfo().pixelSize() > small * 5 / 4, qPrintable(QString::number(amount->fontInfo().pixelSize())));
    testing::screenshot(s.window.get(), QStringLiteral("charge-1920"));
}

void TestMainWindow::chineseScreensSayNothingInEnglish()
{
    // A Chinese-speaking cashier and manager through the screens they use:
    // nothing they read is in English, including what is built from error
    // codes and from the store's English audit trail.
    Shell s;
    QVERIFY(Translations::install(QStringLiteral("zh_CN")));
    s.window->resize(1024, 768);
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    // The store's own names (the store, the cashier) are its data, not PayDesk's words.
    QStringList data { s.terminal->profile().storeName, QStringLiteral("test-cashier") };
    for (const SubMerchant &sub : s.terminal->profile().subMerchants)
        data << sub.name;
    const auto english = qScopeGuard([] { Translations::install(QStringLiteral("en")); }); // even when it fails
    const auto englishLeftoversOnScreen = [data] { return testing::englishLeftoversOnScreen(data); };
    const auto leftovers = [&] { return englishLeftoversOnScreen().join(QLatin1Char('\n')); };

    QTRY_VERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(s.window.get(), QStringLiteral("zh-charge"));

    // An amount refused, in words.
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));

    // A QR sale, paid.
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("23.50"));
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->paymentDialog());
    PaymentDialog *dialog = s.window->paymentDialog();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->qrPayload().isEmpty(), 5000);
    const QString no = dialog->outTradeNo();
    QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(dialog, QStringLiteral("zh-qr"));
    s.window->customerPanel()->act(QStringLiteral("pay"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Paid, 5000);
    QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(dialog, QStringLiteral("zh-paid"));
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_VERIFY(!s.window->paymentDialog());

    // History and the sale's details, every tab (the audit trail included).
    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));
    QTest::keyClick(s.window->chargeView(), Qt::Key_F2);
    QTRY_VERIFY(s.window->historyView()->isVisible());
    QTRY_VERIFY(modelShows(s.window->historyView()->table()->model(), no));
    QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(s.window.get(), QStringLiteral("zh-history"));
    s.window->historyView()->openDetails(no);
    OrderDetailsDialog *details = nullptr;
    QTRY_VERIFY((details = s.window->findChild<OrderDetailsDialog *>()) && details->isVisible());
    auto *tabs = details->findChild<QTabWidget *>();
    QVERIFY(tabs);
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QCoreApplication::processEvents();
        QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
        testing::screenshot(details, QStringLiteral("zh-details-%1").arg(i));
    }
    details->close();

    // The combined sale, one amount missing: the sub-order's message.
    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));
    QTest::keyClick(s.window.get(), Qt::Key_F1);
    emit s.window->chargeView()->combinedRequested();
    CombinedSaleDialog *combined = nullptr;
    QTRY_VERIFY((combined = s.window->findChild<CombinedSaleDialog *>()) && combined->isVisible());
    while (combined->rowCount() < 2)
        combined->addRow();
    const auto &subs = s.terminal->profile().subMerchants;
    combined->setRow(0, subs.at(0).mchid, QStringLiteral("3.00"), QStringLiteral("咖啡"));
    combined->setRow(1, subs.at(1).mchid, QString(), QStringLiteral("面包"));
    for (QPushButton *b : combined->findChildren<QPushButton *>()) {
        if (b->isDefault())
            b->click();
    }
    QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(combined, QStringLiteral("zh-combined"));
    combined->reject();

    // The manager's reports (F5) and reconciliation (F4).
    QTimer pin;
    QObject::connect(&pin, &QTimer::timeout, [] {
        if (auto *field = qobject_cast<QLineEdit *>(QApplication::activeModalWidget()
                                                        ? QApplication::activeModalWidget()->findChild<QLineEdit *>(
                                                              QStringLiteral("pin"))
                                                        : nullptr)) {
            QTest::keyClicks(field, QStringLiteral("0000"));
            QTest::keyClick(field, Qt::Key_Return);
        }
    });
    pin.start(50);
    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));
    QTest::keyClick(s.window.get(), Qt::Key_F5);
    QTRY_VERIFY(s.window->findChild<ReportView *>()->isVisible());
    QTRY_VERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(s.window.get(), QStringLiteral("zh-reports"));
    QTest::keyClick(s.window.get(), Qt::Key_F4);
    QTRY_VERIFY(s.window->findChild<ReconciliationView *>()->isVisible());
    QTRY_VERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
    testing::screenshot(s.window.get(), QStringLiteral("zh-reconcile"));

    // Settings (F9), every tab, the ESC/POS printer chosen on the devices tab.
    QTest::keyClick(s.window.get(), Qt::Key_F9);
    SettingsDialog *settings = nullptr;
    QTRY_VERIFY((settings = s.window->findChild<SettingsDialog *>()) && settings->isVisible());
    if (auto *printer = settings->findChild<QComboBox *>(QStringLiteral("receiptPrinter")))
        printer->setCurrentIndex(printer->count() - 1); // "ESC/POS thermal printer…"
    auto *settingsTabs = settings->findChild<QTabWidget *>();
    QVERIFY(settingsTabs);
    for (int i = 0; i < settingsTabs->count(); ++i) {
        settingsTabs->setCurrentIndex(i);
        QCoreApplication::processEvents();
        QVERIFY2(englishLeftoversOnScreen().isEmpty(), qPrintable(leftovers()));
        testing::screenshot(settings, QStringLiteral("zh-settings-%1").arg(i));
    }
    settings->reject();
    QVERIFY(Translations::install(QStringLiteral("en")));
}

void TestMainWindow::f3LooksUpTheSaleToRefund()
{
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));

    // F3 asks for the receipt or the number, not for the history screen.
    QTest::keyClick(s.window->chargeView(), Qt::Key_F3);
    QTRY_VERIFY(s.window->refundLookupDialog() && s.window->refundLookupDialog()->isVisible());
    RefundLookupDialog *lookup = s.window->refundLookupDialog();
    QVERIFY(!s.window->historyView()->isVisible());
    testing::screenshot(lookup, QStringLiteral("refund-lookup"));

    // A number this till never saw: said in the dialog, the text selected for the next scan.
    QVERIFY(s.scan(QStringLiteral("PD-NO-SUCH-ORDER")) == lookup);
    QVERIFY(lookup->isVisible());
    QVERIFY(!s.window->refundDialog());
    QVERIFY2(lookup->message().contains(QStringLiteral("No sale with the number PD-NO-SUCH-ORDER")),
             qPrintable(lookup->message()));
    QVERIFY(lookup->findChild<QLabel *>(QStringLiteral("message"))->isVisible());
    QCOMPARE(lookup->codeEdit()->selectedText(), QStringLiteral("PD-NO-SUCH-ORDER"));
    testing::screenshot(lookup, QStringLiteral("refund-lookup-not-found"));

    // An order that was never paid.
    NewOrder unpaid;
    unpaid.outTradeNo = QStringLiteral("PD-UNPAID-0001");
    unpaid.mchid = s.terminal->profile().mchid;
    unpaid.description = QStringLiteral("Tea");
    unpaid.amountTotal = 300;
    unpaid.training = true;
    QVERIFY(s.terminal->orders()->create(unpaid, QStringLiteral("test-cashier")));
    s.scan(unpaid.outTradeNo); // typed over the selected text
    QCOMPARE(lookup->codeEdit()->text(), unpaid.outTradeNo);
    QVERIFY2(lookup->message().contains(QStringLiteral("was not paid")), qPrintable(lookup->message()));
    QVERIFY(!s.window->refundDialog());
    QTest::keyClick(lookup->codeEdit(), Qt::Key_Escape);
    QTRY_VERIFY(!s.window->refundLookupDialog());

    // A paid sale by its order number: its refund dialog, the lookup gone.
    const QString no = s.paidSale(QStringLiteral("23.50"));
    QVERIFY(!no.isEmpty());
    QVERIFY(s.scan(no));
    QTRY_VERIFY(s.window->refundDialog());
    QTRY_VERIFY(!s.window->refundLookupDialog());
    RefundDialog *refund = s.window->refundDialog();
    QCOMPARE(refund->outTradeNo(), no);
    QCOMPARE(refund->remainder(), 2350);
    QVERIFY(refund->isVisible());
    refund->reject();
    QTRY_VERIFY(!s.window->refundDialog());

    // By the code on its receipt, as a scanner types it.
    const auto receipt = Receipt::fromStore(s.terminal->orders(), s.terminal->refunds(), no, QString());
    QVERIFY2(receipt, receipt ? "" : qPrintable(receipt.error().message));
    QVERIFY(receipt->qrPayload().contains(QLatin1String("transaction_id=")));
    QVERIFY(s.scan(receipt->qrPayload()));
    QTRY_VERIFY(s.window->refundDialog());
    QCOMPARE(s.window->refundDialog()->outTradeNo(), no);
    s.window->refundDialog()->reject();
    QTRY_VERIFY(!s.window->refundDialog());

    // By WeChat Pay's transaction number.
    const QString transactionId = s.terminal->orders()->find(no)->transactionId;
    QVERIFY(!transactionId.isEmpty());
    QVERIFY(s.scan(transactionId));
    QTRY_VERIFY(s.window->refundDialog());
    QCOMPARE(s.window->refundDialog()->outTradeNo(), no);
    s.window->refundDialog()->reject();
    QTRY_VERIFY(!s.window->refundDialog());

    // A combined sale of the sub-merchants: they refund it, not this till.
    const auto &subs = s.terminal->profile().subMerchants;
    QVERIFY(subs.size() >= 2);
    QVERIFY(subs.at(0).mchid != s.terminal->profile().mchid);
    auto combined = s.terminal->payments()->startCombinedSale(
        { { subs.at(0).mchid, 300, QStringLiteral("Coffee") }, { subs.at(1).mchid, 450, QStringLiteral("Bread") } },
        QStringLiteral("test-cashier"));
    QVERIFY2(combined, combined ? "" : qPrintable(combined.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(s.terminal->orders()->find(*combined)->state, OrderState::Pending, 5000);
    QVERIFY(s.training->customer(QStringLiteral("pay"), *combined, true));
    QTRY_COMPARE_WITH_TIMEOUT(s.terminal->orders()->find(*combined)->state, OrderState::Paid, 5000);
    const auto subOrders = s.terminal->orders()->subOrders(s.terminal->orders()->find(*combined)->id);
    QCOMPARE(subOrders.size(), 2);
    lookup = s.scan(subOrders.at(0).outTradeNo);
    QVERIFY(lookup);
    QVERIFY2(lookup->message().contains(QStringLiteral("belongs to")), qPrintable(lookup->message()));
    QVERIFY(lookup->message().contains(subs.at(0).mchid));
    QVERIFY(!s.window->refundDialog());
    lookup->reject();
    QTRY_VERIFY(!s.window->refundLookupDialog());
}

void TestMainWindow::detailsFollowARefundMadeFromThem()
{
    Shell s;
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QVERIFY(s.pins->setPin(PinVault::managerRole(), QStringLiteral("0000")));
    s.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(s.window.get()));
    const QString no = s.paidSale(QStringLiteral("23.50"));
    QVERIFY(!no.isEmpty());

    QTest::keyClick(s.window->chargeView(), Qt::Key_F2);
    HistoryView *history = s.window->historyView();
    QTRY_VERIFY(history->isVisible());
    QTRY_VERIFY(modelShows(history->table()->model(), no));
    // The list offers the refund of the selected, paid sale.
    QCOMPARE(history->model()->recordAt(history->table()->currentIndex().row()).outTradeNo, no);
    QVERIFY(history->findChild<QPushButton *>(QStringLiteral("refundButton"))->isEnabled());

    history->openDetails(no);
    OrderDetailsDialog *details = history->detailsDialog();
    QVERIFY(details);
    QVERIFY(QTest::qWaitForWindowExposed(details));
    auto *tabs = details->findChild<QTabWidget *>();
    QCOMPARE(tabs->tabText(2), QStringLiteral("Refunds (0)"));
    QCOMPARE(details->refundableRemainder(), 2350);

    QTest::mouseClick(details->findChild<QPushButton *>(QStringLiteral("refundButton")), Qt::LeftButton);
    QTRY_VERIFY(s.window->refundDialog());
    RefundDialog *refund = s.window->refundDialog();
    QVERIFY(QTest::qWaitForWindowExposed(refund));
    QTest::mouseClick(refund->findChild<QRadioButton *>(QStringLiteral("partial")), Qt::LeftButton);
    auto *amount = refund->findChild<QLineEdit *>(QStringLiteral("amount"));
    amount->selectAll();
    QTest::keyClicks(amount, QStringLiteral("3.50"));
    QTest::keyClicks(refund->findChild<QLineEdit *>(QStringLiteral("reason")), QStringLiteral("Returned goods"));
    QTest::mouseClick(refund->findChild<QPushButton *>(QStringLiteral("refundButton")), Qt::LeftButton);
    QTRY_VERIFY(refund->pinDialog() && refund->pinDialog()->isVisible());
    auto *pin = refund->pinDialog()->findChild<QLineEdit *>(QStringLiteral("pin"));
    QTest::keyClicks(pin, QStringLiteral("0000"));
    QTest::keyClick(pin, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!refund->outRefundNo().isEmpty(), 10000);

    // Underneath, without reopening: the refund is listed and what is left went down.
    QTRY_COMPARE(tabs->tabText(2), QStringLiteral("Refunds (1)"));
    QCOMPARE(details->refunds().size(), 1);
    QCOMPARE(details->refunds().first().outRefundNo, refund->outRefundNo());
    QCOMPARE(details->refundableRemainder(), 2000);
    QCOMPARE(details->findChild<QTableWidget *>(QStringLiteral("refundTable"))->rowCount(), 1);
    // And once WeChat Pay paid it out, the order says so too.
    QTRY_COMPARE_WITH_TIMEOUT(refund->status(), QStringLiteral("SUCCESS"), 20000);
    QTRY_COMPARE(details->order().refundedTotal, 350);
    QCOMPARE(details->order().state, OrderState::PartiallyRefunded);
    QCOMPARE(details->refunds().first().status, QStringLiteral("SUCCESS"));
    QTRY_VERIFY(modelShows(history->table()->model(), QStringLiteral("¥3.50")));
}

void TestMainWindow::sigtermEndsTheProgramCleanly()
{
#ifndef PAYDESK_GUI_PATH
    QSKIP("the paydesk program is not built here");
#else
    // The terminal shuts down while PayDesk is open: the real program, in
    // training mode, gets SIGTERM once its window is usable.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString training = dir.filePath(QStringLiteral("training"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("xdg-data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("xdg-config")));
    QProcess paydesk;
    paydesk.setProcessEnvironment(env);
    paydesk.start(QStringLiteral(PAYDESK_GUI_PATH),
                  { QStringLiteral("--training-dir"), training, QStringLiteral("--settings"),
                    dir.filePath(QStringLiteral("paydesk.ini")), QStringLiteral("--measure-startup") });
    QVERIFY2(paydesk.waitForStarted(), qPrintable(paydesk.errorString()));
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (!out.contains("startup_ms") && paydesk.state() == QProcess::Running && waited.elapsed() < 60000) {
        paydesk.waitForReadyRead(100);
        out += paydesk.readAllStandardOutput();
    }
    QVERIFY2(out.contains("startup_ms"), qPrintable(QString::fromLocal8Bit(out + paydesk.readAllStandardError())));
    // While the store is open its lock says who holds it.
    QDir folder(training);
    const QStringList locks = folder.entryList({ QStringLiteral("*.lock") }, QDir::Files);
    QCOMPARE(locks.size(), 1);

    ::kill(pid_t(paydesk.processId()), SIGTERM);
    QVERIFY(paydesk.waitForFinished(15000));
    out += paydesk.readAllStandardOutput();
    const QByteArray err = paydesk.readAllStandardError();
    const QString described = QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
                                  .arg(paydesk.exitCode())
                                  .arg(QString::fromLocal8Bit(out), QString::fromLocal8Bit(err));
    QVERIFY2(paydesk.exitStatus() == QProcess::NormalExit && paydesk.exitCode() == 0, qPrintable(described));
    QVERIFY2(err.contains("stopped by signal 15"), qPrintable(described));
    QVERIFY2(!out.contains("idle_rss_kib"), qPrintable(described)); // it stopped, not the measurement
    QVERIFY2(folder.entryList({ QStringLiteral("*.lock") }, QDir::Files).isEmpty(), qPrintable(described));
#endif
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
