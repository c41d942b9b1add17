// SPDX-License-Identifier: MIT
// RefundDialog as a manager uses it, against the sandbox over loopback: a
// partial refund to SUCCESS and a second one for the rest, an amount over the
// remainder refused before anything is sent, a wrong PIN that refuses, a
// sub-order of a combined sale, an ABNORMAL refund explained, and a dialog
// closed while PROCESSING that leaves the refund to finish by itself; and a
// named manager added with `paydesk-cli user add` / `user pin` who then
// authorises a refund under their own name.

#include "screenshot.h"
#include "config/pinvault.h"
#include "config/profilestore.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "refund/refunddialog.h"
#include "sandboxserver.h"
#include "settings/pindialog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::ui;
using paydesk::sandbox::SandboxServer;

using paydesk::testing::screenshot;

namespace {

const QString ManagerPin = QStringLiteral("2468");

struct Till
{
    QTemporaryDir dir;
    std::unique_ptr<SandboxServer> server;
    MerchantProfile profile;
    std::unique_ptr<PaymentTerminal> terminal;
    std::unique_ptr<PinVault> pins;

    Till()
    {
        auto made = SandboxServer::initTrainingMerchant(dir.filePath(QStringLiteral("training")));
        if (!made)
            qFatal("no training merchant: %s", qPrintable(made.error().message));
        profile = ProfileStore::load(made->profilePath).value().profile().value();
        SandboxServer::Options options;
        options.dataDir = made->sandboxDataDir;
        options.port = 0;
        options.refundDelayMs = 300;
        options.refundIntervalSeconds = 1; // WeChat Pay: 60 s between refunds of one order
        server = std::make_unique<SandboxServer>(options);
        if (auto started = server->start(); !started)
            qFatal("sandbox did not start: %s", qPrintable(started.error().message));
        auto credentials = profile.loadCredentials();
        if (!credentials)
            qFatal("no credentials: %s", qPrintable(credentials.error().message));
        credentials->platformKeys = server->platformKeys();

        PaymentTerminal::Options t;
        t.databasePath = dir.filePath(QStringLiteral("paydesk.sqlite"));
        t.baseUrl = server->baseUrl().toString();
        t.timeoutMs = 3000;
        t.paymentPolling = BackoffPolicy{50, 1.5, 200, 0.1, 0, 0};
        t.refundPolling = BackoffPolicy{100, 1.5, 300, 0.1, 0, 0};
        auto opened = PaymentTerminal::open(profile, *credentials, t);
        if (!opened)
            qFatal("terminal did not open: %s", qPrintable(opened.error().message));
        terminal = std::move(opened).value();
        pins = std::make_unique<PinVault>(terminal->database(), terminal->audit());
        if (!pins->setPin(PinVault::managerRole(), ManagerPin))
            qFatal("no manager PIN");
    }

    OrderRecord order(const QString &no) const { return terminal->orders()->find(no).value_or(OrderRecord{}); }

    QJsonArray sandboxRefunds() const
    {
        return server->control("GET", QStringLiteral("/sandbox/refunds")).body.object().value(QLatin1String("refunds")).toArray();
    }

    int auditCount(const QString &action) const
    {
        QSqlQuery q(terminal->database()->connection());
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = ?"));
        q.addBindValue(action);
        q.exec();
        return q.next() ? q.value(0).toInt() : -1;
    }
};

template<typename T = QWidget>
T *child(QObject *parent, const QString &name)
{
    T *w = parent->findChild<T *>(name);
    if (!w)
        qFatal("no child %s", qPrintable(name));
    return w;
}

QString text(QObject *dialog, const QString &name)
{
    return child<QLabel>(dialog, name)->text();
}

} // namespace

class TestRefundDialog : public QObject
{
    Q_OBJECT

private:
    // A paid Native sale of `fen`.
    QString paidSale(Till &t, qint64 fen)
    {
        auto no = t.terminal->payments()->startNativeSale(fen, QStringLiteral("Noodles"), QStringLiteral("cashier"));
        if (!no)
            return {};
        [&] { QTRY_COMPARE_WITH_TIMEOUT(t.order(*no).state, OrderState::Pending, 5000); }();
        t.server->control("POST", QStringLiteral("/sandbox/customer/pay"), {{QStringLiteral("out_trade_no"), *no}});
        [&] { QTRY_COMPARE_WITH_TIMEOUT(t.order(*no).state, OrderState::Paid, 5000); }();
        return *no;
    }

    // Fills the form, asks for the refund and types the manager PIN.
    void refund(RefundDialog &dialog, const QString &yuan, const QString &reason, const QString &pin = ManagerPin)
    {
        if (!yuan.isEmpty()) {
            QTest::mouseClick(child<QRadioButton>(&dialog, QStringLiteral("partial")), Qt::LeftButton);
            auto *amount = child<QLineEdit>(&dialog, QStringLiteral("amount"));
            amount->selectAll();
            QTest::keyClicks(amount, yuan);
        }
        QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("reason")), reason);
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("refundButton")), Qt::LeftButton);
        if (pin.isEmpty())
            return;
        QTRY_VERIFY(dialog.pinDialog() && dialog.pinDialog()->isVisible());
        auto *field = child<QLineEdit>(dialog.pinDialog(), QStringLiteral("pin"));
        QTest::keyClicks(field, pin);
        QTest::keyClick(field, Qt::Key_Return);
    }

private slots:
    void partialRefundThenTheRest()
    {
        Till t;
        const QString no = paidSale(t, 1000);
        QVERIFY(!no.isEmpty());

        RefundDialog first(t.terminal.get(), t.pins.get(), no);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        QCOMPARE(text(&first, QStringLiteral("amountValue")), QStringLiteral("¥10.00"));
        QCOMPARE(text(&first, QStringLiteral("refundedValue")), QStringLiteral("¥0.00"));
        QCOMPARE(text(&first, QStringLiteral("remainderValue")), QStringLiteral("¥10.00"));
        QCOMPARE(child<QLineEdit>(&first, QStringLiteral("amount"))->text(), QStringLiteral("10.00"));
        QVERIFY(!child<QComboBox>(&first, QStringLiteral("subOrder"))->isVisible());
        QVERIFY(child<QPushButton>(&first, QStringLiteral("refundButton"))->height() >= 48);

        QSignalSpy receipt(&first, &RefundDialog::refundReceiptRequested);
        refund(first, QStringLiteral("3.50"), QStringLiteral("Returned goods"));
        QTRY_COMPARE_WITH_TIMEOUT(first.status(), QStringLiteral("SUCCESS"), 15000);
        QVERIFY2(first.statusText().contains(QStringLiteral("Refunded ¥3.50")), qPrintable(first.statusText()));
        QVERIFY(first.explanation().contains(QStringLiteral("went back to the customer")));
        screenshot(&first, QStringLiteral("refund-success"));
        auto *print = child<QPushButton>(&first, QStringLiteral("receiptButton"));
        QVERIFY(print->isVisible());
        QTest::mouseClick(print, Qt::LeftButton);
        QCOMPARE(receipt.size(), 1);
        QCOMPARE(receipt.first().first().toString(), first.outRefundNo());

        const auto stored = t.terminal->refunds()->find(first.outRefundNo());
        QVERIFY(stored);
        QCOMPARE(stored->amount, 350);
        QCOMPARE(stored->reason, QStringLiteral("Returned goods"));
        QCOMPARE(stored->requestedBy, PinVault::managerRole());
        QCOMPARE(t.order(no).state, OrderState::PartiallyRefunded);
        QCOMPARE(t.order(no).refundedTotal, 350);
        QCOMPARE(t.auditCount(QStringLiteral("pin_authorised")), 1);
        first.accept();

        // The second refund: the dialog shows what is left and defaults to it.
        QTest::qWait(1000); // the sandbox keeps WeChat Pay's interval between refunds of one order
        RefundDialog second(t.terminal.get(), t.pins.get(), no);
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QCOMPARE(text(&second, QStringLiteral("refundedValue")), QStringLiteral("¥3.50"));
        QCOMPARE(text(&second, QStringLiteral("remainderValue")), QStringLiteral("¥6.50"));
        refund(second, QString(), QStringLiteral("Whole order returned"));
        QTRY_COMPARE_WITH_TIMEOUT(second.status(), QStringLiteral("SUCCESS"), 15000);
        QCOMPARE(t.order(no).state, OrderState::Refunded);
        QCOMPARE(t.order(no).refundedTotal, 1000);
        QCOMPARE(t.sandboxRefunds().size(), 2);

        // Nothing is left: a third dialog says so and offers no refund.
        RefundDialog third(t.terminal.get(), t.pins.get(), no);
        QCOMPARE(third.remainder(), 0);
        QVERIFY(!child<QPushButton>(&third, QStringLiteral("refundButton"))->isEnabled());
        QVERIFY2(third.problem().contains(QStringLiteral("has been refunded")), qPrintable(third.problem()));
    }

    void overTheRemainderIsRefusedBeforeSending()
    {
        Till t;
        const QString no = paidSale(t, 500);
        RefundDialog dialog(t.terminal.get(), t.pins.get(), no);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        refund(dialog, QStringLiteral("5.01"), QStringLiteral("Too much"), QString());
        QVERIFY2(dialog.problem().contains(QStringLiteral("At most ¥5.00 can be refunded")), qPrintable(dialog.problem()));
        QVERIFY(child<QLabel>(&dialog, QStringLiteral("problem"))->isVisible());
        screenshot(&dialog, QStringLiteral("refund-over-remainder"));
        QVERIFY(!dialog.pinDialog()); // no PIN asked, nothing sent

        auto *amount = child<QLineEdit>(&dialog, QStringLiteral("amount"));
        amount->clear();
        QTest::keyClicks(amount, QStringLiteral("1.234"));
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("refundButton")), Qt::LeftButton);
        QVERIFY2(!dialog.problem().isEmpty(), "three decimals are refused");
        QVERIFY(!dialog.pinDialog());

        amount->clear();
        QTest::keyClicks(amount, QStringLiteral("1.00"));
        child<QLineEdit>(&dialog, QStringLiteral("reason"))->clear();
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("refundButton")), Qt::LeftButton);
        QVERIFY2(dialog.problem().contains(QStringLiteral("Enter a reason")), qPrintable(dialog.problem()));
        QVERIFY(!dialog.pinDialog());
        // WeChat Pay takes at most 80 characters of reason; the field stops there.
        QCOMPARE(child<QLineEdit>(&dialog, QStringLiteral("reason"))->maxLength(), 80);

        QVERIFY(t.terminal->refunds()->forOrder(t.order(no).id).isEmpty());
        QVERIFY(t.sandboxRefunds().isEmpty());
        QVERIFY(dialog.status().isEmpty());

        // Enter in the reason field asks for the PIN, once; Esc there sends nothing.
        QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("reason")), QStringLiteral("Returned"));
        QTest::keyClick(child<QLineEdit>(&dialog, QStringLiteral("reason")), Qt::Key_Return);
        QTRY_VERIFY(dialog.pinDialog() && dialog.pinDialog()->isVisible());
        QCOMPARE(dialog.findChildren<PinDialog *>().size(), 1);
        QTest::keyClick(dialog.pinDialog(), Qt::Key_Escape);
        QTRY_VERIFY(dialog.problem().contains(QStringLiteral("manager PIN was not confirmed")));
        QVERIFY(t.terminal->refunds()->forOrder(t.order(no).id).isEmpty());
    }

    void wrongPinRefuses()
    {
        Till t;
        const QString no = paidSale(t, 800);
        RefundDialog dialog(t.terminal.get(), t.pins.get(), no);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        refund(dialog, QString(), QStringLiteral("Returned"), QStringLiteral("1111"));
        PinDialog *pin = dialog.pinDialog();
        QVERIFY(pin);
        // The hash runs off the GUI thread: the dialog says so, then answers.
        QTRY_VERIFY_WITH_TIMEOUT(pin->message().contains(QStringLiteral("Wrong PIN. 4 attempt")), 10000);
        QVERIFY(pin->isVisible());
        QTest::keyClick(child<QLineEdit>(pin, QStringLiteral("pin")), Qt::Key_Escape);
        QTRY_VERIFY(!dialog.pinDialog() || !dialog.pinDialog()->isVisible());
        QVERIFY2(dialog.problem().contains(QStringLiteral("manager PIN was not confirmed")), qPrintable(dialog.problem()));
        QVERIFY(dialog.status().isEmpty());
        QVERIFY(t.terminal->refunds()->forOrder(t.order(no).id).isEmpty());
        QVERIFY(t.sandboxRefunds().isEmpty());
        QCOMPARE(t.auditCount(QStringLiteral("pin_refused")), 1);
        QCOMPARE(t.auditCount(QStringLiteral("pin_authorised")), 0);
    }

    void subOrderOfACombinedSale()
    {
        Till t;
        const QString own = t.profile.mchid;
        const QString other = t.profile.subMerchants.value(0).mchid;
        QVERIFY(!other.isEmpty());
        auto no = t.terminal->payments()->startCombinedSale(
            {{other, 300, QStringLiteral("Bread")}, {own, 700, QStringLiteral("Milk")}}, QStringLiteral("cashier"));
        QVERIFY2(no, no ? "" : qPrintable(no.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(t.order(*no).state, OrderState::Pending, 5000);
        QCOMPARE(t.server->control("POST", QStringLiteral("/sandbox/customer/pay"),
                                   {{QStringLiteral("combine_out_trade_no"), *no}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(t.order(*no).state, OrderState::Paid, 5000);
        const auto subs = t.terminal->orders()->subOrders(t.order(*no).id);
        QCOMPARE(subs.size(), 2);

        RefundDialog dialog(t.terminal.get(), t.pins.get(), *no);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *picker = child<QComboBox>(&dialog, QStringLiteral("subOrder"));
        QVERIFY(picker->isVisible());
        QCOMPARE(picker->count(), 2);
        QCOMPARE(text(&dialog, QStringLiteral("amountValue")), QStringLiteral("¥10.00"));
        // This till's own sub-order is chosen; the sub-merchant's is shown but cannot be picked here.
        QCOMPARE(dialog.refundedOrder(), subs.at(1).outTradeNo);
        QCOMPARE(text(&dialog, QStringLiteral("remainderValue")), QStringLiteral("¥7.00"));
        QVERIFY(picker->itemText(1).contains(QStringLiteral("refundable ¥7.00")));
        auto *model = qobject_cast<QStandardItemModel *>(picker->model());
        QVERIFY(model && !model->item(0)->isEnabled());
        QVERIFY2(picker->itemText(0).contains(QStringLiteral("refunded by that merchant")), qPrintable(picker->itemText(0)));

        screenshot(&dialog, QStringLiteral("refund-combined"));
        refund(dialog, QStringLiteral("2"), QStringLiteral("Milk was sour"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.status(), QStringLiteral("SUCCESS"), 15000);
        QCOMPARE(t.order(subs.at(1).outTradeNo).refundedTotal, 200);
        QCOMPARE(t.order(subs.at(1).outTradeNo).state, OrderState::PartiallyRefunded);
        QCOMPARE(t.order(subs.at(0).outTradeNo).refundedTotal, 0);
        QCOMPARE(t.terminal->refunds()->find(dialog.outRefundNo())->outTradeNo, subs.at(1).outTradeNo);

        RefundDialog again(t.terminal.get(), t.pins.get(), *no);
        QCOMPARE(again.refundedOrder(), subs.at(1).outTradeNo);
        QCOMPARE(again.remainder(), 500);
        QCOMPARE(text(&again, QStringLiteral("refundedValue")), QStringLiteral("¥2.00"));
    }

    void abnormalIsExplained()
    {
        Till t;
        const QString no = paidSale(t, 1200);
        QCOMPARE(t.server->control("POST", QStringLiteral("/sandbox/refunds/outcome"),
                                   {{QStringLiteral("next"), true}, {QStringLiteral("status"), QStringLiteral("ABNORMAL")}})
                     .status,
                 200);
        RefundDialog dialog(t.terminal.get(), t.pins.get(), no);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        refund(dialog, QString(), QStringLiteral("Returned"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.status(), QStringLiteral("ABNORMAL"), 15000);
        QVERIFY2(dialog.statusText().contains(QStringLiteral("could not take the money")), qPrintable(dialog.statusText()));
        QVERIFY(dialog.explanation().contains(QStringLiteral("contact WeChat Pay support")));
        QVERIFY(dialog.explanation().contains(QStringLiteral("merchant platform")));
        screenshot(&dialog, QStringLiteral("refund-abnormal"));
        QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("receiptButton"))->isVisible());
        // Held, not lost: it stays among the unresolved refunds and holds the amount.
        bool listed = false;
        for (const RefundRecord &r : t.terminal->refunds()->unresolved())
            listed = listed || r.outRefundNo == dialog.outRefundNo();
        QVERIFY(listed);
        QCOMPARE(*t.terminal->refunds()->refundableRemainder(no), 0);
    }

    void namedManagerFromTheCli()
    {
#ifndef PAYDESK_CLI_PATH
        QSKIP("paydesk-cli is not built here");
#else
        Till t;
        const QString db = t.terminal->database()->path();
        struct Run
        {
            int exitCode = -1;
            QJsonObject out;
            QByteArray err;
        };
        auto cli = [&db](const QStringList &args, const QByteArray &input) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("PAYDESK_DB"));
            env.remove(QStringLiteral("PAYDESK_CONFIG"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(PAYDESK_CLI_PATH), QStringList(args) << QStringLiteral("--db") << db);
            p.waitForStarted();
            p.write(input);
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return Run{p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object(), p.readAllStandardError()};
        };
        const QStringList add{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--name"),
                              QStringLiteral("li.na"), QStringLiteral("--role"), QStringLiteral("manager"),
                              QStringLiteral("--pin-stdin")};
        Run added = cli(add, "8642\n");
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QCOMPARE(added.out.value(QLatin1String("user")).toString(), QStringLiteral("li.na"));
        QCOMPARE(added.out.value(QLatin1String("role")).toString(), QStringLiteral("manager"));
        QCOMPARE(cli(add, "1111\n").exitCode, 3); // the name is taken
        // The PIN never comes from the command line.
        QCOMPARE(cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("zhou"),
                      QStringLiteral("--role"), QStringLiteral("cashier")},
                     "1111\n")
                     .exitCode,
                 2);
        QCOMPARE(cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("zhou"),
                      QStringLiteral("--role"), QStringLiteral("cashier"), QStringLiteral("--pin-stdin")},
                     "12\n")
                     .exitCode,
                 2);
        const QStringList pin{QStringLiteral("user"), QStringLiteral("pin"), QStringLiteral("--name"),
                              QStringLiteral("li.na"), QStringLiteral("--pin-stdin")};
        Run changed = cli(pin, "9753\n");
        QVERIFY2(changed.exitCode == 0, changed.err.constData());
        QCOMPARE(changed.out.value(QLatin1String("pin_changed")).toBool(), true);
        QCOMPARE(cli({QStringLiteral("user"), QStringLiteral("pin"), QStringLiteral("--name"), QStringLiteral("nobody"),
                      QStringLiteral("--pin-stdin")},
                     "9753\n")
                     .exitCode,
                 3);
        QCOMPARE(t.pins->users(PinVault::managerRole()).size(), 1);

        // Li Na refunds under her own name: the PIN dialog asks who.
        const QString no = paidSale(t, 900);
        RefundDialog dialog(t.terminal.get(), t.pins.get(), no);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(child<QLineEdit>(&dialog, QStringLiteral("reason")), QStringLiteral("Returned"));
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("refundButton")), Qt::LeftButton);
        QTRY_VERIFY(dialog.pinDialog() && dialog.pinDialog()->isVisible());
        PinDialog *pinDialog = dialog.pinDialog();
        auto *who = child<QComboBox>(pinDialog, QStringLiteral("who"));
        QVERIFY(who->isVisible());
        who->setCurrentIndex(who->findData(QStringLiteral("li.na")));
        auto *field = child<QLineEdit>(pinDialog, QStringLiteral("pin"));
        QTest::keyClicks(field, QStringLiteral("8642")); // the old PIN
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(pinDialog->message().contains(QStringLiteral("Wrong PIN")), 10000);
        screenshot(pinDialog, QStringLiteral("refund-pin-who"));
        QTest::keyClicks(field, QStringLiteral("9753"));
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.status(), QStringLiteral("SUCCESS"), 15000);
        QCOMPARE(t.terminal->refunds()->find(dialog.outRefundNo())->requestedBy, QStringLiteral("li.na"));
        QSqlQuery q(t.terminal->database()->connection());
        q.exec(QStringLiteral("SELECT actor, action FROM audit_log WHERE subject = 'user.li.na' ORDER BY id"));
        QStringList trail;
        while (q.next())
            trail << q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString();
        QCOMPARE(trail, (QStringList{QStringLiteral("paydesk-cli user_added"), QStringLiteral("paydesk-cli pin_set"),
                                     QStringLiteral("li.na pin_refused"), QStringLiteral("li.na pin_authorised")}));
#endif
    }

    void closedWhileProcessingStillFinishes()
    {
        Till t;
        const QString no = paidSale(t, 600);
        QString outRefundNo;
        {
            RefundDialog dialog(t.terminal.get(), t.pins.get(), no);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            refund(dialog, QStringLiteral("1.00"), QStringLiteral("Returned"));
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.outRefundNo().isEmpty(), 10000);
            outRefundNo = dialog.outRefundNo();
            QVERIFY(dialog.status() != QLatin1String("SUCCESS"));
            QVERIFY(dialog.explanation().contains(QStringLiteral("closing this window loses nothing"))
                    || dialog.explanation().contains(QStringLiteral("You may close this window")));
            QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("closeButton")), Qt::LeftButton);
        }
        QTRY_COMPARE_WITH_TIMEOUT(t.terminal->refunds()->find(outRefundNo)->status, QStringLiteral("SUCCESS"), 15000);
        QCOMPARE(t.order(no).refundedTotal, 100);
    }
};

QTEST_MAIN(TestRefundDialog)
#include "tst_refunddialog.moc"
