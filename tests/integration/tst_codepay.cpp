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
#include <QSqlQuery>
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

    // The store against the sandbox's books for one order: the same state, the
    // same transaction, one payment record per payment in the ledger, and the
    // same refunds (a reversal of a paid order is one, of the whole amount).
    void verifyStoreEqualsSandbox(const QString &no)
    {
        const auto local = orders->find(no);
        QVERIFY(local);
        const QJsonObject remote = sandboxOrder(no);
        QVERIFY2(!remote.isEmpty(), qPrintable(no));
        const QString tradeState = remote.value(QLatin1String("trade_state")).toString();
        const QString why = QStringLiteral("%1: WeChat Pay %2, store %3 (%4)")
                                .arg(no, tradeState, orderStateName(local->state), local->tradeState);
        QCOMPARE(local->transactionId, remote.value(QLatin1String("transaction_id")).toString());
        QCOMPARE(local->refundedTotal, qint64(remote.value(QLatin1String("refunded")).toInteger()));
        if (tradeState == QLatin1String("SUCCESS"))
            QVERIFY2(local->state == OrderState::Paid, qPrintable(why));
        else if (tradeState == QLatin1String("REVOKED"))
            QVERIFY2(local->tradeState == QLatin1String("REVOKED")
                         && local->state == (local->transactionId.isEmpty() ? OrderState::Closed : OrderState::Refunded),
                     qPrintable(why));
        else if (tradeState == QLatin1String("PAYERROR"))
            QVERIFY2(local->state == OrderState::Failed, qPrintable(why));
        else
            QFAIL(qPrintable(QStringLiteral("left open: ") + why));

        int ledgerPayments = 0;
        qint64 ledgerRefunded = 0;
        const QJsonArray ledger = sandbox->control("GET", QStringLiteral("/sandbox/ledger")).body.object()
                                      .value(QLatin1String("ledger")).toArray();
        for (const QJsonValue &v : ledger) {
            const QJsonObject e = v.toObject();
            if (e.value(QLatin1String("out_trade_no")).toString() != no)
                continue;
            if (e.value(QLatin1String("kind")).toString() == QLatin1String("PAYMENT"))
                ++ledgerPayments;
            else
                ledgerRefunded += e.value(QLatin1String("amount")).toInteger();
        }
        auto payments = execSql(db->connection(), QStringLiteral("SELECT COUNT(*) FROM payments WHERE order_id = ?"),
                                { local->id });
        QVERIFY(payments && payments->next());
        QCOMPARE(payments->value(0).toInt(), ledgerPayments);

        QHash<QString, QJsonObject> remoteRefunds;
        const QJsonArray list = sandbox->control("GET", QStringLiteral("/sandbox/refunds?mchid=") + Merchant)
                                    .body.object().value(QLatin1String("refunds")).toArray();
        for (const QJsonValue &v : list) {
            const QJsonObject r = v.toObject();
            if (r.value(QLatin1String("out_trade_no")).toString() == no)
                remoteRefunds.insert(r.value(QLatin1String("out_refund_no")).toString(), r);
        }
        const QList<RefundRecord> localRefunds = refunds->forOrder(local->id);
        QCOMPARE(localRefunds.size(), remoteRefunds.size());
        qint64 localRefunded = 0;
        for (const RefundRecord &r : localRefunds) {
            QVERIFY2(remoteRefunds.contains(r.outRefundNo), qPrintable(r.outRefundNo));
            const QJsonObject remoteRefund = remoteRefunds.value(r.outRefundNo);
            QCOMPARE(r.status, remoteRefund.value(QLatin1String("status")).toString());
            QCOMPARE(r.amount, qint64(remoteRefund.value(QLatin1String("amount")).toObject()
                                          .value(QLatin1String("refund")).toInteger()));
            if (r.status == QLatin1String("SUCCESS"))
                localRefunded += r.amount;
        }
        QCOMPARE(localRefunded, ledgerRefunded);
    }

    // The audit trail of an order, oldest first, as "action: details" lines.
    QStringList auditTrail(const QString &no)
    {
        QStringList lines;
        auto q = execSql(db->connection(),
                         QStringLiteral("SELECT action, details FROM audit_log WHERE subject = ? ORDER BY id"), { no });
        while (q && q->next())
            lines << q->value(0).toString() + QStringLiteral(": ") + q->value(1).toString();
        return lines;
    }

    // The sandbox's customer (the control API), as the phone would do it.
    int customer(const QString &action, const QString &no)
    {
        return sandbox->control("POST", QStringLiteral("/sandbox/customer/") + action,
                                QJsonObject { { QStringLiteral("out_trade_no"), no } })
            .status;
    }
};

} // namespace

Q_DECLARE_METATYPE(paydesk::RecoveredSale)
Q_DECLARE_METATYPE(paydesk::OrderState)

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

    void doubtEndsInReverseAndBothAreBooked()
    {
        // WeChat Pay charged the customer, but neither the create's answer nor
        // any query gets through until the deadline: the order is reversed
        // (nothing says it is paid), and the reverse gives the money back. The
        // query after it sees REVOKED with the transaction: the store books the
        // payment and its reversal, as WeChat Pay's books have them.
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
        // Queries get through again once the reverse has been answered.
        connect(t.sandbox.get(), &SandboxServer::activity, this, [&t](const QString &kind, const QJsonObject &what) {
            if (kind == QLatin1String("request") && what.value(QLatin1String("target")).toString().endsWith(QLatin1String("/reverse"))
                && what.value(QLatin1String("status")).toInt() == 200)
                t.sandbox->clearFaults();
        });
        auto no = t.payments->startCodePaySale(2500, QStringLiteral("Doubt"), PaysAtOnce, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Refunded, 15000);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
        QCOMPARE(t.moneyTaken(*no), 0);
        QCOMPARE(t.sandboxOrders().size(), 1);
        t.verifyStoreEqualsSandbox(*no);
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

    // A crash at each point of a code-pay sale, the customer's phone doing its
    // part while the till is down, and the till back only after the deadline:
    // recovery queries before it reverses, so a sale the customer paid is
    // booked paid (never reversed), and the cashier hears of it.
    void recoveryAfterTheDeadline_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("crashAt");   // "sent": before the answer; "userpaying": while the password is typed
        QTest::addColumn<QString>("whileDown"); // what the customer does while the till is down: pay, fail, nothing
        QTest::addColumn<OrderState>("state");
        QTest::addColumn<QString>("tradeState");
        QTest::addColumn<bool>("charged");
        QTest::addColumn<bool>("told"); // the cashier is told "paid while PayDesk was down"

        QTest::newRow("crash before the answer, paid at once")
            << PaysAtOnce << "sent" << "" << OrderState::Paid << "SUCCESS" << true << true;
        QTest::newRow("crash while typing, paid while down")
            << PasswordForever << "userpaying" << "pay" << OrderState::Paid << "SUCCESS" << true << true;
        QTest::newRow("crash while typing, the password ends by itself")
            << PasswordThenPaid << "userpaying" << "" << OrderState::Paid << "SUCCESS" << true << true;
        QTest::newRow("crash while typing, customer gives up")
            << PasswordForever << "userpaying" << "fail" << OrderState::Failed << "PAYERROR" << false << false;
        QTest::newRow("crash while typing, never paid")
            << PasswordForever << "userpaying" << "" << OrderState::Closed << "REVOKED" << false << false;
    }
    void recoveryAfterTheDeadline()
    {
        QFETCH(QString, code);
        QFETCH(QString, crashAt);
        QFETCH(QString, whileDown);
        QFETCH(OrderState, state);
        QFETCH(QString, tradeState);
        QFETCH(bool, charged);
        QFETCH(bool, told);

        Terminal t(2);
        if (crashAt == QLatin1String("sent")) {
            FaultRule slow; // the answer is still on its way when the till dies
            slow.kind = FaultRule::Kind::Latency;
            slow.latencyMs = 400;
            slow.count = 1;
            slow.pathPrefix = QStringLiteral("/v3/pay/transactions/codepay");
            t.sandbox->addFault(slow);
        }
        const qint64 amount = 1990;
        auto no = t.payments->startCodePaySale(amount, QStringLiteral("Crash"), code, QStringLiteral("anna"));
        QVERIFY(no);
        if (crashAt == QLatin1String("sent"))
            QTest::qWait(50);
        else
            QTRY_COMPARE_WITH_TIMEOUT(t.tradeState(*no), QStringLiteral("USERPAYING"), 5000);
        t.restart(); // the process dies: its poller and every answer on the way go with it
        QTRY_VERIFY_WITH_TIMEOUT(!t.sandboxOrder(*no).isEmpty(), 5000);
        if (!whileDown.isEmpty())
            QCOMPARE(t.customer(whileDown, *no), 200);
        const QDateTime deadline = t.orders->find(*no)->expiresAt;
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > deadline.addMSecs(200), 5000);

        QSignalSpy recovered(t.resolver.get(), &Resolver::saleRecovered);
        QCOMPARE(t.resolver->runOnce(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(isFinal(t.state(*no)), 8000);
        QCOMPARE(t.state(*no), state);
        QCOMPARE(t.tradeState(*no), tradeState);
        QCOMPARE(t.moneyTaken(*no), charged ? amount : 0);
        t.verifyStoreEqualsSandbox(*no);
        QCOMPARE(recovered.size(), told ? 1 : 0);
        if (told) {
            QCOMPARE(recovered.first().at(0).toString(), *no);
            QCOMPARE(recovered.first().at(1).value<RecoveredSale>(), RecoveredSale::PaidWhileDown);
        }
    }

    void paymentBetweenTheLastQueryAndTheReverseIsBookedAndGivenBack()
    {
        // The till died while the customer typed the password and comes back
        // after the deadline. Recovery queries (USERPAYING), and the customer
        // confirms right then, before the reverse arrives: the reverse finds
        // the order paid and gives the money back. The store books both: the
        // payment, and the reversal as a refund of the whole amount.
        Terminal t(2);
        auto no = t.payments->startCodePaySale(4321, QStringLiteral("Late"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.tradeState(*no), QStringLiteral("USERPAYING"), 5000);
        t.restart(); // from here on nobody queries until recovery does
        const QDateTime deadline = t.orders->find(*no)->expiresAt;
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > deadline, 5000);
        bool paid = false;
        // The sandbox tells of each request as its answer leaves: the customer
        // pays right after recovery's first query, before the till can act on it.
        connect(t.sandbox.get(), &SandboxServer::activity, this, [&](const QString &kind, const QJsonObject &what) {
            if (paid || kind != QLatin1String("request") || what.value(QLatin1String("method")).toString() != QLatin1String("GET")
                || !what.value(QLatin1String("target")).toString().contains(*no))
                return;
            paid = true;
            QCOMPARE(t.customer(QStringLiteral("pay"), *no), 200);
        });
        QSignalSpy recovered(t.resolver.get(), &Resolver::saleRecovered);
        QCOMPARE(t.resolver->runOnce(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Refunded, 8000);
        QVERIFY(paid);
        QCOMPARE(t.tradeState(*no), QStringLiteral("REVOKED"));
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REVOKED"));
        QCOMPARE(t.moneyTaken(*no), 0);
        t.verifyStoreEqualsSandbox(*no);
        const auto order = *t.orders->find(*no);
        QVERIFY(order.paidAt.isValid());
        const QList<RefundRecord> refunds = t.refunds->forOrder(order.id);
        QCOMPARE(refunds.size(), 1);
        QCOMPARE(refunds.first().outRefundNo, reversalRefundNo(*no));
        QCOMPARE(refunds.first().amount, qint64(4321));
        QCOMPARE(refunds.first().status, QStringLiteral("SUCCESS"));
        // The audit trail says what happened, in order.
        const QString trail = t.auditTrail(*no).join(QLatin1Char('\n'));
        QVERIFY2(trail.contains(QStringLiteral("-> Paid (query REVOKED, transaction ") + order.transactionId), qPrintable(trail));
        QVERIFY2(trail.contains(QStringLiteral("order.reversed: Paid -> Refunded")), qPrintable(trail));
        QVERIFY2(trail.indexOf(QStringLiteral("-> Paid")) < trail.indexOf(QStringLiteral("order.reversed")), qPrintable(trail));
        // The cashier hears that the customer got the money back.
        QCOMPARE(recovered.size(), 1);
        QCOMPARE(recovered.first().at(1).value<RecoveredSale>(), RecoveredSale::ReversedAfterPayment);
    }

    void cancelAfterThePaymentKeepsItPaid()
    {
        // The customer confirmed a moment before the cashier pressed Cancel,
        // and no query has seen it yet: the cancel asks first, and the sale is
        // paid, not reversed (a paid order is refunded by a reverse).
        Terminal t(60);
        auto no = t.payments->startCodePaySale(990, QStringLiteral("Cake"), PasswordForever, QStringLiteral("anna"));
        QVERIFY(no);
        QTRY_COMPARE_WITH_TIMEOUT(t.tradeState(*no), QStringLiteral("USERPAYING"), 5000);
        t.poller->stop(*no);
        QTest::qWait(400); // a query still on its way lands before the customer pays: none has seen the payment
        QCOMPARE(t.customer(QStringLiteral("pay"), *no), 200);
        t.payments->cancel(*no);
        QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
        QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
        QCOMPARE(t.moneyTaken(*no), 990);
        t.verifyStoreEqualsSandbox(*no);
    }
};

QTEST_GUILESS_MAIN(TestCodePay)
#include "tst_codepay.moc"
