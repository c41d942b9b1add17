// SPDX-License-Identifier: MIT
// PayDesk's half of the cross-check with wechatpay-axios-plugin (crosscheck.mjs
// drives it). Every command reads a JSON array from stdin and writes a JSON
// array to stdout, one answer per item, so the Node side holds all the cases.
//
//   crosscheck_tool init DIR               make keys/certificates in DIR, print the identities
//   crosscheck_tool sign-requests DIR      [{method,url,body,timestamp,nonce}] -> [{message,authorization}]
//   crosscheck_tool verify-requests DIR    [{method,url,body,authorization}]   -> [{ok,code,message}]
//   crosscheck_tool sign-responses DIR     [{body,timestamp,nonce,mode}]       -> [{headers}]
//   crosscheck_tool verify-responses DIR   [{headers,body}]                    -> [{ok,kind,message}]
//   crosscheck_tool encrypt DIR            [{plaintext,aad,type}]              -> [{resource}]
//   crosscheck_tool decrypt DIR            [{resource,key}]                    -> [{ok,plaintext,code}]
//
// mode is "certificate" (platform certificate serial) or "publicKey" (PUB_KEY_ID);
// the two use different platform keys, so a wrong key choice cannot pass.

#include "crypto/certificate.h"
#include "crypto/privatekey.h"
#include "wechatpay/encryptedresource.h"
#include "wechatpay/platformkeys.h"
#include "wechatpay/requestsigner.h"
#include "wechatpay/responsesigner.h"
#include "wechatpay/responseverifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace paydesk;

namespace {

const QString Mchid = QStringLiteral("1900000109");
const QString PublicKeyId = QStringLiteral("PUB_KEY_ID_0119000001092024052000000000000001");
const QByteArray ApiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
// Leading zero nibble on purpose: the Java SDK prints it without the zero.
const QByteArray PlatformSerial = QByteArray::fromHex("0C4D5E6F708192A3B4C5D6E7F80910111213141A");

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "crosscheck_tool: %s\n", qPrintable(why));
    std::exit(2);
}

template<typename T> T must(Result<T> result, const char *what)
{
    if (!result)
        fail(QStringLiteral("%1: %2").arg(QLatin1String(what), result.error().message));
    return std::move(result).value();
}

void writeFile(const QDir &dir, const QString &name, const QByteArray &data)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
        fail(QStringLiteral("cannot write %1").arg(file.fileName()));
}

struct Material
{
    PrivateKey merchantKey;
    Certificate merchantCertificate;
    PrivateKey platformKey; // behind the platform certificate
    Certificate platformCertificate;
    PrivateKey publicKeyKey; // behind the WeChat Pay public key (PUB_KEY_ID)
};

Material load(const QDir &dir)
{
    Material m;
    m.merchantKey = must(PrivateKey::fromFile(dir.filePath(QStringLiteral("merchant_key.pem"))), "merchant key");
    m.merchantCertificate
        = must(Certificate::fromFile(dir.filePath(QStringLiteral("merchant_cert.pem"))), "merchant certificate");
    m.platformKey = must(PrivateKey::fromFile(dir.filePath(QStringLiteral("platform_key.pem"))), "platform key");
    m.platformCertificate
        = must(Certificate::fromFile(dir.filePath(QStringLiteral("platform_cert.pem"))), "platform certificate");
    m.publicKeyKey = must(PrivateKey::fromFile(dir.filePath(QStringLiteral("pubkey_key.pem"))), "public-key key");
    return m;
}

QJsonObject identities(const Material &m)
{
    return {
        { QStringLiteral("mchid"), Mchid },
        { QStringLiteral("merchantSerial"), m.merchantCertificate.serialHex() },
        { QStringLiteral("platformSerial"), m.platformCertificate.serialHex() },
        { QStringLiteral("publicKeyId"), PublicKeyId },
        { QStringLiteral("apiV3Key"), QString::fromLatin1(ApiV3Key) },
    };
}

QJsonValue init(const QDir &dir)
{
    Material m;
    Certificate::Options options;
    m.merchantKey = must(PrivateKey::generateRsa(2048), "merchant key");
    options.commonName = Mchid;
    options.organization = QStringLiteral("PayDesk cross-check store");
    m.merchantCertificate
        = must(Certificate::create(m.merchantKey.publicKey(), m.merchantKey, options), "merchant certificate");
    m.platformKey = must(PrivateKey::generateRsa(2048), "platform key");
    options.commonName = QStringLiteral("Tenpay.com Root CA");
    options.organization = QStringLiteral("Tenpay.com");
    options.serial = PlatformSerial;
    m.platformCertificate
        = must(Certificate::create(m.platformKey.publicKey(), m.platformKey, options), "platform certificate");
    m.publicKeyKey = must(PrivateKey::generateRsa(2048), "public-key key");

    writeFile(dir, QStringLiteral("merchant_key.pem"), m.merchantKey.toPem());
    writeFile(dir, QStringLiteral("merchant_cert.pem"), m.merchantCertificate.toPem());
    writeFile(dir, QStringLiteral("merchant_pub.pem"), m.merchantKey.publicKey().toPem());
    writeFile(dir, QStringLiteral("platform_key.pem"), m.platformKey.toPem());
    writeFile(dir, QStringLiteral("platform_cert.pem"), m.platformCertificate.toPem());
    writeFile(dir, QStringLiteral("pubkey_key.pem"), m.publicKeyKey.toPem());
    writeFile(dir, QStringLiteral("pubkey_pub.pem"), m.publicKeyKey.publicKey().toPem());
    return identities(m);
}

QByteArray utf8(const QJsonObject &o, const char *field)
{
    return o.value(QLatin1String(field)).toString().toUtf8();
}

QJsonObject signRequest(const Material &m, const QJsonObject &in)
{
    const RequestSigner signer(Mchid, m.merchantCertificate.serialHex(), m.merchantKey);
    const QByteArray method = utf8(in, "method");
    const QByteArray url = utf8(in, "url");
    const QByteArray body = utf8(in, "body");
    const qint64 timestamp = qint64(in.value(QLatin1String("timestamp")).toDouble());
    const QByteArray nonce = utf8(in, "nonce");
    const QByteArray authorization = must(signer.authorization(method, url, body, timestamp, nonce), "sign");
    return {
        { QStringLiteral("message"), QString::fromUtf8(RequestSigner::message(method, url, timestamp, nonce, body)) },
        { QStringLiteral("authorization"), QString::fromLatin1(authorization) },
    };
}

// What the sandbox does with an incoming request: parse the header, check that
// it names this merchant's certificate, verify over the bytes received.
QJsonObject verifyRequest(const Material &m, const QJsonObject &in)
{
    auto answer = [](bool ok, const QString &code, const QString &message) {
        return QJsonObject { { QStringLiteral("ok"), ok },
                             { QStringLiteral("code"), code },
                             { QStringLiteral("message"), message } };
    };
    const auto header = AuthorizationHeader::parse(utf8(in, "authorization"));
    if (!header)
        return answer(false, header.error().code, header.error().message);
    if (header->mchid != Mchid.toUtf8())
        return answer(false, QStringLiteral("unknown_mchid"), QStringLiteral("mchid does not match"));
    if (Certificate::normalizeSerial(QString::fromLatin1(header->serialNo))
        != Certificate::normalizeSerial(m.merchantCertificate.serialHex()))
        return answer(false, QStringLiteral("unknown_serial"), QStringLiteral("serial_no is not the merchant's"));
    bool isNumber = false;
    const qint64 timestamp = header->timestamp.toLongLong(&isNumber);
    const auto signature = QByteArray::fromBase64Encoding(header->signature, QByteArray::AbortOnBase64DecodingErrors);
    if (!isNumber || !signature)
        return answer(false, QStringLiteral("bad_authorization"), QStringLiteral("timestamp or signature malformed"));
    const QByteArray message
        = RequestSigner::message(utf8(in, "method"), utf8(in, "url"), timestamp, header->nonce, utf8(in, "body"));
    if (!m.merchantCertificate.publicKey().verify(message, signature.decoded))
        return answer(false, QStringLiteral("bad_signature"), QStringLiteral("signature does not match"));
    return answer(true, {}, {});
}

QJsonObject signResponse(const Material &m, const QJsonObject &in)
{
    const bool publicKeyMode = in.value(QLatin1String("mode")).toString() == QLatin1String("publicKey");
    const ResponseSigner signer = publicKeyMode ? ResponseSigner(PublicKeyId, m.publicKeyKey)
                                                : ResponseSigner(m.platformCertificate.serialHex(), m.platformKey);
    const auto headers = must(
        signer.sign(utf8(in, "body"), qint64(in.value(QLatin1String("timestamp")).toDouble()), utf8(in, "nonce")),
        "sign response");
    QJsonObject out;
    for (const auto &[name, value] : headers)
        out.insert(QString::fromLatin1(name), QString::fromLatin1(value));
    return { { QStringLiteral("headers"), out } };
}

QString kindName(VerifyFailure::Kind kind)
{
    switch (kind) {
    case VerifyFailure::MissingHeader:
        return QStringLiteral("MissingHeader");
    case VerifyFailure::BadTimestamp:
        return QStringLiteral("BadTimestamp");
    case VerifyFailure::StaleTimestamp:
        return QStringLiteral("StaleTimestamp");
    case VerifyFailure::SignTestProbe:
        return QStringLiteral("SignTestProbe");
    case VerifyFailure::MalformedSignature:
        return QStringLiteral("MalformedSignature");
    case VerifyFailure::UnknownSerial:
        return QStringLiteral("UnknownSerial");
    case VerifyFailure::BadSignature:
        return QStringLiteral("BadSignature");
    }
    return QStringLiteral("?");
}

QJsonObject verifyResponse(const PlatformKeys &keys, const QJsonObject &in)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QJsonObject given = in.value(QLatin1String("headers")).toObject();
    for (auto it = given.begin(); it != given.end(); ++it)
        headers.append({ it.key().toLatin1(), it.value().toString().toLatin1() });
    const auto result = ResponseVerifier(&keys).verify(SignedHeaders::fromHeaders(headers), utf8(in, "body"));
    if (result)
        return { { QStringLiteral("ok"), true } };
    return { { QStringLiteral("ok"), false },
             { QStringLiteral("kind"), kindName(result.error().kind) },
             { QStringLiteral("message"), result.error().message } };
}

QJsonObject encrypt(const QJsonObject &in)
{
    const auto resource = must(EncryptedResource::encrypt(ApiV3Key, utf8(in, "plaintext"), utf8(in, "aad"),
                                                          in.value(QLatin1String("type")).toString()),
                               "encrypt");
    return { { QStringLiteral("resource"), resource.toJson() } };
}

QJsonObject decrypt(const QJsonObject &in)
{
    const auto resource = EncryptedResource::fromJson(in.value(QLatin1String("resource")).toObject());
    const Result<QByteArray> plain
        = resource ? resource->decrypt(utf8(in, "key")) : Result<QByteArray>(resource.error());
    if (plain)
        return { { QStringLiteral("ok"), true }, { QStringLiteral("plaintext"), QString::fromUtf8(plain.value()) } };
    return { { QStringLiteral("ok"), false },
             { QStringLiteral("code"), plain.error().code },
             { QStringLiteral("message"), plain.error().message } };
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        fail(QStringLiteral("usage: crosscheck_tool COMMAND DIR (see the source)"));
    const QString command = args.at(1);
    const QDir dir(args.at(2));
    if (!dir.exists())
        fail(QStringLiteral("no such directory: %1").arg(dir.path()));

    QJsonValue output;
    if (command == QLatin1String("init")) {
        output = init(dir);
    } else {
        const Material material = load(dir);
        PlatformKeys keys; // a merchant mid-migration: both modes configured
        keys.addCertificate(material.platformCertificate);
        keys.setPublicKey(PublicKeyId, material.publicKeyKey.publicKey());

        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            fail(QStringLiteral("cannot read stdin"));
        QJsonParseError error {};
        const QJsonDocument input = QJsonDocument::fromJson(in.readAll(), &error);
        if (!input.isArray())
            fail(QStringLiteral("stdin is not a JSON array: %1").arg(error.errorString()));

        QJsonArray answers;
        for (const QJsonValue &item : input.array()) {
            const QJsonObject o = item.toObject();
            if (command == QLatin1String("sign-requests"))
                answers.append(signRequest(material, o));
            else if (command == QLatin1String("verify-requests"))
                answers.append(verifyRequest(material, o));
            else if (command == QLatin1String("sign-responses"))
                answers.append(signResponse(material, o));
            else if (command == QLatin1String("verify-responses"))
                answers.append(verifyResponse(keys, o));
            else if (command == QLatin1String("encrypt"))
                answers.append(encrypt(o));
            else if (command == QLatin1String("decrypt"))
                answers.append(decrypt(o));
            else
                fail(QStringLiteral("unknown command %1").arg(command));
        }
        output = answers;
    }
    const QByteArray json = output.isArray() ? QJsonDocument(output.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(output.toObject()).toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fputc('\n', stdout);
    return 0;
}
