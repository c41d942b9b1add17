// SPDX-License-Identifier: MIT
// Typed requests and results (core/wechatpay/apitypes): validation, JSON exactly
// as ../shared/wechatpay-v3.md section 6 spells it, tolerant-but-strict parsing.
#include "wechatpay/apitypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace paydesk;

namespace {

// JSON text below writes "/" as "\/" inside raw strings: moc would read "//" as
// the start of a comment and lose track of the class.
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QDateTime chinaTime(int y, int m, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, m, d), QTime(h, mi, s), Qt::OffsetFromUTC, 8 * 3600);
}

NativeOrderRequest minimalNative()
{
    NativeOrderRequest r;
    r.appid = QStringLiteral("wxd678efh567hg6787");
    r.mchid = QStringLiteral("1900000109");
    r.description = QStringLiteral("Image形象店-深圳腾大-QQ公仔");
    r.outTradeNo = QStringLiteral("1217752501201407033233368018");
    r.notifyUrl = QStringLiteral("https://www.weixin.qq.com/wxpay/pay.php");
    r.amountTotal = 100;
    return r;
}

CombineOrderRequest combine(int subOrders)
{
    CombineOrderRequest r;
    r.combineAppid = QStringLiteral("wxd678efh567hg6787");
    r.combineMchid = QStringLiteral("1900000109");
    r.combineOutTradeNo = QStringLiteral("P20150806125346");
    r.notifyUrl = QStringLiteral("https://yourapp.com/notify");
    for (int i = 0; i < subOrders; ++i) {
        CombineSubOrderRequest s;
        s.mchid = QStringLiteral("1900000109");
        s.attach = QStringLiteral("深圳分店");
        s.amountTotal = 10 + i;
        s.outTradeNo = QStringLiteral("20150806125346-%1").arg(i);
        s.description = QStringLiteral("腾讯充值中心-QQ会员充值");
        r.subOrders.append(s);
    }
    return r;
}

RefundRequest refund()
{
    RefundRequest r;
    r.transactionId = QStringLiteral("1217752501201407033233368018");
    r.outRefundNo = QStringLiteral("1217752501201407033233368018");
    r.refund = 888;
    r.total = 888;
    return r;
}

} // namespace

class TestApiTypes : public QObject
{
    Q_OBJECT

private slots:
    void outTradeNo_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("6 digits") << "123456" << true;
        QTest::newRow("5 chars") << "12345" << false;
        QTest::newRow("32 chars") << QString(32, QLatin1Char('a')) << true;
        QTest::newRow("33 chars") << QString(33, QLatin1Char('a')) << false;
        QTest::newRow("all punctuation allowed") << "A_b-C|d*9" << true;
        QTest::newRow("at sign") << "ABC@123" << false;
        QTest::newRow("space") << "ABC 123" << false;
        QTest::newRow("slash") << "ABC/123" << false;
        QTest::newRow("dot") << "ABC.123" << false;
        QTest::newRow("chinese") << "订单123456" << false;
        QTest::newRow("empty") << "" << false;
    }
    void outTradeNo()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(isValidOutTradeNo(value), valid);
    }

    void outRefundNo_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("1 char") << "R" << true;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('R')) << true;
        QTest::newRow("65 chars") << QString(65, QLatin1Char('R')) << false;
        QTest::newRow("at sign allowed") << "RF@2024_-|*" << true;
        QTest::newRow("hash") << "RF#1" << false;
        QTest::newRow("empty") << "" << false;
    }
    void outRefundNo()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(isValidOutRefundNo(value), valid);
    }

    void parseTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected"); // invalid: rejected
        const QDateTime utc(QDate(2024, 5, 20), QTime(5, 29, 35), Qt::UTC);
        QTest::newRow("+08:00") << "2024-05-20T13:29:35+08:00" << utc;
        QTest::newRow("milliseconds") << "2024-05-20T13:29:35.120+08:00" << utc.addMSecs(120);
        QTest::newRow("microseconds") << "2024-05-20T13:29:35.120999+08:00" << utc.addMSecs(120);
        QTest::newRow("Z") << "2024-05-20T05:29:35Z" << utc;
        QTest::newRow("negative offset") << "2024-05-19T23:29:35-06:00" << utc;
        QTest::newRow("no offset: not RFC 3339") << "2024-05-20T13:29:35" << QDateTime();
        QTest::newRow("date only") << "2024-05-20" << QDateTime();
        QTest::newRow("month 13") << "2024-13-20T13:29:35+08:00" << QDateTime();
        QTest::newRow("offset 24h") << "2024-05-20T13:29:35+24:00" << QDateTime();
        QTest::newRow("garbage") << "yesterday" << QDateTime();
    }
    void parseTime()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = parseWechatTime(text);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(parsed.toUTC(), expected);
    }

    void formatTime_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QString>("expected");
        QTest::newRow("China time") << chinaTime(2024, 5, 20, 13, 29, 35) << "2024-05-20T13:29:35+08:00";
        QTest::newRow("UTC keeps its own offset")
            << QDateTime(QDate(2024, 5, 20), QTime(5, 29, 35), Qt::UTC) << "2024-05-20T05:29:35+00:00";
        QTest::newRow("milliseconds dropped")
            << chinaTime(2024, 5, 20, 13, 29, 35).addMSecs(999) << "2024-05-20T13:29:35+08:00";
        QTest::newRow("negative offset")
            << QDateTime(QDate(2024, 5, 20), QTime(1, 0, 0), Qt::OffsetFromUTC, -(5 * 3600 + 30 * 60))
            << "2024-05-20T01:00:00-05:30";
        QTest::newRow("invalid") << QDateTime() << "";
    }
    void formatTime()
    {
        QFETCH(QDateTime, time);
        QFETCH(QString, expected);
        QCOMPARE(formatWechatTime(time), expected);
        if (time.isValid())
            QCOMPARE(parseWechatTime(formatWechatTime(time)), time.addMSecs(-time.time().msec()));
    }

    void nativeJsonMinimal()
    {
        const NativeOrderRequest r = minimalNative();
        QVERIFY(r.validate().ok());
        // Absent optional fields are omitted, never null.
        const QJsonObject expected = parse(R"({"appid":"wxd678efh567hg6787","mchid":"1900000109",
            "description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018",
            "notify_url":"https:\/\/www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"}})");
        QCOMPARE(r.toJson(), expected);
    }

    void nativeJsonFull()
    {
        NativeOrderRequest r = minimalNative();
        r.timeExpire = chinaTime(2018, 6, 8, 10, 34, 56);
        r.attach = QStringLiteral("自定义数据");
        r.goodsTag = QStringLiteral("WXG");
        r.sceneInfo.payerClientIp = QStringLiteral("14.23.150.211");
        r.sceneInfo.deviceId = QStringLiteral("013467007045764");
        r.sceneInfo.storeId = QStringLiteral("0001");
        r.sceneInfo.storeName = QStringLiteral("腾讯大厦分店");
        QVERIFY(r.validate().ok());
        const QJsonObject expected = parse(R"({"appid":"wxd678efh567hg6787","mchid":"1900000109",
            "description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018",
            "time_expire":"2018-06-08T10:34:56+08:00","attach":"自定义数据","goods_tag":"WXG",
            "notify_url":"https:\/\/www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},
            "scene_info":{"payer_client_ip":"14.23.150.211","device_id":"013467007045764",
                          "store_info":{"id":"0001","name":"腾讯大厦分店"}}})");
        QCOMPARE(r.toJson(), expected);
    }

    void nativeValidation_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("field");
        const char *fields[] = {"appid", "mchid", "description", "description", "description", "out_trade_no",
                                "attach", "notify_url", "notify_url", "amount.total", "scene_info.payer_client_ip", "goods_tag"};
        const char *names[] = {"no appid", "no mchid", "no description", "description 128", "description emoji",
                               "out_trade_no", "attach 129", "notify_url relative", "notify_url with query",
                               "amount 0", "scene without ip", "goods_tag 33"};
        for (int i = 0; i < int(std::size(fields)); ++i)
            QTest::newRow(names[i]) << i << QString::fromLatin1(fields[i]);
    }
    void nativeValidation()
    {
        QFETCH(int, row);
        QFETCH(QString, field);
        NativeOrderRequest r = minimalNative();
        switch (row) {
        case 0: r.appid.clear(); break;
        case 1: r.mchid.clear(); break;
        case 2: r.description.clear(); break;
        case 3: r.description = QString(128, QLatin1Char('d')); break;
        case 4: r.description = QStringLiteral("\U0001F600"); break;
        case 5: r.outTradeNo = QStringLiteral("12345"); break;
        case 6: r.attach = QString(129, QLatin1Char('a')); break;
        case 7: r.notifyUrl = QStringLiteral("/notify"); break;
        case 8: r.notifyUrl = QStringLiteral("https://a.example/notify?x=1"); break;
        case 9: r.amountTotal = 0; break;
        case 10: r.sceneInfo.deviceId = QStringLiteral("POS"); break;
        case 11: r.goodsTag = QString(33, QLatin1Char('g')); break;
        }
        const Result<void> v = r.validate();
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, QStringLiteral("INVALID_ARGUMENT"));
        QVERIFY2(v.error().message.contains(field), qPrintable(v.error().message));
    }

    void boundaries()
    {
        NativeOrderRequest r = minimalNative();
        r.description = QString(127, QChar(0x5546)); // 127 Chinese characters
        r.attach = QString(128, QLatin1Char('a'));
        QVERIFY(r.validate().ok());
        RefundRequest f = refund();
        f.reason = QString(80, QChar(0x9000));
        QVERIFY(f.validate().ok());
    }

    void combineJson()
    {
        CombineOrderRequest r = combine(2);
        r.sceneInfo.payerClientIp = QStringLiteral("14.17.22.32");
        r.sceneInfo.deviceId = QStringLiteral("POS1:1");
        r.timeStart = chinaTime(2019, 12, 31, 15, 59, 59);
        r.timeExpire = chinaTime(2019, 12, 31, 16, 59, 59);
        QVERIFY(r.validate().ok());
        const QJsonObject expected = parse(R"({"combine_appid":"wxd678efh567hg6787","combine_mchid":"1900000109",
            "combine_out_trade_no":"P20150806125346","notify_url":"https:\/\/yourapp.com/notify",
            "scene_info":{"payer_client_ip":"14.17.22.32","device_id":"POS1:1"},
            "time_start":"2019-12-31T15:59:59+08:00","time_expire":"2019-12-31T16:59:59+08:00",
            "sub_orders":[
              {"mchid":"1900000109","attach":"深圳分店","amount":{"total_amount":10,"currency":"CNY"},
               "out_trade_no":"20150806125346-0","description":"腾讯充值中心-QQ会员充值"},
              {"mchid":"1900000109","attach":"深圳分店","amount":{"total_amount":11,"currency":"CNY"},
               "out_trade_no":"20150806125346-1","description":"腾讯充值中心-QQ会员充值"}]})");
        QCOMPARE(r.toJson(), expected);
    }

    void combineValidation_data()
    {
        QTest::addColumn<int>("subOrders");
        QTest::addColumn<bool>("valid");
        QTest::newRow("1") << 1 << false;
        QTest::newRow("2") << 2 << true;
        QTest::newRow("10") << 10 << true;
        QTest::newRow("11") << 11 << false;
    }
    void combineValidation()
    {
        QFETCH(int, subOrders);
        QFETCH(bool, valid);
        const Result<void> v = combine(subOrders).validate();
        QCOMPARE(v.ok(), valid);
        if (!valid)
            QVERIFY(v.error().message.contains(QLatin1String("sub_orders")));
    }

    void combineSubOrderRules()
    {
        CombineOrderRequest r = combine(2);
        r.subOrders[1].attach.clear(); // attach is required per sub-order
        QVERIFY(r.validate().error().message.contains(QLatin1String("sub_orders[1].attach")));
        r = combine(2);
        r.timeExpire = chinaTime(2019, 1, 1, 0, 0, 0);
        r.timeStart = r.timeExpire.addSecs(60);
        QVERIFY(r.validate().error().message.contains(QLatin1String("time_expire")));
    }

    void combineClose()
    {
        const CombineCloseRequest close = CombineCloseRequest::fromOrder(combine(3));
        QVERIFY(close.validate().ok());
        const QJsonObject expected = parse(R"({"combine_appid":"wxd678efh567hg6787","sub_orders":[
            {"mchid":"1900000109","out_trade_no":"20150806125346-0"},
            {"mchid":"1900000109","out_trade_no":"20150806125346-1"},
            {"mchid":"1900000109","out_trade_no":"20150806125346-2"}]})");
        QCOMPARE(close.toJson(), expected);

        CombineCloseRequest partial = close;
        partial.subOrders = {partial.subOrders.first()};
        QVERIFY(!partial.validate().ok());
        CombineCloseRequest duplicate = close;
        duplicate.subOrders[2] = duplicate.subOrders[0];
        QVERIFY(!duplicate.validate().ok());
    }

    void refundJson()
    {
        RefundRequest r = refund();
        r.reason = QStringLiteral("商品已售完");
        r.notifyUrl = QStringLiteral("https://weixin.qq.com");
        r.fundsAccount = QStringLiteral("AVAILABLE");
        QVERIFY(r.validate().ok());
        const QJsonObject expected = parse(R"({"transaction_id":"1217752501201407033233368018",
            "out_refund_no":"1217752501201407033233368018","reason":"商品已售完",
            "notify_url":"https:\/\/weixin.qq.com","funds_account":"AVAILABLE",
            "amount":{"refund":888,"total":888,"currency":"CNY"}})");
        QCOMPARE(r.toJson(), expected);
    }

    void refundValidation_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("field");
        QTest::newRow("refund > total") << 0 << "amount.refund";
        QTest::newRow("refund 0") << 1 << "amount.refund";
        QTest::newRow("total 0") << 2 << "amount.total";
        QTest::newRow("reason 81") << 3 << "reason";
        QTest::newRow("no order id") << 4 << "transaction_id";
        QTest::newRow("bad out_refund_no") << 5 << "out_refund_no";
        QTest::newRow("bad out_trade_no") << 6 << "out_trade_no";
    }
    void refundValidation()
    {
        QFETCH(int, row);
        QFETCH(QString, field);
        RefundRequest r = refund();
        switch (row) {
        case 0: r.refund = r.total + 1; break;
        case 1: r.refund = 0; break;
        case 2: r.total = 0; break;
        case 3: r.reason = QString(81, QLatin1Char('r')); break;
        case 4: r.transactionId.clear(); break;
        case 5: r.outRefundNo = QStringLiteral("a b"); break;
        case 6: r.outTradeNo = QStringLiteral("x"); break;
        }
        const Result<void> v = r.validate();
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, QStringLiteral("INVALID_ARGUMENT"));
        QVERIFY2(v.error().message.contains(field), qPrintable(v.error().message));
    }

    void transactionPaid()
    {
        auto t = Transaction::fromJson(parse(R"({"appid":"wxd678efh567hg6787","mchid":"1230000109",
            "out_trade_no":"NAT20250520A01","transaction_id":"4200001234202505201234567890","trade_type":"NATIVE",
            "trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"",
            "success_time":"2025-05-20T13:30:01+08:00","payer":{"openid":"oUpF8u"},
            "amount":{"total":100,"payer_total":90,"currency":"CNY","payer_currency":"CNY"},
            "promotion_detail":[{"coupon_id":"109519","amount":10}]})"));
        QVERIFY(t.ok());
        QCOMPARE(t->tradeState, QStringLiteral("SUCCESS"));
        QCOMPARE(t->transactionId, QStringLiteral("4200001234202505201234567890"));
        QCOMPARE(t->amount.total, 100);
        QCOMPARE(t->amount.payerTotal, std::optional<qint64>(90));
        QCOMPARE(t->payer.openid, QStringLiteral("oUpF8u"));
        QCOMPARE(t->successTime, chinaTime(2025, 5, 20, 13, 30, 1));
        QVERIFY(t->raw.contains(QLatin1String("promotion_detail")));
    }

    void transactionUnpaidIsTolerated()
    {
        auto t = Transaction::fromJson(parse(R"({"appid":"wxd678efh567hg6787","mchid":"1230000109",
            "out_trade_no":"NAT20250520A01","trade_state":"NOTPAY","trade_state_desc":"订单未支付",
            "amount":{"currency":"CNY","payer_currency":"CNY"}})"));
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
        QVERIFY(t->transactionId.isEmpty());
        QVERIFY(!t->successTime.isValid());
        QVERIFY(!t->amount.payerTotal);
    }

    void malformedResults_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::newRow("transaction without out_trade_no")
            << "transaction" << QByteArray(R"({"mchid":"1","trade_state":"NOTPAY"})") << "/out_trade_no";
        QTest::newRow("paid transaction without amount")
            << "transaction" << QByteArray(R"({"mchid":"1","out_trade_no":"A123456","trade_state":"SUCCESS","transaction_id":"42"})") << "/amount";
        QTest::newRow("paid transaction without transaction_id")
            << "transaction" << QByteArray(R"({"mchid":"1","out_trade_no":"A123456","trade_state":"SUCCESS","amount":{"total":1}})") << "/transaction_id";
        QTest::newRow("amount as string")
            << "transaction" << QByteArray(R"({"mchid":"1","out_trade_no":"A123456","trade_state":"SUCCESS","transaction_id":"42","amount":{"total":"100"}})") << "/amount/total";
        QTest::newRow("fractional amount")
            << "transaction" << QByteArray(R"({"mchid":"1","out_trade_no":"A123456","trade_state":"SUCCESS","transaction_id":"42","amount":{"total":1.5}})") << "/amount/total";
        QTest::newRow("bad success_time")
            << "transaction" << QByteArray(R"({"mchid":"1","out_trade_no":"A123456","trade_state":"NOTPAY","success_time":"now"})") << "/success_time";
        QTest::newRow("refund without status")
            << "refund" << QByteArray(R"({"refund_id":"5","out_refund_no":"R1","amount":{"total":1,"refund":1}})") << "/refund_status";
        QTest::newRow("refund without amount.refund")
            << "refund" << QByteArray(R"({"refund_id":"5","out_refund_no":"R1","status":"SUCCESS","amount":{"total":1}})") << "/amount/refund";
        QTest::newRow("combine sub-order uses total, not total_amount")
            << "combine" << QByteArray(R"({"combine_mchid":"1","combine_out_trade_no":"C123456","sub_orders":[
                   {"mchid":"1","out_trade_no":"S123456","trade_state":"NOTPAY","amount":{"total":1}}]})") << "/sub_orders/0/amount/total_amount";
        QTest::newRow("combine without sub_orders")
            << "combine" << QByteArray(R"({"combine_mchid":"1","combine_out_trade_no":"C123456"})") << "/sub_orders";
    }
    void malformedResults()
    {
        QFETCH(QString, type);
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        const QJsonObject o = QJsonDocument::fromJson(json).object();
        QVERIFY(!o.isEmpty());
        ApiError e;
        if (type == QLatin1String("transaction")) {
            auto r = Transaction::fromJson(o);
            QVERIFY(!r.ok());
            e = r.error();
        } else if (type == QLatin1String("refund")) {
            auto r = Refund::fromJson(o);
            QVERIFY(!r.ok());
            e = r.error();
        } else {
            auto r = CombineTransaction::fromJson(o);
            QVERIFY(!r.ok());
            e = r.error();
        }
        QCOMPARE(e.code, QStringLiteral("MALFORMED_RESPONSE"));
        QVERIFY2(e.message.contains(path), qPrintable(e.message));
    }

    void refundFromNotificationShape()
    {
        // REFUND.* notifications say refund_status and carry no create_time/channel.
        auto r = Refund::fromJson(parse(R"({"mchid":"1230000109","transaction_id":"4200001234202505201234567890",
            "out_trade_no":"NAT20250520A01","refund_id":"50300001232025052001234567890","out_refund_no":"RF20250520A01",
            "refund_status":"SUCCESS","success_time":"2025-05-20T14:00:00+08:00","user_received_account":"支付用户零钱",
            "amount":{"total":100,"refund":100,"payer_total":100,"payer_refund":100}})"));
        QVERIFY(r.ok());
        QCOMPARE(r->status, QStringLiteral("SUCCESS"));
        QCOMPARE(r->payerRefund, 100);
        QVERIFY(!r->createTime.isValid());
    }

    void combineTransaction()
    {
        auto t = CombineTransaction::fromJson(parse(R"({"combine_appid":"wxd678efh567hg6787","combine_mchid":"1900000109",
            "combine_out_trade_no":"P20150806125346","combine_payer_info":{"openid":"oUpF8u"},
            "sub_orders":[{"mchid":"1900000109","trade_type":"NATIVE","trade_state":"SUCCESS","bank_type":"CMC",
              "attach":"深圳分店","success_time":"2015-05-20T13:29:35+08:00","transaction_id":"4200000000000000001",
              "out_trade_no":"20150806125346-0","amount":{"total_amount":10,"payer_amount":10,"currency":"CNY","payer_currency":"CNY"}}]})"));
        QVERIFY(t.ok());
        QCOMPARE(t->combinePayerOpenid, QStringLiteral("oUpF8u"));
        QCOMPARE(t->subOrders.size(), 1);
        QCOMPARE(t->subOrders.first().totalAmount, 10);
        QCOMPARE(t->subOrders.first().payerAmount, std::optional<qint64>(10));
        const CombineCloseRequest close = CombineCloseRequest::fromTransaction(t.value());
        QCOMPARE(close.combineOutTradeNo, QStringLiteral("P20150806125346"));
        QCOMPARE(close.subOrders.first().second, QStringLiteral("20150806125346-0"));
    }

    void tradeBillPath_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("ALL") << "ALL" << false << QByteArray("/v3/bill/tradebill?bill_date=2024-05-19&bill_type=ALL");
        QTest::newRow("SUCCESS gzip") << "SUCCESS" << true
                                      << QByteArray("/v3/bill/tradebill?bill_date=2024-05-19&bill_type=SUCCESS&tar_type=GZIP");
    }
    void tradeBillPath()
    {
        QFETCH(QString, type);
        QFETCH(bool, gzip);
        QFETCH(QByteArray, expected);
        TradeBillRequest r;
        r.billDate = QDate(2024, 5, 19);
        r.billType = type;
        r.gzip = gzip;
        QVERIFY(r.validate().ok());
        QCOMPARE(r.pathAndQuery(), expected);
    }

    void apiError()
    {
        ApiError e;
        e.httpStatus = 403;
        e.code = QStringLiteral("NOTENOUGH");
        e.message = QStringLiteral("余额不足");
        e.requestId = QStringLiteral("08F1");
        e.detail = QJsonObject{{QStringLiteral("field"), QStringLiteral("/amount")}, {QStringLiteral("issue"), QStringLiteral("low")}};
        QVERIFY(e.is(QStringLiteral("NOT_ENOUGH")));
        QVERIFY(e.is(QStringLiteral("notenough")));
        QVERIFY(!e.is(QStringLiteral("NOT_FOUND")));
        const QString text = e.toString();
        QVERIFY(text.contains(QLatin1String("NOTENOUGH")) && text.contains(QLatin1String("403"))
                && text.contains(QLatin1String("08F1")) && text.contains(QLatin1String("/amount")));
        const QJsonObject json = e.toJson();
        QCOMPARE(json.value(QLatin1String("http_status")).toInt(), 403);
        QCOMPARE(json.value(QLatin1String("detail")).toObject().value(QLatin1String("issue")).toString(), QStringLiteral("low"));
        QCOMPARE(json.value(QLatin1String("outcome_unknown")).toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestApiTypes)
#include "tst_apitypes.moc"
