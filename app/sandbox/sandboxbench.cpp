// SPDX-License-Identifier: MIT
#include "sandboxbench.h"

#include "crypto/certificate.h"
#include "crypto/privatekey.h"
#include "sandboxserver.h"
#include "wechatpay/requestsigner.h"
#include "wechatpay/responseverifier.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <functional>

#ifdef Q_OS_UNIX
#include <time.h>
#endif

namespace paydesk::sandbox {

namespace {

const QString kMchid = QStringLiteral("1900000109");
const QString kAppid = QStringLiteral("wxd678efh567hg6787");

// Runs a SandboxServer on its own thread, so the figure is the server's and
// not the client's signing competing for the same event loop.
class SandboxThread
{
public:
    ~SandboxThread()
    {
        if (m_thread.isRunning()) {
            QMetaObject::invokeMethod(
                m_host,
                [this]() {
                    delete m_server;
                    m_server = nullptr;
                },
                Qt::BlockingQueuedConnection);
            m_thread.quit();
            m_thread.wait();
        }
        delete m_host;
    }

    Result<void> start(const SandboxOptions &options, const MerchantRegistration &merchant)
    {
        m_host = new QObject;
        m_host->moveToThread(&m_thread);
        m_thread.start();
        Result<void> started;
        QMetaObject::invokeMethod(
            m_host,
            [&]() {
                m_server = new SandboxServer(options);
                started = m_server->start();
                if (started)
                    started = m_server->registerMerchant(merchant);
                if (started) {
                    baseUrl = m_server->baseUrl();
                    keys = m_server->platformKeys();
                    tls = m_server->tlsCertificate();
                }
            },
            Qt::BlockingQueuedConnection);
        return started;
    }

    // CPU seconds the sandbox's thread has used so far (-1 where unknown).
    double serverCpuSeconds()
    {
        double seconds = -1;
#ifdef Q_OS_UNIX
        QMetaObject::invokeMethod(
            m_host,
            [&]() {
                timespec ts {};
                if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
                    seconds = double(ts.tv_sec) + ts.tv_nsec / 1e9;
            },
            Qt::BlockingQueuedConnection);
#endif
        return seconds;
    }

    QUrl baseUrl;
    PlatformKeys keys;
    Certificate tls;

private:
    QThread m_thread;
    QObject *m_host = nullptr;
    SandboxServer *m_server = nullptr;
};

} // namespace

int runBench(const BenchOptions &options, QTextStream &out)
{
    auto key = PrivateKey::generateRsa(2048);
    Certificate::Options certOptions;
    certOptions.commonName = kMchid;
    auto certificate = Certificate::create(key->publicKey(), *key, certOptions);
    MerchantRegistration merchant;
    merchant.mchid = kMchid;
    merchant.appid = kAppid;
    merchant.apiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    merchant.certificate = *certificate;

    SandboxOptions sandboxOptions;
    sandboxOptions.https = options.https;
    SandboxThread sandbox;
    auto started = sandbox.start(sandboxOptions, merchant);
    if (!started) {
        out << "paydesk-sandbox bench: " << started.error().message << Qt::endl;
        return 1;
    }
    out << "benchmarking " << sandbox.baseUrl.toString() << " for " << options.seconds << " s, " << options.concurrency
        << " requests in flight (signed create + query, answers verified)" << Qt::endl;

    const RequestSigner signer(kMchid, certificate->serialHex(), *key);
    const ResponseVerifier verifier(&sandbox.keys);
    QNetworkAccessManager network;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (options.https)
        tls.addCaCertificate(QSslCertificate(sandbox.tls.toPem()));

    const double cpuBefore = sandbox.serverCpuSeconds();
    qint64 completed = 0, failed = 0, sequence = 0;
    QList<qint64> latenciesUs;
    bool running = true;
    QElapsedTimer clock;
    clock.start();

    std::function<void()> next;
    auto send
        = [&](const QByteArray &method, const QByteArray &target, const QByteArray &body, std::function<void()> then) {
              QNetworkRequest request(QUrl::fromEncoded(sandbox.baseUrl.toEncoded() + target));
              request.setRawHeader("Accept", "application/json");
              request.setRawHeader("User-Agent", "paydesk-sandbox-bench");
              request.setRawHeader("Authorization", signer.authorization(method, target, body).value());
              if (!body.isEmpty())
                  request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
              if (options.https)
                  request.setSslConfiguration(tls);
              const qint64 startedNs = clock.nsecsElapsed();
              QNetworkReply *reply = method == "GET" ? network.get(request) : network.post(request, body);
              QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, startedNs, then]() {
                  reply->deleteLater();
                  const QByteArray answer = reply->readAll();
                  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                  const bool ok = status == 200
                      && verifier.verify(SignedHeaders::fromHeaders(reply->rawHeaderPairs()), answer).ok();
                  if (ok) {
                      ++completed;
                      latenciesUs.append((clock.nsecsElapsed() - startedNs) / 1000);
                  } else {
                      ++failed;
                      if (failed <= 3)
                          out << "  failed: HTTP " << status << " " << answer.left(200) << Qt::endl;
                  }
                  if (running)
                      then();
              });
          };
    next = [&]() {
        const QString outTradeNo = QStringLiteral("BENCH%1").arg(++sequence, 12, 10, QLatin1Char('0'));
        const QJsonObject order { { QStringLiteral("appid"), kAppid },
                                  { QStringLiteral("mchid"), kMchid },
                                  { QStringLiteral("description"), QStringLiteral("bench") },
                                  { QStringLiteral("out_trade_no"), outTradeNo },
                                  { QStringLiteral("notify_url"), QStringLiteral("https://example.com/notify") },
                                  { QStringLiteral("amount"), QJsonObject { { QStringLiteral("total"), 1 } } } };
        send("POST", "/v3/pay/transactions/native", QJsonDocument(order).toJson(QJsonDocument::Compact),
             [&, outTradeNo]() {
                 send("GET",
                      "/v3/pay/transactions/out-trade-no/" + outTradeNo.toLatin1() + "?mchid=" + kMchid.toLatin1(), {},
                      [&]() { next(); });
             });
    };
    for (int worker = 0; worker < options.concurrency; ++worker)
        next();
    QTimer::singleShot(options.seconds * 1000, [&]() { running = false; });
    while (running)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double elapsed = clock.nsecsElapsed() / 1e9;
    const double cpuUsed = sandbox.serverCpuSeconds() - cpuBefore;
    // Let requests in flight finish before the sandbox goes away.
    QElapsedTimer drain;
    drain.start();
    while (network.findChildren<QNetworkReply *>().size() > 0 && drain.elapsed() < 3000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);

    std::sort(latenciesUs.begin(), latenciesUs.end());
    auto percentile = [&](double p) {
        return latenciesUs.isEmpty()
            ? 0.0
            : latenciesUs.at(qMin(latenciesUs.size() - 1, qsizetype(p * latenciesUs.size()))) / 1000.0;
    };
    out << Qt::fixed << qSetRealNumberPrecision(1);
    out << "requests: " << completed << " ok, " << failed << " failed in " << elapsed << " s" << Qt::endl;
    out << "throughput: " << completed / elapsed << " requests/s (" << completed / elapsed / 2
        << " create+query pairs/s)" << Qt::endl;
    out << qSetRealNumberPrecision(2) << "latency: p50 " << percentile(0.5) << " ms, p90 " << percentile(0.9)
        << " ms, p99 " << percentile(0.99) << " ms" << Qt::endl;
    if (cpuBefore >= 0 && completed > 0) {
        // The sandbox's own cost, without the client's signing: what one core could serve.
        const double perRequestMs = cpuUsed * 1000.0 / double(completed + failed);
        out << "sandbox thread CPU: " << perRequestMs << " ms a request, i.e. about " << qSetRealNumberPrecision(0)
            << 1000.0 / perRequestMs << " requests/s per core for the sandbox alone" << Qt::endl;
    }
    return failed == 0 ? 0 : 2;
}

} // namespace paydesk::sandbox
