// SPDX-License-Identifier: MIT
// ResponseVerifier: one row per way an answer can be forged, replayed or
// probed, in certificate mode and public-key mode side by side.

#include "testfixtures.h"
#include "wechatpay/platformkeys.h"
#include "wechatpay/responsesigner.h"
#include "wechatpay/responseverifier.h"

#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;

namespace {

enum Mutation {
    None,
    BodyBit,
    BodyTrailingLf,
    BodyEmptied,
    TimestampPlusOne,
    TimestampNotANumber,
    TimestampWithSpace,
    TimestampMilliseconds,
    TimestampMostNegative,
    NonceChanged,
    SignatureBit,
    SignatureTruncated,
    SignatureFromMerchantKey,
    SignatureOfOtherAnswer,
    SignTestProbe,
    SignTestProbeNotBase64,
    SignatureNotBase64,
    SignatureBase64WithSpace,
    SerialUnknown,
    SerialLowerCase,
    SerialExtraLeadingZeros,
    SerialLeadingZeroStripped,
    MissingTimestamp,
    MissingNonce,
    MissingSignature,
    MissingSerial,
};

constexpr int Accepted = -1;
const QDateTime Now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
// A platform certificate serial with a leading zero nibble: the Java SDK prints
// it without the zero, WeChat Pay and Go with it.
const QByteArray PlatformSerial = "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567";

QByteArray flipBit(QByteArray data, qsizetype index)
{
    data[index] = char(data[index] ^ 0x04);
    return data;
}

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestResponseVerifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void message_data();
    void message();
    void tampering_data();
    void tampering();
    void replayWindowEdges_data();
    void replayWindowEdges();
    void emptyBodyOf204();
    void keyChoice_data();
    void keyChoice();
    void certificateRotation();
    void headersFromNetwork();
    void noKeysAtAll();

private:
    TestWorld m_world;
    Certificate m_platformCertificate; // serial PlatformSerial, the platform key
    PlatformKeys m_keys; // both modes at once, as during a migration
    QByteArray m_body;
};

void TestResponseVerifier::initTestCase()
{
    Certificate::Options options;
    options.commonName = QStringLiteral("Tenpay.com Root CA");
    options.serial = QByteArray::fromHex(PlatformSerial);
    auto cert = Certificate::create(m_world.platform.key.publicKey(), m_world.platform.key, options);
    QVERIFY(cert.ok());
    m_platformCertificate = cert.value();
    QCOMPARE(m_platformCertificate.serialHex().toLatin1(), PlatformSerial);

    m_keys.addCertificate(m_platformCertificate);
    m_keys.setPublicKey(m_world.publicKeyId, m_world.platform.key.publicKey());

    // (No raw string here: moc mistakes the "//" inside one for a comment.)
    m_body = QStringLiteral("{\"code_url\":\"weixin://wxpay/bizpayurl?pr=p4lpSuKzz\",\"note\":\"支付\"}").toUtf8();
}

void TestResponseVerifier::message_data()
{
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<QByteArray>("nonce");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("JSON") << QByteArray("1700000000") << QByteArray("n0nce") << QByteArray("{}")
                          << QByteArray("1700000000\nn0nce\n{}\n");
    QTest::newRow("204 empty body") << QByteArray("1700000000") << QByteArray("n0nce") << QByteArray()
                                    << QByteArray("1700000000\nn0nce\n\n");
    QTest::newRow("body with LF") << QByteArray("1") << QByteArray("n") << QByteArray("a\nb\n")
                                  << QByteArray("1\nn\na\nb\n\n");
}

void TestResponseVerifier::message()
{
    QFETCH(QByteArray, timestamp);
    QFETCH(QByteArray, nonce);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(ResponseVerifier::message(timestamp, nonce, body), expected);
}

void TestResponseVerifier::tampering_data()
{
    QTest::addColumn<bool>("publicKeyMode");
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<int>("expected"); // VerifyFailure::Kind, or Accepted

    struct Row
    {
        const char *name;
        Mutation mutation;
        int expected;
        bool certificateOnly = false; // serial spellings only make sense for certificates
    };
    const Row rows[] = {
        { "genuine", None, Accepted },
        { "body bit", BodyBit, VerifyFailure::BadSignature },
        { "body trailing LF", BodyTrailingLf, VerifyFailure::BadSignature },
        { "body emptied", BodyEmptied, VerifyFailure::BadSignature },
        { "timestamp +1 s", TimestampPlusOne, VerifyFailure::BadSignature },
        { "timestamp not a number", TimestampNotANumber, VerifyFailure::BadTimestamp },
        { "timestamp with space inside", TimestampWithSpace, VerifyFailure::BadTimestamp },
        { "timestamp in milliseconds", TimestampMilliseconds, VerifyFailure::StaleTimestamp },
        { "timestamp most negative", TimestampMostNegative, VerifyFailure::BadTimestamp },
        { "nonce", NonceChanged, VerifyFailure::BadSignature },
        { "signature bit", SignatureBit, VerifyFailure::BadSignature },
        { "signature truncated", SignatureTruncated, VerifyFailure::BadSignature },
        { "signature by merchant key", SignatureFromMerchantKey, VerifyFailure::BadSignature },
        { "signature of another answer", SignatureOfOtherAnswer, VerifyFailure::BadSignature },
        { "SIGNTEST probe", SignTestProbe, VerifyFailure::SignTestProbe },
        { "SIGNTEST probe, invalid base64", SignTestProbeNotBase64, VerifyFailure::SignTestProbe },
        { "signature not base64", SignatureNotBase64, VerifyFailure::MalformedSignature },
        { "signature base64 with space", SignatureBase64WithSpace, VerifyFailure::MalformedSignature },
        { "serial unknown", SerialUnknown, VerifyFailure::UnknownSerial },
        { "serial lower-case", SerialLowerCase, Accepted, true },
        { "serial extra leading zeros", SerialExtraLeadingZeros, Accepted, true },
        { "serial leading zero stripped (Java)", SerialLeadingZeroStripped, Accepted, true },
        { "missing Wechatpay-Timestamp", MissingTimestamp, VerifyFailure::MissingHeader },
        { "missing Wechatpay-Nonce", MissingNonce, VerifyFailure::MissingHeader },
        { "missing Wechatpay-Signature", MissingSignature, VerifyFailure::MissingHeader },
        { "missing Wechatpay-Serial", MissingSerial, VerifyFailure::MissingHeader },
    };
    for (bool publicKeyMode : { false, true }) {
        for (const Row &row : rows) {
            if (publicKeyMode && row.certificateOnly)
                continue;
            QTest::addRow("%s: %s", publicKeyMode ? "public key" : "certificate", row.name)
                << publicKeyMode << row.mutation << row.expected;
        }
    }
}

void TestResponseVerifier::tampering()
{
    QFETCH(bool, publicKeyMode);
    QFETCH(Mutation, mutation);
    QFETCH(int, expected);

    const ResponseSigner signer(publicKeyMode ? m_world.publicKeyId : QString::fromLatin1(PlatformSerial),
                                m_world.platform.key);
    const auto signedHeaders = signer.sign(m_body, Now.toSecsSinceEpoch(), "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
    QVERIFY(signedHeaders.ok());
    SignedHeaders h = SignedHeaders::fromHeaders(signedHeaders.value());
    QByteArray body = m_body;

    switch (mutation) {
    case None:
        break;
    case BodyBit:
        body = flipBit(body, 5);
        break;
    case BodyTrailingLf:
        body += '\n';
        break;
    case BodyEmptied:
        body.clear();
        break;
    case TimestampPlusOne:
        h.timestamp = QByteArray::number(Now.toSecsSinceEpoch() + 1);
        break;
    case TimestampNotANumber:
        h.timestamp = "17000000O0";
        break;
    case TimestampWithSpace:
        h.timestamp = "1700 000000";
        break;
    case TimestampMilliseconds:
        h.timestamp = QByteArray::number(Now.toMSecsSinceEpoch());
        break;
    case TimestampMostNegative:
        h.timestamp = "-9223372036854775808";
        break;
    case NonceChanged:
        h.nonce = flipBit(h.nonce, 0);
        break;
    case SignatureBit:
        h.signature = flipBit(QByteArray::fromBase64(h.signature), 17).toBase64();
        break;
    case SignatureTruncated:
        h.signature = QByteArray::fromBase64(h.signature).chopped(1).toBase64();
        break;
    case SignatureFromMerchantKey:
        h.signature = m_world.merchant.key.sign(ResponseVerifier::message(h.timestamp, h.nonce, body))->toBase64();
        break;
    case SignatureOfOtherAnswer:
        h.signature = SignedHeaders::fromHeaders(signer.sign("{}", Now.toSecsSinceEpoch(), h.nonce).value()).signature;
        break;
    case SignTestProbe:
        h.signature = "WECHATPAY/SIGNTEST/" + h.signature;
        break;
    case SignTestProbeNotBase64:
        h.signature = "WECHATPAY/SIGNTEST/%%%not-base64%%%";
        break;
    case SignatureNotBase64:
        h.signature = "%%%not-base64%%%";
        break;
    case SignatureBase64WithSpace:
        h.signature.insert(10, ' ');
        break;
    case SerialUnknown:
        h.serial = publicKeyMode ? "PUB_KEY_ID_0119000001092024052000000000000002"
                                 : "5157F09EFDC096DE15EBE81A47057A7232D2AD56";
        break;
    case SerialLowerCase:
        h.serial = h.serial.toLower();
        break;
    case SerialExtraLeadingZeros:
        h.serial = "00" + h.serial;
        break;
    case SerialLeadingZeroStripped:
        h.serial = h.serial.mid(1);
        break;
    case MissingTimestamp:
        h.timestamp.clear();
        break;
    case MissingNonce:
        h.nonce.clear();
        break;
    case MissingSignature:
        h.signature.clear();
        break;
    case MissingSerial:
        h.serial.clear();
        break;
    }

    const ResponseVerifier verifier(&m_keys);
    const auto result = verifier.verify(h, body, Now);
    if (expected == Accepted) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        return;
    }
    QVERIFY2(!result.ok(), "a tampered answer was accepted");
    QCOMPARE(int(result.error().kind), expected);
    QVERIFY(!result.error().message.isEmpty());
}

void TestResponseVerifier::replayWindowEdges_data()
{
    QTest::addColumn<qint64>("offset"); // their clock minus ours
    QTest::addColumn<bool>("accepted");
    QTest::newRow("now") << qint64(0) << true;
    QTest::newRow("-300 s (exactly the window)") << qint64(-300) << true;
    QTest::newRow("+300 s (exactly the window)") << qint64(300) << true;
    QTest::newRow("-301 s (stale)") << qint64(-301) << false;
    QTest::newRow("+301 s (future)") << qint64(301) << false;
    QTest::newRow("-1 day") << qint64(-86400) << false;
    QTest::newRow("+1 day") << qint64(86400) << false;
}

void TestResponseVerifier::replayWindowEdges()
{
    QFETCH(qint64, offset);
    QFETCH(bool, accepted);
    for (const ResponseSigner &signer : { m_world.certificateSigner(), m_world.publicKeySigner() }) {
        PlatformKeys keys;
        keys.addCertificate(m_world.platform.certificate);
        keys.setPublicKey(m_world.publicKeyId, m_world.platform.key.publicKey());
        const auto headers = signer.sign(m_body, Now.toSecsSinceEpoch() + offset, "nonce");
        QVERIFY(headers.ok());
        const auto result = ResponseVerifier(&keys).verify(SignedHeaders::fromHeaders(headers.value()), m_body, Now);
        QCOMPARE(result.ok(), accepted);
        if (!accepted) {
            QCOMPARE(result.error().kind, VerifyFailure::StaleTimestamp);
            QCOMPARE(result.error().skewSeconds, offset);
        }
    }
    // A narrower window is honoured too.
    const auto headers = m_world.publicKeySigner().sign(m_body, Now.toSecsSinceEpoch() + offset, "nonce");
    const auto narrow = ResponseVerifier(&m_keys, 60).verify(SignedHeaders::fromHeaders(headers.value()), m_body, Now);
    QCOMPARE(narrow.ok(), qAbs(offset) <= 60);
}

void TestResponseVerifier::emptyBodyOf204()
{
    const auto headers = m_world.publicKeySigner().sign({}, Now.toSecsSinceEpoch(), "nonce");
    QVERIFY(headers.ok());
    const SignedHeaders h = SignedHeaders::fromHeaders(headers.value());
    QVERIFY(m_world.platform.key.publicKey().verify("1700000000\nnonce\n\n", QByteArray::fromBase64(h.signature)));
    const ResponseVerifier verifier(&m_keys);
    QVERIFY(verifier.verify(h, {}, Now).ok());
    QCOMPARE(verifier.verify(h, "{}", Now).error().kind, VerifyFailure::BadSignature);
}

void TestResponseVerifier::keyChoice_data()
{
    // The public key and the certificate hold *different* keys here, so a
    // verifier that picks the wrong one fails.
    QTest::addColumn<bool>("haveCertificate");
    QTest::addColumn<bool>("havePublicKey");
    QTest::addColumn<QString>("signedAs"); // "certificate" or "publicKey"
    QTest::addColumn<QString>("signedWith"); // "certificateKey" or "publicKeyKey"
    QTest::addColumn<int>("expected");

    QTest::newRow("both configured, certificate answer") << true << true << "certificate"
                                                         << "certificateKey" << Accepted;
    QTest::newRow("both configured, public-key answer") << true << true << "publicKey"
                                                        << "publicKeyKey" << Accepted;
    QTest::newRow("certificate only, certificate answer") << true << false << "certificate"
                                                          << "certificateKey" << Accepted;
    QTest::newRow("certificate only, public-key answer") << true << false << "publicKey"
                                                         << "publicKeyKey" << int(VerifyFailure::UnknownSerial);
    QTest::newRow("public key only (new merchant), public-key answer") << false << true << "publicKey"
                                                                       << "publicKeyKey" << Accepted;
    QTest::newRow("public key only (new merchant), certificate answer")
        << false << true << "certificate"
        << "certificateKey" << int(VerifyFailure::UnknownSerial);
    QTest::newRow("certificate serial, signed by the public key's key")
        << true << true << "certificate"
        << "publicKeyKey" << int(VerifyFailure::BadSignature);
    QTest::newRow("public key id, signed by the certificate's key")
        << true << true << "publicKey"
        << "certificateKey" << int(VerifyFailure::BadSignature);
}

void TestResponseVerifier::keyChoice()
{
    QFETCH(bool, haveCertificate);
    QFETCH(bool, havePublicKey);
    QFETCH(QString, signedAs);
    QFETCH(QString, signedWith);
    QFETCH(int, expected);

    const KeyAndCertificate publicKeyOwner = makeKeyAndCertificate(2, QStringLiteral("WeChat Pay public key"));
    PlatformKeys keys;
    if (haveCertificate)
        keys.addCertificate(m_world.platform.certificate);
    if (havePublicKey)
        keys.setPublicKey(m_world.publicKeyId, publicKeyOwner.key.publicKey());
    QCOMPARE(keys.isEmpty(), false);
    QCOMPARE(keys.hasPublicKey(), havePublicKey);

    const PrivateKey key = signedWith == QLatin1String("certificateKey") ? m_world.platform.key : publicKeyOwner.key;
    const QString serial
        = signedAs == QLatin1String("certificate") ? m_world.platform.certificate.serialHex() : m_world.publicKeyId;
    const auto headers = ResponseSigner(serial, key).sign(m_body, Now.toSecsSinceEpoch(), "nonce");
    QVERIFY(headers.ok());
    const auto result = ResponseVerifier(&keys).verify(SignedHeaders::fromHeaders(headers.value()), m_body, Now);
    if (expected == Accepted) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().kind), expected);
    }
}

void TestResponseVerifier::certificateRotation()
{
    // The old certificate expires in 3 days, the new one appeared 2 days ago.
    const KeyAndCertificate oldOne = makeKeyAndCertificate(3, QStringLiteral("old platform"));
    Certificate::Options oldOptions;
    oldOptions.notBefore = Now.addYears(-5);
    oldOptions.notAfter = Now.addDays(3);
    const Certificate oldCert = Certificate::create(oldOne.key.publicKey(), oldOne.key, oldOptions).value();
    Certificate::Options newOptions;
    newOptions.notBefore = Now.addDays(-2);
    const Certificate newCert
        = Certificate::create(m_world.platform.key.publicKey(), m_world.platform.key, newOptions).value();

    PlatformKeys keys;
    keys.addCertificate(oldCert);
    keys.addCertificate(newCert);
    QCOMPARE(keys.certificates().size(), 2);
    QCOMPARE(keys.newestCertificate(Now)->serialHex(), newCert.serialHex());

    const ResponseVerifier verifier(&keys);
    auto verifyWith = [&](const Certificate &cert, const PrivateKey &key, const QDateTime &when) {
        const auto headers = ResponseSigner(cert.serialHex(), key).sign(m_body, when.toSecsSinceEpoch(), "n");
        return verifier.verify(SignedHeaders::fromHeaders(headers.value()), m_body, when);
    };
    QVERIFY(verifyWith(oldCert, oldOne.key, Now).ok());
    QVERIFY(verifyWith(newCert, m_world.platform.key, Now).ok());

    QCOMPARE(keys.removeExpired(Now), 0);
    const QDateTime later = Now.addDays(4);
    QCOMPARE(keys.removeExpired(later), 1);
    QCOMPARE(verifyWith(oldCert, oldOne.key, later).error().kind, VerifyFailure::UnknownSerial);
    QVERIFY(verifyWith(newCert, m_world.platform.key, later).ok());

    keys.clearCertificates();
    QVERIFY(keys.isEmpty());
}

void TestResponseVerifier::headersFromNetwork()
{
    const auto signedHeaders = m_world.certificateSigner().sign(m_body, Now.toSecsSinceEpoch(), "nonce");
    QVERIFY(signedHeaders.ok());
    // As QNetworkReply::rawHeaderPairs() could deliver them: other case, padding,
    // unrelated headers in between.
    QList<QPair<QByteArray, QByteArray>> network { { "Content-Type", "application/json" },
                                                   { "Request-ID", " 08F78BB5 " } };
    for (const auto &[name, value] : signedHeaders.value())
        network.append({ name.toLower(), ' ' + value + ' ' });
    const SignedHeaders h = SignedHeaders::fromHeaders(network);
    QCOMPARE(h.requestId, QByteArray("08F78BB5"));
    QCOMPARE(h.serial, m_world.platform.certificate.serialHex().toLatin1());
    QCOMPARE(h.timestamp, QByteArray("1700000000"));
    const MerchantCredentials credentials = m_world.credentials();
    const ResponseVerifier verifier(&credentials.platformKeys);
    QVERIFY(verifier.verify(h, m_body, Now).ok());

    QList<QPair<QByteArray, QByteArray>> upper;
    for (const auto &[name, value] : signedHeaders.value())
        upper.append({ name.toUpper(), value });
    QVERIFY(verifier.verify(SignedHeaders::fromHeaders(upper), m_body, Now).ok());
}

void TestResponseVerifier::noKeysAtAll()
{
    const auto headers = m_world.certificateSigner().sign(m_body, Now.toSecsSinceEpoch(), "nonce");
    const SignedHeaders h = SignedHeaders::fromHeaders(headers.value());
    QCOMPARE(ResponseVerifier(nullptr).verify(h, m_body, Now).error().kind, VerifyFailure::UnknownSerial);
    const PlatformKeys empty;
    QCOMPARE(ResponseVerifier(&empty).verify(h, m_body, Now).error().kind, VerifyFailure::UnknownSerial);
    // An unsigned 2xx (no headers at all) is refused before anything else.
    QCOMPARE(ResponseVerifier(&m_keys).verify(SignedHeaders {}, m_body, Now).error().kind,
             VerifyFailure::MissingHeader);
}

QTEST_GUILESS_MAIN(TestResponseVerifier)
#include "tst_responseverifier.moc"
