// SPDX-License-Identifier: MIT
// A till with two monitors: the cashier's window on the first, the customer
// display full-screen on the second, facing the customer. The offscreen
// platform is given two screens (a 1366 x 768 cashier screen and an 800 x 480
// customer screen to its right) before the application starts; a sale then
// runs from the keyboard and the customer display follows it: the QR code on
// the customer's screen, then paid, then back to the welcome screen.
//
// With PAYDESK_SCREENSHOTS=<folder> set, both screens are saved there as PNG.

#include "screenshot.h"
#include "sale/chargeview.h"
#include "sale/customerdisplay.h"
#include "sale/paymentdialog.h"
#include "settings/settingsdialog.h"
#include "shell/customerpanel.h"
#include "trainingshell.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QScreen>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::ui;

using paydesk::testing::screenshot;

namespace {

const QString CashierScreen = QStringLiteral("Cashier");
const QString CustomerScreen = QStringLiteral("Customer");

QScreen *screenNamed(const QString &name)
{
    for (QScreen *screen : QGuiApplication::screens()) {
        if (screen->name() == name)
            return screen;
    }
    return nullptr;
}

} // namespace

class TestTwoScreens : public QObject
{
    Q_OBJECT

private slots:
    void platformHasTwoScreens();
    void customerDisplayFollowsTheSaleOnTheSecondScreen();
    void missingCustomerScreenFallsBackToTheDialog();
    void storeNameFromSettingsReachesTheCustomerAtOnce();
};

void TestTwoScreens::platformHasTwoScreens()
{
    QCOMPARE(QGuiApplication::screens().size(), 2);
    QVERIFY(screenNamed(CashierScreen));
    QCOMPARE(screenNamed(CustomerScreen)->geometry(), QRect(1366, 0, 800, 480));
}

void TestTwoScreens::customerDisplayFollowsTheSaleOnTheSecondScreen()
{
    testing::TrainingShell s(true, [](AppSettings &settings) { settings.setCustomerScreen(CustomerScreen); });
    MainWindow *window = s.window.get();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(window->customerDisplay() && window->customerDisplay()->isVisible());
    CustomerDisplay *display = window->customerDisplay();

    // The whole customer screen, and not the cashier's.
    QCOMPARE(display->windowHandle()->screen()->name(), CustomerScreen);
    QTRY_COMPARE(display->geometry(), screenNamed(CustomerScreen)->geometry());
    QCOMPARE(window->windowHandle()->screen()->name(), CashierScreen);
    QVERIFY(display->isShownApartFrom(window));
    QCOMPARE(display->stage(), CustomerDisplay::Stage::Welcome);
    QVERIFY(display->isTraining());
    screenshot(display, QStringLiteral("customer-welcome"));

    QTest::keyClicks(window->chargeView(), QStringLiteral("23.50"));
    QTest::keyClick(window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(window->paymentDialog());
    PaymentDialog *dialog = window->paymentDialog();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->qrPayload().startsWith(QLatin1String("weixin://wxpay/bizpayurl")), 5000);
    // The customer's screen shows the same code, large.
    QTRY_COMPARE(display->stage(), CustomerDisplay::Stage::Payment);
    QCOMPARE(display->payload(), dialog->qrPayload());
    QVERIFY(!display->countdownText().isEmpty());
    const QImage shown = display->grab().toImage();
    QCOMPARE(shown.size(), QSize(800, 480));
    screenshot(display, QStringLiteral("customer-qr"));
    screenshot(window, QStringLiteral("cashier-while-customer-scans"));

    window->customerPanel()->act(QStringLiteral("pay"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), OrderState::Paid, 5000);
    QTRY_COMPARE(display->stage(), CustomerDisplay::Stage::Paid);
    screenshot(display, QStringLiteral("customer-paid"));
    // And back to the welcome screen for the next customer.
    QTRY_COMPARE_WITH_TIMEOUT(display->stage(), CustomerDisplay::Stage::Welcome, display->returnDelayMs() + 5000);
}

void TestTwoScreens::missingCustomerScreenFallsBackToTheDialog()
{
    // The customer monitor was unplugged (or renamed): no display window, the
    // cashier's dialog carries the QR code.
    testing::TrainingShell s(true, [](AppSettings &settings) { settings.setCustomerScreen(QStringLiteral("HDMI-9")); });
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QVERIFY(!s.window->customerDisplay() || !s.window->customerDisplay()->isVisible());
    QTest::keyClicks(s.window->chargeView(), QStringLiteral("3"));
    QTest::keyClick(s.window->chargeView(), Qt::Key_Return);
    QTRY_VERIFY(s.window->paymentDialog());
    QTRY_VERIFY_WITH_TIMEOUT(!s.window->paymentDialog()->qrPayload().isEmpty(), 5000);
    QVERIFY(!s.window->customerDisplay() || !s.window->customerDisplay()->isVisible());
}

void TestTwoScreens::storeNameFromSettingsReachesTheCustomerAtOnce()
{
    // Issue 14, item 8: the welcome screen greets with the name just saved in
    // Settings, not the one PayDesk started with (in training: the sandbox's).
    testing::TrainingShell s(true, [](AppSettings &settings) { settings.setCustomerScreen(CustomerScreen); });
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QTRY_VERIFY(s.window->customerDisplay() && s.window->customerDisplay()->isVisible());
    QCOMPARE(s.window->customerDisplay()->storeName(), s.training->profile().storeName);

    s.window->openSettings(); // this shell has no manager PIN
    SettingsDialog *settings = nullptr;
    QTRY_VERIFY((settings = s.window->findChild<SettingsDialog *>()));
    settings->findChild<QLineEdit *>(QStringLiteral("storeName"))->setText(QStringLiteral("Harbour Noodle House"));
    QVERIFY(settings->save());
    settings->accept();
    QVERIFY(s.window->customerDisplay());
    QCOMPARE(s.window->customerDisplay()->stage(), CustomerDisplay::Stage::Welcome);
    QCOMPARE(s.window->customerDisplay()->storeName(), QStringLiteral("Harbour Noodle House"));
}

int main(int argc, char **argv)
{
    // Two screens side by side, before the platform starts.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screens.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(config));
    file.write(R"({"screens":[
        {"name":"Cashier","x":0,"y":0,"width":1366,"height":768,"logicalDpi":96,"logicalBaseDpi":96,"dpr":1},
        {"name":"Customer","x":1366,"y":0,"width":800,"height":480,"logicalDpi":96,"logicalBaseDpi":96,"dpr":1}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestTwoScreens test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_twoscreens.moc"
