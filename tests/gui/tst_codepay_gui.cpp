// SPDX-License-Identifier: MIT
// The cashier enters an amount and scans the customer's payment code: QTest
// types the 18 digits and Enter the way a scanner gun does (all at once), into
// the charge screen or into whichever field had the focus. What the cashier
// sees: the code-pay dialog, "entering the password", paid or reversed, and a
// clear message for anything that is not a payment code.
#include "trainingshell.h"
#include "config/pinvault.h"
#include "payments/paymentterminal.h"
#include "sale/chargeview.h"
#include "sale/codepaydialog.h"
#include "sandboxserver.h"
#include "settings/appsettings.h"
#include "shell/mainwindow.h"
#include "shell/trainingenvironment.h"
#include "store/orderrepository.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::ui;

namespace {

const QString PaysAtOnce = QStringLiteral("134567890123456789");
const QString PasswordForever = QStringLiteral("125001234567890123");

struct Shell : testing::TrainingShell
{
    ChargeView *charge() const { return window->chargeView(); }

    // What a scanner gun does: every digit and Enter within a millisecond or two,
    // some time after the cashier last touched the keyboard.
    void scan(QWidget *target, const QString &code)
    {
        QTest::qWait(150);
        QTest::keyClicks(target, code);
        QTest::keyClick(target, Qt::Key_Return);
    }

    QJsonObject sandboxOrder(const QString &no) const
    {
        const auto reply = training->server()->control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no);
        const QJsonArray list = reply.body.object().value(QLatin1String("orders")).toArray();
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }
};

QString statusShown(CodePayDialog *dialog)
{
    return dialog->findChild<QLabel *>(QStringLiteral("codePayStatus"))->text();
}

} // namespace

class TestCodePayGui : public QObject
{
    Q_OBJECT

private slots:
    void scannedCodePays()
    {
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        QTest::keyClicks(s.charge(), QStringLiteral("12.34"));
        s.scan(s.charge(), PaysAtOnce);
        QTRY_VERIFY(s.window->codePayDialog());
        CodePayDialog *dialog = s.window->codePayDialog();
        // The scanned digits never reached the amount.
        QCOMPARE(s.charge()->amountFen(), 1234);
        QVERIFY(s.charge()->isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Paid, 8000);
        QVERIFY(statusShown(dialog).contains(QStringLiteral("Paid")));
        const auto order = s.terminal->orders()->find(dialog->outTradeNo());
        QCOMPARE(order->kind, OrderKind::CodePay);
        QCOMPARE(order->amountTotal, 1234);
        QCOMPARE(s.sandboxOrder(order->outTradeNo).value(QLatin1String("trade_type")).toString(), QStringLiteral("MICROPAY"));
        // The same finish as a QR sale: the transaction number, a receipt one click away.
        QVERIFY(!order->transactionId.isEmpty());
        auto *transaction = dialog->findChild<QLabel *>(QStringLiteral("codePayTransaction"));
        QTRY_VERIFY(transaction->isVisible());
        QVERIFY2(transaction->text().contains(order->transactionId), qPrintable(transaction->text()));
        auto *print = dialog->findChild<QPushButton *>(QStringLiteral("codePayPrint"));
        QVERIFY(print->isVisible());
        // No printer set: the signed PDF goes into the receipts folder, no file dialog.
        QTemporaryDir receipts;
        s.settings->setReceiptsFolder(receipts.path());
        QSignalSpy printed(dialog, &CodePayDialog::receiptRequested);
        QTest::mouseClick(print, Qt::LeftButton);
        QCOMPARE(printed.size(), 1);
        QCOMPARE(printed.first().first().toString(), order->outTradeNo);
        QFile pdf(QDir(receipts.path()).filePath(order->outTradeNo + QStringLiteral(".pdf")));
        QTRY_VERIFY(pdf.exists());
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(!QApplication::activeModalWidget() || QApplication::activeModalWidget() == dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("codePayButton")), Qt::LeftButton);
        QTRY_VERIFY(!s.window->codePayDialog());
        QCOMPARE(s.charge()->amountFen(), 0); // the next customer
        QVERIFY(!s.charge()->isBusy());
    }

    void passwordThenCancelReverses()
    {
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        QTest::keyClicks(s.charge(), QStringLiteral("8"));
        s.scan(s.charge(), PasswordForever);
        QTRY_VERIFY(s.window->codePayDialog());
        CodePayDialog *dialog = s.window->codePayDialog();
        QTRY_VERIFY_WITH_TIMEOUT(statusShown(dialog).contains(QStringLiteral("entering the password")), 5000);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("codePayButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Closed, 8000);
        QVERIFY2(statusShown(dialog).contains(QStringLiteral("Reversed")), qPrintable(statusShown(dialog)));
        QCOMPARE(s.sandboxOrder(dialog->outTradeNo()).value(QLatin1String("trade_state")).toString(),
                 QStringLiteral("REVOKED"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("codePayButton")), Qt::LeftButton);
        QTRY_VERIFY(!s.window->codePayDialog());
        QCOMPARE(s.charge()->amountFen(), 800); // not paid: the amount stays for another try
    }

    void escWhileEnteringThePasswordAsksFirst()
    {
        // Issue 14, item 9: one stray Esc must not reverse a payment the
        // customer is confirming; the cashier is asked, and "keep waiting" is
        // what Enter or Esc answers.
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        QTest::keyClicks(s.charge(), QStringLiteral("6"));
        s.scan(s.charge(), PasswordForever);
        QTRY_VERIFY(s.window->codePayDialog());
        CodePayDialog *dialog = s.window->codePayDialog();
        QTRY_VERIFY_WITH_TIMEOUT(statusShown(dialog).contains(QStringLiteral("entering the password")), 5000);
        const QString no = dialog->outTradeNo();

        QTest::keyClick(dialog, Qt::Key_Escape);
        QMessageBox *question = nullptr;
        QTRY_VERIFY((question = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
        QCOMPARE(question->text(), QStringLiteral("The customer is already paying. Cancel the sale anyway?"));
        QCOMPARE(question->defaultButton(), question->button(QMessageBox::No));
        QPointer<QMessageBox> asked(question);
        QTest::keyClick(question, Qt::Key_Escape);
        QTRY_VERIFY(!asked);
        QVERIFY2(statusShown(dialog).contains(QStringLiteral("entering the password")),
                 qPrintable(statusShown(dialog)));
        QCOMPARE(dialog->state(), OrderState::Pending);
        QCOMPARE(s.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("USERPAYING"));
        QCOMPARE(s.window->codePayDialog(), dialog);

        // Esc again, confirmed: reversed as before.
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY((question = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
        QTest::mouseClick(question->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Closed, 8000);
        QVERIFY2(statusShown(dialog).contains(QStringLiteral("Reversed")), qPrintable(statusShown(dialog)));
        QCOMPARE(s.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
        QTest::keyClick(dialog, Qt::Key_Escape); // settled: Esc closes, no question
        QTRY_VERIFY(!s.window->codePayDialog());
    }

    void scanIntoAFieldStillPays()
    {
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        QTest::keyClicks(s.charge(), QStringLiteral("3"));
        auto *description = s.charge()->findChild<QLineEdit *>(QStringLiteral("description"));
        description->setFocus();
        QTest::keyClicks(description, QStringLiteral("Tea"));
        s.scan(description, PaysAtOnce);
        QTRY_VERIFY(s.window->codePayDialog());
        QCOMPARE(description->text(), QStringLiteral("Tea"));
        const auto order = s.terminal->orders()->find(s.window->codePayDialog()->outTradeNo());
        QCOMPARE(order->description, QStringLiteral("Tea"));
        QTRY_COMPARE_WITH_TIMEOUT(s.window->codePayDialog()->state(), OrderState::Paid, 8000);
    }

    void notAPaymentCodeIsRefused_data()
    {
        QTest::addColumn<QString>("scanned");
        QTest::newRow("a product's EAN-13") << QStringLiteral("6901234567892");
        QTest::newRow("an Alipay code") << QStringLiteral("284567890123456789");
    }
    void notAPaymentCodeIsRefused()
    {
        QFETCH(QString, scanned);
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        QTest::keyClicks(s.charge(), QStringLiteral("5.50"));
        s.scan(s.charge(), scanned);
        QTest::qWait(100);
        QVERIFY(!s.window->codePayDialog());
        QVERIFY(!s.window->paymentDialog()); // nor a QR sale from the Enter
        QVERIFY(s.charge()->messageText().contains(QStringLiteral("not a WeChat payment code")));
        QCOMPARE(s.charge()->amountFen(), 550);
        QVERIFY(!s.charge()->isBusy());
    }

    void restartTellsTheCashierTheSaleWasPaid()
    {
        // The till dies while the customer types the password; the customer
        // confirms while it is down. At the next start recovery books the
        // sale paid, and the cashier is told so in plain words.
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        QTest::keyClicks(s.charge(), QStringLiteral("12.34"));
        s.scan(s.charge(), PasswordForever);
        QTRY_VERIFY(s.window->codePayDialog());
        const QString no = s.window->codePayDialog()->outTradeNo();
        QTRY_VERIFY_WITH_TIMEOUT(statusShown(s.window->codePayDialog()).contains(QStringLiteral("entering the password")),
                                 5000);
        s.restart(false);
        QCOMPARE(s.training->server()
                     ->control("POST", QStringLiteral("/sandbox/customer/pay"), QJsonObject { { QStringLiteral("out_trade_no"), no } })
                     .status,
                 200);
        QVERIFY(!s.window->findChild<QMessageBox *>(QStringLiteral("recoveryNotice")));
        s.terminal->startBackgroundWork(); // start-up recovery
        QTRY_VERIFY_WITH_TIMEOUT(s.window->findChild<QMessageBox *>(QStringLiteral("recoveryNotice")), 8000);
        const QString text = s.window->findChild<QMessageBox *>(QStringLiteral("recoveryNotice"))->text();
        QVERIFY2(text.contains(no) && text.contains(QStringLiteral("¥12.34"))
                     && text.contains(QStringLiteral("was paid while PayDesk was down and is recorded as paid")),
                 qPrintable(text));
        QCOMPARE(s.terminal->orders()->find(no)->state, OrderState::Paid);
    }

    void amountFirst()
    {
        Shell s;
        QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
        s.scan(s.charge(), PaysAtOnce);
        QTest::qWait(100);
        QVERIFY(!s.window->codePayDialog());
        QVERIFY(s.charge()->messageText().contains(QStringLiteral("Enter the amount first")));
        QCOMPARE(s.charge()->amountFen(), 0);
    }
};

QTEST_MAIN(TestCodePayGui)
#include "tst_codepay_gui.moc"
