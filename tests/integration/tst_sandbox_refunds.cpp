// SPDX-License-Identifier: MIT
// Sandbox refunds (delay, outcomes, limits, notifications) and trade bills
// (format parsed back, gzip, SHA1, bill types, availability).
#include "reconcile/tradebillparser.h"
#include "tst_sandbox_support.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <zlib.h>

using namespace paydesk;
using namespace paydesk::testing;

namespace {

QByteArray gunzip(const QByteArray &data)
{
    z_stream stream = {};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return {};
    QByteArray out;
    char buffer[16384];
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - stream.avail_out));
    }
    inflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

// A bill line's cells: every value behind a backtick, separated by ",`".
QStringList cells(const QString &line)
{
    if (!line.startsWith(QLatin1Char('`')))
        return {};
    return line.mid(1).split(QStringLiteral(",`"));
}

qint64 fen(const QString &yuan)
{
    return qRound64(yuan.toDouble() * 100);
}

} // namespace

class TestSandboxRefunds : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void partialRefundsSettleAfterDelay();
    void refundRules();
    void refundIsIdempotent();
    void refundOutcomes_data();
    void refundOutcomes();
    void notEnoughRefusesThenSucceeds();
    void abnormalRefundResolved();
    void refundsOfAnOrderAreAMinuteApart();
    void refundNotification();
    void tradeBillFormat();
    void tradeBillTypesAndGzip();
    void tradeBillAvailability();

private:
    QString paidOrder(const QString &outTradeNo, qint64 total,
                      const QString &notifyUrl = QStringLiteral("https://e.com/n"));
    QJsonObject waitForRefund(const QString &outRefundNo, const QString &status);
    HttpReply downloadBill(const QByteArray &query, QJsonObject *meta);

    SandboxFixture f;
};

void TestSandboxRefunds::init()
{
    f = SandboxFixture();
    QVERIFY(f.start());
}

void TestSandboxRefunds::cleanup()
{
    f.client.reset();
    f.subClient.reset();
    f.server.reset();
}

QString TestSandboxRefunds::paidOrder(const QString &outTradeNo, qint64 total, const QString &notifyUrl)
{
    f.createOrder(outTradeNo, total, notifyUrl);
    const auto paid = f.customer(QStringLiteral("pay"),
                                 { { QStringLiteral("out_trade_no"), outTradeNo },
                                   { QStringLiteral("openid"), QStringLiteral("oBillOpenid") } });
    return paid.body.object()
        .value(QLatin1String("order"))
        .toObject()
        .value(QLatin1String("transaction_id"))
        .toString();
}

QJsonObject TestSandboxRefunds::waitForRefund(const QString &outRefundNo, const QString &status)
{
    QJsonObject last;
    const bool reached = QTest::qWaitFor(
        [&]() {
            last = f.client->get("/v3/refund/domestic/refunds/" + outRefundNo.toLatin1()).json();
            return last.value(QLatin1String("status")).toString() == status;
        },
        5000);
    if (!reached)
        qWarning() << "refund" << outRefundNo << "did not reach" << status << "but" << last;
    return last;
}

void TestSandboxRefunds::partialRefundsSettleAfterDelay()
{
    const QString transactionId = paidOrder(QStringLiteral("RF-000001"), 1000);
    QVERIFY(!transactionId.isEmpty());
    // By transaction_id.
    QJsonObject body = f.refundBody(QString(), QStringLiteral("R-0001"), 300, 1000);
    body.remove(QStringLiteral("out_trade_no"));
    body.insert(QStringLiteral("transaction_id"), transactionId);
    const HttpReply first = f.client->post("/v3/refund/domestic/refunds", body);
    QCOMPARE(first.status, 200);
    QVERIFY(verifyAnswer(first, f.keys()).ok());
    const QJsonObject accepted = first.json();
    QCOMPARE(accepted.value(QLatin1String("status")).toString(), QStringLiteral("PROCESSING"));
    QVERIFY(QRegularExpression(QStringLiteral("^50\\d{27}$"))
                .match(accepted.value(QLatin1String("refund_id")).toString())
                .hasMatch());
    QCOMPARE(accepted.value(QLatin1String("out_trade_no")).toString(), QStringLiteral("RF-000001"));
    QCOMPARE(accepted.value(QLatin1String("transaction_id")).toString(), transactionId);
    QCOMPARE(accepted.value(QLatin1String("channel")).toString(), QStringLiteral("ORIGINAL"));
    QVERIFY(!accepted.contains(QLatin1String("success_time")));
    const QJsonObject amount = accepted.value(QLatin1String("amount")).toObject();
    QCOMPARE(amount.value(QLatin1String("refund")).toInt(), 300);
    QCOMPARE(amount.value(QLatin1String("total")).toInt(), 1000);
    QCOMPARE(amount.value(QLatin1String("payer_refund")).toInt(), 300);
    QCOMPARE(amount.value(QLatin1String("currency")).toString(), QStringLiteral("CNY"));
    QCOMPARE(f.query(QStringLiteral("RF-000001")).value(QLatin1String("trade_state")).toString(),
             QStringLiteral("REFUND"));

    const QJsonObject settled = waitForRefund(QStringLiteral("R-0001"), QStringLiteral("SUCCESS"));
    QCOMPARE(settled.value(QLatin1String("status")).toString(), QStringLiteral("SUCCESS"));
    QVERIFY(settled.value(QLatin1String("success_time")).toString().endsWith(QLatin1String("+08:00")));

    // By out_trade_no, the rest in two goes.
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("RF-000001"), QStringLiteral("R-0002"), 500, 1000))
                 .status,
             200);
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("RF-000001"), QStringLiteral("R-0003"), 200, 1000))
                 .status,
             200);
    // Nothing is left.
    const HttpReply over = f.client->post("/v3/refund/domestic/refunds",
                                          f.refundBody(QStringLiteral("RF-000001"), QStringLiteral("R-0004"), 1, 1000));
    QCOMPARE(over.status, 400);
    QCOMPARE(over.code(), QStringLiteral("INVALID_REQUEST"));
    QCOMPARE(
        waitForRefund(QStringLiteral("R-0003"), QStringLiteral("SUCCESS")).value(QLatin1String("status")).toString(),
        QStringLiteral("SUCCESS"));
}

void TestSandboxRefunds::refundRules()
{
    paidOrder(QStringLiteral("RF-000002"), 1000);
    f.createOrder(QStringLiteral("RF-UNPAID"), 1000);
    struct Case
    {
        QJsonObject body;
        int status;
        const char *code;
    };
    const QList<Case> cases {
        { f.refundBody(QStringLiteral("RF-000002"), QStringLiteral("RR-1"), 1001, 1000), 400, "INVALID_REQUEST" },
        { f.refundBody(QStringLiteral("RF-000002"), QStringLiteral("RR-2"), 100, 999), 400, "INVALID_REQUEST" },
        { f.refundBody(QStringLiteral("RF-UNPAID"), QStringLiteral("RR-3"), 100, 1000), 400, "INVALID_REQUEST" },
        { f.refundBody(QStringLiteral("RF-NOPE01"), QStringLiteral("RR-4"), 100, 1000), 404, "RESOURCE_NOT_EXISTS" },
        { f.refundBody(QStringLiteral("RF-000002"), QStringLiteral("RR 5"), 100, 1000), 400, "PARAM_ERROR" },
        { f.refundBody(QStringLiteral("RF-000002"), QStringLiteral("RR-6"), 0, 1000), 400, "PARAM_ERROR" },
    };
    for (const Case &c : cases) {
        const HttpReply reply = f.client->post("/v3/refund/domestic/refunds", c.body);
        QCOMPARE(reply.status, c.status);
        QCOMPARE(reply.code(), QLatin1String(c.code));
    }
    const HttpReply unknown = f.client->get("/v3/refund/domestic/refunds/RR-NOPE");
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.code(), QStringLiteral("RESOURCE_NOT_EXISTS"));
}

void TestSandboxRefunds::refundIsIdempotent()
{
    paidOrder(QStringLiteral("RF-000003"), 1000);
    const QJsonObject body = f.refundBody(QStringLiteral("RF-000003"), QStringLiteral("RI-1"), 400, 1000);
    const HttpReply first = f.client->post("/v3/refund/domestic/refunds", body);
    const HttpReply again = f.client->post("/v3/refund/domestic/refunds", body);
    QCOMPARE(first.status, 200);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json().value(QLatin1String("refund_id")), first.json().value(QLatin1String("refund_id")));
    // Only one refund was made: 600 remain.
    const HttpReply rest = f.client->post("/v3/refund/domestic/refunds",
                                          f.refundBody(QStringLiteral("RF-000003"), QStringLiteral("RI-2"), 600, 1000));
    QCOMPARE(rest.status, 200);
    // Same number, other amount.
    const HttpReply changed = f.client->post(
        "/v3/refund/domestic/refunds", f.refundBody(QStringLiteral("RF-000003"), QStringLiteral("RI-1"), 300, 1000));
    QCOMPARE(changed.status, 400);
    QCOMPARE(changed.code(), QStringLiteral("INVALID_REQUEST"));
    QCOMPARE(
        control(f.server->baseUrl(), "GET", "/sandbox/refunds").json().value(QLatin1String("refunds")).toArray().size(),
        2);
}

void TestSandboxRefunds::refundOutcomes_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("byNumber");
    QTest::newRow("ABNORMAL next") << "ABNORMAL" << false;
    QTest::newRow("ABNORMAL by number") << "ABNORMAL" << true;
    QTest::newRow("CLOSED next") << "CLOSED" << false;
    QTest::newRow("CLOSED by number") << "CLOSED" << true;
}

void TestSandboxRefunds::refundOutcomes()
{
    QFETCH(QString, status);
    QFETCH(bool, byNumber);
    NotificationReceiver receiver;
    paidOrder(QStringLiteral("RF-000004"), 1000);
    const QJsonObject outcome = byNumber
        ? QJsonObject { { QStringLiteral("out_refund_no"), QStringLiteral("RO-1") },
                        { QStringLiteral("status"), status } }
        : QJsonObject { { QStringLiteral("next"), true }, { QStringLiteral("status"), status } };
    QCOMPARE(control(f.server->baseUrl(), "POST", "/sandbox/refunds/outcome", outcome).status, 200);
    const HttpReply accepted
        = f.client->post("/v3/refund/domestic/refunds",
                         f.refundBody(QStringLiteral("RF-000004"), QStringLiteral("RO-1"), 1000, 1000, receiver.url()));
    QCOMPARE(accepted.status, 200);
    QCOMPARE(accepted.json().value(QLatin1String("status")).toString(), QStringLiteral("PROCESSING"));
    QCOMPARE(waitForRefund(QStringLiteral("RO-1"), status).value(QLatin1String("status")).toString(), status);
    QVERIFY(receiver.waitFor(1));
    QCOMPARE(receiver.deliveries.first().json().value(QLatin1String("event_type")).toString(),
             QStringLiteral("REFUND.") + status);
    const QJsonObject resource = NotificationReceiver::open(receiver.deliveries.first(), f.keys(), f.apiV3Key());
    QCOMPARE(resource.value(QLatin1String("refund_status")).toString(), status);
    QVERIFY(!resource.contains(QLatin1String("success_time")));
    if (status == QLatin1String("CLOSED")) {
        // The money never left: the order is whole again and can be refunded anew.
        QCOMPARE(f.query(QStringLiteral("RF-000004")).value(QLatin1String("trade_state")).toString(),
                 QStringLiteral("SUCCESS"));
        QCOMPARE(f.client
                     ->post("/v3/refund/domestic/refunds",
                            f.refundBody(QStringLiteral("RF-000004"), QStringLiteral("RO-2"), 1000, 1000))
                     .status,
                 200);
    } else {
        // ABNORMAL still holds the amount.
        QCOMPARE(f.client
                     ->post("/v3/refund/domestic/refunds",
                            f.refundBody(QStringLiteral("RF-000004"), QStringLiteral("RO-2"), 1, 1000))
                     .code(),
                 QStringLiteral("INVALID_REQUEST"));
    }
    // The rule was used up: the next refund succeeds.
    paidOrder(QStringLiteral("RF-000005"), 100);
    f.client->post("/v3/refund/domestic/refunds",
                   f.refundBody(QStringLiteral("RF-000005"), QStringLiteral("RO-3"), 100, 100));
    QCOMPARE(waitForRefund(QStringLiteral("RO-3"), QStringLiteral("SUCCESS")).value(QLatin1String("status")).toString(),
             QStringLiteral("SUCCESS"));
}

void TestSandboxRefunds::notEnoughRefusesThenSucceeds()
{
    paidOrder(QStringLiteral("RF-000006"), 500);
    QCOMPARE(control(f.server->baseUrl(), "POST", "/sandbox/refunds/outcome",
                     { { QStringLiteral("next"), true }, { QStringLiteral("status"), QStringLiteral("NOTENOUGH") } })
                 .status,
             200);
    const QJsonObject body = f.refundBody(QStringLiteral("RF-000006"), QStringLiteral("RN-1"), 500, 500);
    const HttpReply refused = f.client->post("/v3/refund/domestic/refunds", body);
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.code(), QStringLiteral("NOT_ENOUGH"));
    QCOMPARE(f.client->get("/v3/refund/domestic/refunds/RN-1").status, 404);
    // Topped up: the same refund goes through.
    const HttpReply retried = f.client->post("/v3/refund/domestic/refunds", body);
    QCOMPARE(retried.status, 200);
}

void TestSandboxRefunds::abnormalRefundResolved()
{
    paidOrder(QStringLiteral("RF-000007"), 500);
    control(f.server->baseUrl(), "POST", "/sandbox/refunds/outcome",
            { { QStringLiteral("out_refund_no"), QStringLiteral("RA-1") },
              { QStringLiteral("status"), QStringLiteral("ABNORMAL") } });
    f.client->post("/v3/refund/domestic/refunds",
                   f.refundBody(QStringLiteral("RF-000007"), QStringLiteral("RA-1"), 500, 500));
    QCOMPARE(
        waitForRefund(QStringLiteral("RA-1"), QStringLiteral("ABNORMAL")).value(QLatin1String("status")).toString(),
        QStringLiteral("ABNORMAL"));
    // The merchant fixes it on the merchant platform.
    const HttpReply resolved = control(f.server->baseUrl(), "POST", "/sandbox/refunds/outcome",
                                       { { QStringLiteral("out_refund_no"), QStringLiteral("RA-1") },
                                         { QStringLiteral("status"), QStringLiteral("SUCCESS") } });
    QCOMPARE(resolved.status, 200);
    QCOMPARE(f.client->get("/v3/refund/domestic/refunds/RA-1").json().value(QLatin1String("status")).toString(),
             QStringLiteral("SUCCESS"));
    // Final is final.
    QCOMPARE(control(f.server->baseUrl(), "POST", "/sandbox/refunds/outcome",
                     { { QStringLiteral("out_refund_no"), QStringLiteral("RA-1") },
                       { QStringLiteral("status"), QStringLiteral("CLOSED") } })
                 .status,
             409);
}

void TestSandboxRefunds::refundsOfAnOrderAreAMinuteApart()
{
    cleanup();
    auto options = SandboxFixture::fastOptions();
    options.timeScale = 1; // a real minute
    QVERIFY(f.start(options));
    paidOrder(QStringLiteral("RF-000008"), 1000);
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("RF-000008"), QStringLiteral("RM-1"), 100, 1000))
                 .status,
             200);
    const HttpReply soon = f.client->post("/v3/refund/domestic/refunds",
                                          f.refundBody(QStringLiteral("RF-000008"), QStringLiteral("RM-2"), 100, 1000));
    QCOMPARE(soon.status, 429);
    QCOMPARE(soon.code(), QStringLiteral("FREQUENCY_LIMITED"));
    // The retry of the accepted one is not a new refund.
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("RF-000008"), QStringLiteral("RM-1"), 100, 1000))
                 .status,
             200);
    f.server->setClockOffset(61);
    RequestTweaks later;
    later.timestamp = QDateTime::currentSecsSinceEpoch() + 61;
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("RF-000008"), QStringLiteral("RM-2"), 100, 1000), later)
                 .status,
             200);
}

void TestSandboxRefunds::refundNotification()
{
    NotificationReceiver receiver;
    // The merchant's refund notify URL "on the merchant platform", used when the call names none.
    QVERIFY(f.registerMerchants(sandbox::KeyMode::Certificate, receiver.url()));
    paidOrder(QStringLiteral("RF-000009"), 800);
    f.client->post("/v3/refund/domestic/refunds",
                   f.refundBody(QStringLiteral("RF-000009"), QStringLiteral("RNT-1"), 800, 800));
    QVERIFY(receiver.waitFor(1));
    const auto &delivery = receiver.deliveries.first();
    QCOMPARE(delivery.json().value(QLatin1String("event_type")).toString(), QStringLiteral("REFUND.SUCCESS"));
    const QJsonObject resourceJson = delivery.json().value(QLatin1String("resource")).toObject();
    QCOMPARE(resourceJson.value(QLatin1String("associated_data")).toString(), QStringLiteral("refund"));
    QString problem;
    const QJsonObject resource = NotificationReceiver::open(delivery, f.keys(), f.apiV3Key(), &problem);
    QVERIFY2(!resource.isEmpty(), qPrintable(problem));
    for (const char *key : { "mchid", "out_trade_no", "transaction_id", "out_refund_no", "refund_id", "refund_status",
                             "success_time", "user_received_account", "amount" })
        QVERIFY2(resource.contains(QLatin1String(key)), key);
    QCOMPARE(resource.value(QLatin1String("refund_status")).toString(), QStringLiteral("SUCCESS"));
    const QJsonObject amount = resource.value(QLatin1String("amount")).toObject();
    QCOMPARE(amount.value(QLatin1String("total")).toInt(), 800);
    QCOMPARE(amount.value(QLatin1String("refund")).toInt(), 800);
    QCOMPARE(amount.value(QLatin1String("payer_total")).toInt(), 800);
    QCOMPARE(amount.value(QLatin1String("payer_refund")).toInt(), 800);
}

HttpReply TestSandboxRefunds::downloadBill(const QByteArray &query, QJsonObject *meta)
{
    const HttpReply bill = f.client->get("/v3/bill/tradebill?" + query);
    if (bill.status != 200) {
        *meta = bill.json();
        return bill;
    }
    if (!verifyAnswer(bill, f.keys()).ok())
        return {};
    *meta = bill.json();
    const QUrl url(meta->value(QLatin1String("download_url")).toString());
    if (url.host() != f.server->baseUrl().host() || url.port() != f.server->baseUrl().port())
        return {};
    return f.client->get(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
}

void TestSandboxRefunds::tradeBillFormat()
{
    paidOrder(QStringLiteral("BILL-0001"), 1234);
    paidOrder(QStringLiteral("BILL-0002"), 500);
    f.createOrder(QStringLiteral("BILL-0003"), 999); // unpaid: not in the bill
    QCOMPARE(f.client
                 ->post("/v3/refund/domestic/refunds",
                        f.refundBody(QStringLiteral("BILL-0001"), QStringLiteral("BR-1"), 234, 1234))
                 .status,
             200);
    waitForRefund(QStringLiteral("BR-1"), QStringLiteral("SUCCESS"));

    const QString today = QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).date().toString(Qt::ISODate);
    QJsonObject meta;
    const HttpReply file = downloadBill("bill_date=" + today.toLatin1() + "&bill_type=ALL", &meta);
    QCOMPARE(file.status, 200);
    QCOMPARE(meta.value(QLatin1String("hash_type")).toString(), QStringLiteral("SHA1"));
    // The file is not signed and has no Request-ID; its SHA1 is the check.
    QVERIFY(file.header("Wechatpay-Signature").isEmpty());
    QVERIFY(file.header("Request-ID").isEmpty());
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(file.body, QCryptographicHash::Sha1).toHex()),
             meta.value(QLatin1String("hash_value")).toString().toLower());

    const QByteArray bytes = file.body;
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QVERIFY(bytes.endsWith("\r\n"));
    QVERIFY(!bytes.mid(3).replace("\r\n", "").contains('\n'));
    QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.takeLast(), QString()); // the final CRLF
    QCOMPARE(
        lines.first(),
        QStringLiteral("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
                       "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
                       "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"));
    const QStringList header = lines.first().split(QLatin1Char(','));
    QCOMPARE(header.size(), 27);
    QCOMPARE(
        lines.at(lines.size() - 2),
        QStringLiteral("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"));
    const QStringList rows = lines.mid(1, lines.size() - 3);
    QCOMPARE(rows.size(), 3);
    qint64 settlement = 0, refunds = 0, fees = 0, orders = 0, requested = 0;
    int refundRows = 0;
    for (const QString &line : rows) {
        const QStringList c = cells(line);
        QCOMPARE(c.size(), 27);
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"))
                    .match(c.at(0))
                    .hasMatch());
        QVERIFY(c.at(0).startsWith(today));
        QCOMPARE(c.at(1), QStringLiteral("wxd678efh567hg6787"));
        QCOMPARE(c.at(2), QStringLiteral("1900000109"));
        QCOMPARE(c.at(3), QStringLiteral("0"));
        QCOMPARE(c.at(4), QStringLiteral("POS-1"));
        QCOMPARE(c.at(8), QStringLiteral("NATIVE"));
        QCOMPARE(c.at(11), QStringLiteral("CNY"));
        QCOMPARE(c.at(20), QStringLiteral("Coffee"));
        QCOMPARE(c.at(23), QStringLiteral("0.60%"));
        QVERIFY(QRegularExpression(QStringLiteral("^-?\\d+\\.\\d{5}$")).match(c.at(22)).hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d{2}$")).match(c.at(12)).hasMatch());
        if (c.at(9) == QLatin1String("REFUND")) {
            ++refundRows;
            QCOMPARE(c.at(6), QStringLiteral("BILL-0001"));
            QCOMPARE(c.at(15), QStringLiteral("BR-1"));
            QVERIFY(c.at(14).startsWith(QLatin1String("50")));
            QCOMPARE(c.at(16), QStringLiteral("2.34"));
            QCOMPARE(c.at(18), QStringLiteral("ORIGINAL"));
            QCOMPARE(c.at(19), QStringLiteral("SUCCESS"));
            QCOMPARE(c.at(12), QStringLiteral("0.00"));
            QCOMPARE(c.at(25), QStringLiteral("2.34"));
        } else {
            QCOMPARE(c.at(9), QStringLiteral("SUCCESS"));
            QCOMPARE(c.at(14), QStringLiteral("0"));
            QCOMPARE(c.at(15), QStringLiteral("0"));
            QCOMPARE(c.at(18), QString());
            QVERIFY(c.at(5).startsWith(QLatin1String("42")));
            QCOMPARE(c.at(7), QStringLiteral("oBillOpenid"));
        }
        QCOMPARE(c.at(26), QString()); // an empty field is a lone backtick
        settlement += fen(c.at(12));
        refunds += fen(c.at(16));
        fees += fen(c.at(22));
        orders += fen(c.at(24));
        requested += fen(c.at(25));
    }
    QCOMPARE(refundRows, 1);
    QVERIFY(rows.last().endsWith(QLatin1String(",`")));
    const QStringList summary = cells(lines.last());
    QCOMPARE(summary.size(), 7);
    QCOMPARE(summary.at(0).toInt(), 3);
    QCOMPARE(fen(summary.at(1)), settlement);
    QCOMPARE(settlement, 1734);
    QCOMPARE(fen(summary.at(2)), refunds);
    QCOMPARE(refunds, 234);
    QCOMPARE(fen(summary.at(4)), fees);
    QCOMPARE(fees, 7 + 3 - 1); // 0.6% of 12.34, 5.00 and -2.34, each rounded to the fen
    // Five decimals, like the rows' fees (WeChat Pay writes `0.09000, not `0.09).
    QCOMPARE(summary.at(4), QStringLiteral("0.09000"));
    QCOMPARE(fen(summary.at(5)), orders);
    QCOMPARE(fen(summary.at(6)), requested);
}

void TestSandboxRefunds::tradeBillTypesAndGzip()
{
    paidOrder(QStringLiteral("BILL-0011"), 1000);
    paidOrder(QStringLiteral("BILL-0012"), 2000);
    f.client->post("/v3/refund/domestic/refunds",
                   f.refundBody(QStringLiteral("BILL-0012"), QStringLiteral("BR-11"), 2000, 2000));
    const QByteArray today
        = QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).date().toString(Qt::ISODate).toLatin1();

    QJsonObject meta;
    const HttpReply plain = downloadBill("bill_date=" + today + "&bill_type=ALL", &meta);
    QCOMPARE(plain.status, 200);
    const HttpReply gzipped = downloadBill("bill_date=" + today + "&bill_type=ALL&tar_type=GZIP", &meta);
    QCOMPARE(gzipped.status, 200);
    QVERIFY(meta.value(QLatin1String("download_url")).toString().contains(QLatin1String("tartype=gzip")));
    QVERIFY(gzipped.body.startsWith("\x1f\x8b"));
    QCOMPARE(gzipped.header("Content-Type"), QByteArray("application/x-gzip"));
    const QByteArray unpacked = gunzip(gzipped.body);
    QCOMPARE(unpacked, plain.body);
    // The hash is over the decompressed file.
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(unpacked, QCryptographicHash::Sha1).toHex()),
             meta.value(QLatin1String("hash_value")).toString());

    // Each type with its own columns, as WeChat Pay writes them: SUCCESS has
    // no refund columns (20), REFUND adds the refund's two times (29).
    const HttpReply success = downloadBill("bill_date=" + today + "&bill_type=SUCCESS", &meta);
    QVERIFY(!success.body.contains("`REFUND"));
    QCOMPARE(QString::fromUtf8(success.body).count(QStringLiteral("`SUCCESS,")), 2);
    const QStringList successLines = QString::fromUtf8(success.body.mid(3)).split(QStringLiteral("\r\n"));
    QCOMPARE(successLines.first(),
             QStringLiteral("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
                            "交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,"
                            "订单金额,费率备注"));
    QCOMPARE(cells(successLines.at(1)).size(), 20);
    QCOMPARE(cells(successLines.at(1)).at(12), QStringLiteral("10.00"));
    QCOMPARE(cells(successLines.at(1)).at(16), QStringLiteral("0.06000"));

    const HttpReply refund = downloadBill("bill_date=" + today + "&bill_type=REFUND", &meta);
    QCOMPARE(QString::fromUtf8(refund.body).count(QStringLiteral("`REFUND,")), 1);
    QVERIFY(!refund.body.contains("`BILL-0011"));
    const QStringList refundLines = QString::fromUtf8(refund.body.mid(3)).split(QStringLiteral("\r\n"));
    QCOMPARE(refundLines.first(),
             QStringLiteral("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
                            "交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,"
                            "商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,"
                            "订单金额,申请退款金额,费率备注"));
    const QStringList refundRow = cells(refundLines.at(1));
    QCOMPARE(refundRow.size(), 29);
    QCOMPARE(refundRow.at(6), QStringLiteral("BILL-0012"));
    QCOMPARE(refundRow.at(9), QStringLiteral("REFUND"));
    const QRegularExpression billTime(QStringLiteral("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"));
    QVERIFY(billTime.match(refundRow.at(14)).hasMatch()); // 退款申请时间
    QVERIFY(refundRow.at(15).isEmpty() || billTime.match(refundRow.at(15)).hasMatch()); // 退款成功时间
    QCOMPARE(refundRow.at(17), QStringLiteral("BR-11"));
    QCOMPARE(refundRow.at(18), QStringLiteral("20.00"));
    QCOMPARE(refundRow.at(27), QStringLiteral("20.00"));
    QCOMPARE(cells(refundLines.at(3)).value(4), QStringLiteral("-0.12000"));
    // And PayDesk's parser reads all three as they come.
    for (const QByteArray &bill : { plain.body, success.body, refund.body }) {
        const auto parsed = TradeBillParser::parse(bill);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    }
    QCOMPARE(TradeBillParser::parse(success.body)->payments, 2);
    const auto refunds = TradeBillParser::parse(refund.body);
    QCOMPARE(refunds->refunds, 1);
    QCOMPARE(refunds->rows.first().refundAmount, qint64(2000));
    QVERIFY(refunds->rows.first().refundRequestTime > 0);

    // Another merchant's download URL is not this merchant's.
    downloadBill("bill_date=" + today, &meta);
    const QUrl url(meta.value(QLatin1String("download_url")).toString());
    QCOMPARE(f.subClient->get(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority)).status, 400);
    // The download is signed like any request.
    RequestTweaks unsigned_;
    unsigned_.sign = false;
    QCOMPARE(f.client->get(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), unsigned_).status, 401);
}

void TestSandboxRefunds::tradeBillAvailability()
{
    const QDate today = QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).date();
    HttpReply reply = f.client->get("/v3/bill/tradebill?bill_date=" + today.addDays(-1).toString(Qt::ISODate).toLatin1()
                                    + "&bill_type=ALL");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.code(), QStringLiteral("NO_STATEMENT_EXIST"));
    reply = f.client->get("/v3/bill/tradebill?bill_date=2024-13-01");
    QCOMPARE(reply.code(), QStringLiteral("PARAM_ERROR"));
    reply = f.client->get("/v3/bill/tradebill?bill_date=" + today.toString(Qt::ISODate).toLatin1() + "&bill_type=NOPE");
    QCOMPARE(reply.code(), QStringLiteral("PARAM_ERROR"));
    reply = f.client->get("/v3/bill/tradebill?bill_date=" + today.addDays(1).toString(Qt::ISODate).toLatin1());
    QCOMPARE(reply.code(), QStringLiteral("PARAM_ERROR"));

    // Like WeChat Pay: today's bill exists from 10:00 tomorrow.
    cleanup();
    auto options = SandboxFixture::fastOptions();
    options.immediateBills = false;
    QVERIFY(f.start(options));
    paidOrder(QStringLiteral("BILL-0021"), 100);
    reply = f.client->get("/v3/bill/tradebill?bill_date=" + today.toString(Qt::ISODate).toLatin1());
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.code(), QStringLiteral("STATEMENT_CREATING"));
}

QTEST_GUILESS_MAIN(TestSandboxRefunds)
#include "tst_sandbox_refunds.moc"
