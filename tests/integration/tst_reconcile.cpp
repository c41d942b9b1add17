// SPDX-License-Identifier: MIT
// Reconciliation and the X/Z reports against the real sandbox: real sales and
// refunds through PaymentTerminal, real bills (immediateBills), then
// differences of every kind planted on one side, found and named.

#include "config/merchantprofile.h"
#include "clock.h"
#include "payments/ordernumber.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "payments/resolver.h"
#include "reconcile/chinaday.h"
#include "reconcile/dailyreconciliation.h"
#include "reconcile/differencemodel.h"
#include "reconcile/reconciler.h"
#include "reconcile/reconciliationrunner.h"
#include "reconcile/reconciliationview.h"
#include "reconcile/shiftreport.h"
#include "reconcile/tradebillparser.h"
#include "reports/reportview.h"
#include "sandboxserver.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/historyfilter.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "testfixtures.h"
#include "tradebill.h"
#include "wechatpay/apiclient.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::sandbox;

namespace {

const QString Merchant = QStringLiteral("1900000109");
const QString SubA = QStringLiteral("1900000110");
const QString SubB = QStringLiteral("1900000111");
const QString AppId = QStringLiteral("wxd678efh567hg6787");

QDate chinaToday()
{
    return ChinaDay::today(QDateTime::currentDateTimeUtc());
}

struct World
{
    testing::TestWorld keys;
    QTemporaryDir dir;
    std::unique_ptr<SandboxServer> sandbox;
    std::unique_ptr<PaymentTerminal> terminal;

    World()
    {
        SandboxServer::Options o;
        o.immediateBills = true;
        o.refundDelayMs = 100;
        o.refundIntervalSeconds = 0;
        o.seed = 11;
        sandbox = std::make_unique<SandboxServer>(o);
        if (auto started = sandbox->start(); !started)
            qFatal("sandbox did not start: %s", qPrintable(started.error().message));
        MerchantRegistration m;
        m.mchid = Merchant;
        m.appid = AppId;
        m.name = QStringLiteral("Test Store");
        m.apiV3Key = keys.apiV3Key;
        m.certificate = keys.merchant.certificate;
        if (auto r = sandbox->registerMerchant(m); !r)
            qFatal("cannot register merchant: %s", qPrintable(r.error().message));
        for (const QString &sub : { SubA, SubB }) {
            MerchantRegistration s;
            s.mchid = sub;
            s.appid = AppId;
            s.name = QStringLiteral("Sub ") + sub;
            s.apiV3Key = keys.apiV3Key;
            (void)sandbox->registerMerchant(s);
        }

        MerchantProfile profile;
        profile.training = true;
        profile.mchid = Merchant;
        profile.appid = AppId;
        profile.terminalId = QStringLiteral("T01");
        profile.notifyUrl = QStringLiteral("https://example.invalid/notify");
        profile.baseDirectory = dir.path();
        profile.subMerchants = { { SubA, QStringLiteral("Café") }, { SubB, QStringLiteral("Bakery") } };
        PaymentTerminal::Options options;
        options.databasePath = dir.filePath(QStringLiteral("paydesk.sqlite"));
        options.baseUrl = sandbox->baseUrl().toString();
        options.timeoutMs = 3000;
        options.paymentPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
        options.refundPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
        MerchantCredentials c = keys.credentials(false, false);
        c.platformKeys = sandbox->platformKeys();
        auto opened = PaymentTerminal::open(profile, c, options);
        if (!opened)
            qFatal("terminal did not open: %s", qPrintable(opened.error().message));
        terminal = std::move(opened).value();
    }

    PaymentTerminal &t() { return *terminal; }
    QString dbPath() const { return terminal->database()->path(); }
    // A run for this terminal: its own rows of the bill, not other tills'.
    ReconciliationRunner::Options options() const
    {
        ReconciliationRunner::Options o;
        o.terminalId = terminal->profile().terminalId;
        return o;
    }

    int customer(const QString &action, const QString &no, const QString &key = QStringLiteral("out_trade_no"))
    {
        return sandbox->control("POST", QStringLiteral("/sandbox/customer/") + action, QJsonObject { { key, no } })
            .status;
    }

    OrderState state(const QString &no) { return t().orders()->find(no)->state; }

    // A native sale rung up and paid by the customer, through the terminal.
    QString paidSale(qint64 fen, const QString &cashier)
    {
        auto no = t().payments()->startNativeSale(fen, QStringLiteral("咖啡, 大杯"), cashier);
        if (!no)
            qFatal("sale failed: %s", qPrintable(no.error().message));
        if (!QTest::qWaitFor([&] { return state(*no) == OrderState::Pending; }, 5000))
            qFatal("order %s never became Pending", qPrintable(*no));
        if (customer(QStringLiteral("pay"), *no) != 200)
            qFatal("customer could not pay %s", qPrintable(*no));
        if (!QTest::qWaitFor([&] { return state(*no) == OrderState::Paid; }, 5000))
            qFatal("order %s never became Paid", qPrintable(*no));
        return *no;
    }

    QString refund(const QString &no, qint64 fen)
    {
        auto r
            = t().refundService()->refund(no, fen, QStringLiteral("customer changed mind"), QStringLiteral("manager"));
        if (!r)
            qFatal("refund failed: %s", qPrintable(r.error().message));
        if (!QTest::qWaitFor([&] { return t().refunds()->find(*r)->status == QLatin1String("SUCCESS"); }, 8000))
            qFatal("refund %s never succeeded", qPrintable(*r));
        return *r;
    }

    void sql(const QString &statement, const QVariantList &values = {})
    {
        auto q = execSql(t().database()->connection(), statement, values);
        if (!q)
            qFatal("%s", qPrintable(q.error().message));
    }

    QByteArray downloadBill(QDate day)
    {
        std::optional<ApiResult<TradeBill>> got;
        TradeBillRequest request;
        request.billDate = day;
        t().api()->downloadTradeBill(request, [&](ApiResult<TradeBill> r) { got = std::move(r); });
        if (!QTest::qWaitFor([&] { return got.has_value(); }, 10000) || !*got)
            qFatal("bill download failed");
        return got->value().content;
    }
};

struct RunOutcome
{
    std::optional<ReconciliationResult> result;
    QString code;
    QString message;
    int progressEvents = 0;
};

RunOutcome runToEnd(ReconciliationRunner &runner, const std::function<bool()> &start)
{
    RunOutcome out;
    QObject guard;
    QObject::connect(&runner, &ReconciliationRunner::finished, &guard,
                     [&](const ReconciliationResult &r) { out.result = r; });
    QObject::connect(&runner, &ReconciliationRunner::failed, &guard, [&](const QString &c, const QString &m) {
        out.code = c;
        out.message = m;
    });
    QObject::connect(&runner, &ReconciliationRunner::progress, &guard,
                     [&](int, const QString &) { ++out.progressEvents; });
    if (!start())
        return out;
    (void)QTest::qWaitFor([&] { return out.result.has_value() || !out.code.isEmpty(); }, 20000);
    return out;
}

QByteArray billOf(const QList<TradeBillEntry> &entries,
                  TradeBillWriter::BillType type = TradeBillWriter::BillType::All)
{
    return TradeBillWriter::write(entries, type);
}

TradeBillEntry payment(const QString &no, qint64 fen, qint64 time = 1716182975)
{
    TradeBillEntry e;
    e.time = time;
    e.appid = AppId;
    e.mchid = Merchant;
    e.transactionId = QStringLiteral("4200000001") + no;
    e.outTradeNo = no;
    e.openid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    e.bankType = QStringLiteral("OTHERS");
    e.orderTotal = fen;
    e.description = QStringLiteral("Tea");
    return e;
}

TradeBillEntry refundOf(const TradeBillEntry &p, const QString &outRefundNo, qint64 fen)
{
    TradeBillEntry e = p;
    e.kind = TradeBillEntry::Refund;
    e.paymentTime = p.time;
    e.time = p.time + 60;
    e.refundSuccessTime = p.time + 62;
    e.refundId = QStringLiteral("5030000001") + outRefundNo;
    e.outRefundNo = outRefundNo;
    e.refundAmount = fen;
    e.refundStatus = QStringLiteral("SUCCESS");
    return e;
}

} // namespace

class TestReconcile : public QObject
{
    Q_OBJECT

private slots:
    void parseDecimalIsExact_data();
    void parseDecimalIsExact();
    void parserCases_data();
    void parserCases();
    void parserStreamsAnyChunking();
    void reconcileFindsEveryKindOfDifference();
    void reversedCodePaySaleMatches();
    void tamperedBillIsRefused();
    void dayWithoutTradesListsLocalPayments();
    void reportFiguresOnAKnownDay();
    void zRefusesWhilePendingAndClosesAfterResolve();
    void closedDayNeverMoves();
    void dailyRunIsDueOnceAfterTen();
    void reconciliationViewShowsDifferences();
    void reportViewClosesTheDayAfterResolve();
};

namespace {
constexpr qint64 Refused = std::numeric_limits<qint64>::min();
}

void TestReconcile::parseDecimalIsExact_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("scale");
    QTest::addColumn<qint64>("expected"); // Refused: not an amount
    QTest::newRow("cent") << QByteArray("0.01") << 2 << qint64(1);
    QTest::newRow("one decimal") << QByteArray("12.3") << 2 << qint64(1230);
    QTest::newRow("whole") << QByteArray("7") << 2 << qint64(700);
    QTest::newRow("large") << QByteArray("99999999.99") << 2 << qint64(9999999999);
    QTest::newRow("0.29 is not 0.28999") << QByteArray("0.29") << 2 << qint64(29);
    QTest::newRow("fee five decimals") << QByteArray("-0.60000") << 5 << qint64(-60000);
    QTest::newRow("count") << QByteArray("42") << 0 << qint64(42);
    QTest::newRow("too many decimals") << QByteArray("1.234") << 2 << Refused;
    QTest::newRow("letters") << QByteArray("1x.00") << 2 << Refused;
    QTest::newRow("exponent") << QByteArray("1e3") << 2 << Refused;
    QTest::newRow("empty") << QByteArray("") << 2 << Refused;
    QTest::newRow("dot only") << QByteArray(".") << 2 << Refused;
    QTest::newRow("trailing dot") << QByteArray("5.") << 2 << Refused;
    QTest::newRow("thousands") << QByteArray("1,000.00") << 2 << Refused;
}

void TestReconcile::parseDecimalIsExact()
{
    QFETCH(QByteArray, text);
    QFETCH(int, scale);
    QFETCH(qint64, expected);
    const auto value = TradeBillParser::parseDecimal(text, scale);
    if (expected == Refused)
        QVERIFY(!value);
    else
        QCOMPARE(value.value_or(-999), expected);
}

void TestReconcile::parserCases_data()
{
    QTest::addColumn<QByteArray>("bill");
    QTest::addColumn<QString>("errorCode"); // empty: parses
    QTest::addColumn<QString>("errorText");
    QTest::addColumn<int>("payments");
    QTest::addColumn<int>("refunds");
    QTest::addColumn<qint64>("settlement");
    QTest::addColumn<bool>("refundTimes"); // refund rows carry 退款申请时间 and 退款成功时间

    using Type = TradeBillWriter::BillType;
    const TradeBillEntry a = payment(QStringLiteral("PDA1"), 1234);
    const TradeBillEntry b = payment(QStringLiteral("PDB2"), 99, 1716183000);
    const QByteArray normal = billOf({ a, b });
    QTest::newRow("bom, backticks, crlf") << normal << QString() << QString() << 2 << 0 << qint64(1333) << false;
    QByteArray noBom = normal.mid(3);
    QTest::newRow("no bom") << noBom << QString() << QString() << 2 << 0 << qint64(1333) << false;
    QByteArray lf = normal;
    lf.replace("\r\n", "\n");
    QTest::newRow("lf line ends") << lf << QString() << QString() << 2 << 0 << qint64(1333) << false;
    QByteArray noFinalNewline = normal;
    noFinalNewline.chop(2);
    QTest::newRow("no final line end") << noFinalNewline << QString() << QString() << 2 << 0 << qint64(1333) << false;
    TradeBillEntry comma = a;
    comma.description = QStringLiteral("Tea, hot");
    QTest::newRow("comma inside a value") << billOf({ comma }) << QString() << QString() << 1 << 0 << qint64(1234) << false;
    QTest::newRow("refund rows") << billOf({ a, b, refundOf(a, QStringLiteral("RF1"), 234) }) << QString() << QString()
                                 << 2 << 1 << qint64(1333) << false;
    QTest::newRow("empty bill") << billOf({}) << QString() << QString() << 0 << 0 << qint64(0) << false;
    QTest::newRow("no bytes") << QByteArray() << QStringLiteral("bill_empty") << QStringLiteral("empty") << 0 << 0
                              << qint64(0) << false;
    QByteArray badAmount = normal;
    badAmount.replace("`12.34", "`1x.34");
    QTest::newRow("bad amount") << badAmount << QStringLiteral("bill_format")
                                << QStringLiteral("line 2: 应结订单金额: \"1x.34\"") << 0 << 0 << qint64(0) << false;
    QByteArray badTime = normal;
    badTime.replace(a.outTradeNo.toUtf8(), a.outTradeNo.toUtf8()); // same
    badTime.replace("`2024-05-20 13:29:35", "`2024-05-20T13:29:35");
    QTest::newRow("bad time") << badTime << QStringLiteral("bill_format") << QStringLiteral("line 2: 交易时间") << 0
                              << 0 << qint64(0) << false;
    QByteArray missingValue = normal;
    missingValue.replace(",`OTHERS", "");
    QTest::newRow("missing column") << missingValue << QStringLiteral("bill_format")
                                    << QStringLiteral("26 values, the header has 27") << 0 << 0 << qint64(0) << false;
    QByteArray count = normal;
    count.replace("\r\n`2,`", "\r\n`3,`");
    QTest::newRow("summary count") << count << QStringLiteral("bill_summary_mismatch")
                                   << QStringLiteral("总交易单数 says 3") << 0 << 0 << qint64(0) << false;
    QByteArray rowChanged = normal;
    rowChanged.replace("`0.99", "`0.98");
    QTest::newRow("row changed, summary not")
        << rowChanged << QStringLiteral("bill_summary_mismatch")
        << QStringLiteral("应结订单总金额 says 13.33, the rows add up to 13.32") << 0 << 0 << qint64(0) << false;
    const qsizetype captionAt = normal.indexOf(TradeBillWriter::summaryCaption());
    QTest::newRow("truncated") << normal.left(captionAt) << QStringLiteral("bill_truncated")
                               << QStringLiteral("download it again") << 0 << 0 << qint64(0) << false;
    QTest::newRow("not a bill") << QByteArray("<html>502 Bad Gateway</html>\r\n") << QStringLiteral("bill_format")
                                << QStringLiteral("not a trade bill header") << 0 << 0 << qint64(0) << false;
    // The three bill types, as WeChat Pay writes them: SUCCESS without the
    // refund columns, REFUND with the two refund times, summary fee with five
    // decimals; and the same shapes written by hand (not by our writer).
    const TradeBillEntry r1 = refundOf(a, QStringLiteral("RF1"), 234);
    QTest::newRow("SUCCESS bill, 20 columns") << billOf({ a, b, r1 }, Type::Success) << QString() << QString() << 2
                                              << 0 << qint64(1333) << false;
    QTest::newRow("REFUND bill, 29 columns") << billOf({ a, b, r1 }, Type::Refund) << QString() << QString() << 0 << 1
                                             << qint64(0) << true;
    TradeBillEntry processing = refundOf(b, QStringLiteral("RF2"), 50);
    processing.refundStatus = QStringLiteral("PROCESSING");
    processing.refundSuccessTime = 0;
    QTest::newRow("REFUND bill, refund still processing")
        << billOf({ processing }, Type::Refund) << QString() << QString() << 0 << 1 << qint64(0) << false;
    QByteArray badRefundTime = billOf({ r1 }, Type::Refund);
    badRefundTime.replace("`2024-05-20 13:30:35", "`2024-05-20 13:30");
    QTest::newRow("REFUND bill, bad 退款申请时间") << badRefundTime << QStringLiteral("bill_format")
                                                 << QStringLiteral("line 2: 退款申请时间: \"2024-05-20 13:30\"") << 0
                                                 << 0 << qint64(0) << false;
    const QByteArray handSuccess = QStringLiteral(
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
        "货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注\n"
        "`2024-05-20 13:29:35,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001PDA1,`PDA1,`oUpF8u,`NATIVE,`SUCCESS,"
        "`CFT,`CNY,`12.34,`0.00,`Tea,`,`0.07000,`0.60%,`12.34,`\n"
        "`2024-05-20 13:30:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001PDB2,`PDB2,`oUpF8u,`JSAPI,`SUCCESS,"
        "`CFT,`CNY,`0.99,`0.00,`Tea,`,`0.01000,`0.60%,`0.99,`\n"
        "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n"
        "`2,`13.33,`0.00,`0.00,`0.08000,`13.33,`0.00").toUtf8();
    QTest::newRow("SUCCESS bill by hand, LF, no BOM")
        << handSuccess << QString() << QString() << 2 << 0 << qint64(1333) << false;
    const QByteArray handRefund = QStringLiteral(
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
        "货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
        "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n"
        "`2024-05-20 13:29:35,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001PDA1,`PDA1,`oUpF8u,`NATIVE,`REFUND,"
        "`CFT,`CNY,`0.00,`0.00,`2024-05-20 13:30:35,`2024-05-20 13:30:37,`50300000001RF1,`RF1,`2.34,`0.00,`ORIGINAL,"
        "`SUCCESS,`Tea,`,`-0.01000,`0.60%,`0.00,`2.34,`\r\n"
        "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n"
        "`1,`0.00,`2.34,`0.00,`-0.01000,`0.00,`2.34\r\n").toUtf8();
    QTest::newRow("REFUND bill by hand") << handRefund << QString() << QString() << 0 << 1 << qint64(0) << true;
    QByteArray twoDecimalFee = normal;
    twoDecimalFee.replace(",`0.08000,`13.33,", ",`0.08,`13.33,");
    QTest::newRow("summary fee with two decimals (older files)")
        << twoDecimalFee << QString() << QString() << 2 << 0 << qint64(1333) << false;
}

void TestReconcile::parserCases()
{
    QFETCH(QByteArray, bill);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);
    auto parsed = TradeBillParser::parse(bill);
    if (!errorCode.isEmpty()) {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, errorCode);
        QVERIFY2(parsed.error().message.contains(errorText), qPrintable(parsed.error().message));
        return;
    }
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    QTEST(parsed->payments, "payments");
    QTEST(parsed->refunds, "refunds");
    QTEST(parsed->summary.settlementTotal, "settlement");
    QCOMPARE(parsed->summary.tradeCount, qint64(parsed->rows.size()));
    if (!parsed->rows.isEmpty())
        QCOMPARE(parsed->rows.first().line, 2);
    if (parsed->payments > 0) {
        const BillRow &first = parsed->rows.first();
        QCOMPARE(first.outTradeNo, QStringLiteral("PDA1"));
        QCOMPARE(first.mchid, Merchant);
        QCOMPARE(first.chinaTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 QStringLiteral("2024-05-20 13:29:35"));
        QVERIFY(first.description.startsWith(QLatin1String("Tea")));
        QCOMPARE(first.fee, qint64(TradeBillWriter::feeOf(1234) * 1000));
    }
    QFETCH(bool, refundTimes);
    for (const BillRow &r : parsed->rows) {
        if (r.kind == BillRow::Refund && refundTimes) {
            QCOMPARE(r.outRefundNo, QStringLiteral("RF1"));
            QCOMPARE(r.refundAmount, qint64(234));
            QCOMPARE(r.refundStatus, QStringLiteral("SUCCESS"));
            QCOMPARE(r.fee, -qint64(TradeBillWriter::feeOf(234) * 1000));
            QCOMPARE(r.chinaTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                     QStringLiteral("2024-05-20 13:29:35")); // the payment's time in the REFUND bill
            QCOMPARE(r.refundRequestTime, qint64(1716182975 + 60));
            QCOMPARE(r.refundSuccessTime, qint64(1716182975 + 62));
        } else if (r.kind == BillRow::Refund) {
            QCOMPARE(r.refundRequestTime, r.refundStatus == QLatin1String("PROCESSING") ? qint64(1716183000 + 60) : qint64(0));
            QCOMPARE(r.refundSuccessTime, qint64(0));
        }
    }
}

void TestReconcile::parserStreamsAnyChunking()
{
    QList<TradeBillEntry> entries;
    for (int i = 0; i < 50; ++i) {
        entries << payment(QStringLiteral("PDS%1").arg(i), 100 + i, 1716182975 + i);
        if (i % 7 == 0)
            entries << refundOf(entries.last(), QStringLiteral("RS%1").arg(i), 10);
    }
    const QByteArray bill = billOf(entries);
    const auto whole = TradeBillParser::parse(bill);
    QVERIFY(whole);
    for (int chunk : { 1, 2, 3, 7, 64, 4096 }) {
        TradeBillParser parser;
        for (qsizetype at = 0; at < bill.size(); at += chunk)
            QVERIFY(parser.feed(QByteArrayView(bill).sliced(at, qMin<qsizetype>(chunk, bill.size() - at))));
        auto parsed = parser.finish();
        QVERIFY2(parsed, qPrintable(QStringLiteral("chunk %1").arg(chunk)));
        QCOMPARE(parsed->rows.size(), whole->rows.size());
        QCOMPARE(parsed->rows.last().outTradeNo, whole->rows.last().outTradeNo);
        QCOMPARE(parsed->summary.settlementTotal, whole->summary.settlementTotal);
    }
    QBuffer device;
    device.setData(bill);
    QVERIFY(device.open(QIODevice::ReadOnly));
    int calls = 0;
    auto fromDevice = TradeBillParser::parse(&device, [&](qint64, qint64) { ++calls; });
    QVERIFY(fromDevice);
    QCOMPARE(fromDevice->rows.size(), whole->rows.size());
    QVERIFY(calls > 0);
}

void TestReconcile::reconcileFindsEveryKindOfDifference()
{
    World w;
    PaymentTerminal &t = w.t();
    const QDate today = chinaToday();

    const QString matched = w.paidSale(1000, QStringLiteral("alice"));
    const QString amountChanged = w.paidSale(2000, QStringLiteral("alice"));
    const QString stateChanged = w.paidSale(3000, QStringLiteral("bob"));
    const QString refundMatched = w.refund(matched, 200);

    // Paid at WeChat Pay, made by this till, never stored here (a lost database).
    auto paidElsewhere = [&](const QString &terminalId, qint64 fen) {
        std::optional<ApiResult<CodeUrlResult>> created;
        NativeOrderRequest order;
        order.description = QStringLiteral("elsewhere");
        order.outTradeNo = OrderNumber::generate(terminalId);
        order.amountTotal = fen;
        order.notifyUrl = QStringLiteral("https://example.invalid/notify");
        t.api()->createNativeOrder(order, [&](ApiResult<CodeUrlResult> r) { created = std::move(r); });
        if (!QTest::qWaitFor([&] { return created.has_value(); }, 5000) || !*created
            || w.customer(QStringLiteral("pay"), order.outTradeNo) != 200)
            qFatal("order %s was not paid", qPrintable(order.outTradeNo));
        return order;
    };
    const NativeOrderRequest foreign = paidElsewhere(t.profile().terminalId, 4000);
    // Another till of the same merchant: its sale is not this till's to import.
    const NativeOrderRequest otherTill = paidElsewhere(QStringLiteral("T02"), 2500);

    // Paid here, unknown to WeChat Pay (a result nobody should have trusted).
    NewOrder ghost;
    ghost.outTradeNo = QStringLiteral("GHOST%1").arg(QDateTime::currentMSecsSinceEpoch());
    ghost.mchid = Merchant;
    ghost.description = QStringLiteral("ghost");
    ghost.amountTotal = 500;
    QVERIFY(t.orders()->create(ghost, QStringLiteral("test")));
    Transaction fake;
    fake.mchid = Merchant;
    fake.outTradeNo = ghost.outTradeNo;
    fake.transactionId = QStringLiteral("4200000000999999999");
    fake.tradeState = QStringLiteral("SUCCESS");
    fake.amount.total = 500;
    fake.successTime = QDateTime::currentDateTimeUtc();
    QCOMPARE(t.orders()->applyTransaction(fake, ResultSource::Query, QStringLiteral("test"))->outcome,
             ApplyResult::Applied);

    // A refund made at WeChat Pay only (the merchant platform) ...
    std::optional<ApiResult<Refund>> platformRefund;
    RefundRequest rr;
    rr.outTradeNo = matched;
    rr.outRefundNo = QStringLiteral("PLATFORM%1").arg(QDateTime::currentMSecsSinceEpoch());
    rr.refund = 300;
    rr.total = 1000;
    t.api()->createRefund(rr, [&](ApiResult<Refund> r) { platformRefund = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(platformRefund.has_value(), 5000);
    QVERIFY(*platformRefund);
    // ... and one stored here that never reached WeChat Pay.
    auto localOnly
        = t.refunds()->create(matched, QStringLiteral("LOCALONLY%1").arg(QDateTime::currentMSecsSinceEpoch()), 100,
                              QStringLiteral("test"), QStringLiteral("manager"));
    QVERIFY(localOnly);

    // The store tampered with.
    w.sql(QStringLiteral("UPDATE orders SET amount_total = 2100 WHERE out_trade_no = ?"), { amountChanged });
    w.sql(QStringLiteral("UPDATE orders SET state = 'Pending' WHERE out_trade_no = ?"), { stateChanged });

    ReconciliationRunner runner(t.api(), w.dbPath(), t.orders(), w.options());
    const RunOutcome run = runToEnd(runner, [&] { return runner.start(today); });
    QVERIFY2(run.result, qPrintable(run.code + QLatin1Char(' ') + run.message));
    const ReconciliationResult &r = *run.result;
    QVERIFY(run.progressEvents >= 3);
    QCOMPARE(r.date, today);
    QCOMPARE(r.billPayments, 5);
    QCOMPARE(r.billRefunds, 2);
    QCOMPARE(r.otherTerminals.payments, 1);
    QCOMPARE(r.otherTerminals.paid, qint64(2500));
    QVERIFY(!t.orders()->find(otherTill.outTradeNo));
    QCOMPARE(r.matched, 1);
    QCOMPARE(r.matchedRefunds, 1);
    QCOMPARE(r.count(DifferenceKind::OnlyInBill), 1);
    QCOMPARE(r.count(DifferenceKind::OnlyHere), 1);
    QCOMPARE(r.count(DifferenceKind::AmountDiffers), 1);
    QCOMPARE(r.count(DifferenceKind::StateDiffers), 1);
    QCOMPARE(r.count(DifferenceKind::RefundDiffers), 2);
    QCOMPARE(r.differences.size(), 6);
    QCOMPARE(r.billPaidTotal, qint64(1000 + 2000 + 3000 + 4000));
    QCOMPARE(r.summary.refundTotal, qint64(200 + 300));

    const Difference onlyInBill = r.of(DifferenceKind::OnlyInBill).first();
    QCOMPARE(onlyInBill.outTradeNo, foreign.outTradeNo);
    QCOMPARE(onlyInBill.billAmount, qint64(4000));
    QVERIFY2(onlyInBill.resolved, qPrintable(onlyInBill.resolution));
    QCOMPARE(t.orders()->find(foreign.outTradeNo)->state, OrderState::Paid); // imported through the writer path
    QCOMPARE(r.of(DifferenceKind::OnlyHere).first().outTradeNo, ghost.outTradeNo);
    const Difference amount = r.of(DifferenceKind::AmountDiffers).first();
    QCOMPARE(amount.outTradeNo, amountChanged);
    QCOMPARE(amount.billAmount, qint64(2000));
    QCOMPARE(amount.localAmount, qint64(2100));
    const Difference state = r.of(DifferenceKind::StateDiffers).first();
    QCOMPARE(state.outTradeNo, stateChanged);
    QCOMPARE(state.localState, QStringLiteral("Pending"));
    QCOMPARE(state.billState, QStringLiteral("SUCCESS"));
    QStringList refundNos;
    for (const Difference &d : r.of(DifferenceKind::RefundDiffers))
        refundNos << d.outRefundNo;
    refundNos.sort();
    QStringList expectedRefunds { rr.outRefundNo, localOnly->outRefundNo };
    expectedRefunds.sort();
    QCOMPARE(refundNos, expectedRefunds);
    for (const Difference &d : r.differences)
        QVERIFY2(!d.action.isEmpty() && !d.detail.isEmpty(), qPrintable(differenceKindName(d.kind)));
    QVERIFY(!refundNos.contains(refundMatched));

    // The export has a header and one line per difference.
    const QByteArray csv = r.toCsv();
    QVERIFY(csv.startsWith("\xEF\xBB\xBF"
                           "date,mchid,kind"));
    QCOMPARE(csv.count("\r\n"), 1 + 6);
    QVERIFY(csv.contains(foreign.outTradeNo.toUtf8()));

    // Once imported, a second run no longer finds the foreign order missing.
    const RunOutcome again = runToEnd(runner, [&] { return runner.start(today); });
    QVERIFY(again.result);
    QCOMPARE(again.result->count(DifferenceKind::OnlyInBill), 0);
    QCOMPARE(again.result->matched, 2);
}

void TestReconcile::tamperedBillIsRefused()
{
    World w;
    const QString no = w.paidSale(1234, QStringLiteral("alice"));
    const QByteArray bill = w.downloadBill(chinaToday());
    QVERIFY(bill.contains(no.toUtf8()));

    ReconciliationRunner runner(w.t().api(), w.dbPath(), w.t().orders(), w.options());
    const RunOutcome clean = runToEnd(runner, [&] { return runner.startWithBill(chinaToday(), bill); });
    QVERIFY(clean.result);
    QVERIFY(clean.result->clean());

    QByteArray tampered = bill;
    tampered.replace(tampered.indexOf("`12.34"), 6, "`1.34"); // the row's 应结订单金额, not the summary
    const RunOutcome refused = runToEnd(runner, [&] { return runner.startWithBill(chinaToday(), tampered); });
    QVERIFY(!refused.result);
    QCOMPARE(refused.code, QStringLiteral("bill_summary_mismatch"));
    QVERIFY2(refused.message.contains(QStringLiteral("应结订单总金额 says 12.34, the rows add up to 1.34")),
             qPrintable(refused.message));
}

void TestReconcile::reversedCodePaySaleMatches()
{
    // A code-pay sale paid, then reversed (the deadline passed while the
    // answer was on its way): WeChat Pay's bill has the payment and a refund of
    // the whole amount. The store has the order Refunded (REVOKED) with the
    // reversal booked as a refund of the whole amount: that agrees, refunded
    // totals included.
    World w;
    PaymentTerminal &t = w.t();
    const QString plain = w.paidSale(1000, QStringLiteral("alice"));
    auto no = t.payments()->startCodePaySale(2500, QStringLiteral("Tea"), QStringLiteral("134567890123456789"),
                                             QStringLiteral("alice"));
    QVERIFY2(no, qPrintable(no ? QString() : no.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(t.orders()->find(*no)->state, OrderState::Paid, 5000);
    std::optional<ApiResult<ApiClient::Done>> reversed;
    t.api()->reverseOrder(*no, [&](ApiResult<ApiClient::Done> r) { reversed.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(reversed.has_value(), 5000);
    QVERIFY(*reversed);
    QVERIFY(t.orders()->markReversed(*no, QStringLiteral("test")));
    QCOMPARE(t.orders()->find(*no)->state, OrderState::Refunded);

    ReconciliationRunner runner(t.api(), w.dbPath(), t.orders(), w.options());
    const RunOutcome run = runToEnd(runner, [&] { return runner.start(chinaToday()); });
    QVERIFY2(run.result, qPrintable(run.code + QLatin1Char(' ') + run.message));
    const ReconciliationResult &r = *run.result;
    QCOMPARE(r.billPayments, 2);
    QCOMPARE(r.billRefunds, 1);
    QCOMPARE(r.matched, 2);
    QCOMPARE(r.matchedReversals, 1);
    QCOMPARE(r.reversedTotal, qint64(2500));
    QCOMPARE(r.localRefundTotal, r.billRefundTotal);
    QVERIFY2(r.clean(), qPrintable(r.differences.isEmpty() ? QString() : r.differences.first().detail));
    QCOMPARE(r.toJson().value(QLatin1String("counts")).toObject().value(QLatin1String("matched_reversals")).toInt(), 1);
    Q_UNUSED(plain);

    // Reversed here, but the money never went back at WeChat Pay: still a difference.
    auto unreversed = t.payments()->startCodePaySale(700, QStringLiteral("Soap"), QStringLiteral("134567890123456789"),
                                                     QStringLiteral("alice"));
    QVERIFY(unreversed);
    QTRY_COMPARE_WITH_TIMEOUT(t.orders()->find(*unreversed)->state, OrderState::Paid, 5000);
    QVERIFY(t.orders()->markReversed(*unreversed, QStringLiteral("test")));
    ReconciliationRunner again(t.api(), w.dbPath(), t.orders());
    const RunOutcome second = runToEnd(again, [&] { return again.start(chinaToday()); });
    QVERIFY(second.result);
    QCOMPARE(second.result->matchedReversals, 1);
    QCOMPARE(second.result->differences.size(), 1);
    const Difference missing = second.result->differences.first();
    QCOMPARE(missing.kind, DifferenceKind::RefundDiffers);
    QCOMPARE(missing.outTradeNo, *unreversed);
    QVERIFY2(missing.detail.contains(QStringLiteral("no reversal refund")), qPrintable(missing.detail));
}

void TestReconcile::dayWithoutTradesListsLocalPayments()
{
    // No trade at WeChat Pay that day: NO_STATEMENT_EXIST is an empty bill,
    // and a payment the store holds for that day is only here.
    World w;
    const QDate yesterday = chinaToday().addDays(-1);
    NewOrder o;
    o.outTradeNo = QStringLiteral("YESTERDAY1");
    o.mchid = Merchant;
    o.description = QStringLiteral("late");
    o.amountTotal = 800;
    QVERIFY(w.t().orders()->create(o, QStringLiteral("test")));
    Transaction tx;
    tx.mchid = Merchant;
    tx.outTradeNo = o.outTradeNo;
    tx.transactionId = QStringLiteral("4200000000888888888");
    tx.tradeState = QStringLiteral("SUCCESS");
    tx.amount.total = 800;
    tx.successTime = ChinaDay::start(yesterday).addSecs(12 * 3600);
    QVERIFY(w.t().orders()->applyTransaction(tx, ResultSource::Query, QStringLiteral("test")));

    ReconciliationRunner runner(w.t().api(), w.dbPath(), w.t().orders(), w.options());
    const RunOutcome run = runToEnd(runner, [&] { return runner.start(yesterday); });
    QVERIFY2(run.result, qPrintable(run.message));
    QCOMPARE(run.result->billRows, 0);
    QCOMPARE(run.result->count(DifferenceKind::OnlyHere), 1);
    QCOMPARE(run.result->localPaidTotal, qint64(800));
}

void TestReconcile::reportFiguresOnAKnownDay()
{
    World w;
    PaymentTerminal &t = w.t();
    const QString a = w.paidSale(1000, QStringLiteral("alice"));
    w.paidSale(2500, QStringLiteral("bob"));
    w.refund(a, 300);
    auto combined = t.payments()->startCombinedSale(
        { { SubA, 400, QStringLiteral("cake") }, { SubB, 600, QStringLiteral("bread") } }, QStringLiteral("bob"));
    QVERIFY2(combined, combined ? "" : qPrintable(combined.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*combined), OrderState::Pending, 5000);
    QCOMPARE(w.customer(QStringLiteral("pay"), *combined, QStringLiteral("combine_out_trade_no")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*combined), OrderState::Paid, 5000);
    // An unpaid, cancelled sale counts for nothing.
    auto cancelled = t.payments()->startNativeSale(777, QStringLiteral("nothing"), QStringLiteral("alice"));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*cancelled), OrderState::Pending, 5000);
    t.payments()->cancel(*cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*cancelled), OrderState::Closed, 5000);

    ShiftReport reports(t.database(), t.audit());
    auto x = reports.build(ShiftReportData::X, chinaToday());
    QVERIFY(x);
    QCOMPARE(x->totals.payments, qint64(4));
    QCOMPARE(x->totals.gross, qint64(4500));
    QCOMPARE(x->totals.refundCount, qint64(1));
    QCOMPARE(x->totals.refunds, qint64(300));
    QCOMPARE(x->totals.net(), qint64(4200));
    QCOMPARE(x->perSubMerchant.size(), 3);
    QCOMPARE(x->perSubMerchant.at(0).key, Merchant);
    QCOMPARE(x->perSubMerchant.at(0).figures.gross, qint64(3500));
    QCOMPARE(x->perSubMerchant.at(0).figures.net(), qint64(3200));
    QCOMPARE(x->perSubMerchant.at(1).key, SubA);
    QCOMPARE(x->perSubMerchant.at(1).figures.gross, qint64(400));
    QCOMPARE(x->perSubMerchant.at(2).key, SubB);
    QCOMPARE(x->perSubMerchant.at(2).figures.gross, qint64(600));
    QCOMPARE(x->perCashier.size(), 2);
    QCOMPARE(x->perCashier.at(0).key, QStringLiteral("alice"));
    QCOMPARE(x->perCashier.at(0).figures.payments, qint64(1));
    QCOMPARE(x->perCashier.at(0).figures.net(), qint64(700));
    QCOMPARE(x->perCashier.at(1).key, QStringLiteral("bob"));
    QCOMPARE(x->perCashier.at(1).figures.payments, qint64(3));
    QCOMPARE(x->perCashier.at(1).figures.gross, qint64(3500));
    QVERIFY(x->unresolved.isEmpty());
    QVERIFY(!x->closed);

    // Yesterday had nothing; the X report changes nothing.
    auto empty = reports.build(ShiftReportData::X, chinaToday().addDays(-1));
    QCOMPARE(empty->totals.payments, qint64(0));
    QVERIFY(!reports.isClosed(chinaToday()));

    const QByteArray slip = x->toEscPos(QStringLiteral("Test Store"));
    QVERIFY(slip.startsWith("\x1b\x40"));
    QVERIFY(slip.contains("45.00"));
    QVERIFY(slip.contains("42.00"));
    QVERIFY(slip.endsWith(QByteArray("\x1d\x56\x42\x00", 4)));
}

void TestReconcile::zRefusesWhilePendingAndClosesAfterResolve()
{
    World w;
    PaymentTerminal &t = w.t();
    w.paidSale(1500, QStringLiteral("alice"));
    auto pending = t.payments()->startNativeSale(900, QStringLiteral("waiting"), QStringLiteral("bob"));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*pending), OrderState::Pending, 5000);

    ShiftReport reports(t.database(), t.audit());
    auto z = reports.build(ShiftReportData::Z, chinaToday());
    QVERIFY(z);
    QCOMPARE(z->unresolved.size(), 1);
    QCOMPARE(z->unresolved.first().reference, *pending);
    auto refused = reports.closeDay(chinaToday(), QStringLiteral("manager"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("day_unresolved"));
    QVERIFY2(refused.error().message.contains(*pending), qPrintable(refused.error().message));
    QVERIFY(!reports.isClosed(chinaToday()));

    // The customer pays after all; the Resolver settles it.
    QCOMPARE(w.customer(QStringLiteral("pay"), *pending), 200);
    t.resolver()->runOnce();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*pending), OrderState::Paid, 8000);

    auto closed = reports.closeDay(chinaToday(), QStringLiteral("manager"));
    QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
    QVERIFY(closed->closed);
    QCOMPARE(closed->closedBy, QStringLiteral("manager"));
    QCOMPARE(closed->totals.payments, qint64(2));
    QCOMPARE(closed->totals.gross, qint64(2400));
    QVERIFY(reports.isClosed(chinaToday()));
    auto twice = reports.closeDay(chinaToday(), QStringLiteral("manager"));
    QVERIFY(!twice);
    QCOMPARE(twice.error().code, QStringLiteral("day_closed"));
    auto reprint = reports.build(ShiftReportData::Z, chinaToday());
    QVERIFY(reprint->closed);
    QCOMPARE(reprint->closedBy, QStringLiteral("manager"));
    auto future = reports.closeDay(chinaToday().addDays(2), QStringLiteral("manager"));
    QCOMPARE(future.error().code, QStringLiteral("day_in_future"));
    QVERIFY(t.audit()->verify().intact);
}

// The manager closes the day and the till keeps selling: the closed day's Z
// report stays what was printed, and what comes after is the next business
// day's, in the reports and in history alike.
void TestReconcile::closedDayNeverMoves()
{
    World w;
    PaymentTerminal &t = w.t();
    const QDate today = chinaToday();
    const QString before = w.paidSale(1500, QStringLiteral("alice"));
    ShiftReport reports(t.database(), t.audit());
    QCOMPARE(reports.currentDay(), today);
    auto closed = reports.closeDay(today, QStringLiteral("ana"));
    QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
    QCOMPARE(closed->closedBy, QStringLiteral("ana"));
    const QByteArray printedJson = QJsonDocument(closed->toJson()).toJson();
    const QByteArray printedSlip = closed->toEscPos(QStringLiteral("Test Store"));

    // The next business day starts at zero.
    const QDate next = today.addDays(1);
    QCOMPARE(reports.currentDay(), next);
    auto x = reports.build(ShiftReportData::X, next);
    QVERIFY(x);
    QCOMPARE(x->totals.payments, qint64(0));
    QCOMPARE(x->from.toSecsSinceEpoch(), closed->closedAt.toSecsSinceEpoch());

    // A sale and a refund after the close, the same calendar day.
    QTest::qWait(5);
    const QString after = w.paidSale(700, QStringLiteral("bob"));
    w.refund(before, 200);
    QCOMPARE(t.orders()->find(before)->businessDay, today);
    QCOMPARE(t.orders()->find(after)->businessDay, next);
    QCOMPARE(ChinaDay::dayOf(t.orders()->find(after)->paidAt), today);

    auto reprint = reports.build(ShiftReportData::Z, today);
    QVERIFY(reprint);
    QCOMPARE(reprint->totals.gross, qint64(1500));
    QCOMPARE(reprint->totals.refunds, qint64(0));
    QCOMPARE(QJsonDocument(reprint->toJson()).toJson(), printedJson);
    QCOMPARE(reprint->toEscPos(QStringLiteral("Test Store")), printedSlip);
    // A live X report of the closed day agrees with its Z report.
    QCOMPARE(reports.build(ShiftReportData::X, today)->totals.net(), qint64(1500));

    x = reports.build(ShiftReportData::X, next);
    QCOMPARE(x->totals.payments, qint64(1));
    QCOMPARE(x->totals.gross, qint64(700));
    QCOMPARE(x->totals.refunds, qint64(200));
    QCOMPARE(x->perCashier.size(), 2); // bob's sale, and alice's sale refunded
    QVERIFY(x->unresolved.isEmpty());

    // History lists the business day's sales as its reports count them.
    HistoryFilter f;
    f.businessDay = next;
    const QList<OrderRecord> listed = t.orders()->history(f, 10);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().outTradeNo, after);
    f.businessDay = today;
    QCOMPARE(t.orders()->history(f, 10).size(), 1);

    // The next business day has begun: it can be closed, today cannot again.
    QCOMPARE(reports.closeDay(today, QStringLiteral("ana")).error().code, QStringLiteral("day_closed"));
    auto second = reports.closeDay(next, QStringLiteral("ben"));
    QVERIFY2(second, second ? "" : qPrintable(second.error().message));
    QCOMPARE(second->totals.net(), qint64(500));
    QVERIFY(t.audit()->verify().intact);
}

void TestReconcile::dailyRunIsDueOnceAfterTen()
{
    World w;
    const QTimeZone china(8 * 3600);
    ManualClock clock(QDateTime(QDate(2024, 5, 21), QTime(9, 59), china).toUTC());
    ReconciliationRunner runner(w.t().api(), w.dbPath(), w.t().orders(), w.options());
    DailyReconciliation daily(&runner, w.t().database(), &clock);
    QVERIFY(!daily.dueDay(clock.now()));
    QCOMPARE(daily.dueDay(QDateTime(QDate(2024, 5, 21), QTime(10, 0), china)).value_or(QDate()), QDate(2024, 5, 20));
    // A UTC clock just before China midnight is still the same China day.
    QCOMPARE(daily.dueDay(QDateTime(QDate(2024, 5, 21), QTime(15, 59), QTimeZone::utc())).value_or(QDate()),
             QDate(2024, 5, 20));

    // For real: yesterday (China time) is due once it is past 10:00.
    const QDate today = chinaToday();
    ManualClock now(QDateTime(today, QTime(10, 30), china).toUTC());
    DailyReconciliation real(&runner, w.t().database(), &now);
    QSignalSpy ran(&real, &DailyReconciliation::ran);
    QSignalSpy failed(&real, &DailyReconciliation::runFailed);
    real.start(60 * 1000);
    QTRY_VERIFY_WITH_TIMEOUT(ran.size() + failed.size() > 0, 15000);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(ran.first().first().value<ReconciliationResult>().date, today.addDays(-1));
    QCOMPARE(real.lastDay(), today.addDays(-1));
    QVERIFY(!real.dueDay(now.now()));
    QVERIFY(!real.checkNow());
    now.advance(60 * 1000); // the next check finds nothing to do
    QTest::qWait(50);
    QCOMPARE(ran.size(), 1);
    real.stop();
}

void TestReconcile::reconciliationViewShowsDifferences()
{
    World w;
    w.paidSale(1000, QStringLiteral("alice"));
    const QString changed = w.paidSale(2000, QStringLiteral("bob"));
    w.sql(QStringLiteral("UPDATE orders SET amount_total = 1900 WHERE out_trade_no = ?"), { changed });

    ui::ReconciliationView view(&w.t());
    view.resize(1000, 600);
    view.show();
    QCOMPARE(view.date(), chinaToday().addDays(-1)); // yesterday's bill is the one a manager reconciles
    view.setDate(chinaToday());
    QPushButton *run = view.findChild<QPushButton *>();
    QVERIFY(run && run->minimumHeight() >= 48);
    view.run();
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 1, 15000);
    const QModelIndex kind = view.model()->index(0, ui::DifferenceModel::Kind);
    QCOMPARE(kind.data().toString(), ui::DifferenceModel::kindText(DifferenceKind::AmountDiffers));
    QCOMPARE(view.model()->index(0, ui::DifferenceModel::Order).data().toString(), changed);
    QVERIFY(!view.model()->index(0, ui::DifferenceModel::Action).data().toString().isEmpty());
    QTemporaryDir out;
    const QString csv = out.filePath(QStringLiteral("diff.csv"));
    QVERIFY(view.exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(changed.toUtf8()));
}

void TestReconcile::reportViewClosesTheDayAfterResolve()
{
    World w;
    w.paidSale(1200, QStringLiteral("alice"));
    auto pending = w.t().payments()->startNativeSale(300, QStringLiteral("waiting"), QStringLiteral("bob"));
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*pending), OrderState::Pending, 5000);

    ui::ReportView view(&w.t(), nullptr);
    view.show();
    QVERIFY(view.report());
    QCOMPARE(view.report()->totals.gross, qint64(1200));
    view.showZ();
    QCOMPARE(view.report()->unresolved.size(), 1);
    QVERIFY(view.reportHtml().contains(*pending));
    QVERIFY(!view.closeDayNow(QStringLiteral("manager")));
    QVERIFY(!view.message().isEmpty());

    QCOMPARE(w.customer(QStringLiteral("pay"), *pending), 200);
    view.resolveNow();
    QTRY_COMPARE_WITH_TIMEOUT(w.state(*pending), OrderState::Paid, 8000);
    view.refresh();
    QVERIFY(view.report()->unresolved.isEmpty());
    QVERIFY(view.closeDayNow(QStringLiteral("ana")));
    QCOMPARE(view.report()->closedBy, QStringLiteral("ana"));
    QVERIFY(view.report()->closed);
    QCOMPARE(view.report()->totals.gross, qint64(1500));
    QTemporaryDir out;
    const QString pdf = out.filePath(QStringLiteral("z.pdf"));
    QVERIFY(view.exportPdf(pdf));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
}

QTEST_MAIN(TestReconcile)
#include "tst_reconcile.moc"
