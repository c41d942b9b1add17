// SPDX-License-Identifier: MIT
// Code pay (付款码) end to end against the real sandbox over loopback: every
// kind of payment code the sandbox plays (docs/codepay.md, "The sandbox"), lost
// answers, doubt settled by the reverse, and crashes at each point of a sale
// recovered by the Resolver from what the store kept.

#include "clock.h"
#include "payments/paymentservice.h"
#include "payments/refundservice.h"
#include "payments/resolver.h"
#include "payments/statuspoller.h"
#include "sandboxserver.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "testfixtures.h"
#include "wechatpay/apiclient.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::sandbox;

namespace {

const QString Merchant = QStringLiteral("1900000109");

// The sandbox's payment codes: the third digit says what the customer's WeChat
// does, the next two how many seconds the password takes (00: never).
const QString PaysAtOnce = QStringLiteral("134567890123456789");
const QString PasswordThenPaid = QStringLiteral("135011234567890123");   // paid after 1 s
const QString PasswordThenFails = QStringLiteral("146011234567890123");  // fails after 1 s
const QString PasswordForever = QStringLiteral("125001234567890123");
const QString NotEnough = QStringLiteral("117001234567890123");
const QString Expired = QStringLiteral("108001234567890123");

struct Terminal
{
    testing::TestWorld world;
    QTemporaryDir dir;
    std::unique_ptr<SandboxServer> sandbox;
    std::unique_ptr<Database> db;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OrderRepository> orders;
    std::unique_ptr<RefundRepository> refunds;
    std::unique_ptr<SystemClock> clock;
    // What a crash loses: rebuilt by restart().
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<StatusPoller> poller;
    std::unique_ptr<PaymentService> payments;
    std::unique_ptr<RefundService> refundService;
    std::unique_ptr<Resolver> resolver;
    int deadlineSeconds;

    explicit Terminal(int deadline = 3) : deadlineSeconds(deadline)
    {
        SandboxServer::Options o;
        o.seed = 11;
        o.immediateBills = true;
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
        refunds = std::make_unique<RefundRepository>(db.get(), audit.get());
        clock = std::make_unique<SystemClock>();
        restart();
    }

    // A new process over the same database and sandbox.
    void restart()
    {
        resolver.reset();
        refundService.reset();
        payments.reset();
        poller.reset();
        api.reset();
        MerchantCredentials c = world.credentials(false, false);
        c.platformKeys = sandbox->platformKeys();
        ApiClient::Options ao;
        ao.baseUrl = sandbox->baseUrl();
        ao.timeoutMs = 1500;
        ao.initialBackoffMs = 20;
        ao.maxBackoffMs = 100;
        api = std::make_unique<ApiClient>(c, ao);
        poller = std::make_unique<StatusPoller>(api.get(), orders.get(), clock.get(),
                                                BackoffPolicy{100, 1.5, 300, 0.1, 0, 0}, 1);
        PaymentService::Settings s;
        s.appid = QStringLiteral("wxd678efh567hg6787");
        s.mchid = Merchant;
        s.notifyUrl = QStringLiteral("https://example.invalid/notify");
        s.terminalId = QStringLiteral("T01");
        s.codePayDeadlineSeconds = deadlineSeconds;
        s.deviceIp = QStringLiteral("192.168.1.20");
        payments = std::make_unique<PaymentService>(api.get(), orders.get(), poller.get(), clock.get(), s);
        refundService = std::make_unique<RefundService>(api.get(), orders.get(), refunds.get(), clock.get(),
                                                        BackoffPolicy{100, 1.5, 300, 0.1, 0, 0});
        resolver = std::make_unique<Resolver>(orders.get(), refunds.get(), poller.get(), refundService.get(), clock.get());
    }

    OrderState state(const QString &no) const { return orders->find(no)->state; }
    QString tradeState(const QString &no) const { return orders->find(no)->tradeState; }

    QJsonObject sandboxOrder(const QString &no)
    {
        const auto reply = sandbox->control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no);
        const QJsonArray list = reply.body.object().value(QLatin1String("orders")).toArray();
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }
    QJsonArray sandboxOrders()
    {
        return sandbox->control("GET", QStringLiteral("/sandbox/orders")).body.object().value(QLatin1String("orders")).toArray();
    }
    // Money the merchant kept for `no`: payments minus refunds in the sandbox's books.
    qint64 moneyTaken(const QString &no)
    {
        qint64 sum = 0;
        const QJsonArray ledger = sandbox->control("GET", QStringLiteral("/sandbox/ledger")).body.object()
                                      .value(QLatin1String("ledger")).toArray();
        for (const QJsonValue &v : ledger) {
            const QJsonObject e = v.toObject();
            if (e.value(QLatin1String("out_trade_no")).toString() != no)
                continue;
            const qint64 amount = e.value(QLatin1String("amount")).toInteger();
            sum += e.value(QLatin1String("kind")).toString() == QLatin1String("REFUND") ? -amount : amount;
        }
        return sum;
    }
};

} // namespace

class TestCodePay : public QObject
{
    Q_OBJECT

private slots:
    void paidAtOnce()
    {
        Terminal t;
        QSignalSpy finished(t.payments.get(), &PaymentService::saleFinished);
        auto no = t.payments->startCodePaySale(1250, QStringLiteral("Noodles"), PaysAtOnce, QStringLiteral("anna"));
        QVERIFY2(no, no ? "" : qPrintable(no.error().message));
        QCOMPARE(t.state(*no), OrderState::Created); // stored before anything was sent
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
        QTRY_COMPARE(finished.size(), 1);
        const auto order = *t.orders->find(*no);
        QCOMPARE(order.kind, OrderKind::CodePay);
        QVERIFY(!order.transactionId.isEmpty());
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_type")).toString(), QStringLiteral("MICROPAY"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
        QCOMPARE(t.moneyTaken(*no), 1250);

        // The day's bill lists it as MICROPAY, like WeChat Pay's.
        TradeBillRequest bill;
        bill.billDate = QDateTime::currentDateTimeUtc().addSecs(8 * 3600).date();
        std::optional<ApiResult<TradeBill>> got;
        t.api->downloadTradeBill(bill, [&](ApiResult<TradeBill> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
        QVERIFY2(*got, *got ? "" : qPrintable(got->error().toString()));
        const QString content = QString::fromUtf8((*got)->content);
        QVERIFY(content.contains(QStringLiteral("`") + *no));
        QVERIFY(content.contains(QStringLiteral("`MICROPAY")));
    }

    void passwordThenPaid()
    {
        Terminal t(15);
        QSignalSpy updated(t.payments.get(), &PaymentService::saleUpdated);
        auto no = t.payments->startCodePaySale(120000, QStringLiteral("TV"), PasswordThenPaid, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("USERPAYING"));
        bool sawUserPaying = false;
        for (const auto &args : updated)
            sawUserPaying = sawUserPaying || args.at(3).toString() == QLatin1String("USERPAYING");
        QVERIFY(sawUserPaying); // what the dialog shows: "entering the password"
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 8000);
        QCOMPARE(t.moneyTaken(*no), 120000);
        QCOMPARE(t.sandboxOrders().size(), 1);
    }

    void passwordThenFails()
    {
        Terminal t(15);
        auto no = t.payments->startCodePaySale(300, QStringLiteral("Tea"), PasswordThenFails, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Failed, 8000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("PAYERROR"));
        QCOMPARE(t.moneyTaken(*no), 0);
    }

    void passwordNeverEnteredIsReversedAtTheDeadline()
    {
        Terminal t(2);
        auto no = t.payments->startCodePaySale(4200, QStringLiteral("Shoes"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 10000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
        QCOMPARE(t.moneyTaken(*no), 0);
    }

    void cancelReverses()
    {
        Terminal t(60);
        auto no = t.payments->startCodePaySale(990, QStringLiteral("Cake"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
        t.payments->cancel(*no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 5000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
        // The customer confirming on the phone afterwards cannot pay a reversed order.
        QCOMPARE(t.sandbox->control("POST", QStringLiteral("/sandbox/customer/pay"),
                                    QJsonObject{{QStringLiteral("out_trade_no"), *no}}).status, 409);
        QCOMPARE(t.moneyTaken(*no), 0);
    }

    void controlActionConfirmsThePassword()
    {
        Terminal t(30);
        auto no = t.payments->startCodePaySale(560, QStringLiteral("Rice"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
        QCOMPARE(t.sandbox->control("POST", QStringLiteral("/sandbox/customer/pay"),
                                    QJsonObject{{QStringLiteral("out_trade_no"), *no}}).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
    }

    void refusedCodes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("words");
        QTest::newRow("insufficient balance") << NotEnough << QStringLiteral("余额不足");
        QTest::newRow("expired code") << Expired << QStringLiteral("过期");
    }
    void refusedCodes()
    {
        QFETCH(QString, code);
        QFETCH(QString, words);
        Terminal t;
        QSignalSpy updated(t.payments.get(), &PaymentService::saleUpdated);
        auto no = t.payments->startCodePaySale(700, QStringLiteral("Soap"), code, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 5000);
        QVERIFY(!updated.isEmpty());
        QVERIFY2(updated.last().at(3).toString().contains(words), qPrintable(updated.last().at(3).toString()));
        QVERIFY(t.sandboxOrders().isEmpty());
    }

    void invalidCodeRefusedLocally_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("EAN-13 of a product") << QStringLiteral("6901234567892");
        QTest::newRow("starts 16") << QStringLiteral("164567890123456789");
        QTest::newRow("19 digits") << QStringLiteral("1345678901234567890");
        QTest::newRow("a letter") << QStringLiteral("13456789012345678X");
        QTest::newRow("empty") << QString();
    }
    void invalidCodeRefusedLocally()
    {
        QFETCH(QString, code);
        Terminal t;
        auto no = t.payments->startCodePaySale(700, QStringLiteral("Soap"), code, QStringLiteral("anna"));
        QVERIFY(!no);
        QVERIFY(no.error().message.contains(QStringLiteral("payment code")));
        QVERIFY(!code.isEmpty() ? !no.error().message.contains(code) : true); // never echoed
        QCOMPARE(t.orders->historyCount(HistoryFilter()), 0);
        QTest::qWait(100);
        QVERIFY(t.sandboxOrders().isEmpty());
    }

    void lostCreateAnswerResolvedByQuery()
    {
        Terminal t(10);
        FaultRule lost;
        lost.kind = FaultRule::Kind::LostAnswer;
        lost.count = 20; // beats the client's retries (and Qt's silent re-send)
        lost.pathPrefix = QStringLiteral("/v3/pay/transactions/codepay");
        t.sandbox->addFault(lost);
        auto no = t.payments->startCodePaySale(1800, QStringLiteral("Lost"), PaysAtOnce, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 10000);
        QCOMPARE(t.sandboxOrders().size(), 1); // one sale, one charge
        QCOMPARE(t.moneyTaken(*no), 1800);
    }

    void doubtEndsInReverseAndNoMoneyTaken()
    {
        // WeChat Pay charged the customer, but neither the create's answer nor
        // any query gets through: at the deadline the order is reversed, and
        // the reverse gives the money back.
        Terminal t(2);
        FaultRule lost;
        lost.kind = FaultRule::Kind::LostAnswer;
        lost.count = 20;
        lost.pathPrefix = QStringLiteral("/v3/pay/transactions/codepay");
        t.sandbox->addFault(lost);
        FaultRule down;
        down.kind = FaultRule::Kind::SystemError;
        down.count = 1000;
        down.method = "GET";
        down.pathPrefix = QStringLiteral("/v3/pay/transactions/out-trade-no");
        t.sandbox->addFault(down);
        auto no = t.payments->startCodePaySale(2500, QStringLiteral("Doubt"), PaysAtOnce, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 15000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
        QCOMPARE(t.moneyTaken(*no), 0);
        QCOMPARE(t.sandboxOrders().size(), 1);
    }

    void reverseRetriedUntilItAnswers()
    {
        Terminal t(2);
        FaultRule down;
        down.kind = FaultRule::Kind::SystemError;
        down.count = 12; // more than one reverse call's retries
        down.pathPrefix = QStringLiteral("/v3/pay/transactions/out-trade-no");
        down.method = "POST";
        t.sandbox->addFault(down);
        auto no = t.payments->startCodePaySale(330, QStringLiteral("Retry"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 20000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
    }

    void crashBeforeTheAnswerIsRecovered()
    {
        // Crash point 1: the order is stored and sent; the process dies before
        // the answer. The sandbox charged the customer; recovery finds it.
        Terminal t(30);
        FaultRule slow;
        slow.kind = FaultRule::Kind::Latency;
        slow.latencyMs = 400;
        slow.count = 1;
        slow.pathPrefix = QStringLiteral("/v3/pay/transactions/codepay");
        t.sandbox->addFault(slow);
        auto no = t.payments->startCodePaySale(880, QStringLiteral("Crash 1"), PaysAtOnce, QStringLiteral("anna"));
        QVERIFY(no);
        QTest::qWait(50);
        t.restart(); // the answer is lost with the process
        QCOMPARE(t.state(*no), OrderState::Created);
        QTRY_COMPARE_WITH_TIMEOUT(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(),
                                  QStringLiteral("SUCCESS"), 5000);
        QCOMPARE(t.resolver->runOnce(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
        QCOMPARE(t.moneyTaken(*no), 880);
    }

    void crashWhileTheCustomerTypesIsReversed()
    {
        // Crash point 2: USERPAYING stored, then the process dies; it comes back
        // after the deadline: the order is reversed, nobody is charged.
        Terminal t(2);
        auto no = t.payments->startCodePaySale(660, QStringLiteral("Crash 2"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
        t.restart();
        QTest::qWait(2200);
        QCOMPARE(t.resolver->runOnce(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 8000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.moneyTaken(*no), 0);
    }

    void crashBeforeSendingIsClosed()
    {
        // Crash point 0: stored, never sent (the create never left). Recovery
        // waits out the deadline, reverses (WeChat Pay knows no such order) and
        // closes it: nothing can charge the customer any more.
        Terminal t(1);
        FaultRule refused;
        refused.kind = FaultRule::Kind::Reset;
        refused.count = 100;
        refused.pathPrefix = QStringLiteral("/v3/pay/transactions/codepay");
        t.sandbox->addFault(refused);
        auto no = t.payments->startCodePaySale(440, QStringLiteral("Crash 0"), PaysAtOnce, QStringLiteral("anna"));
        QVERIFY(no);
        t.restart();
        t.sandbox->clearFaults();
        QTest::qWait(1100);
        t.resolver->runOnce();
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 8000);
        QVERIFY(t.sandboxOrders().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCodePay)
#include "tst_codepay.moc"
