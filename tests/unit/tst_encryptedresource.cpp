// SPDX-License-Identifier: MIT
// EncryptedResource: AEAD_AES_256_GCM resources of notifications and of
// /v3/certificates. Plaintext comes out only when key, nonce, AAD and every
// ciphertext bit are right.

#include "crypto/aesgcm.h"
#include "testfixtures.h"
#include "wechatpay/encryptedresource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;

namespace {

const QByteArray ApiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

QByteArray toText(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray flipBase64Bit(const QString &base64, qsizetype index)
{
    QByteArray raw = QByteArray::fromBase64(base64.toLatin1());
    if (index < 0)
        index += raw.size();
    raw[index] = char(raw[index] ^ 0x80);
    return raw.toBase64();
}

} // namespace

class TestEncryptedResource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void decrypt_data();
    void decrypt();
    void roundTrip_data();
    void roundTrip();
    void jsonShape();
    void certificateResource();
    void notificationEnvelope();

private:
    QByteArray m_plaintext;
    QJsonObject m_resource; // encrypted with ApiV3Key, AAD "transaction"
};

void TestEncryptedResource::initTestCase()
{
    m_plaintext = QStringLiteral(R"({"mchid":"1900000109","out_trade_no":"A1","transaction_id":"4200001234",)"
                                 R"("trade_state":"SUCCESS","trade_state_desc":"支付成功","amount":{"total":1}})")
                      .toUtf8();
    const auto resource
        = EncryptedResource::encrypt(ApiV3Key, m_plaintext, "transaction", QStringLiteral("transaction"));
    QVERIFY(resource.ok());
    m_resource = resource->toJson();
}

void TestEncryptedResource::decrypt_data()
{
    QTest::addColumn<QByteArray>("json"); // the resource as WeChat Pay would send it
    QTest::addColumn<QByteArray>("key"); // the APIv3 key we try
    QTest::addColumn<QString>("errorCode"); // empty: must decrypt
    QTest::addColumn<QByteArray>("plaintext"); // when it must decrypt

    auto with = [this](const QString &field, const QJsonValue &value) {
        QJsonObject o = m_resource;
        if (value.isUndefined())
            o.remove(field);
        else
            o.insert(field, value);
        return toText(o);
    };
    const QString ct = m_resource.value(QLatin1String("ciphertext")).toString();
    const QString nonce = m_resource.value(QLatin1String("nonce")).toString();
    const QString failed = QStringLiteral("decrypt_failed");
    const QString bad = QStringLiteral("bad_resource");

    QTest::newRow("genuine") << toText(m_resource) << ApiV3Key << QString() << m_plaintext;
    QTest::newRow("wechatpay-java known answer")
        << QByteArray(R"({"algorithm":"AEAD_AES_256_GCM","ciphertext":"ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=",)"
                      R"("associated_data":"associatedData","nonce":"uluk4a9R25RW","original_type":"transaction"})")
        << ApiV3Key << QString() << QByteArray("message");

    QTest::newRow("wrong APIv3 key") << toText(m_resource) << QByteArray("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb") << failed
                                     << QByteArray();
    QTest::newRow("APIv3 key too short") << toText(m_resource) << ApiV3Key.left(31) << QStringLiteral("bad_apiv3_key")
                                         << QByteArray();
    QTest::newRow("wrong AAD") << with(QStringLiteral("associated_data"), QStringLiteral("refund")) << ApiV3Key
                               << failed << QByteArray();
    QTest::newRow("AAD removed") << with(QStringLiteral("associated_data"), QJsonValue::Undefined) << ApiV3Key << failed
                                 << QByteArray();
    QString otherNonce = nonce;
    otherNonce[0] = otherNonce[0] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    QTest::newRow("wrong nonce") << with(QStringLiteral("nonce"), otherNonce) << ApiV3Key << failed << QByteArray();
    QTest::newRow("nonce of 16 chars") << with(QStringLiteral("nonce"), QString(nonce + QStringLiteral("abcd")))
                                       << ApiV3Key << failed << QByteArray();
    QTest::newRow("nonce missing") << with(QStringLiteral("nonce"), QJsonValue::Undefined) << ApiV3Key << bad
                                   << QByteArray();
    QTest::newRow("ciphertext bit") << with(QStringLiteral("ciphertext"), QString::fromLatin1(flipBase64Bit(ct, 3)))
                                    << ApiV3Key << failed << QByteArray();
    QTest::newRow("tag bit") << with(QStringLiteral("ciphertext"), QString::fromLatin1(flipBase64Bit(ct, -1)))
                             << ApiV3Key << failed << QByteArray();
    const QByteArray raw = QByteArray::fromBase64(ct.toLatin1());
    QTest::newRow("truncated by one byte")
        << with(QStringLiteral("ciphertext"), QString::fromLatin1(raw.chopped(1).toBase64())) << ApiV3Key << failed
        << QByteArray();
    QTest::newRow("tag cut off") << with(QStringLiteral("ciphertext"), QString::fromLatin1(raw.chopped(16).toBase64()))
                                 << ApiV3Key << failed << QByteArray();
    QTest::newRow("shorter than a tag") << with(QStringLiteral("ciphertext"),
                                                QString::fromLatin1(raw.left(10).toBase64()))
                                        << ApiV3Key << failed << QByteArray();
    QTest::newRow("malformed base64") << with(QStringLiteral("ciphertext"), QStringLiteral("%%%%not*base64%%%%"))
                                      << ApiV3Key << bad << QByteArray();
    QTest::newRow("base64 with a space") << with(QStringLiteral("ciphertext"),
                                                 QString(ct.left(8) + QLatin1Char(' ') + ct.mid(8)))
                                         << ApiV3Key << bad << QByteArray();
    QTest::newRow("ciphertext empty") << with(QStringLiteral("ciphertext"), QString()) << ApiV3Key << bad
                                      << QByteArray();
    QTest::newRow("ciphertext a number") << with(QStringLiteral("ciphertext"), 12345) << ApiV3Key << bad
                                         << QByteArray();
    QTest::newRow("other algorithm") << with(QStringLiteral("algorithm"), QStringLiteral("AEAD_AES_128_GCM"))
                                     << ApiV3Key << bad << QByteArray();
    QTest::newRow("algorithm missing") << with(QStringLiteral("algorithm"), QJsonValue::Undefined) << ApiV3Key << bad
                                       << QByteArray();
    QTest::newRow("malformed JSON") << toText(m_resource).chopped(5) << ApiV3Key << bad << QByteArray();
    QTest::newRow("JSON array") << QByteArray("[") + toText(m_resource) + "]" << ApiV3Key << bad << QByteArray();
    QTest::newRow("JSON string") << QByteArray(R"("AEAD_AES_256_GCM")") << ApiV3Key << bad << QByteArray();
    QTest::newRow("empty object") << QByteArray("{}") << ApiV3Key << bad << QByteArray();
}

void TestEncryptedResource::decrypt()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, key);
    QFETCH(QString, errorCode);
    QFETCH(QByteArray, plaintext);

    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const auto resource = EncryptedResource::fromJson(document.isObject() ? document.object() : QJsonObject());
    Result<QByteArray> opened = resource.ok() ? resource->decrypt(key) : Result<QByteArray>(resource.error());

    if (errorCode.isEmpty()) {
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        QCOMPARE(opened.value(), plaintext);
        return;
    }
    QVERIFY2(!opened.ok(), "a tampered resource gave plaintext");
    QCOMPARE(opened.error().code, errorCode);
    QVERIFY(!opened.error().message.isEmpty());
}

void TestEncryptedResource::roundTrip_data()
{
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("associatedData");
    QTest::addColumn<QString>("originalType");
    QTest::newRow("transaction") << m_plaintext << QByteArray("transaction") << QStringLiteral("transaction");
    QTest::newRow("refund, Chinese")
        << QStringLiteral(R"({"refund_status":"SUCCESS","user_received_account":"招商银行信用卡0403"})").toUtf8()
        << QByteArray("refund") << QStringLiteral("refund");
    QTest::newRow("empty AAD") << QByteArray("{}") << QByteArray() << QStringLiteral("transaction");
    QTest::newRow("empty plaintext") << QByteArray() << QByteArray("transaction") << QString();
    QTest::newRow("UTF-8 AAD") << QByteArray("{}") << QStringLiteral("交易").toUtf8() << QStringLiteral("transaction");
}

void TestEncryptedResource::roundTrip()
{
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, associatedData);
    QFETCH(QString, originalType);
    const auto sealed = EncryptedResource::encrypt(ApiV3Key, plaintext, associatedData, originalType);
    QVERIFY(sealed.ok());
    static const QRegularExpression nonce(QStringLiteral("^[0-9A-Za-z]{12}$"));
    QVERIFY(nonce.match(QString::fromLatin1(sealed->nonce)).hasMatch());
    QCOMPARE(sealed->associatedData, associatedData);
    QCOMPARE(sealed->algorithm, QStringLiteral("AEAD_AES_256_GCM"));

    // Through the wire format and back.
    const QJsonDocument wire = QJsonDocument::fromJson(QJsonDocument(sealed->toJson()).toJson());
    const auto received = EncryptedResource::fromJson(wire.object());
    QVERIFY(received.ok());
    QCOMPARE(received->originalType, originalType);
    const auto opened = received->decrypt(ApiV3Key);
    QVERIFY(opened.ok());
    QCOMPARE(opened.value(), plaintext);

    // Same plaintext twice: fresh nonce, different ciphertext.
    const auto again = EncryptedResource::encrypt(ApiV3Key, plaintext, associatedData, originalType);
    QVERIFY(again->nonce != sealed->nonce);
    QVERIFY(again->ciphertext != sealed->ciphertext);

    // And it is exactly AesGcm over the nonce and AAD WeChat Pay names.
    QCOMPARE(
        AesGcm::decrypt(ApiV3Key, sealed->nonce, associatedData, QByteArray::fromBase64(sealed->ciphertext)).value(),
        plaintext);
}

void TestEncryptedResource::jsonShape()
{
    QCOMPARE(m_resource.value(QLatin1String("algorithm")).toString(), QStringLiteral("AEAD_AES_256_GCM"));
    QCOMPARE(m_resource.value(QLatin1String("associated_data")).toString(), QStringLiteral("transaction"));
    QCOMPARE(m_resource.value(QLatin1String("original_type")).toString(), QStringLiteral("transaction"));
    QCOMPARE(m_resource.value(QLatin1String("nonce")).toString().size(), 12);
    const QByteArray ct = m_resource.value(QLatin1String("ciphertext")).toString().toLatin1();
    QCOMPARE(QByteArray::fromBase64(ct).size(), m_plaintext.size() + AesGcm::TagSize);
    QVERIFY(!ct.contains("SUCCESS"));
}

void TestEncryptedResource::certificateResource()
{
    // /v3/certificates: encrypt_certificate holds a platform certificate PEM.
    TestWorld world;
    const QByteArray pem = world.platform.certificate.toPem();
    const auto sealed = EncryptedResource::encrypt(ApiV3Key, pem, "certificate", QStringLiteral("certificate"));
    QVERIFY(sealed.ok());
    const auto opened = EncryptedResource::fromJson(sealed->toJson())->decrypt(ApiV3Key);
    QVERIFY(opened.ok());
    const auto cert = Certificate::fromPem(opened.value());
    QVERIFY(cert.ok());
    QCOMPARE(cert->serialHex(), world.platform.certificate.serialHex());
    QVERIFY(!EncryptedResource::fromJson(sealed->toJson())->decrypt(world.apiV3Key.toLower()).ok());
}

void TestEncryptedResource::notificationEnvelope()
{
    const QJsonObject notification {
        { QStringLiteral("id"), QStringLiteral("EV-2018022511223320873") },
        { QStringLiteral("create_time"), QStringLiteral("2024-05-20T13:29:35+08:00") },
        { QStringLiteral("event_type"), QStringLiteral("TRANSACTION.SUCCESS") },
        { QStringLiteral("resource_type"), QStringLiteral("encrypt-resource") },
        { QStringLiteral("summary"), QStringLiteral("支付成功") },
        { QStringLiteral("resource"), m_resource },
    };
    const QJsonDocument wire = QJsonDocument::fromJson(toText(notification));
    const auto resource = EncryptedResource::fromJson(wire.object().value(QLatin1String("resource")).toObject());
    QVERIFY(resource.ok());
    QCOMPARE(resource->decrypt(ApiV3Key).value(), m_plaintext);
}

QTEST_GUILESS_MAIN(TestEncryptedResource)
#include "tst_encryptedresource.moc"
