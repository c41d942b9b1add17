// SPDX-License-Identifier: MIT
// NotificationDecoder: verify, then read the envelope, then decrypt and type the
// resource; and encode(), the sandbox's side of the same notifications.
#include "testfixtures.h"

#include "wechatpay/encryptedresource.h"
#include "wechatpay/notificationdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;
using Mutation = std::function<void(QByteArray &body, HeaderList &headers)>;
Q_DECLARE_METATYPE(Mutation)
Q_DECLARE_METATYPE(NotificationError::Kind)

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject paymentResource()
{
    return {
        {QStringLiteral("appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("out_trade_no"), QStringLiteral("NAT20250520A01")},
        {QStringLiteral("transaction_id"), QStringLiteral("4200001234202505201234567890")},
        {QStringLiteral("trade_type"), QStringLiteral("NATIVE")},
        {QStringLiteral("trade_state"), QStringLiteral("SUCCESS")},
        {QStringLiteral("trade_state_desc"), QStringLiteral("支付成功")},
        {QStringLiteral("bank_type"), QStringLiteral("OTHERS")},
        {QStringLiteral("attach"), QString()},
        {QStringLiteral("success_time"), QStringLiteral("2025-05-20T13:30:01+08:00")},
        {QStringLiteral("payer"), QJsonObject{{QStringLiteral("openid"), QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")}}},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 100}, {QStringLiteral("payer_total"), 100},
                                               {QStringLiteral("currency"), QStringLiteral("CNY")},
                                               {QStringLiteral("payer_currency"), QStringLiteral("CNY")}}},
    };
}

QJsonObject refundResource(const QString &status)
{
    return {
        {QStringLiteral("mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("transaction_id"), QStringLiteral("4200001234202505201234567890")},
        {QStringLiteral("out_trade_no"), QStringLiteral("NAT20250520A01")},
        {QStringLiteral("refund_id"), QStringLiteral("50300001232025052001234567890")},
        {QStringLiteral("out_refund_no"), QStringLiteral("RF20250520A01")},
        {QStringLiteral("refund_status"), status},
        {QStringLiteral("success_time"), QStringLiteral("2025-05-20T14:00:00+08:00")},
        {QStringLiteral("user_received_account"), QStringLiteral("支付用户零钱")},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), 100}, {QStringLiteral("refund"), 60},
                                               {QStringLiteral("payer_total"), 100}, {QStringLiteral("payer_refund"), 60}}},
    };
}

QJsonObject combineResource()
{
    QJsonArray subs;
    for (int i = 1; i <= 2; ++i) {
        subs.append(QJsonObject{
            {QStringLiteral("mchid"), QStringLiteral("1900000109")},
            {QStringLiteral("trade_type"), QStringLiteral("NATIVE")},
            {QStringLiteral("trade_state"), QStringLiteral("SUCCESS")},
            {QStringLiteral("bank_type"), QStringLiteral("CMC")},
            {QStringLiteral("attach"), QStringLiteral("shop %1").arg(i)},
            {QStringLiteral("success_time"), QStringLiteral("2025-05-20T13:30:01+08:00")},
            {QStringLiteral("transaction_id"), QStringLiteral("420000123420250520123456789%1").arg(i)},
            {QStringLiteral("out_trade_no"), QStringLiteral("CB20250520A01-%1").arg(i)},
            {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total_amount"), 100 * i}, {QStringLiteral("payer_amount"), 100 * i},
                                                   {QStringLiteral("currency"), QStringLiteral("CNY")},
                                                   {QStringLiteral("payer_currency"), QStringLiteral("CNY")}}},
        });
    }
    return {
        {QStringLiteral("combine_appid"), QStringLiteral("wxd678efh567hg6787")},
        {QStringLiteral("combine_mchid"), QStringLiteral("1900000109")},
        {QStringLiteral("combine_out_trade_no"), QStringLiteral("CB20250520A01")},
        {QStringLiteral("combine_payer_info"), QJsonObject{{QStringLiteral("openid"), QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")}}},
        {QStringLiteral("sub_orders"), subs},
    };
}

QByteArray encode(const QString &eventType, const QByteArray &resource, const QByteArray &key)
{
    return NotificationDecoder::encode(eventType, resource, key, QStringLiteral("EV-2018022511223320873"),
                                       QDateTime(QDate(2025, 5, 20), QTime(13, 29, 35), Qt::OffsetFromUTC, 8 * 3600))
        .value();
}

HeaderList sign(const ResponseSigner &signer, const QByteArray &body, qint64 shift = 0)
{
    return signer.sign(body, QDateTime::currentSecsSinceEpoch() + shift, "pJzPEVj3TKtNpJzPEVj3TKtNpJzPEVj3").value();
}

void setHeader(HeaderList &headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            h.second = value;
    }
}

} // namespace

class TestNotificationDecoder : public QObject
{
    Q_OBJECT

    TestWorld world;

private slots:
    void decodes_data()
    {
        QTest::addColumn<QString>("eventType");
        QTest::addColumn<QByteArray>("resource");
        QTest::addColumn<bool>("publicKey");
        QTest::addColumn<QString>("expect"); // transaction, refund, combine

        QTest::newRow("TRANSACTION.SUCCESS, platform certificate")
            << "TRANSACTION.SUCCESS" << compact(paymentResource()) << false << "transaction";
        QTest::newRow("TRANSACTION.SUCCESS, WeChat Pay public key")
            << "TRANSACTION.SUCCESS" << compact(paymentResource()) << true << "transaction";
        QTest::newRow("REFUND.SUCCESS") << "REFUND.SUCCESS" << compact(refundResource(QStringLiteral("SUCCESS"))) << false << "refund";
        QTest::newRow("REFUND.ABNORMAL") << "REFUND.ABNORMAL" << compact(refundResource(QStringLiteral("ABNORMAL"))) << true << "refund";
        QTest::newRow("REFUND.CLOSED") << "REFUND.CLOSED" << compact(refundResource(QStringLiteral("CLOSED"))) << false << "refund";
        QTest::newRow("combined order") << "TRANSACTION.SUCCESS" << compact(combineResource()) << false << "combine";
    }

    void decodes()
    {
        QFETCH(QString, eventType);
        QFETCH(QByteArray, resource);
        QFETCH(bool, publicKey);
        QFETCH(QString, expect);

        const QByteArray body = encode(eventType, resource, world.apiV3Key);
        const HeaderList headers = sign(publicKey ? world.publicKeySigner() : world.certificateSigner(), body);
        const NotificationDecoder decoder(world.credentials(!publicKey, publicKey));
        auto decoded = decoder.decode(headers, body);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        const Notification &n = decoded.value();
        QCOMPARE(n.id, QStringLiteral("EV-2018022511223320873"));
        QCOMPARE(n.eventType, eventType);
        QCOMPARE(n.resourceType, QStringLiteral("encrypt-resource"));
        QCOMPARE(n.createTime, QDateTime(QDate(2025, 5, 20), QTime(13, 29, 35), Qt::OffsetFromUTC, 8 * 3600));
        QVERIFY(!n.summary.isEmpty());
        QCOMPARE(int(n.transaction.has_value()) + int(n.refund.has_value()) + int(n.combine.has_value()), 1);
        if (expect == QLatin1String("transaction")) {
            QVERIFY(n.transaction);
            QCOMPARE(n.originalType, QStringLiteral("transaction"));
            QCOMPARE(n.transaction->outTradeNo, QStringLiteral("NAT20250520A01"));
            QCOMPARE(n.transaction->tradeState, QStringLiteral("SUCCESS"));
            QCOMPARE(n.transaction->amount.total, 100);
        } else if (expect == QLatin1String("refund")) {
            QVERIFY(n.refund);
            QCOMPARE(n.originalType, QStringLiteral("refund"));
            QCOMPARE(n.refund->outRefundNo, QStringLiteral("RF20250520A01"));
            QCOMPARE(n.refund->status, eventType.mid(7));
            QCOMPARE(n.refund->refund, 60);
        } else {
            QVERIFY(n.combine);
            QCOMPARE(n.combine->combineOutTradeNo, QStringLiteral("CB20250520A01"));
            QCOMPARE(n.combine->subOrders.size(), 2);
            QCOMPARE(n.combine->subOrders.at(1).totalAmount, 200);
        }
    }

    void rejected_data()
    {
        QTest::addColumn<Mutation>("mutate"); // applied after signing unless resign
        QTest::addColumn<bool>("resign");     // sign again after mutating: a well-signed but bad notification
        QTest::addColumn<qint64>("shift");
        QTest::addColumn<QByteArray>("apiV3Key");
        QTest::addColumn<NotificationError::Kind>("kind");
        QTest::addColumn<int>("verifyFailure"); // -1: none
        QTest::addColumn<int>("httpStatus");

        const QByteArray key = world.apiV3Key;
        const Mutation none = [](QByteArray &, HeaderList &) {};
        auto replaceBody = [](QByteArray replacement) {
            return Mutation([replacement](QByteArray &body, HeaderList &) { body = replacement; });
        };
        auto editEnvelope = [](std::function<void(QJsonObject &)> edit) {
            return Mutation([edit](QByteArray &body, HeaderList &) {
                QJsonObject o = QJsonDocument::fromJson(body).object();
                edit(o);
                body = compact(o);
            });
        };

        QTest::newRow("SIGNTEST probe") << Mutation([](QByteArray &, HeaderList &h) {
            setHeader(h, "Wechatpay-Signature", "WECHATPAY/SIGNTEST/aGVsbG8=");
        }) << false << qint64(0) << key << NotificationError::BadSignature << int(VerifyFailure::SignTestProbe) << 401;
        QTest::newRow("tampered body") << Mutation([](QByteArray &body, HeaderList &) { body.replace("EV-", "EX-"); })
                                       << false << qint64(0) << key << NotificationError::BadSignature << int(VerifyFailure::BadSignature) << 401;
        QTest::newRow("stale") << none << false << qint64(-301) << key << NotificationError::BadSignature
                               << int(VerifyFailure::StaleTimestamp) << 401;
        QTest::newRow("future") << none << false << qint64(400) << key << NotificationError::BadSignature
                                << int(VerifyFailure::StaleTimestamp) << 401;
        QTest::newRow("missing serial") << Mutation([](QByteArray &, HeaderList &h) {
            h.removeIf([](const auto &p) { return p.first == "Wechatpay-Serial"; });
        }) << false << qint64(0) << key << NotificationError::BadSignature << int(VerifyFailure::MissingHeader) << 401;
        QTest::newRow("unknown serial") << Mutation([](QByteArray &, HeaderList &h) { setHeader(h, "Wechatpay-Serial", "7132D72A03E93CDDF8C03BBD1F37EEDF"); })
                                        << false << qint64(0) << key << NotificationError::BadSignature << int(VerifyFailure::UnknownSerial) << 401;
        QTest::newRow("wrong APIv3 key, bad signature: signature wins")
            << Mutation([](QByteArray &body, HeaderList &) { body.append(' '); }) << false << qint64(0)
            << QByteArray("0123456789abcdef0123456789abcdef") << NotificationError::BadSignature << int(VerifyFailure::BadSignature) << 401;
        QTest::newRow("wrong APIv3 key") << none << false << qint64(0) << QByteArray("0123456789abcdef0123456789abcdef")
                                         << NotificationError::DecryptFailed << -1 << 500;
        QTest::newRow("ciphertext bit flipped") << editEnvelope([](QJsonObject &o) {
            QJsonObject r = o.value(QLatin1String("resource")).toObject();
            QByteArray ct = QByteArray::fromBase64(r.value(QLatin1String("ciphertext")).toString().toLatin1());
            ct[0] = char(ct.at(0) ^ 0x01);
            r.insert(QStringLiteral("ciphertext"), QString::fromLatin1(ct.toBase64()));
            o.insert(QStringLiteral("resource"), r);
        }) << true << qint64(0) << key << NotificationError::DecryptFailed << -1 << 500;
        QTest::newRow("body not JSON") << replaceBody("not json") << true << qint64(0) << key << NotificationError::MalformedJson << -1 << 400;
        QTest::newRow("no resource") << editEnvelope([](QJsonObject &o) { o.remove(QStringLiteral("resource")); })
                                     << true << qint64(0) << key << NotificationError::MalformedJson << -1 << 400;
        QTest::newRow("no id") << editEnvelope([](QJsonObject &o) { o.remove(QStringLiteral("id")); })
                               << true << qint64(0) << key << NotificationError::MalformedJson << -1 << 400;
        QTest::newRow("plain resource_type") << editEnvelope([](QJsonObject &o) { o.insert(QStringLiteral("resource_type"), QStringLiteral("plain")); })
                                             << true << qint64(0) << key << NotificationError::MalformedJson << -1 << 400;
        QTest::newRow("unknown event type") << editEnvelope([](QJsonObject &o) { o.insert(QStringLiteral("event_type"), QStringLiteral("MCHTRANSFER.BILL.FINISHED")); })
                                            << true << qint64(0) << key << NotificationError::UnknownEventType << -1 << 200;
    }

    void rejected()
    {
        QFETCH(Mutation, mutate);
        QFETCH(bool, resign);
        QFETCH(qint64, shift);
        QFETCH(QByteArray, apiV3Key);
        QFETCH(NotificationError::Kind, kind);
        QFETCH(int, verifyFailure);
        QFETCH(int, httpStatus);

        QByteArray body = encode(QStringLiteral("TRANSACTION.SUCCESS"), compact(paymentResource()), world.apiV3Key);
        HeaderList headers = sign(world.certificateSigner(), body, shift);
        mutate(body, headers);
        if (resign)
            headers = sign(world.certificateSigner(), body, shift);

        MerchantCredentials credentials = world.credentials(true, false);
        credentials.apiV3Key = apiV3Key;
        const NotificationDecoder decoder(credentials);
        auto decoded = decoder.decode(headers, body);
        QVERIFY(!decoded.ok());
        const NotificationError &e = decoded.error();
        QCOMPARE(e.kind, kind);
        QCOMPARE(e.verifyFailure.has_value(), verifyFailure >= 0);
        if (verifyFailure >= 0)
            QCOMPARE(int(*e.verifyFailure), verifyFailure);
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(e.httpStatus(), httpStatus);
        QCOMPARE(QJsonDocument::fromJson(e.responseBody()).object().value(QLatin1String("code")).toString(), QStringLiteral("FAIL"));
        if (verifyFailure == int(VerifyFailure::StaleTimestamp))
            QVERIFY(qAbs(e.skewSeconds - shift) <= 5);
    }

    void resourceThatIsNotJson()
    {
        // Well signed and decryptable, but the plaintext is not the promised JSON.
        auto sealed = EncryptedResource::encrypt(world.apiV3Key, "<xml/>", "transaction", QStringLiteral("transaction"));
        const QByteArray body = compact({{QStringLiteral("id"), QStringLiteral("EV-1")},
                                         {QStringLiteral("event_type"), QStringLiteral("TRANSACTION.SUCCESS")},
                                         {QStringLiteral("resource_type"), QStringLiteral("encrypt-resource")},
                                         {QStringLiteral("resource"), sealed.value().toJson()}});
        auto decoded = NotificationDecoder(world.credentials()).decode(sign(world.certificateSigner(), body), body);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().kind, NotificationError::MalformedJson);
    }

    void refundResourceMissingField()
    {
        QJsonObject resource = refundResource(QStringLiteral("SUCCESS"));
        resource.remove(QStringLiteral("refund_id"));
        const QByteArray body = encode(QStringLiteral("REFUND.SUCCESS"), compact(resource), world.apiV3Key);
        auto decoded = NotificationDecoder(world.credentials()).decode(sign(world.certificateSigner(), body), body);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().kind, NotificationError::MalformedJson);
        QVERIFY(decoded.error().message.contains(QLatin1String("refund_id")));
    }

    void headerNamesAnyCase()
    {
        const QByteArray body = encode(QStringLiteral("TRANSACTION.SUCCESS"), compact(paymentResource()), world.apiV3Key);
        HeaderList headers = sign(world.certificateSigner(), body);
        for (auto &h : headers)
            h.first = h.first.toLower();
        QVERIFY(NotificationDecoder(world.credentials()).decode(headers, body).ok());
    }

    void platformKeysCanBeReplaced()
    {
        const KeyAndCertificate rotated = makeKeyAndCertificate(2, QStringLiteral("Tenpay.com Root CA"));
        const ResponseSigner signer(rotated.certificate.serialHex(), rotated.key);
        const QByteArray body = encode(QStringLiteral("TRANSACTION.SUCCESS"), compact(paymentResource()), world.apiV3Key);
        const HeaderList headers = sign(signer, body);
        NotificationDecoder decoder(world.credentials(true, false));
        QCOMPARE(*decoder.decode(headers, body).error().verifyFailure, VerifyFailure::UnknownSerial);
        PlatformKeys keys = decoder.platformKeys();
        keys.addCertificate(rotated.certificate);
        decoder.setPlatformKeys(keys);
        QVERIFY(decoder.decode(headers, body).ok());
    }

    void encodeShape_data()
    {
        QTest::addColumn<QString>("eventType");
        QTest::addColumn<QString>("resourceType");
        QTest::addColumn<QString>("summary");
        QTest::newRow("payment") << "TRANSACTION.SUCCESS" << "transaction" << "支付成功";
        QTest::newRow("refund") << "REFUND.SUCCESS" << "refund" << "退款成功";
        QTest::newRow("refund closed") << "REFUND.CLOSED" << "refund" << "退款关闭";
    }

    void encodeShape()
    {
        QFETCH(QString, eventType);
        QFETCH(QString, resourceType);
        QFETCH(QString, summary);

        const QByteArray plaintext = compact(paymentResource());
        auto body = NotificationDecoder::encode(eventType, plaintext, world.apiV3Key);
        QVERIFY(body.ok());
        QVERIFY(!body->contains('\n'));
        const QJsonObject o = QJsonDocument::fromJson(body.value()).object();
        QVERIFY(o.value(QLatin1String("id")).toString().startsWith(QLatin1String("EV-")));
        QCOMPARE(o.value(QLatin1String("event_type")).toString(), eventType);
        QCOMPARE(o.value(QLatin1String("resource_type")).toString(), QStringLiteral("encrypt-resource"));
        QCOMPARE(o.value(QLatin1String("summary")).toString(), summary);
        QVERIFY(o.value(QLatin1String("create_time")).toString().endsWith(QLatin1String("+08:00")));
        QVERIFY(parseWechatTime(o.value(QLatin1String("create_time")).toString()).isValid());

        const QJsonObject r = o.value(QLatin1String("resource")).toObject();
        QCOMPARE(r.value(QLatin1String("algorithm")).toString(), QStringLiteral("AEAD_AES_256_GCM"));
        QCOMPARE(r.value(QLatin1String("associated_data")).toString(), resourceType);
        QCOMPARE(r.value(QLatin1String("original_type")).toString(), resourceType);
        QCOMPARE(r.value(QLatin1String("nonce")).toString().size(), 12);
        auto resource = EncryptedResource::fromJson(r);
        QVERIFY(resource.ok());
        QCOMPARE(resource->decrypt(world.apiV3Key).value(), plaintext);
    }
};

QTEST_GUILESS_MAIN(TestNotificationDecoder)
#include "tst_notificationdecoder.moc"
