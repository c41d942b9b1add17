// SPDX-License-Identifier: MIT
// A cashier's day in training mode, driven through the real main window with
// QTest: type an amount, Enter, the (training) customer pays, success shown,
// the row in history; a combined sale; cancel before payment; Enter pressed
// three times makes one order; the language switch shows Chinese; F3 finds a
// sale to refund by its number or receipt code, and the order details follow
// a refund made from them.

#include "screenshot.h"
#include "trainingshell.h"
#include "config/pinvault.h"
#include "history/historymodel.h"
#include "history/historyview.h"
#include "history/orderdetailsdialog.h"
#include "receipt/receipt.h"
#include "refund/refunddialog.h"
#include "refund/refundlookupdialog.h"
#include "payments/paymentterminal.h"
#include "sale/chargeview.h"
#include "sale/combinedsaledialog.h"
#include "sale/paymentdialog.h"
#include "sandboxserver.h"
#include "settings/appsettings.h"
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
#include <QJsonArray>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
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
    void combinedSale();
    void languageSwitchShowsChinese();
    void hqSyncStatusIsShownInWords();
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
    // While the customer has not paid, the status bar counts the sale as being settled.
    QTRY_VERIFY(s.window->terminalStatusBar()->resolvingText().contains(QLatin1String("1 order")));

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
