// SPDX-License-Identifier: MIT
// Shared by the sandbox integration tests: a merchant client that signs with
// core's RequestSigner and checks answers with ResponseVerifier over real
// sockets, and a notification receiver (a QHttpServer) that answers as told.
#pragma once

#include "sandboxserver.h"
#include "testfixtures.h"
#include "wechatpay/encryptedresource.h"
#include "wechatpay/requestsigner.h"
#include "wechatpay/responseverifier.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <functional>
#include <optional>

namespace paydesk::testing {

using sandbox::SandboxServer;

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    qint64 elapsedMs = 0;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString code() const { return json().value(QLatin1String("code")).toString(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool transportFailed() const { return error != QNetworkReply::NoError && status == 0; }
};

// What to do to a request before it goes out, to play a broken or hostile client.
struct RequestTweaks
{
    bool sign = true;
    std::optional<qint64> timestamp; // default now
    QByteArray nonce; // default random
    QByteArray signedTarget; // sign this instead of the target sent
    QByteArray signedBody; // sign this instead of the body sent
    std::optional<QByteArray> sentBody; // send this instead of the body signed
    QString serial; // serial_no to claim
    QString mchid; // mchid to claim
    QByteArray authorization; // send this header verbatim
    bool accept = true;
    bool userAgent = true;
    QList<std::pair<QByteArray, QByteArray>> headers; // sent as well, e.g. Wechatpay-Serial
    int timeoutMs = 10000;
};

// One merchant talking to the sandbox, like ApiClient would: the body is
// serialised once, those bytes are signed and sent.
class MerchantClient
{
public:
    MerchantClient(QUrl baseUrl, QString mchid, QString serial, PrivateKey key)
        : m_baseUrl(std::move(baseUrl)), m_mchid(std::move(mchid)), m_serial(std::move(serial)), m_key(std::move(key))
    {
    }

    void setTlsCertificate(const Certificate &certificate) { m_tls = certificate; }
    const QUrl &baseUrl() const { return m_baseUrl; }
    const QString &mchid() const { return m_mchid; }

    HttpReply call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                   const RequestTweaks &tweaks = {})
    {
        QNetworkRequest request(QUrl::fromEncoded(m_baseUrl.toEncoded() + target, QUrl::StrictMode));
        if (tweaks.accept)
            request.setRawHeader("Accept", "application/json");
        if (tweaks.userAgent)
            request.setRawHeader("User-Agent", "PayDesk-Test/1.0 (Qt)");
        else
            request.setRawHeader("User-Agent", QByteArray());
        for (const auto &[name, value] : tweaks.headers)
            request.setRawHeader(name, value);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!tweaks.authorization.isEmpty()) {
            request.setRawHeader("Authorization", tweaks.authorization);
        } else if (tweaks.sign) {
            request.setRawHeader("Authorization", authorization(method, target, body, tweaks));
        }
        request.setTransferTimeout(tweaks.timeoutMs);
        if (!m_tls.isNull()) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.addCaCertificate(QSslCertificate(m_tls.toPem()));
            request.setSslConfiguration(tls);
        }
        const QByteArray sent = tweaks.sentBody.value_or(body);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply
            = method == "GET" ? m_network.get(request) : m_network.sendCustomRequest(request, method, sent);
        const bool done = QTest::qWaitFor([reply]() { return reply->isFinished(); }, tweaks.timeoutMs + 5000);
        HttpReply result;
        result.elapsedMs = timer.elapsed();
        if (!done) {
            reply->abort();
            result.error = QNetworkReply::TimeoutError;
            result.errorString = QStringLiteral("no answer");
        } else {
            result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            result.body = reply->isOpen() ? reply->readAll() : QByteArray();
            result.headers = reply->rawHeaderPairs();
            result.error = reply->error();
            result.errorString = reply->errorString();
        }
        reply->deleteLater();
        return result;
    }

    HttpReply post(const QByteArray &target, const QJsonObject &body, const RequestTweaks &tweaks = {})
    {
        return call("POST", target, QJsonDocument(body).toJson(QJsonDocument::Compact), tweaks);
    }
    HttpReply get(const QByteArray &target, const RequestTweaks &tweaks = {})
    {
        return call("GET", target, {}, tweaks);
    }

    QByteArray authorization(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                             const RequestTweaks &tweaks = {}) const
    {
        const RequestSigner signer(tweaks.mchid.isEmpty() ? m_mchid : tweaks.mchid,
                                   tweaks.serial.isEmpty() ? m_serial : tweaks.serial, m_key);
        const qint64 timestamp = tweaks.timestamp.value_or(QDateTime::currentSecsSinceEpoch());
        const QByteArray nonce = tweaks.nonce.isEmpty() ? QByteArray("0123456789abcdefABCDEF0123456789") : tweaks.nonce;
        const QByteArray signedTarget = tweaks.signedTarget.isEmpty() ? target : tweaks.signedTarget;
        const QByteArray signedBody = tweaks.signedBody.isEmpty() ? body : tweaks.signedBody;
        return signer.authorization(method, signedTarget, signedBody, timestamp, nonce).value();
    }

    // The request written byte for byte on a plain socket: for targets QUrl would rewrite.
    HttpReply raw(const QByteArray &method, const QByteArray &target, const QByteArray &body = {}, bool accept = true,
                  bool userAgent = true)
    {
        QTcpSocket socket;
        socket.connectToHost(m_baseUrl.host(), quint16(m_baseUrl.port()));
        if (!socket.waitForConnected(5000))
            return {};
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: " + m_baseUrl.authority().toLatin1()
            + "\r\nConnection: close\r\n";
        if (accept)
            request += "Accept: application/json\r\n";
        if (userAgent)
            request += "User-Agent: raw-test\r\n";
        if (!body.isEmpty())
            request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        request += "Authorization: " + authorization(method, target, body) + "\r\n\r\n" + body;
        socket.write(request);
        QByteArray answer;
        const bool closed = QTest::qWaitFor(
            [&]() {
                answer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            5000);
        answer += socket.readAll();
        HttpReply result;
        if (!closed) {
            result.error = QNetworkReply::TimeoutError;
            return result;
        }
        const qsizetype split = answer.indexOf("\r\n\r\n");
        const QList<QByteArray> statusLine = answer.left(answer.indexOf("\r\n")).split(' ');
        result.status = statusLine.value(1).toInt();
        result.body = split < 0 ? QByteArray() : answer.mid(split + 4);
        return result;
    }

private:
    QUrl m_baseUrl;
    QString m_mchid;
    QString m_serial;
    PrivateKey m_key;
    Certificate m_tls;
    QNetworkAccessManager m_network;
};

// The control API over HTTP (no signature).
inline HttpReply control(const QUrl &baseUrl, const QByteArray &method, const QByteArray &path,
                         const QJsonObject &body = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl::fromEncoded(baseUrl.toEncoded() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(
        request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
    HttpReply result;
    if (!QTest::qWaitFor([reply]() { return reply->isFinished(); }, 10000)) {
        reply->abort();
        result.error = QNetworkReply::TimeoutError;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    result.error = reply->error();
    delete reply;
    return result;
}

// Verifies an answer the way ApiClient does.
inline Result<void, VerifyFailure> verifyAnswer(const HttpReply &reply, const PlatformKeys &keys)
{
    const ResponseVerifier verifier(&keys);
    return verifier.verify(SignedHeaders::fromHeaders(reply.headers), reply.body);
}

// A merchant's notification listener: records every delivery and answers with
// the next status from `script` (then `fallback`); a status of 0 means "never
// answer" (the sandbox's timeout has to kick in).
class NotificationReceiver
{
public:
    struct Delivery
    {
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QDateTime at;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    NotificationReceiver()
    {
        m_server.route(QStringLiteral("/paydesk/notify"), QHttpServerRequest::Method::Post,
                       [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                           Delivery d { request.body(), request.headers(), QDateTime::currentDateTimeUtc() };
                           deliveries.append(d);
                           const int status = script.isEmpty() ? fallback : script.takeFirst();
                           if (status == 0) {
                               m_stalled.append(std::make_shared<QHttpServerResponder>(std::move(responder)));
                               return;
                           }
                           responder.write(status == 204 ? QByteArray()
                                                         : QByteArray("{\"code\":\"FAIL\",\"message\":\"test\"}"),
                                           "application/json", QHttpServerResponder::StatusCode(status));
                       });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/paydesk/notify").arg(m_port); }

    bool waitFor(int count, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&]() { return deliveries.size() >= count; }, timeoutMs);
    }

    // Verifies a delivery's signature and decrypts its resource.
    static QJsonObject open(const Delivery &delivery, const PlatformKeys &keys, const QByteArray &apiV3Key,
                            QString *problem = nullptr)
    {
        const ResponseVerifier verifier(&keys);
        auto verified = verifier.verify(SignedHeaders::fromHeaders(delivery.headers), delivery.body);
        if (!verified) {
            if (problem)
                *problem = verified.error().message;
            return {};
        }
        auto resource = EncryptedResource::fromJson(delivery.json().value(QLatin1String("resource")).toObject());
        if (!resource) {
            if (problem)
                *problem = resource.error().message;
            return {};
        }
        auto plain = resource->decrypt(apiV3Key);
        if (!plain) {
            if (problem)
                *problem = plain.error().message;
            return {};
        }
        return QJsonDocument::fromJson(*plain).object();
    }

    QList<Delivery> deliveries;
    QList<int> script;
    int fallback = 204;

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QList<std::shared_ptr<QHttpServerResponder>> m_stalled;
};

// A sandbox with the test world's merchant registered (plus a sub-merchant),
// on a free loopback port, fast: refunds settle in 200 ms, the retry
// schedule runs 1000 times faster, today's bill is ready at once.
struct SandboxFixture
{
    TestWorld world;
    std::unique_ptr<SandboxServer> server;
    std::unique_ptr<MerchantClient> client;
    std::unique_ptr<MerchantClient> subClient; // signs as the sub-merchant (same certificate)
    QString subMchid = QStringLiteral("1900000110");

    static sandbox::SandboxOptions fastOptions()
    {
        sandbox::SandboxOptions options;
        options.refundDelayMs = 200;
        options.timeScale = 1000;
        options.immediateBills = true;
        options.notifyTimeoutMs = 1000;
        return options;
    }

    bool start(sandbox::SandboxOptions options = fastOptions(), sandbox::KeyMode mode = sandbox::KeyMode::Certificate)
    {
        server = std::make_unique<SandboxServer>(options);
        auto started = server->start();
        if (!started) {
            qWarning() << started.error().message;
            return false;
        }
        if (!registerMerchants(mode))
            return false;
        makeClients();
        return true;
    }

    bool registerMerchants(sandbox::KeyMode mode = sandbox::KeyMode::Certificate, const QString &refundNotifyUrl = {})
    {
        sandbox::MerchantRegistration merchant;
        merchant.mchid = QStringLiteral("1900000109");
        merchant.appid = QStringLiteral("wxd678efh567hg6787");
        merchant.name = QStringLiteral("Test Store");
        merchant.apiV3Key = world.apiV3Key;
        merchant.certificate = world.merchant.certificate;
        merchant.keyMode = mode;
        merchant.refundNotifyUrl = refundNotifyUrl;
        sandbox::MerchantRegistration sub = merchant;
        sub.mchid = subMchid;
        sub.name = QStringLiteral("Test Sub-merchant");
        return server->registerMerchant(merchant).ok() && server->registerMerchant(sub).ok();
    }

    void makeClients()
    {
        client = std::make_unique<MerchantClient>(server->baseUrl(), QStringLiteral("1900000109"),
                                                  world.merchant.certificate.serialHex(), world.merchant.key);
        subClient = std::make_unique<MerchantClient>(server->baseUrl(), subMchid,
                                                     world.merchant.certificate.serialHex(), world.merchant.key);
        if (server->options().https) {
            client->setTlsCertificate(server->tlsCertificate());
            subClient->setTlsCertificate(server->tlsCertificate());
        }
    }

    PlatformKeys keys() const { return server->platformKeys(); }
    const QByteArray &apiV3Key() const { return world.apiV3Key; }

    QJsonObject nativeOrder(const QString &outTradeNo, qint64 total, const QString &notifyUrl,
                            const QString &description = QStringLiteral("Coffee")) const
    {
        return {
            { QStringLiteral("appid"), QStringLiteral("wxd678efh567hg6787") },
            { QStringLiteral("mchid"), QStringLiteral("1900000109") },
            { QStringLiteral("description"), description },
            { QStringLiteral("out_trade_no"), outTradeNo },
            { QStringLiteral("notify_url"), notifyUrl },
            { QStringLiteral("amount"),
              QJsonObject { { QStringLiteral("total"), total },
                            { QStringLiteral("currency"), QStringLiteral("CNY") } } },
            { QStringLiteral("scene_info"),
              QJsonObject { { QStringLiteral("payer_client_ip"), QStringLiteral("127.0.0.1") },
                            { QStringLiteral("device_id"), QStringLiteral("POS-1") } } },
        };
    }

    // Creates a Native order and returns its code_url (empty on failure).
    QString createOrder(const QString &outTradeNo, qint64 total,
                        const QString &notifyUrl = QStringLiteral("https://example.com/notify"))
    {
        const HttpReply reply = client->post("/v3/pay/transactions/native", nativeOrder(outTradeNo, total, notifyUrl));
        return reply.json().value(QLatin1String("code_url")).toString();
    }

    SandboxServer::ControlReply customer(const QString &action, const QJsonObject &body)
    {
        return server->control("POST", QStringLiteral("/sandbox/customer/") + action, body);
    }

    // Query by out_trade_no; the transaction JSON.
    QJsonObject query(const QString &outTradeNo)
    {
        return client
            ->get("/v3/pay/transactions/out-trade-no/" + QUrl::toPercentEncoding(outTradeNo) + "?mchid=1900000109")
            .json();
    }

    QJsonObject refundBody(const QString &outTradeNo, const QString &outRefundNo, qint64 refund, qint64 total,
                           const QString &notifyUrl = {}) const
    {
        QJsonObject body { { QStringLiteral("out_trade_no"), outTradeNo },
                           { QStringLiteral("out_refund_no"), outRefundNo },
                           { QStringLiteral("reason"), QStringLiteral("test") },
                           { QStringLiteral("amount"),
                             QJsonObject { { QStringLiteral("refund"), refund },
                                           { QStringLiteral("total"), total },
                                           { QStringLiteral("currency"), QStringLiteral("CNY") } } } };
        if (!notifyUrl.isEmpty())
            body.insert(QStringLiteral("notify_url"), notifyUrl);
        return body;
    }
};

} // namespace paydesk::testing
