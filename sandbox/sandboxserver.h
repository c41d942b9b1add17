// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "faultinjector.h"
#include "result.h"
#include "sandboxtypes.h"
#include "wechatpay/platformkeys.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <memory>

namespace paydesk::sandbox {

// How a SandboxServer runs; every field has a working default.
struct SandboxOptions
{
    QString dataDir; // folder for sandbox.db; empty: in memory, gone at exit
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0: a free port (see baseUrl())
    bool https = false; // self-signed TLS certificate (tlsCertificate())
    quint32 seed = 20240520; // fault decisions and notifications' key choices in "both" mode
    double timeScale = 1.0; // divides the notification retry schedule and the refund interval
    int refundDelayMs = 3000;
    int refundIntervalSeconds = 60;
    bool immediateBills = false; // today's bill at once (WeChat Pay: from 10:00 the next day)
    KeyMode keyMode = KeyMode::Certificate; // default for registered merchants
    // "both" mode: answers are signed with the key the request's Wechatpay-Serial
    // asks for; notifications follow the gradual switch-over, this share of them
    // signed with the public key.
    int notifyPublicKeyPercent = 50;
    int notifyTimeoutMs = 5000;
    QList<FaultRule> faults;
};

// A faithful local WeChat Pay APIv3 server (see docs/sandbox.md): the same
// paths, JSON, status codes, error bodies and signatures as WeChat Pay, so code
// that passes against it passes against WeChat Pay. It verifies every /v3
// request against the merchant's registered certificate (over the raw
// request-target and body), signs every 2xx answer with its own platform key,
// keeps orders, refunds and a ledger in SQLite, serves platform certificates
// and trade bills in the real format, and delivers notifications on the real
// retry schedule. A control API under /sandbox/ plays the customer and injects
// faults. Runs in-process (tests, the GUI's training mode) or as
// paydesk-sandbox.
//
// Lives in the thread that created it; everything is asynchronous on that
// thread's event loop.
class SandboxServer : public QObject
{
    Q_OBJECT

public:
    using Options = SandboxOptions;

    explicit SandboxServer(Options options = {}, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Opens the store, loads or makes the platform keys, listens.
    Result<void> start();
    void stop();
    bool isRunning() const;
    QUrl baseUrl() const; // http(s)://127.0.0.1:PORT
    quint16 port() const;
    const Options &options() const;

    // Registers (or replaces) a merchant. Its key mode defaults to Options::keyMode.
    Result<void> registerMerchant(const MerchantRegistration &merchant);
    Result<void> setKeyMode(const QString &mchid, KeyMode mode);
    QStringList merchantIds() const;

    // The platform's side, as a merchant obtains it.
    QList<Certificate> platformCertificates() const; // valid ones, oldest first
    Certificate activePlatformCertificate() const; // the one that signs
    QString platformPublicKeyId() const; // PUB_KEY_ID_...
    PublicKey platformPublicKey() const;
    PlatformKeys platformKeys() const; // all of the above
    Certificate tlsCertificate() const; // HTTPS only: trust this in the client

    // A new platform certificate beside the old ones; it signs from now on when `activate`.
    Result<Certificate> rotatePlatformCertificate(bool activate = true);

    int addFault(const FaultRule &rule);
    bool removeFault(int id);
    void clearFaults();
    QList<FaultRule> faults() const;

    // The sandbox's clock runs this many seconds off real time.
    void setClockOffset(qint64 seconds);
    qint64 clockOffset() const;

    // Forgets orders, refunds, ledger, notifications; keeps merchants and keys.
    Result<void> reset();
    // Delivers every pending notification now, skipping the wait.
    int flushNotifications();

    // The control API in-process, same paths and JSON as over HTTP
    // ("/sandbox/customer/pay", {"out_trade_no": "..."}).
    struct ControlReply
    {
        int status = 200;
        QJsonDocument body;
    };
    ControlReply control(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    // Writes a ready-to-use training merchant into `dir` (see TrainingOptions):
    // merchant key, certificate and APIv3 key, the sandbox's data with the
    // merchant and two sub-merchants registered, and DIR/paydesk.json.
    static Result<TrainingMerchant> initTrainingMerchant(const QString &dir, const TrainingOptions &options = {});

signals:
    // kind: "order", "refund", "notification", "request"; `what` says which and how.
    void activity(const QString &kind, const QJsonObject &what);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace paydesk::sandbox
