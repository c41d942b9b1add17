// SPDX-License-Identifier: MIT
// The sale widgets as a cashier uses them: the charge screen by touch and by
// keyboard, the QR code's pixels, the customer display's stages, the combined
// order's rules, and the payment dialog against a real in-process sandbox
// (real sockets, real signatures, real store and poller).
//
// With PAYDESK_SCREENSHOT_DIR set, the test also writes PNGs of each widget
// there (run under xvfb-run with QT_QPA_PLATFORM=xcb to see real fonts).

#include "clock.h"
#include "payments/paymentservice.h"
#include "payments/statuspoller.h"
#include "sale/chargeview.h"
#include "sale/combinedsaledialog.h"
#include "sale/customerdisplay.h"
#include "sale/paymentdialog.h"
#include "sale/qrcodewidget.h"
#include "sale/yuan.h"
#include "sandboxserver.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "testfixtures.h"
#include "wechatpay/apiclient.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPrinter>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::ui;
using namespace paydesk::sandbox;

namespace {

const QString Merchant = QStringLiteral("1900000109");

// One terminal wired by hand as the app wires it: sandbox, client, store, poller, service.
struct Terminal
{
    testing::TestWorld world;
    QTemporaryDir dir;
    std::unique_ptr<SandboxServer> sandbox;
    std::unique_ptr<Database> db;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OrderRepository> orders;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<SystemClock> clock;
    std::unique_ptr<StatusPoller> poller;
    std::unique_ptr<PaymentService> payments;

    Terminal()
    {
        SandboxServer::Options o;
        o.seed = 11;
        sandbox = std::make_unique<SandboxServer>(o);
        if (auto started = sandbox->start(); !started)
            qFatal("sandbox did not start: %s", qPrintable(started.error().message));
        MerchantRegistration m;
        m.mchid = Merchant;
        m.appid = QStringLiteral("wxd678efh567hg6787");
        m.name = QStringLiteral("Test Store");
        m.apiV3Key = world.apiV3Key;
        m.certificate = world.merchant.certificate;
        if (auto registered = sandbox->registerMerchant(m); !registered)
            qFatal("cannot register merchant: %s", qPrintable(registered.error().message));

        db = std::move(Database::open(dir.filePath(QStringLiteral("paydesk.sqlite"))).value());
        audit = std::make_unique<AuditLog>(db.get());
        orders = std::make_unique<OrderRepository>(db.get(), audit.get());
        MerchantCredentials c = world.credentials(false, false);
        c.platformKeys = sandbox->platformKeys();
        ApiClient::Options ao;
        ao.baseUrl = sandbox->baseUrl();
        ao.timeoutMs = 2000;
        ao.initialBackoffMs = 20;
        ao.maxBackoffMs = 200;
        api = std::make_unique<ApiClient>(c, ao);
        clock = std::make_unique<SystemClock>();
        poller = std::make_unique<StatusPoller>(api.get(), orders.get(), clock.get(),
                                                BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 }, 1);
        PaymentService::Settings s;
        s.appid = m.appid;
        s.mchid = Merchant;
        s.notifyUrl = QStringLiteral("https://example.invalid/notify");
        s.terminalId = QStringLiteral("T01");
        payments = std::make_unique<PaymentService>(api.get(), orders.get(), poller.get(), clock.get(), s);
    }

    int customer(const QString &action, const QString &outTradeNo)
    {
        return sandbox
            ->control("POST", QStringLiteral("/sandbox/customer/") + action,
                      QJsonObject { { QStringLiteral("out_trade_no"), outTradeNo } })
            .status;
    }

    QJsonObject sandboxOrder(const QString &no)
    {
        const auto reply = sandbox->control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no);
        const QJsonArray list = reply.body.object().value(QLatin1String("orders")).toArray();
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }
};

template<typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

QString labelText(QObject *parent, const char *name)
{
    return child<QLabel>(parent, name)->text();
}

void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PAYDESK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestSaleWidgets : public QObject
{
    Q_OBJECT

private slots:
    void yuanParsing_data();
    void yuanParsing();
    void keypadClicksMakeFen();
    void keyboardMakesFen();
    void enterTwiceWhileBusyChargesOnce();
    void invalidAmountsAreRefused_data();
    void invalidAmountsAreRefused();
    void descriptionAndItems();
    void qrRenderHasTheRightModulesAndPurePixels_data();
    void qrRenderHasTheRightModulesAndPurePixels();
    void qrWidgetDrawsWholeDevicePixels();
    void customerDisplayFollowsTheSale();
    void combinedRefusesOneSubOrder();
    void combinedRefusesDuplicatesAndBadRows();
    void combinedAcceptsAValidPair();
    void paymentDialogFollowsASaleToPaid();
    void paymentDialogCancelClosesAndOffersNewQr();
    void paymentDialogSaysWhenWeChatPayIsUnreachable();
    void printQrSlipToPdf();
};

void TestSaleWidgets::yuanParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<int>("problem");
    using P = Yuan::Problem;
    QTest::newRow("whole") << "12" << qint64(1200) << int(P::None);
    QTest::newRow("one decimal") << "12.3" << qint64(1230) << int(P::None);
    QTest::newRow("two decimals") << "12.34" << qint64(1234) << int(P::None);
    QTest::newRow("symbol and grouping") << "¥1,234.50" << qint64(123450) << int(P::None);
    QTest::newRow("full-width yen") << "￥0.01" << qint64(1) << int(P::None);
    QTest::newRow("leading point") << ".5" << qint64(50) << int(P::None);
    QTest::newRow("max") << "1000000.00" << qint64(100000000) << int(P::None);
    QTest::newRow("over max") << "1000000.01" << qint64(-1) << int(P::TooLarge);
    QTest::newRow("huge") << "99999999999999999999" << qint64(-1) << int(P::TooLarge);
    QTest::newRow("three decimals") << "12.345" << qint64(-1) << int(P::TooManyDecimals);
    QTest::newRow("zero") << "0.00" << qint64(-1) << int(P::Zero);
    QTest::newRow("negative") << "-1" << qint64(-1) << int(P::NotANumber);
    QTest::newRow("letters") << "abc" << qint64(-1) << int(P::NotANumber);
    QTest::newRow("two points") << "1.2.3" << qint64(-1) << int(P::NotANumber);
    QTest::newRow("empty") << "" << qint64(-1) << int(P::Empty);
}

void TestSaleWidgets::yuanParsing()
{
    QFETCH(QString, text);
    QFETCH(qint64, fen);
    QFETCH(int, problem);
    Yuan::Problem p = Yuan::Problem::None;
    QCOMPARE(Yuan::parse(text, &p), fen);
    QCOMPARE(int(p), problem);
    if (fen > 0)
        QCOMPARE(Yuan::parse(Yuan::format(fen)), fen); // what is shown reads back the same
}

void TestSaleWidgets::keypadClicksMakeFen()
{
    ChargeView view;
    view.resize(1280, 760);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.amountText(), QStringLiteral("¥0.00"));
    for (const char *key : { "key_1", "key_2", "key_dot", "key_3", "key_4" })
        QTest::mouseClick(child<QPushButton>(&view, key), Qt::LeftButton);
    QCOMPARE(view.amountFen(), qint64(1234));
    QCOMPARE(view.amountText(), QStringLiteral("¥12.34"));
    QTest::mouseClick(child<QPushButton>(&view, "key_back"), Qt::LeftButton);
    QCOMPARE(view.amountFen(), qint64(1230));
    QCOMPARE(view.amountText(), QStringLiteral("¥12.3"));

    QTest::mouseClick(child<QPushButton>(&view, "key_clear"), Qt::LeftButton);
    QCOMPARE(view.amountFen(), qint64(0));
    for (const char *key : { "key_1", "key_00", "key_00", "key_0" })
        QTest::mouseClick(child<QPushButton>(&view, key), Qt::LeftButton);
    QCOMPARE(view.amountFen(), qint64(10000000)); // ¥100,000
    QCOMPARE(view.amountText(), QStringLiteral("¥100,000"));

    QSignalSpy charged(&view, &ChargeView::chargeRequested);
    QTest::mouseClick(child<QPushButton>(&view, "chargeButton"), Qt::LeftButton);
    QCOMPARE(charged.size(), 1);
    QCOMPARE(charged.first().at(0).toLongLong(), qint64(10000000));
    screenshot(&view, QStringLiteral("chargeview-busy"));
}

void TestSaleWidgets::keyboardMakesFen()
{
    ChargeView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFocus();
    QSignalSpy charged(&view, &ChargeView::chargeRequested);
    QTest::keyClicks(&view, QStringLiteral("056.7"));
    QCOMPARE(view.amountText(), QStringLiteral("¥56.7"));
    QCOMPARE(view.amountFen(), qint64(5670));
    QTest::keyClick(&view, Qt::Key_Backspace);
    QCOMPARE(view.amountText(), QStringLiteral("¥56."));
    QCOMPARE(view.amountFen(), qint64(5600));
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(view.amountFen(), qint64(0));
    QTest::keyClicks(&view, QStringLiteral("8.80"));
    QTest::keyClick(&view, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(charged.size(), 1);
    QCOMPARE(charged.first().at(0).toLongLong(), qint64(880));
    QVERIFY(!charged.first().at(1).toString().isEmpty()); // WeChat Pay requires a description
}

void TestSaleWidgets::enterTwiceWhileBusyChargesOnce()
{
    ChargeView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFocus();
    QSignalSpy charged(&view, &ChargeView::chargeRequested);
    // The owner sets busy when it receives the signal, as the main window does.
    connect(&view, &ChargeView::chargeRequested, &view, [&view] { view.setBusy(true); });
    QTest::keyClicks(&view, QStringLiteral("25"));
    QTest::keyClick(&view, Qt::Key_Return);
    QTest::keyClick(&view, Qt::Key_Return);
    QTest::keyClick(&view, Qt::Key_Enter, Qt::KeypadModifier);
    auto *chargeButton = child<QPushButton>(&view, "chargeButton");
    QTest::mouseClick(chargeButton, Qt::LeftButton);
    QTest::mouseDClick(chargeButton, Qt::LeftButton);
    QTest::keyClicks(&view, QStringLiteral("9")); // typing while busy changes nothing
    QTest::keyClick(&view, Qt::Key_Escape); // nor does Esc clear the sale being charged
    QCOMPARE(charged.size(), 1);
    QCOMPARE(view.amountFen(), qint64(2500));
    QVERIFY(!chargeButton->isEnabled());

    // Even without an owner that sets busy, a double click makes one order.
    view.clear();
    disconnect(&view, &ChargeView::chargeRequested, &view, nullptr);
    QTest::keyClicks(&view, QStringLiteral("3"));
    QTest::mouseDClick(chargeButton, Qt::LeftButton);
    QTest::mouseClick(chargeButton, Qt::LeftButton);
    QTest::keyClick(&view, Qt::Key_Return);
    QCOMPARE(charged.size(), 2);
    QCOMPARE(charged.last().at(0).toLongLong(), qint64(300));
}

void TestSaleWidgets::invalidAmountsAreRefused_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("charges");
    QTest::newRow("nothing") << ""
                             << "¥0.00" << false;
    QTest::newRow("zero") << "0"
                          << "¥0" << false;
    QTest::newRow("point only") << "."
                                << "¥0." << false;
    QTest::newRow("zero fen") << "0.00"
                              << "¥0.00" << false;
    // Refused as typed: the third decimal and the digit over the limit never appear.
    QTest::newRow("third decimal") << "1.234"
                                   << "¥1.23" << true;
    QTest::newRow("over the limit") << "10000000"
                                    << "¥1,000,000" << true;
    QTest::newRow("cent over the limit") << "1000000.01"
                                         << "¥1,000,000.0" << true;
}

void TestSaleWidgets::invalidAmountsAreRefused()
{
    QFETCH(QString, typed);
    QFETCH(QString, shown);
    QFETCH(bool, charges);
    ChargeView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFocus();
    QSignalSpy charged(&view, &ChargeView::chargeRequested);
    QTest::keyClicks(&view, typed);
    QCOMPARE(view.amountText(), shown);
    if (charges) // the refusal while typing was said at once
        QVERIFY(!view.messageText().isEmpty());
    QTest::keyClick(&view, Qt::Key_Return);
    QCOMPARE(charged.size(), charges ? 1 : 0);
    if (!charges) {
        QVERIFY2(!view.messageText().isEmpty(), "the cashier is told why");
        QVERIFY(!view.isBusy());
        QVERIFY(labelText(&view, "message") == view.messageText());
    }
}

void TestSaleWidgets::descriptionAndItems()
{
    ChargeView view;
    view.resize(1280, 760);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy charged(&view, &ChargeView::chargeRequested);

    auto *name = child<QLineEdit>(&view, "itemName");
    auto *price = child<QLineEdit>(&view, "itemPrice");
    QTest::keyClicks(name, QStringLiteral("Latte"));
    QTest::keyClicks(price, QStringLiteral("18.5"));
    QTest::mouseClick(child<QPushButton>(&view, "addItem"), Qt::LeftButton);
    price->setFocus();
    QTest::keyClicks(name, QStringLiteral("Croissant"));
    QTest::keyClicks(price, QStringLiteral("12"));
    QTest::keyClick(price, Qt::Key_Return); // Enter in the price field adds the item, it does not charge
    QCOMPARE(charged.size(), 0);
    QCOMPARE(view.items().size(), 2);
    QCOMPARE(view.amountFen(), qint64(3050));
    QCOMPARE(view.amountText(), QStringLiteral("¥30.50"));

    // A bad price is refused with a message, and nothing is added.
    QTest::keyClicks(name, QStringLiteral("Tea"));
    QTest::keyClicks(price, QStringLiteral("1.234"));
    QTest::keyClick(price, Qt::Key_Return);
    QCOMPARE(view.items().size(), 2);
    QVERIFY(view.messageText().contains(QStringLiteral("Tea")));
    name->clear();
    price->clear();

    // Typing an amount while items decide it is refused, and said so.
    view.setFocus();
    QTest::keyClicks(&view, QStringLiteral("5"));
    QCOMPARE(view.amountFen(), qint64(3050));
    QVERIFY(!view.messageText().isEmpty());
    screenshot(&view, QStringLiteral("chargeview-items"));

    auto *description = child<QLineEdit>(&view, "description");
    description->setFocus();
    QTest::keyClicks(description, QStringLiteral("Table 7"));
    QCOMPARE(view.amountFen(), qint64(3050)); // the digit went into the description
    QTest::keyClick(description, Qt::Key_Return); // Enter in the description charges
    QCOMPARE(charged.size(), 1);
    QCOMPARE(charged.first().at(0).toLongLong(), qint64(3050));
    QCOMPARE(charged.first().at(1).toString(), QStringLiteral("Table 7"));
    const QJsonArray items = QJsonDocument::fromJson(charged.first().at(2).toString().toUtf8()).array();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Latte"));
    QCOMPARE(items.at(0).toObject().value(QLatin1String("price")).toInteger(), 1850);

    // Without a description the items name the sale.
    view.clear();
    view.addItem(QStringLiteral("咖啡"), 1200);
    view.addItem(QStringLiteral("蛋糕"), 800);
    view.charge();
    QCOMPARE(charged.size(), 2);
    QCOMPARE(charged.last().at(1).toString(), QStringLiteral("咖啡、蛋糕"));
}

void TestSaleWidgets::qrRenderHasTheRightModulesAndPurePixels_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<int>("modules");
    QTest::addColumn<int>("moduleSize");
    // Byte mode, error correction M: version 1 holds 14 bytes, version 2 26, version 3 42.
    QTest::newRow("version 1") << "HELLO WORLD 12" << 21 << 3;
    QTest::newRow("version 2") << "weixin://wxpay/pay?x=1" << 25 << 4;
    QTest::newRow("code_url, version 3") << "weixin://wxpay/bizpayurl?pr=AbCdEfGhIjK" << 29 << 5;
}

void TestSaleWidgets::qrRenderHasTheRightModulesAndPurePixels()
{
    QFETCH(QString, payload);
    QFETCH(int, modules);
    QFETCH(int, moduleSize);
    const QImage image = QrCodeWidget::render(payload, moduleSize);
    const int side = (modules + 2 * QrCodeWidget::QuietZone) * moduleSize;
    QCOMPARE(image.size(), QSize(side, side));
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            QVERIFY2(p == qRgb(0, 0, 0) || p == qRgb(255, 255, 255), "only pure black and white");
        }
    }
    // Every module is a solid square of moduleSize pixels.
    auto dark = [&](int mx, int my) {
        const QRgb first = image.pixel(mx * moduleSize, my * moduleSize);
        for (int dy = 0; dy < moduleSize; ++dy) {
            for (int dx = 0; dx < moduleSize; ++dx) {
                if (image.pixel(mx * moduleSize + dx, my * moduleSize + dy) != first)
                    qFatal("module %d,%d is not solid", mx, my);
            }
        }
        return first == qRgb(0, 0, 0);
    };
    const int q = QrCodeWidget::QuietZone;
    for (int i = 0; i < modules + 2 * q; ++i) { // quiet zone all white
        for (int j : { 0, 1, 2, 3, modules + q, modules + q + 1, modules + q + 2, modules + q + 3 }) {
            QVERIFY(!dark(i, j));
            QVERIFY(!dark(j, i));
        }
    }
    // The three finder patterns: a dark 7×7 ring, a light ring, a dark 3×3 centre.
    for (auto [ox, oy] : { std::pair { q, q }, std::pair { q + modules - 7, q }, std::pair { q, q + modules - 7 } }) {
        for (int y = 0; y < 7; ++y) {
            for (int x = 0; x < 7; ++x) {
                const int ring = std::min(std::min(x, y), std::min(6 - x, 6 - y));
                QCOMPARE(dark(ox + x, oy + y), ring != 1);
            }
        }
    }
    // The widget reports the same symbol.
    QrCodeWidget widget;
    widget.setPayload(payload);
    QCOMPARE(widget.moduleCount(), modules);
    QVERIFY(QrCodeWidget::render(QString(), 4).isNull());
}

void TestSaleWidgets::qrWidgetDrawsWholeDevicePixels()
{
    const QString payload = QStringLiteral("weixin://wxpay/bizpayurl?pr=AbCdEfGhIjK");
    QrCodeWidget widget;
    widget.setPayload(payload);
    widget.resize(333, 301); // not a multiple of the module count, and not square
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const QImage shot = widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
    // Largest whole module size: 301 / (29 + 8) = 8 px; the symbol is 296 px, centred.
    const QImage expected = QrCodeWidget::render(payload, 8);
    const int x = (333 - 296) / 2;
    const int y = (301 - 296) / 2;
    QCOMPARE(shot.copy(x, y, 296, 296), expected);

    QrCodeWidget empty; // a neutral placeholder, not a broken code
    empty.setPlaceholderText(QStringLiteral("Preparing…"));
    QCOMPARE(empty.moduleCount(), 0);
    empty.resize(200, 200);
    QVERIFY(!empty.grab().isNull());
}

void TestSaleWidgets::customerDisplayFollowsTheSale()
{
    ManualClock clock(QDateTime(QDate(2024, 5, 20), QTime(13, 0), Qt::UTC));
    CustomerDisplay display;
    display.setClock(&clock);
    display.setReturnDelayMs(100);
    QSignalSpy stages(&display, &CustomerDisplay::stageChanged);
    display.show();
    QVERIFY(QTest::qWaitForWindowExposed(&display));
    display.showWelcome(QStringLiteral("PayDesk 测试店"));
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Welcome);
    QCOMPARE(display.storeName(), QStringLiteral("PayDesk 测试店"));
    screenshot(&display, QStringLiteral("customer-welcome"));

    display.showPaying(); // nothing to pay yet: stays on welcome
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Welcome);

    const QString url = QStringLiteral("weixin://wxpay/bizpayurl?pr=AbCdEfGhIjK");
    display.showPayment(1234, url, clock.now().addSecs(300));
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Payment);
    QCOMPARE(display.payload(), url);
    QCOMPARE(labelText(&display, "customerAmount"), QStringLiteral("¥12.34"));
    QCOMPARE(display.countdownText(), QStringLiteral("05:00"));
    clock.advance(61000);
    QCOMPARE(display.countdownText(), QStringLiteral("03:59"));
    QTRY_VERIFY(labelText(&display, "customerCountdown").contains(QStringLiteral("03:59")));
    screenshot(&display, QStringLiteral("customer-payment"));

    display.showPaying();
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Paying);
    screenshot(&display, QStringLiteral("customer-paying"));
    display.showPaid(1234);
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Paid);
    screenshot(&display, QStringLiteral("customer-paid"));
    QTRY_COMPARE(display.stage(), CustomerDisplay::Stage::Welcome); // back to welcome by itself
    QCOMPARE(display.storeName(), QStringLiteral("PayDesk 测试店"));

    display.showPayment(500, url, clock.now().addSecs(300));
    display.showExpired();
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Expired);
    QVERIFY(display.payload().isEmpty()); // an expired code is not left on screen
    QTRY_COMPARE(display.stage(), CustomerDisplay::Stage::Welcome);
    display.showPayment(500, url, clock.now().addSecs(300));
    display.showCancelled();
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Cancelled);
    QTRY_COMPARE(display.stage(), CustomerDisplay::Stage::Welcome);

    using S = CustomerDisplay::Stage;
    const QList<S> expected { S::Payment, S::Paying,  S::Paid,    S::Welcome,   S::Payment,
                              S::Expired, S::Welcome, S::Payment, S::Cancelled, S::Welcome };
    QList<S> seen;
    for (const auto &args : std::as_const(stages))
        seen << args.at(0).value<S>();
    QCOMPARE(seen, expected);
}

void TestSaleWidgets::combinedRefusesOneSubOrder()
{
    const QList<SubMerchant> subs { { QStringLiteral("1900000110"), QStringLiteral("咖啡馆") },
                                    { QStringLiteral("1900000111"), QStringLiteral("面包房") } };
    CombinedSaleDialog dialog(subs);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.rowCount(), 2);
    dialog.setRow(0, subs[0].mchid, QStringLiteral("10"), QStringLiteral("Coffee"));
    dialog.removeRow(1);
    QCOMPARE(dialog.rowCount(), 1);
    QTest::mouseClick(child<QPushButton>(&dialog, "chargeButton"), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(dialog.messageText().contains(QStringLiteral("at least 2")));
    QVERIFY(dialog.subSales().isEmpty());

    // Eleven is one too many: the add button stops at ten.
    QList<SubMerchant> many;
    for (int i = 0; i < 12; ++i)
        many << SubMerchant { QStringLiteral("19000002%1").arg(i, 2, 10, QLatin1Char('0')),
                              QStringLiteral("Shop %1").arg(i) };
    CombinedSaleDialog big(many);
    for (int i = 0; i < 12; ++i)
        big.addRow();
    QCOMPARE(big.rowCount(), CombinedSaleDialog::MaxSubOrders);
    QVERIFY(!child<QPushButton>(&big, "addRowButton")->isEnabled());
}

void TestSaleWidgets::combinedRefusesDuplicatesAndBadRows()
{
    const QList<SubMerchant> subs { { QStringLiteral("1900000110"), QStringLiteral("Café") },
                                    { QStringLiteral("1900000111"), QStringLiteral("Bakery") } };
    CombinedSaleDialog dialog(subs);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto tryAccept = [&] {
        QTest::mouseClick(child<QPushButton>(&dialog, "chargeButton"), Qt::LeftButton);
    };

    dialog.setRow(0, subs[0].mchid, QStringLiteral("10"), QStringLiteral("Coffee"));
    dialog.setRow(1, subs[0].mchid, QStringLiteral("5"), QStringLiteral("More coffee"));
    tryAccept();
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.messageText().contains(QStringLiteral("both for Café")), qPrintable(dialog.messageText()));
    screenshot(&dialog, QStringLiteral("combined-duplicate"));

    dialog.setRow(1, subs[1].mchid, QStringLiteral("5.555"), QStringLiteral("Bread"));
    tryAccept();
    QVERIFY(dialog.messageText().startsWith(QStringLiteral("Sub-order 2:")));
    QVERIFY(dialog.messageText().contains(QStringLiteral("two decimals")));

    dialog.setRow(1, subs[1].mchid, QStringLiteral("0"), QStringLiteral("Bread"));
    tryAccept();
    QVERIFY(dialog.messageText().contains(QStringLiteral("more than")));

    dialog.setRow(1, subs[1].mchid, QStringLiteral("5"), QString());
    tryAccept();
    QVERIFY(dialog.messageText().contains(QStringLiteral("description")));

    dialog.setRow(1, subs[1].mchid, QStringLiteral("5"), QString(50, QChar(0x9762))); // 50 × 面 = 150 bytes
    tryAccept();
    QVERIFY(dialog.messageText().contains(QStringLiteral("too long")));
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.subSales().isEmpty());
}

void TestSaleWidgets::combinedAcceptsAValidPair()
{
    const QList<SubMerchant> subs { { QStringLiteral("1900000110"), QStringLiteral("PayDesk Training Café") },
                                    { QStringLiteral("1900000111"), QStringLiteral("PayDesk Training Bakery") } };
    CombinedSaleDialog dialog(subs);
    dialog.resize(900, 560);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // New rows start on different merchants, so a cashier only types amounts.
    const auto combos = dialog.findChildren<QComboBox *>();
    QCOMPARE(combos.size(), 2);
    QVERIFY(combos[0]->currentData() != combos[1]->currentData());

    const auto edits = dialog.findChildren<QLineEdit *>();
    QCOMPARE(edits.size(), 4);
    // Typed, as a cashier would: amount, description per row (creation order).
    QTest::keyClicks(edits[0], QStringLiteral("12.50"));
    edits[1]->insert(QStringLiteral("拿铁")); // as an input method commits it
    QTest::keyClicks(edits[2], QStringLiteral("8"));
    QTest::keyClicks(edits[3], QStringLiteral("Croissant"));
    QCOMPARE(dialog.totalFen(), qint64(2050));
    QCOMPARE(labelText(&dialog, "total"), QStringLiteral("Total ¥20.50"));
    screenshot(&dialog, QStringLiteral("combined-valid"));
    QTest::mouseClick(child<QPushButton>(&dialog, "chargeButton"), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const auto sales = dialog.subSales();
    QCOMPARE(sales.size(), 2);
    QCOMPARE(sales[0].mchid, subs[0].mchid);
    QCOMPARE(sales[0].amount, qint64(1250));
    QCOMPARE(sales[0].description, QStringLiteral("拿铁"));
    QCOMPARE(sales[1].mchid, subs[1].mchid);
    QCOMPARE(sales[1].amount, qint64(800));
}

void TestSaleWidgets::paymentDialogFollowsASaleToPaid()
{
    Terminal t;
    auto no = t.payments->startNativeSale(1234, QStringLiteral("咖啡"), QStringLiteral("cashier-1"));
    QVERIFY2(no, no ? "" : qPrintable(no.error().message));
    PaymentDialog dialog(t.payments.get(), t.orders.get(), t.clock.get(), *no, QStringLiteral("Test Store"));
    CustomerDisplay display;
    display.setReturnDelayMs(300);
    display.showWelcome(QStringLiteral("Test Store"));
    dialog.setCustomerDisplay(&display);
    QSignalSpy receipts(&dialog, &PaymentDialog::receiptRequested);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(labelText(&dialog, "amount"), QStringLiteral("¥12.34"));
    QCOMPARE(labelText(&dialog, "merchant"), QStringLiteral("Test Store"));

    // The QR is the order's code_url, on the dialog and on the customer display.
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.qrPayload().isEmpty(), 5000);
    const auto order = t.orders->find(*no);
    QCOMPARE(dialog.qrPayload(), order->codeUrl);
    QVERIFY(dialog.qrPayload().startsWith(QLatin1String("weixin://wxpay/bizpayurl?pr=")));
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Payment);
    QCOMPARE(display.payload(), order->codeUrl);
    QTRY_COMPARE(dialog.statusText(), QStringLiteral("Waiting for the customer to scan"));
    QVERIFY2(QRegularExpression(QStringLiteral("^0[45]:[0-5]\\d$")).match(dialog.countdownText()).hasMatch(),
             qPrintable(dialog.countdownText()));
    QVERIFY(labelText(&dialog, "countdown").contains(dialog.countdownText()));
    QVERIFY(!child<QPushButton>(&dialog, "newQrButton")->isVisible()); // never while the order is open
    screenshot(&dialog, QStringLiteral("payment-waiting"));

    // The customer scans, then enters the password: "customer is paying".
    QCOMPARE(t.customer(QStringLiteral("scan"), *no), 200);
    QCOMPARE(t.customer(QStringLiteral("userpaying"), *no), 200);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.statusText(), QStringLiteral("The customer is paying…"), 5000);
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Paying);
    screenshot(&display, QStringLiteral("customer-paying-live"));

    QCOMPARE(t.customer(QStringLiteral("pay"), *no), 200);
    QTRY_VERIFY_WITH_TIMEOUT(child<QWidget>(&dialog, "paidPage")->isVisible(), 5000);
    QCOMPARE(dialog.state(), OrderState::Paid);
    QCOMPARE(labelText(&dialog, "paidAmount"), QStringLiteral("¥12.34"));
    const QString transactionId = t.sandboxOrder(*no).value(QLatin1String("transaction_id")).toString();
    QVERIFY(!transactionId.isEmpty());
    QVERIFY(labelText(&dialog, "transactionId").contains(transactionId));
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Paid);
    screenshot(&dialog, QStringLiteral("payment-paid"));

    QTest::mouseClick(child<QPushButton>(&dialog, "printReceiptButton"), Qt::LeftButton);
    QCOMPARE(receipts.size(), 1);
    QCOMPARE(receipts.first().at(0).toString(), *no);
    QTest::keyClick(&dialog, Qt::Key_Return); // Enter = Done
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QTRY_COMPARE(display.stage(), CustomerDisplay::Stage::Welcome);
}

void TestSaleWidgets::paymentDialogCancelClosesAndOffersNewQr()
{
    Terminal t;
    auto no = t.payments->startNativeSale(500, QStringLiteral("tea"), QStringLiteral("c"));
    QVERIFY(no);
    PaymentDialog dialog(t.payments.get(), t.orders.get(), t.clock.get(), *no, QStringLiteral("Test Store"));
    CustomerDisplay display;
    dialog.setCustomerDisplay(&display);
    QSignalSpy retries(&dialog, &PaymentDialog::retryRequested);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.qrPayload().isEmpty(), 5000);

    QTest::keyClick(&dialog, Qt::Key_Return); // Enter on the QR screen does nothing
    QVERIFY(dialog.isVisible());
    QTest::keyClick(&dialog, Qt::Key_Escape); // Esc = cancel: close the order, then wait for the answer
    QVERIFY(dialog.isVisible());
    if (!isFinal(dialog.state()))
        QCOMPARE(dialog.statusText(), QStringLiteral("Cancelling…"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QWidget>(&dialog, "unpaidPage")->isVisible(), 5000);
    QCOMPARE(dialog.state(), OrderState::Closed);
    QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
    QCOMPARE(labelText(&dialog, "unpaidTitle"), QStringLiteral("Order closed"));
    QCOMPARE(display.stage(), CustomerDisplay::Stage::Cancelled);
    auto *newQr = child<QPushButton>(&dialog, "newQrButton");
    QVERIFY(newQr->isVisible());
    screenshot(&dialog, QStringLiteral("payment-closed"));

    QTest::mouseClick(newQr, Qt::LeftButton);
    QCOMPARE(retries.size(), 1);
    QVERIFY(!dialog.isVisible());
}

void TestSaleWidgets::paymentDialogSaysWhenWeChatPayIsUnreachable()
{
    Terminal t;
    FaultRule fault;
    fault.kind = FaultRule::Kind::SystemError;
    fault.pathPrefix = QStringLiteral("/v3/pay/transactions/native");
    t.sandbox->addFault(fault);
    auto no = t.payments->startNativeSale(990, QStringLiteral("soup"), QStringLiteral("c"));
    QVERIFY(no);
    PaymentDialog dialog(t.payments.get(), t.orders.get(), t.clock.get(), *no, QStringLiteral("Test Store"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().startsWith(QStringLiteral("WeChat Pay not reachable, still trying")),
                             10000);
    QVERIFY(dialog.qrPayload().isEmpty()); // no QR the customer could pay yet
    QVERIFY(!child<QPushButton>(&dialog, "printSlipButton")->isEnabled());
    screenshot(&dialog, QStringLiteral("payment-unreachable"));

    // WeChat Pay is back: the same order (same out_trade_no) gets its QR code.
    t.sandbox->clearFaults();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.qrPayload().isEmpty(), 15000);
    QCOMPARE(dialog.outTradeNo(), *no);
    QTRY_COMPARE(dialog.statusText(), QStringLiteral("Waiting for the customer to scan"));
    QVERIFY(child<QPushButton>(&dialog, "printSlipButton")->isEnabled());
    dialog.cancelSale();
    QTRY_VERIFY_WITH_TIMEOUT(isFinal(dialog.state()), 5000);
}

void TestSaleWidgets::printQrSlipToPdf()
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed");
    Terminal t;
    auto no = t.payments->startNativeSale(4321, QStringLiteral("noodles"), QStringLiteral("c"));
    QVERIFY(no);
    PaymentDialog dialog(t.payments.get(), t.orders.get(), t.clock.get(), *no, QStringLiteral("Noodle Bar"));
    QPrinter early;
    early.setOutputFormat(QPrinter::PdfFormat);
    early.setOutputFileName(t.dir.filePath(QStringLiteral("early.pdf")));
    if (dialog.qrPayload().isEmpty())
        QVERIFY(!dialog.printQrSlip(&early)); // nothing to print before the code_url
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.qrPayload().isEmpty(), 5000);

    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    const QString pdf = t.dir.filePath(QStringLiteral("slip.pdf"));
    printer.setOutputFileName(pdf);
    QVERIFY(dialog.printQrSlip(&printer));
    QProcess p;
    p.start(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
    QVERIFY(p.waitForFinished(20000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(text.contains(QStringLiteral("43.21")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Noodle Bar")), qPrintable(text));
    QVERIFY2(text.contains(*no), qPrintable(text));
    dialog.cancelSale();
    QTRY_VERIFY_WITH_TIMEOUT(isFinal(dialog.state()), 5000);
}

QTEST_MAIN(TestSaleWidgets)
#include "tst_salewidgets.moc"
