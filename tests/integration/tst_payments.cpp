// SPDX-License-Identifier: MIT
// The payment lifecycle end to end against the real sandbox over loopback:
// real signatures, a real SQLite file, the real poller, refunds, the
// notification listener, and a soak with faults after which the store must
// equal the sandbox's books.

#include "clock.h"
#include "payments/notificationlistener.h"
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
#include "wechatpay/notificationdecoder.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace paydesk;
using namespace paydesk::sandbox;

namespace {

const QString Merchant = QStringLiteral("1900000109");
const QString SubA = QStringLiteral("1900000110");
const QString SubB = QStringLiteral("1900000111");

// One terminal: sandbox, client, store and services, wired as the app wires them.
struct Terminal
{
    testing::TestWorld world;
    QTemporaryDir dir;
    std::unique_ptr<SandboxServer> sandbox;
    std::unique_ptr<Database> db;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OrderRepository> orders;
    std::unique_ptr<RefundRepository> refunds;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<SystemClock> clock;
    std::unique_ptr<StatusPoller> poller;
    std::unique_ptr<PaymentService> payments;
    std::unique_ptr<RefundService> refundService;
    std::unique_ptr<NotificationListener> listener;

    explicit Terminal(const QString &notifyUrl = QStringLiteral("https://example.invalid/notify"),
                      int expirySeconds = 300)
    {
        SandboxServer::Options o;
        o.refundDelayMs = 300;
        o.refundIntervalSeconds = 1; // WeChat Pay: a minute between refunds of one order
        o.seed = 7;
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
        for (const QString &sub : {SubA, SubB}) {
            MerchantRegistration s;
            s.mchid = sub;
            s.appid = m.appid;
            s.name = QStringLiteral("Sub-merchant ") + sub;
            s.apiV3Key = world.apiV3Key;
            (void)sandbox->registerMerchant(s);
        }

        db = std::move(Database::open(dir.filePath(QStringLiteral("paydesk.sqlite"))).value());
        audit = std::make_unique<AuditLog>(db.get());
        orders = std::make_unique<OrderRepository>(db.get(), audit.get());
        refunds = std::make_unique<RefundRepository>(db.get(), audit.get());

        MerchantCredentials c = world.credentials(false, false);
        c.platformKeys = sandbox->platformKeys();
        ApiClient::Options ao;
        ao.baseUrl = sandbox->baseUrl();
        ao.timeoutMs = 2000;
        ao.initialBackoffMs = 20;
        ao.maxBackoffMs = 200;
        api = std::make_unique<ApiClient>(c, ao);
        clock = std::make_unique<SystemClock>();
        poller = std::make_unique<StatusPoller>(api.get(), orders.get(), clock.get(), BackoffPolicy{50, 1.5, 200, 0.1, 0, 0}, 1);
        PaymentService::Settings s;
        s.appid = m.appid;
        s.mchid = Merchant;
        s.notifyUrl = notifyUrl;
        s.terminalId = QStringLiteral("T01");
        s.expirySeconds = expirySeconds;
        payments = std::make_unique<PaymentService>(api.get(), orders.get(), poller.get(), clock.get(), s);
        refundService = std::make_unique<RefundService>(api.get(), orders.get(), refunds.get(), clock.get(),
                                                        BackoffPolicy{100, 1.5, 300, 0.1, 0, 0});
    }

    SandboxServer::ControlReply customer(const QString &action, const QString &outTradeNo, const QString &key = QStringLiteral("out_trade_no"))
    {
        return sandbox->control("POST", QStringLiteral("/sandbox/customer/") + action, QJsonObject{{key, outTradeNo}});
    }

    OrderState state(const QString &no) const { return orders->find(no)->state; }

    QJsonObject sandboxOrder(const QString &no)
    {
        const auto reply = sandbox->control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no);
        const QJsonArray list = reply.body.object().value(QLatin1String("orders")).toArray();
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }

    int count(const QString &sql)
    {
        QSqlQuery q(db->connection());
        q.exec(sql);
        return q.next() ? q.value(0).toInt() : -1;
    }
};

} // namespace

class TestPayments : public QObject
{
    Q_OBJECT

private slots:
    void nativeSaleIsPaid();
    void cancelClosesAnUnpaidOrder();
    void paymentThatBeatsTheCloseWins();
    void lostCreateAnswerIsSettledByQuery();
    void unknownCreateOutcomeKeepsTheSameOrder();
    void refusedCreateClosesLocally();
    void expiryClosesAndQueriesOnce();
    void refundToSuccess();
    void refundRefusedFreesTheAmount();
    void combinedSaleAndSubOrderRefund();
    void resolverSettlesAfterRestart();
    void listenerAppliesNotifications();
    void listenerDuplicatesHaveOneEffect();
    void soakWithFaultsMatchesTheLedger();
};

void TestPayments::nativeSaleIsPaid()
{
    Terminal t;
    QSignalSpy finished(t.payments.get(), &PaymentService::saleFinished);
    auto no = t.payments->startNativeSale(1234, QStringLiteral("咖啡"), QStringLiteral("cashier-1"));
    QVERIFY2(no, no ? "" : qPrintable(no.error().message));
    QCOMPARE(t.state(*no), OrderState::Created); // stored before anything was sent
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    QVERIFY(t.orders->find(*no)->codeUrl.startsWith(QLatin1String("weixin://wxpay/bizpayurl?pr=")));
    QCOMPARE(t.customer(QStringLiteral("pay"), *no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
    QTRY_COMPARE(finished.size(), 1);
    const auto order = t.orders->find(*no);
    QCOMPARE(order->transactionId, t.sandboxOrder(*no).value(QLatin1String("transaction_id")).toString());
    QCOMPARE(t.count(QStringLiteral("SELECT COUNT(*) FROM payments")), 1);
    QVERIFY(t.audit->verify().intact);
}

void TestPayments::cancelClosesAnUnpaidOrder()
{
    Terminal t;
    auto no = t.payments->startNativeSale(500, QStringLiteral("tea"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    t.payments->cancel(*no);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 5000);
    QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
    // The customer cannot pay a closed order.
    QVERIFY(t.customer(QStringLiteral("pay"), *no).status >= 400);
}

void TestPayments::paymentThatBeatsTheCloseWins()
{
    Terminal t;
    t.poller.reset(new StatusPoller(t.api.get(), t.orders.get(), t.clock.get(), BackoffPolicy{60000, 1, 60000, 0, 0, 0}, 1));
    PaymentService::Settings s = t.payments->settings();
    t.payments.reset(new PaymentService(t.api.get(), t.orders.get(), t.poller.get(), t.clock.get(), s));
    auto no = t.payments->startNativeSale(800, QStringLiteral("cake"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    QCOMPARE(t.customer(QStringLiteral("pay"), *no).status, 200); // paid; the poller has not looked yet
    t.payments->cancel(*no);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
}

void TestPayments::lostCreateAnswerIsSettledByQuery()
{
    Terminal t;
    FaultRule lost;
    lost.kind = FaultRule::Kind::LostAnswer;
    lost.count = 1;
    lost.pathPrefix = QStringLiteral("/v3/pay/transactions/native");
    t.sandbox->addFault(lost);
    auto no = t.payments->startNativeSale(990, QStringLiteral("lost answer"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 10000);
    QCOMPARE(t.orders->find(*no)->codeUrl, t.sandboxOrder(*no).value(QLatin1String("code_url")).toString());
    QCOMPARE(t.customer(QStringLiteral("pay"), *no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
    const auto all = t.sandbox->control("GET", QStringLiteral("/sandbox/orders")).body.object().value(QLatin1String("orders")).toArray();
    QCOMPARE(all.size(), 1); // one sale, one order: never a second one
}

void TestPayments::unknownCreateOutcomeKeepsTheSameOrder()
{
    Terminal t;
    FaultRule down;
    down.kind = FaultRule::Kind::SystemError;
    down.pathPrefix = QStringLiteral("/v3/pay/transactions/native");
    t.sandbox->addFault(down);
    // 5xx every time: the outcome stays unknown, the order stays Created, nothing else is created.
    auto no = t.payments->startNativeSale(100, QStringLiteral("down"), QStringLiteral("c"));
    QTest::qWait(1500);
    QCOMPARE(t.state(*no), OrderState::Created);
    t.sandbox->clearFaults();
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 15000);
    const auto all = t.sandbox->control("GET", QStringLiteral("/sandbox/orders")).body.object().value(QLatin1String("orders")).toArray();
    QCOMPARE(all.size(), 1);
}

void TestPayments::refusedCreateClosesLocally()
{
    Terminal t;
    PaymentService::Settings wrong = t.payments->settings();
    wrong.appid = QStringLiteral("wx0000000000000000"); // not this merchant's appid
    PaymentService payments(t.api.get(), t.orders.get(), t.poller.get(), t.clock.get(), wrong);
    QSignalSpy finished(&payments, &PaymentService::saleFinished);
    auto no = payments.startNativeSale(100, QStringLiteral("refused"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(t.state(*no), OrderState::Closed);
    QCOMPARE(t.orders->find(*no)->tradeState, QStringLiteral("NOT_CREATED"));
}

void TestPayments::expiryClosesAndQueriesOnce()
{
    Terminal t(QStringLiteral("https://example.invalid/notify"), 61);
    auto no = t.payments->startNativeSale(300, QStringLiteral("expires"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    // Jump the expiry closer instead of waiting a minute: rewrite it in the store.
    QSqlQuery q(t.db->connection());
    q.prepare(QStringLiteral("UPDATE orders SET expires_at = ? WHERE out_trade_no = ?"));
    q.addBindValue(QDateTime::currentDateTimeUtc().addMSecs(500).toString(Qt::ISODateWithMs));
    q.addBindValue(*no);
    QVERIFY(q.exec());
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Closed, 5000);
    QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
}

void TestPayments::refundToSuccess()
{
    Terminal t;
    auto no = t.payments->startNativeSale(1000, QStringLiteral("refund me"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    t.customer(QStringLiteral("pay"), *no);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);

    auto refund = t.refundService->refund(*no, 400, QStringLiteral("退货"), QStringLiteral("manager-1"));
    QVERIFY2(refund, refund ? "" : qPrintable(refund.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(t.refunds->find(*refund)->status, QStringLiteral("SUCCESS"), 10000);
    QCOMPARE(t.state(*no), OrderState::PartiallyRefunded);
    QCOMPARE(t.orders->find(*no)->refundedTotal, 400);
    auto over = t.refundService->refund(*no, 601, {}, QStringLiteral("manager-1"));
    QCOMPARE(over.error().code, QStringLiteral("over_refund"));
    auto rest = t.refundService->refund(*no, 600, {}, QStringLiteral("manager-1"));
    QTRY_COMPARE_WITH_TIMEOUT(t.refunds->find(*rest)->status, QStringLiteral("SUCCESS"), 10000);
    QCOMPARE(t.state(*no), OrderState::Refunded);
    QCOMPARE(t.sandboxOrder(*no).value(QLatin1String("trade_state")).toString(), QStringLiteral("REFUND"));
}

void TestPayments::refundRefusedFreesTheAmount()
{
    Terminal t;
    auto no = t.payments->startNativeSale(1000, QStringLiteral("x"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    t.customer(QStringLiteral("pay"), *no);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
    QCOMPARE(t.sandbox->control("POST", QStringLiteral("/sandbox/refunds/outcome"),
                                QJsonObject{{QStringLiteral("next"), true}, {QStringLiteral("status"), QStringLiteral("NOTENOUGH")}}).status, 200);
    QSignalSpy updates(t.refundService.get(), &RefundService::refundUpdated);
    auto refund = t.refundService->refund(*no, 1000, {}, QStringLiteral("manager-1"));
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(updates.begin(), updates.end(),
                                         [](const QList<QVariant> &a) { return a.at(1).toString() == QLatin1String("REJECTED"); }),
                             5000);
    QCOMPARE(t.refunds->find(*refund)->status, QStringLiteral("CLOSED"));
    QCOMPARE(*t.refunds->refundableRemainder(*no), 1000);
    QCOMPARE(t.state(*no), OrderState::Paid);
}

void TestPayments::combinedSaleAndSubOrderRefund()
{
    Terminal t;
    // One sub-order for this merchant, one for a sub-merchant. A sub-order is
    // refunded by its own merchant (its own key signs the refund call), so this
    // terminal refunds the sub-order that is its own.
    auto no = t.payments->startCombinedSale({{SubB, 300, QStringLiteral("面包")}, {Merchant, 700, QStringLiteral("牛奶")}},
                                            QStringLiteral("c"));
    QVERIFY2(no, no ? "" : qPrintable(no.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    QCOMPARE(t.customer(QStringLiteral("pay"), *no, QStringLiteral("combine_out_trade_no")).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 5000);
    const auto subs = t.orders->subOrders(t.orders->find(*no)->id);
    QCOMPARE(subs.size(), 2);
    for (const OrderRecord &sub : subs) {
        QCOMPARE(sub.state, OrderState::Paid);
        QVERIFY(!sub.transactionId.isEmpty());
    }
    const OrderRecord own = subs.at(1);
    QCOMPARE(own.mchid, Merchant);
    auto refund = t.refundService->refund(own.outTradeNo, 700, QStringLiteral("牛奶坏了"), QStringLiteral("manager-1"));
    QVERIFY2(refund, refund ? "" : qPrintable(refund.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(t.refunds->find(*refund)->status, QStringLiteral("SUCCESS"), 10000);
    QCOMPARE(t.orders->find(own.outTradeNo)->state, OrderState::Refunded);
    QCOMPARE(t.orders->find(subs.at(0).outTradeNo)->state, OrderState::Paid);
}

void TestPayments::resolverSettlesAfterRestart()
{
    Terminal t;
    // A sale stored but never sent (the process died right after the insert),
    // and one sent and paid while nobody was watching.
    NewOrder unsent;
    unsent.outTradeNo = QStringLiteral("PDUNSENT0001");
    unsent.mchid = Merchant;
    unsent.description = QStringLiteral("crash");
    unsent.amountTotal = 100;
    QVERIFY(t.orders->create(unsent, QStringLiteral("c")));
    t.poller.reset(new StatusPoller(t.api.get(), t.orders.get(), t.clock.get(), BackoffPolicy{60000, 1, 60000, 0, 0, 0}, 1));
    PaymentService::Settings s = t.payments->settings();
    t.payments.reset(new PaymentService(t.api.get(), t.orders.get(), t.poller.get(), t.clock.get(), s));
    auto paid = t.payments->startNativeSale(700, QStringLiteral("paid unseen"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*paid), OrderState::Pending, 5000);
    t.customer(QStringLiteral("pay"), *paid);

    // "Restart": a fresh poller and resolver over the same store.
    StatusPoller poller(t.api.get(), t.orders.get(), t.clock.get(), BackoffPolicy{50, 1.5, 200, 0.1, 0, 0}, 2);
    Resolver resolver(t.orders.get(), t.refunds.get(), &poller, t.refundService.get(), t.clock.get());
    QCOMPARE(resolver.runOnce(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*paid), OrderState::Paid, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(QStringLiteral("PDUNSENT0001")), OrderState::Closed, 5000);
    QCOMPARE(t.orders->unresolved().size(), 0);
}

void TestPayments::listenerAppliesNotifications()
{
    // The listener on a free port; the sale's notify_url points at it.
    QTcpServer portFinder;
    QVERIFY(portFinder.listen(QHostAddress::LocalHost));
    const quint16 port = portFinder.serverPort();
    portFinder.close();
    Terminal t(QStringLiteral("http://127.0.0.1:%1/paydesk/notify").arg(port));
    t.listener = std::make_unique<NotificationListener>(t.api.get(), t.orders.get(), t.refunds.get());
    QVERIFY(t.listener->start(QHostAddress::LocalHost, port));
    // A poller that would not look for a minute: only the notification can say "paid".
    t.poller.reset(new StatusPoller(t.api.get(), t.orders.get(), t.clock.get(), BackoffPolicy{60000, 1, 60000, 0, 0, 0}, 1));
    PaymentService::Settings s = t.payments->settings();
    t.payments.reset(new PaymentService(t.api.get(), t.orders.get(), t.poller.get(), t.clock.get(), s));
    QSignalSpy received(t.listener.get(), &NotificationListener::received);
    auto no = t.payments->startNativeSale(2500, QStringLiteral("notified"), QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Pending, 5000);
    t.customer(QStringLiteral("pay"), *no);
    QTRY_COMPARE_WITH_TIMEOUT(t.state(*no), OrderState::Paid, 10000);
    QVERIFY(received.size() >= 1);
    QCOMPARE(received.first().at(0).toString(), QStringLiteral("TRANSACTION.SUCCESS"));
    QCOMPARE(t.count(QStringLiteral("SELECT COUNT(*) FROM payments")), 1);
}

void TestPayments::listenerDuplicatesHaveOneEffect()
{
    // A notification signed with a platform key the merchant knows (TestWorld),
    // posted 50 times at once, then a SIGNTEST probe and a bad ciphertext.
    testing::TestWorld world;
    QTemporaryDir dir;
    auto db = std::move(Database::open(dir.filePath(QStringLiteral("n.sqlite"))).value());
    AuditLog audit(db.get());
    OrderRepository orders(db.get(), &audit);
    RefundRepository refunds(db.get(), &audit);
    ApiClient api(world.credentials(), ApiClient::Options{});
    NotificationListener listener(&api, &orders, &refunds);
    auto port = listener.start(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    NewOrder o;
    o.outTradeNo = QStringLiteral("PDNOTIFY0001");
    o.mchid = Merchant;
    o.description = QStringLiteral("n");
    o.amountTotal = 100;
    QVERIFY(orders.create(o, QStringLiteral("c")));

    const QByteArray resource = QJsonDocument(QJsonObject{
        {QStringLiteral("mchid"), Merchant}, {QStringLiteral("appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("out_trade_no"), o.outTradeNo}, {QStringLiteral("transaction_id"), QStringLiteral("4200000000202405201111111111")},
        {QStringLiteral("trade_type"), QStringLiteral("NATIVE")}, {QStringLiteral("trade_state"), QStringLiteral("SUCCESS")},
        {QStringLiteral("trade_state_desc"), QStringLiteral("支付成功")}, {QStringLiteral("bank_type"), QStringLiteral("OTHERS")},
        {QStringLiteral("success_time"), QStringLiteral("2024-05-20T13:29:35+08:00")},
        {QStringLiteral("payer"), QJsonObject{{QStringLiteral("openid"), QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")}}},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 100}, {QStringLiteral("payer_total"), 100},
                                               {QStringLiteral("currency"), QStringLiteral("CNY")}, {QStringLiteral("payer_currency"), QStringLiteral("CNY")}}}})
                                   .toJson(QJsonDocument::Compact);
    auto body = NotificationDecoder::encode(QStringLiteral("TRANSACTION.SUCCESS"), resource, world.apiV3Key);
    QVERIFY(body);
    auto headers = world.certificateSigner().sign(*body);
    QVERIFY(headers);

    QNetworkAccessManager nam;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/paydesk/notify").arg(*port));
    auto post = [&](const QByteArray &payload, const QList<QPair<QByteArray, QByteArray>> &h) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : h)
            request.setRawHeader(name, value);
        return nam.post(request, payload);
    };
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 50; ++i)
        replies << post(*body, *headers);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }), 20000);
    for (QNetworkReply *r : replies) {
        QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
        r->deleteLater();
    }
    QCOMPARE(orders.find(o.outTradeNo)->state, OrderState::Paid);
    QSqlQuery q(db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM payments")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);

    // A SIGNTEST probe is refused with a 4xx and a {"code","message"} body.
    auto probe = *headers;
    for (auto &[name, value] : probe) {
        if (name == "Wechatpay-Signature")
            value = "WECHATPAY/SIGNTEST/" + value;
    }
    QNetworkReply *signtest = post(*body, probe);
    QTRY_VERIFY_WITH_TIMEOUT(signtest->isFinished(), 5000);
    const int probeStatus = signtest->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QVERIFY2(probeStatus >= 400 && probeStatus < 500, qPrintable(QString::number(probeStatus)));
    QVERIFY(QJsonDocument::fromJson(signtest->readAll()).object().contains(QLatin1String("code")));

    // A ciphertext that does not decrypt (signed correctly): 4xx, nothing applied.
    NewOrder other = o;
    other.outTradeNo = QStringLiteral("PDNOTIFY0002");
    QVERIFY(orders.create(other, QStringLiteral("c")));
    QByteArray tampered = *body;
    const qsizetype at = tampered.indexOf("\"ciphertext\":\"") + 20;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    auto tamperedHeaders = world.certificateSigner().sign(tampered);
    QNetworkReply *bad = post(tampered, *tamperedHeaders);
    QTRY_VERIFY_WITH_TIMEOUT(bad->isFinished(), 5000);
    const int badStatus = bad->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QVERIFY2(badStatus >= 400 && badStatus < 500, qPrintable(QString::number(badStatus)));
    QCOMPARE(orders.find(other.outTradeNo)->state, OrderState::Created);
}

void TestPayments::soakWithFaultsMatchesTheLedger()
{
    // Many sales and refunds while the sandbox misbehaves; afterwards the
    // store must equal the sandbox's books, nothing non-final, no over-refund.
    const int sales = qEnvironmentVariableIntValue("PAYDESK_SOAK_SALES") > 0
        ? qEnvironmentVariableIntValue("PAYDESK_SOAK_SALES") : 500;
    Terminal t;
    for (const char *spec : {"latency:latency_ms=30,rate=0.2", "system_error:rate=0.05", "frequency_limited:rate=0.05",
                             "reset:rate=0.03", "lost_answer:rate=0.03", "bank_error:rate=0.02"}) {
        auto rule = FaultRule::fromSpec(QString::fromLatin1(spec));
        QVERIFY2(rule, rule ? "" : qPrintable(rule.error().message));
        t.sandbox->addFault(*rule);
    }
    // A busy store: sales in waves of 25 at a time (a few terminals' worth,
    // not 500 requests queued behind one connection pool).
    std::mt19937 rng(42);
    QStringList numbers;
    for (int wave = 0; wave < sales; wave += 25) {
        QStringList batch;
        for (int i = wave; i < qMin(sales, wave + 25); ++i) {
            auto no = t.payments->startNativeSale(100 + qint64(rng() % 9900), QStringLiteral("soak %1").arg(i),
                                                  QStringLiteral("c"));
            QVERIFY2(no, no ? "" : qPrintable(no.error().message));
            batch << *no;
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(batch.begin(), batch.end(),
                                             [&](const QString &n) { return t.state(n) != OrderState::Created; }),
                                 60000);
        // Customers: most pay, some walk away, some sales are cancelled.
        for (const QString &n : batch) {
            const int roll = int(rng() % 10);
            if (roll < 8)
                t.customer(QStringLiteral("pay"), n);
            else if (roll == 8)
                t.payments->cancel(n);
            else
                t.customer(QStringLiteral("abandon"), n);
        }
        QTest::qWait(300);
        for (const QString &n : batch) {
            if (t.state(n) == OrderState::Pending)
                t.payments->cancel(n); // the cashier gives up on a customer who left
        }
        numbers << batch;
    }
    QTRY_VERIFY_WITH_TIMEOUT(t.orders->unresolved().isEmpty(), 120000);

    // Refund part of every fifth paid sale.
    QStringList refundNumbers;
    for (int i = 0; i < numbers.size(); i += 5) {
        const auto order = t.orders->find(numbers.at(i));
        if (order->state != OrderState::Paid)
            continue;
        auto r = t.refundService->refund(order->outTradeNo, order->amountTotal / 2, QStringLiteral("soak"), QStringLiteral("m"));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        refundNumbers << *r;
    }
    QTRY_VERIFY_WITH_TIMEOUT(t.refunds->unresolved().isEmpty(), 180000);
    t.sandbox->clearFaults();

    // The books agree.
    const QJsonArray remote = t.sandbox->control("GET", QStringLiteral("/sandbox/orders")).body.object()
                                  .value(QLatin1String("orders")).toArray();
    QHash<QString, QJsonObject> byNo;
    for (const QJsonValue &v : remote)
        byNo.insert(v.toObject().value(QLatin1String("out_trade_no")).toString(), v.toObject());
    for (const QString &n : numbers) {
        const auto local = t.orders->find(n);
        const QJsonObject there = byNo.value(n);
        const QString remoteState = there.value(QLatin1String("trade_state")).toString();
        if (isPaid(local->state)) {
            QVERIFY2(remoteState == QLatin1String("SUCCESS") || remoteState == QLatin1String("REFUND"), qPrintable(n + remoteState));
            QCOMPARE(local->transactionId, there.value(QLatin1String("transaction_id")).toString());
            QCOMPARE(local->refundedTotal, qint64(there.value(QLatin1String("refunded")).toInteger()));
        } else {
            QCOMPARE(local->state, OrderState::Closed);
            QVERIFY2(there.isEmpty() || remoteState == QLatin1String("CLOSED"), qPrintable(n + QLatin1Char(' ') + remoteState));
        }
    }
    QCOMPARE(t.count(QStringLiteral("SELECT COUNT(*) FROM orders WHERE refunded_total > amount_total")), 0);
    QCOMPARE(t.count(QStringLiteral("SELECT COUNT(*) FROM orders WHERE state IN ('Created','Pending')")), 0);
    QVERIFY(t.audit->verify().intact);
}

QTEST_GUILESS_MAIN(TestPayments)
#include "tst_payments.moc"
