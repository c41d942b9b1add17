// SPDX-License-Identifier: MIT
// RequestSigner and AuthorizationHeader: the signed message byte for byte, the
// header's shape, and a parser that takes what every SDK sends and nothing else.

#include "crypto/securerandom.h"
#include "testfixtures.h"
#include "wechatpay/requestsigner.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;

class TestRequestSigner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void message_data();
    void message();
    void authorizationHeader_data();
    void authorizationHeader();
    void authorizationDefaults();
    void signatureDependsOnEveryPart_data();
    void signatureDependsOnEveryPart();

    void parseAccepts_data();
    void parseAccepts();
    void parseRejects_data();
    void parseRejects();

private:
    TestWorld m_world;
    RequestSigner m_signer;
};

void TestRequestSigner::initTestCase()
{
    m_signer
        = RequestSigner(QStringLiteral("1900000109"), m_world.merchant.certificate.serialHex(), m_world.merchant.key);
    QVERIFY(!m_signer.isNull());
    QCOMPARE(m_signer.mchid(), QStringLiteral("1900000109"));
}

void TestRequestSigner::message_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("nonce");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");

    // The official documentation's example (GET /v3/certificates).
    QTest::newRow("GET certificates") << QByteArray("GET") << QByteArray("/v3/certificates") << qint64(1554208460)
                                      << QByteArray("593BEC0C930BF1AFEB40B4A08C8FB242") << QByteArray()
                                      << QByteArray(
                                             "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
    QTest::newRow("GET with query")
        << QByteArray("GET") << QByteArray("/v3/pay/transactions/out-trade-no/A1?mchid=1900000109")
        << qint64(1700000000) << QByteArray("n") << QByteArray()
        << QByteArray("GET\n/v3/pay/transactions/out-trade-no/A1?mchid=1900000109\n1700000000\nn\n\n");
    QTest::newRow("GET path with %7C")
        << QByteArray("GET") << QByteArray("/v3/pay/transactions/out-trade-no/A%7C1?mchid=1900000109")
        << qint64(1700000000) << QByteArray("n") << QByteArray()
        << QByteArray("GET\n/v3/pay/transactions/out-trade-no/A%7C1?mchid=1900000109\n1700000000\nn\n\n");
    const QByteArray chinese
        = QStringLiteral(R"({"description":"拿铁 Latte","amount":{"total":1,"currency":"CNY"}})").toUtf8();
    QTest::newRow("POST Chinese body") << QByteArray("POST") << QByteArray("/v3/pay/transactions/native")
                                       << qint64(1700000001) << QByteArray("abc") << chinese
                                       << QByteArray("POST\n/v3/pay/transactions/native\n1700000001\nabc\n") + chinese
            + '\n';
    QTest::newRow("body ending in LF keeps both")
        << QByteArray("POST") << QByteArray("/v3/x") << qint64(1) << QByteArray("n") << QByteArray("{}\n")
        << QByteArray("POST\n/v3/x\n1\nn\n{}\n\n");
    QTest::newRow("close (POST, small body)")
        << QByteArray("POST") << QByteArray("/v3/pay/transactions/out-trade-no/A1/close") << qint64(1700000000)
        << QByteArray("n") << QByteArray(R"({"mchid":"1900000109"})")
        << QByteArray("POST\n/v3/pay/transactions/out-trade-no/A1/close\n1700000000\nn\n{\"mchid\":\"1900000109\"}\n");
}

void TestRequestSigner::message()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, url);
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, nonce);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(RequestSigner::message(method, url, timestamp, nonce, body), expected);
    QCOMPARE(RequestSigner::message(method, url, timestamp, nonce, body).count('\n'), 5 + body.count('\n'));
}

void TestRequestSigner::authorizationHeader_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("GET") << QByteArray("GET") << QByteArray("/v3/certificates") << QByteArray();
    QTest::newRow("GET %7C") << QByteArray("GET")
                             << QByteArray("/v3/pay/transactions/out-trade-no/A%7C1?mchid=1900000109") << QByteArray();
    QTest::newRow("POST Chinese") << QByteArray("POST") << QByteArray("/v3/pay/transactions/native")
                                  << QStringLiteral(R"({"description":"咖啡"})").toUtf8();
}

void TestRequestSigner::authorizationHeader()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, body);
    const qint64 timestamp = 1700000000;
    const QByteArray nonce = "593BEC0C930BF1AFEB40B4A08C8FB242";
    const auto header = m_signer.authorization(method, url, body, timestamp, nonce);
    QVERIFY(header.ok());

    const QByteArray signature
        = m_world.merchant.key.sign(RequestSigner::message(method, url, timestamp, nonce, body)).value().toBase64();
    const QByteArray expected = "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\",nonce_str=\"" + nonce
        + "\",timestamp=\"1700000000\",serial_no=\"" + m_world.merchant.certificate.serialHex().toLatin1()
        + "\",signature=\"" + signature + "\"";
    QCOMPARE(header.value(), expected);
    QVERIFY(!header->contains(", ") && !header->contains(" ,"));

    static const QRegularExpression serial(QStringLiteral("serial_no=\"[0-9A-F]+\""));
    QVERIFY(serial.match(QString::fromLatin1(header.value())).hasMatch());

    // What a server does: parse, rebuild the message from the request, verify.
    const auto parsed = AuthorizationHeader::parse(header.value());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->mchid, QByteArray("1900000109"));
    QCOMPARE(parsed->nonce, nonce);
    QCOMPARE(parsed->timestamp, QByteArray("1700000000"));
    QCOMPARE(parsed->serialNo, m_world.merchant.certificate.serialHex().toLatin1());
    QVERIFY(m_world.merchant.certificate.publicKey().verify(
        RequestSigner::message(method, url, parsed->timestamp.toLongLong(), parsed->nonce, body),
        QByteArray::fromBase64(parsed->signature)));
}

void TestRequestSigner::authorizationDefaults()
{
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const auto first = m_signer.authorization("GET", "/v3/certificates", {});
    const auto second = m_signer.authorization("GET", "/v3/certificates", {});
    const qint64 after = QDateTime::currentSecsSinceEpoch();
    QVERIFY(first.ok() && second.ok());
    const auto a = AuthorizationHeader::parse(first.value());
    const auto b = AuthorizationHeader::parse(second.value());
    QVERIFY(a.ok() && b.ok());
    static const QRegularExpression nonce(QStringLiteral("^[0-9A-Za-z]{32}$"));
    QVERIFY(nonce.match(QString::fromLatin1(a->nonce)).hasMatch());
    QVERIFY(a->nonce != b->nonce);
    QVERIFY(a->timestamp.toLongLong() >= before && a->timestamp.toLongLong() <= after);

    // A signer without a key says so instead of sending an unsigned request.
    const auto none = RequestSigner().authorization("GET", "/v3/certificates", {});
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, QStringLiteral("no_key"));
}

void TestRequestSigner::signatureDependsOnEveryPart_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("nonce");
    QTest::addColumn<QByteArray>("body");
    // Reference: POST /v3/pay/transactions/native, 1700000000, "nonce", {"a":1}
    QTest::newRow("method") << QByteArray("PUT") << QByteArray("/v3/pay/transactions/native") << qint64(1700000000)
                            << QByteArray("nonce") << QByteArray(R"({"a":1})");
    QTest::newRow("url") << QByteArray("POST") << QByteArray("/v3/pay/transactions/jsapi") << qint64(1700000000)
                         << QByteArray("nonce") << QByteArray(R"({"a":1})");
    QTest::newRow("decoded url") << QByteArray("GET") << QByteArray("/v3/pay/transactions/out-trade-no/A|1")
                                 << qint64(1700000000) << QByteArray("nonce") << QByteArray();
    QTest::newRow("timestamp") << QByteArray("POST") << QByteArray("/v3/pay/transactions/native") << qint64(1700000001)
                               << QByteArray("nonce") << QByteArray(R"({"a":1})");
    QTest::newRow("nonce") << QByteArray("POST") << QByteArray("/v3/pay/transactions/native") << qint64(1700000000)
                           << QByteArray("noncf") << QByteArray(R"({"a":1})");
    QTest::newRow("body") << QByteArray("POST") << QByteArray("/v3/pay/transactions/native") << qint64(1700000000)
                          << QByteArray("nonce") << QByteArray(R"({"a":2})");
    QTest::newRow("body re-serialised") << QByteArray("POST") << QByteArray("/v3/pay/transactions/native")
                                        << qint64(1700000000) << QByteArray("nonce") << QByteArray(R"({"a": 1})");
}

void TestRequestSigner::signatureDependsOnEveryPart()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, url);
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, nonce);
    QFETCH(QByteArray, body);
    const QByteArray reference
        = RequestSigner::message("POST", "/v3/pay/transactions/native", 1700000000, "nonce", R"({"a":1})");
    const auto header = m_signer.authorization(method, url, body, timestamp, nonce);
    QVERIFY(header.ok());
    const auto parsed = AuthorizationHeader::parse(header.value());
    QVERIFY(parsed.ok());
    const QByteArray signature = QByteArray::fromBase64(parsed->signature);
    const PublicKey key = m_world.merchant.key.publicKey();
    QVERIFY(key.verify(RequestSigner::message(method, url, timestamp, nonce, body), signature));
    QVERIFY(!key.verify(reference, signature));
    if (QByteArray(QTest::currentDataTag()) == "decoded url") {
        QVERIFY(!key.verify(
            RequestSigner::message(method, "/v3/pay/transactions/out-trade-no/A%7C1", timestamp, nonce, body),
            signature));
    }
}

void TestRequestSigner::parseAccepts_data()
{
    QTest::addColumn<QByteArray>("header");
    const QByteArray s = "WECHATPAY2-SHA256-RSA2048 ";
    QTest::newRow("Go/Java order") << s
            + R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("PHP/axios order") << s
            + R"(mchid="1900000109",serial_no="5157F09E",timestamp="1700000000",nonce_str="NONCE",signature="U0lH")";
    QTest::newRow("reversed") << s
            + R"(signature="U0lH",serial_no="5157F09E",timestamp="1700000000",nonce_str="NONCE",mchid="1900000109")";
    QTest::newRow("space after commas") << s
            + R"(mchid="1900000109", nonce_str="NONCE", timestamp="1700000000", serial_no="5157F09E", signature="U0lH")";
    QTest::newRow("unknown extra field ignored") << s
            + R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH",x="y")";
    QTest::newRow("signature with base64 padding") << s
            + R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH+/==")";
}

void TestRequestSigner::parseAccepts()
{
    QFETCH(QByteArray, header);
    const auto parsed = AuthorizationHeader::parse(header);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->mchid, QByteArray("1900000109"));
    QCOMPARE(parsed->nonce, QByteArray("NONCE"));
    QCOMPARE(parsed->timestamp, QByteArray("1700000000"));
    QCOMPARE(parsed->serialNo, QByteArray("5157F09E"));
    QVERIFY(parsed->signature.startsWith("U0lH"));
}

void TestRequestSigner::parseRejects_data()
{
    QTest::addColumn<QByteArray>("header");
    const QByteArray s = "WECHATPAY2-SHA256-RSA2048 ";
    const QByteArray good
        = R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("scheme only") << s;
    QTest::newRow("no scheme") << good;
    QTest::newRow("other scheme") << "Bearer " + good;
    QTest::newRow("lower-case scheme") << "wechatpay2-sha256-rsa2048 " + good;
    QTest::newRow("APIv2 style scheme") << "WECHATPAY2-HMAC-SHA256 " + good;
    QTest::newRow("missing mchid") << s
            + R"(nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("missing nonce_str") << s
            + R"(mchid="1900000109",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("missing timestamp") << s
            + R"(mchid="1900000109",nonce_str="NONCE",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("missing serial_no") << s
            + R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",signature="U0lH")";
    QTest::newRow("missing signature") << s
            + R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E")";
    QTest::newRow("empty signature") << s
            + R"(mchid="1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="")";
    QTest::newRow("unquoted value") << s
            + R"(mchid=1900000109,nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("unterminated quote") << s
            + R"(mchid="1900000109,nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH)";
    QTest::newRow("no equals sign") << s
            + R"(mchid"1900000109",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
    QTest::newRow("trailing comma") << s + good + ',';
    QTest::newRow("semicolons") << s + QByteArray(good).replace(',', ';');
    QTest::newRow("duplicated signature") << s + good + R"(,signature="QU5PVEhFUg==")";
    QTest::newRow("duplicated mchid") << s
            + R"(mchid="1900000109",mchid="1900000110",nonce_str="NONCE",timestamp="1700000000",serial_no="5157F09E",signature="U0lH")";
}

void TestRequestSigner::parseRejects()
{
    QFETCH(QByteArray, header);
    const auto parsed = AuthorizationHeader::parse(header);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, QStringLiteral("bad_authorization"));
    QVERIFY(!parsed.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestRequestSigner)
#include "tst_requestsigner.moc"
