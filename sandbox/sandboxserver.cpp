// SPDX-License-Identifier: MIT
#include "sandboxserver.h"

#include "billdesk.h"
#include "controlapi.h"
#include "crypto/securerandom.h"
#include "httpfrontend.h"
#include "jsonfields.h"
#include "notificationdispatcher.h"
#include "orderdesk.h"
#include "platformidentity.h"
#include "refunddesk.h"
#include "sandboxcontext.h"
#include "sandboxstore.h"
#include "v3router.h"
#include "wechattime.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSaveFile>
#include <QTimer>
#include <tuple>

namespace paydesk::sandbox {

struct SandboxServer::Private
{
    SandboxServer *q;
    Options options;
    SandboxStore store;
    SandboxContext context;
    PlatformIdentity identity { &store };
    FaultInjector faults;
    std::unique_ptr<NotificationDispatcher> notifier;
    std::unique_ptr<OrderDesk> orders;
    std::unique_ptr<RefundDesk> refunds;
    std::unique_ptr<BillDesk> bills;
    std::unique_ptr<V3Router> router;
    std::unique_ptr<ControlApi> control;
    HttpFrontend *frontend = nullptr;
    bool opened = false;
    quint16 port = 0;
    QUrl baseUrl;

    Private(SandboxServer *server, Options o) : q(server), options(std::move(o)), faults(options.seed) { }

    Result<void> open();
    Result<void> loadMerchants();
    void dispatch(HttpRequest request, Exchange exchange);
    void runApiCall(const HttpRequest &request, const Exchange &exchange, const FaultInjector::ApiPlan &plan);
    // Signs a 2xx answer as the merchant asked (requestedSerial: the request's Wechatpay-Serial).
    void finalize(HttpResponse &response, const FaultInjector::ApiPlan *plan, QByteArrayView requestedSerial = {});
};

Result<void> SandboxServer::Private::open()
{
    if (opened)
        return {};
    QString path;
    if (!options.dataDir.isEmpty()) {
        if (!QDir().mkpath(options.dataDir)) {
            return makeError(QStringLiteral("data_dir_unwritable"),
                             QStringLiteral("cannot create the sandbox data folder %1").arg(options.dataDir));
        }
        path = QDir(options.dataDir).filePath(QStringLiteral("sandbox.db"));
    }
    auto openedStore = store.open(path);
    if (!openedStore)
        return openedStore;

    context.settings.timeScale = options.timeScale > 0 ? options.timeScale : 1.0;
    context.settings.refundDelayMs = options.refundDelayMs;
    context.settings.refundIntervalSeconds = options.refundIntervalSeconds;
    context.settings.immediateBills = options.immediateBills;
    context.settings.defaultKeyMode = options.keyMode;
    context.settings.notifyTimeoutMs = options.notifyTimeoutMs;
    context.settings.notifyPublicKeyPercent = options.notifyPublicKeyPercent;
    context.store = &store;
    context.identity = &identity;
    context.faults = &faults;
    context.clock.setOffsetSeconds(store.setting(QStringLiteral("clock_offset"), QStringLiteral("0")).toLongLong());
    context.event = [this](const QString &kind, const QJsonObject &what) {
        emit q->activity(kind, what);
    };
    identity.setReuseGeneratedKeys(options.dataDir.isEmpty());

    auto loaded = identity.load();
    if (!loaded)
        return loaded;
    auto merchantsLoaded = loadMerchants();
    if (!merchantsLoaded)
        return merchantsLoaded;

    notifier = std::make_unique<NotificationDispatcher>(&context);
    context.notifier = notifier.get();
    orders = std::make_unique<OrderDesk>(&context);
    refunds = std::make_unique<RefundDesk>(&context);
    bills = std::make_unique<BillDesk>(&context);
    router = std::make_unique<V3Router>(&context, orders.get(), refunds.get(), bills.get());
    control = std::make_unique<ControlApi>(q, &context, orders.get(), refunds.get(), bills.get());
    for (const FaultRule &rule : options.faults)
        faults.add(rule);
    opened = true;
    return {};
}

Result<void> SandboxServer::Private::loadMerchants()
{
    context.merchants.clear();
    for (const MerchantRecord &record : store.merchants()) {
        Merchant merchant { record, {} };
        if (!record.publicKeyPem.isEmpty()) {
            auto key = PublicKey::fromPem(record.publicKeyPem);
            if (!key)
                return key.error();
            merchant.verifyKey = *key;
        }
        context.merchants.insert(record.mchid, merchant);
    }
    return {};
}

void SandboxServer::Private::finalize(HttpResponse &response, const FaultInjector::ApiPlan *plan,
                                      QByteArrayView requestedSerial)
{
    const qint64 now = context.clock.now();
    response.setHeader("Server", "paydesk-sandbox");
    response.setHeader("Date", WechatTime::httpDate(now));
    if (response.requestId)
        response.setHeader("Request-ID", SecureRandom::bytes(20).toHex().toUpper());
    if (!response.sign || !response.isSuccess())
        return;
    const Merchant *merchant = context.merchant(response.mchid);
    const KeyMode mode = merchant ? merchant->record.keyMode : context.settings.defaultKeyMode;
    const ResponseSigner signer = identity.answerSigner(mode, requestedSerial);
    const qint64 timestamp = now + (plan ? plan->skewSeconds : 0);
    auto headers = signer.sign(response.body, timestamp, SecureRandom::alphanumeric(32));
    if (!headers) {
        qCWarning(lcSandbox) << "cannot sign an answer:" << headers.error().message;
        return;
    }
    for (auto [name, value] : *headers) {
        if (plan && plan->badSignature && name == "Wechatpay-Signature") {
            QByteArray raw = QByteArray::fromBase64(value);
            raw[raw.size() / 2] = char(raw.at(raw.size() / 2) ^ 0x5a);
            value = raw.toBase64();
        }
        if (plan && plan->wrongSerial && name == "Wechatpay-Serial")
            value = SecureRandom::bytes(20).toHex().toUpper();
        response.setHeader(name, value);
    }
}

void SandboxServer::Private::dispatch(HttpRequest request, Exchange exchange)
{
    const QString first = request.segments.value(0);
    if (first == QLatin1String("sandbox")) {
        QJsonObject body;
        if (!request.body.trimmed().isEmpty()) {
            std::optional<HttpResponse> failure;
            const auto parsed = JsonFields::parseBody(request.body, &failure);
            if (!parsed) {
                HttpResponse response = *failure;
                finalize(response, nullptr);
                exchange.respond(response);
                return;
            }
            body = *parsed;
        }
        HttpResponse response = control->handle(request.method, request.segments.mid(1), request, body);
        finalize(response, nullptr);
        exchange.respond(response);
        return;
    }
    if (first != QLatin1String("v3")) {
        HttpResponse response
            = HttpResponse::error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("请求的资源不存在"));
        finalize(response, nullptr);
        exchange.respond(response);
        return;
    }
    const FaultInjector::ApiPlan plan = faults.planApiCall(request.method, request.path());
    if (plan.latencyMs > 0) {
        QTimer::singleShot(plan.latencyMs, q,
                           [this, request, exchange, plan]() { runApiCall(request, exchange, plan); });
        return;
    }
    runApiCall(request, exchange, plan);
}

void SandboxServer::Private::runApiCall(const HttpRequest &request, const Exchange &exchange,
                                        const FaultInjector::ApiPlan &plan)
{
    auto log = [&](int status, const QString &what, const QByteArray &signedWith = {}) {
        qCInfo(lcSandbox).noquote() << request.method << QString::fromUtf8(request.target) << "->" << what
                                    << (plan.fired.isEmpty()
                                            ? QString()
                                            : QStringLiteral("[faults: %1]").arg(plan.fired.join(QLatin1Char(','))));
        emit q->activity(QStringLiteral("request"),
                         { { QStringLiteral("method"), QString::fromLatin1(request.method) },
                           { QStringLiteral("target"), QString::fromUtf8(request.target) },
                           { QStringLiteral("status"), status },
                           { QStringLiteral("raw_target"), request.targetFromWire },
                           { QStringLiteral("signed_with"), QString::fromLatin1(signedWith) },
                           { QStringLiteral("faults"), QJsonArray::fromStringList(plan.fired) } });
    };
    using Kind = FaultRule::Kind;
    if (plan.outcome == Kind::Reset) {
        log(0, QStringLiteral("connection reset"));
        exchange.abort();
        return;
    }
    HttpResponse response;
    if (plan.outcome == Kind::SystemError)
        response = Errors::systemError();
    else if (plan.outcome == Kind::BankError)
        response = Errors::bankError();
    else if (plan.outcome == Kind::FrequencyLimited)
        response = Errors::frequencyLimited();
    else
        response = router->handle(request);
    finalize(response, &plan, request.header("Wechatpay-Serial"));
    if (plan.outcome == Kind::LostAnswer) {
        log(response.status, QStringLiteral("%1, answer lost").arg(response.status));
        exchange.abort();
        return;
    }
    log(response.status, QString::number(response.status), response.header("Wechatpay-Serial"));
    exchange.respond(response);
}

SandboxServer::SandboxServer(Options options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, std::move(options)))
{
}

SandboxServer::~SandboxServer()
{
    stop();
}

Result<void> SandboxServer::start()
{
    if (d->frontend)
        return {};
    auto opened = d->open();
    if (!opened)
        return opened;

    QHostAddress address = d->options.address;
    QString host = address.toString();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::LocalHost)
        host = QStringLiteral("127.0.0.1");
    else if (address == QHostAddress::AnyIPv6 || address == QHostAddress::LocalHostIPv6)
        host = QStringLiteral("[::1]");
    std::optional<QSslConfiguration> tls;
    if (d->options.https) {
        auto configuration
            = d->identity.tlsConfiguration(host.startsWith(QLatin1Char('[')) ? QStringLiteral("::1") : host);
        if (!configuration)
            return configuration.error();
        tls = *configuration;
    }
    d->frontend = new HttpFrontend(
        [this](HttpRequest request, Exchange exchange) { d->dispatch(std::move(request), std::move(exchange)); }, this);
    auto port = d->frontend->listenOn(address, d->options.port, tls);
    if (!port) {
        delete d->frontend;
        d->frontend = nullptr;
        return port.error();
    }
    d->port = *port;
    d->baseUrl = QUrl(QStringLiteral("%1://%2:%3")
                          .arg(d->options.https ? QStringLiteral("https") : QStringLiteral("http"), host)
                          .arg(d->port));
    d->context.baseUrl = d->baseUrl.toString();
    d->notifier->resume();
    d->refunds->resume();
    qCInfo(lcSandbox).noquote() << "sandbox listening on" << d->context.baseUrl
                                << (d->options.dataDir.isEmpty()
                                        ? QStringLiteral("(in memory)")
                                        : QStringLiteral("(data in %1)").arg(d->options.dataDir));
    return {};
}

void SandboxServer::stop()
{
    if (d->frontend) {
        delete d->frontend;
        d->frontend = nullptr;
    }
    if (d->notifier)
        d->notifier->stop();
    if (d->refunds)
        d->refunds->stop();
}

bool SandboxServer::isRunning() const
{
    return d->frontend != nullptr;
}

QUrl SandboxServer::baseUrl() const
{
    return d->baseUrl;
}

quint16 SandboxServer::port() const
{
    return d->port;
}

const SandboxServer::Options &SandboxServer::options() const
{
    return d->options;
}

Result<void> SandboxServer::registerMerchant(const MerchantRegistration &registration)
{
    auto opened = d->open();
    if (!opened)
        return opened;
    auto refuse = [&](const QString &message) {
        return makeError(QStringLiteral("bad_merchant"),
                         QStringLiteral("merchant %1: %2").arg(registration.mchid, message));
    };
    if (registration.mchid.isEmpty() || registration.appid.isEmpty())
        return refuse(QStringLiteral("mchid and appid are required"));
    if (!registration.apiV3Key.isEmpty() && registration.apiV3Key.size() != 32)
        return refuse(QStringLiteral("the APIv3 key must have 32 characters"));
    MerchantRecord record;
    record.mchid = registration.mchid;
    record.appid = registration.appid;
    record.name = registration.name;
    record.apiV3Key = registration.apiV3Key;
    record.keyMode = registration.keyMode.value_or(d->options.keyMode);
    record.refundNotifyUrl = registration.refundNotifyUrl;
    record.createdAt = d->context.clock.now();
    PublicKey verifyKey;
    if (!registration.certificate.isNull()) {
        record.certPem = registration.certificate.toPem();
        record.serialNo = registration.certificate.serialHex();
        verifyKey = registration.certificate.publicKey();
    } else if (!registration.publicKey.isNull()) {
        if (registration.serialNo.isEmpty())
            return refuse(QStringLiteral("a bare public key needs the serial_no its requests carry"));
        record.serialNo = registration.serialNo;
        verifyKey = registration.publicKey;
    }
    if (!verifyKey.isNull() && record.apiV3Key.isEmpty())
        return refuse(QStringLiteral("a merchant that signs requests needs an APIv3 key"));
    record.publicKeyPem = verifyKey.isNull() ? QByteArray() : verifyKey.toPem();
    auto saved = d->store.saveMerchant(record);
    if (!saved)
        return saved;
    d->context.merchants.insert(record.mchid, Merchant { record, verifyKey });
    return {};
}

Result<void> SandboxServer::setKeyMode(const QString &mchid, KeyMode mode)
{
    auto it = d->context.merchants.find(mchid);
    if (it == d->context.merchants.end())
        return makeError(QStringLiteral("not_found"), QStringLiteral("no merchant %1").arg(mchid));
    it->record.keyMode = mode;
    return d->store.saveMerchant(it->record);
}

QStringList SandboxServer::merchantIds() const
{
    QStringList ids = d->context.merchants.keys();
    ids.sort();
    return ids;
}

QList<Certificate> SandboxServer::platformCertificates() const
{
    QList<Certificate> result;
    for (const auto &c : d->identity.certificates())
        result.append(c.certificate);
    return result;
}

Certificate SandboxServer::activePlatformCertificate() const
{
    return d->identity.activeCertificate().certificate;
}

QString SandboxServer::platformPublicKeyId() const
{
    return d->identity.publicKeyId();
}

PublicKey SandboxServer::platformPublicKey() const
{
    return d->identity.publicKey();
}

PlatformKeys SandboxServer::platformKeys() const
{
    return d->identity.platformKeys();
}

Certificate SandboxServer::tlsCertificate() const
{
    return d->identity.tlsCertificate();
}

Result<Certificate> SandboxServer::rotatePlatformCertificate(bool activate)
{
    auto rotated = d->identity.rotate(activate);
    if (!rotated)
        return rotated.error();
    qCInfo(lcSandbox) << "platform certificate rotated: new serial" << rotated->certificate.serialHex()
                      << (activate ? "signs from now on" : "(not yet signing)");
    return rotated->certificate;
}

int SandboxServer::addFault(const FaultRule &rule)
{
    return d->faults.add(rule);
}

bool SandboxServer::removeFault(int id)
{
    return d->faults.remove(id);
}

void SandboxServer::clearFaults()
{
    d->faults.clear();
}

QList<FaultRule> SandboxServer::faults() const
{
    return d->faults.rules();
}

void SandboxServer::setClockOffset(qint64 seconds)
{
    d->context.clock.setOffsetSeconds(seconds);
    if (d->store.isOpen())
        d->store.setSetting(QStringLiteral("clock_offset"), QString::number(seconds));
}

qint64 SandboxServer::clockOffset() const
{
    return d->context.clock.offsetSeconds();
}

Result<void> SandboxServer::reset()
{
    if (!d->opened)
        return {};
    d->notifier->stop();
    d->refunds->stop();
    d->faults.clear();
    return d->store.resetActivity();
}

int SandboxServer::flushNotifications()
{
    return d->notifier ? d->notifier->flush() : 0;
}

SandboxServer::ControlReply SandboxServer::control(const QByteArray &method, const QString &path,
                                                   const QJsonObject &body)
{
    ControlReply reply;
    auto opened = d->open();
    if (!opened) {
        reply.status = 500;
        reply.body = QJsonDocument(QJsonObject { { QStringLiteral("code"), QStringLiteral("SYSTEM_ERROR") },
                                                 { QStringLiteral("message"), opened.error().message } });
        return reply;
    }
    HttpRequest request;
    request.method = method.toUpper();
    request.setTarget(QUrl(path).toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
    QStringList segments = request.segments;
    if (segments.value(0) == QLatin1String("sandbox"))
        segments.removeFirst();
    const HttpResponse response = d->control->handle(request.method, segments, request, body);
    reply.status = response.status;
    reply.body = QJsonDocument::fromJson(response.body);
    return reply;
}

namespace {

Result<void> writeFile(const QString &path, const QByteArray &content, bool secret)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    if (secret)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(content);
    if (!file.commit()) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    if (secret)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

} // namespace

Result<TrainingMerchant> SandboxServer::initTrainingMerchant(const QString &dirPath, const TrainingOptions &options)
{
    const QDir dir(dirPath);
    const QString profilePath = dir.filePath(QStringLiteral("paydesk.json"));
    const QString sandboxDir = dir.filePath(QStringLiteral("sandbox"));
    if (!options.overwrite
        && (QFile::exists(profilePath) || QFile::exists(QDir(sandboxDir).filePath(QStringLiteral("sandbox.db"))))) {
        return makeError(
            QStringLiteral("already_initialised"),
            QStringLiteral("%1 already holds a training merchant: use another folder, or --force to replace it")
                .arg(dirPath));
    }
    if (options.port == 0) {
        return makeError(
            QStringLiteral("bad_port"),
            QStringLiteral("a training merchant needs a fixed sandbox port: the profile's base_url names it"));
    }
    if (!dir.mkpath(QStringLiteral("merchant")) || !dir.mkpath(QStringLiteral("sandbox"))) {
        return makeError(QStringLiteral("data_dir_unwritable"),
                         QStringLiteral("cannot create folders in %1").arg(dirPath));
    }
    if (options.overwrite) {
        for (const QString &name :
             { QStringLiteral("sandbox.db"), QStringLiteral("sandbox.db-wal"), QStringLiteral("sandbox.db-shm") })
            QFile::remove(QDir(sandboxDir).filePath(name));
    }

    auto key = PrivateKey::generateRsa(2048);
    if (!key)
        return key.error();
    Certificate::Options certOptions;
    certOptions.commonName = options.mchid;
    certOptions.organization = options.storeName;
    auto certificate = Certificate::create(key->publicKey(), *key, certOptions);
    if (!certificate)
        return certificate.error();
    const QByteArray apiV3Key = SecureRandom::alphanumeric(32);
    const QString appid = QStringLiteral("wx") + QString::fromLatin1(SecureRandom::bytes(8).toHex());

    for (const auto &[name, content, secret] :
         { std::tuple { QStringLiteral("merchant/apiclient_key.pem"), key->toPem(), true },
           std::tuple { QStringLiteral("merchant/apiclient_cert.pem"), certificate->toPem(), false },
           std::tuple { QStringLiteral("merchant/apiv3.key"), apiV3Key, true } }) {
        auto written = writeFile(dir.filePath(name), content, secret);
        if (!written)
            return written.error();
    }

    const QString scheme = options.https ? QStringLiteral("https") : QStringLiteral("http");
    const QString baseUrl = QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(options.port);
    const QString notifyUrl = QStringLiteral("http://127.0.0.1:%1/paydesk/notify").arg(options.notifyPort);
    const qint64 mchidNumber = options.mchid.toLongLong();
    const QList<QPair<QString, QString>> subMerchants {
        { QString::number(mchidNumber + 1), QStringLiteral("PayDesk Training Café") },
        { QString::number(mchidNumber + 2), QStringLiteral("PayDesk Training Bakery") },
    };

    SandboxServer::Options sandboxOptions;
    sandboxOptions.dataDir = sandboxDir;
    sandboxOptions.keyMode = options.keyMode;
    SandboxServer sandbox(sandboxOptions);
    MerchantRegistration merchant;
    merchant.mchid = options.mchid;
    merchant.appid = appid;
    merchant.name = options.storeName;
    merchant.apiV3Key = apiV3Key;
    merchant.certificate = *certificate;
    merchant.refundNotifyUrl = notifyUrl;
    auto registered = sandbox.registerMerchant(merchant);
    if (!registered)
        return registered.error();
    // The sub-merchants share the training merchant's certificate and APIv3
    // key, so PayDesk can sign as them with the one key it holds (real
    // sub-merchants have keys of their own).
    for (const auto &[mchid, name] : subMerchants) {
        MerchantRegistration sub = merchant;
        sub.mchid = mchid;
        sub.name = name;
        auto done = sandbox.registerMerchant(sub);
        if (!done)
            return done.error();
    }

    QString publicKeyFile;
    QString publicKeyId;
    if (options.keyMode != KeyMode::Certificate) {
        publicKeyFile = QStringLiteral("merchant/pub_key.pem");
        publicKeyId = sandbox.platformPublicKeyId();
        auto written = writeFile(dir.filePath(publicKeyFile), sandbox.platformPublicKey().toPem(), false);
        if (!written)
            return written.error();
    }
    if (options.https) {
        auto tls = sandbox.d->identity.tlsConfiguration(QStringLiteral("127.0.0.1"));
        if (!tls)
            return tls.error();
        auto written = writeFile(QDir(sandboxDir).filePath(QStringLiteral("tls_cert.pem")),
                                 sandbox.tlsCertificate().toPem(), false);
        if (!written)
            return written.error();
    }
    const QJsonObject sandboxSettings { { QStringLiteral("port"), options.port },
                                        { QStringLiteral("https"), options.https },
                                        { QStringLiteral("key_mode"), keyModeName(options.keyMode) } };
    auto settingsWritten = writeFile(QDir(sandboxDir).filePath(QStringLiteral("sandbox.json")),
                                     QJsonDocument(sandboxSettings).toJson(QJsonDocument::Indented), false);
    if (!settingsWritten)
        return settingsWritten.error();

    QJsonArray subs;
    for (const auto &[mchid, name] : subMerchants)
        subs.append(QJsonObject { { QStringLiteral("mchid"), mchid }, { QStringLiteral("name"), name } });
    const QJsonObject profile {
        { QStringLiteral("training"), true },
        { QStringLiteral("mchid"), options.mchid },
        { QStringLiteral("appid"), appid },
        { QStringLiteral("base_url"), baseUrl },
        { QStringLiteral("merchant_key_file"), QStringLiteral("merchant/apiclient_key.pem") },
        { QStringLiteral("merchant_cert_file"), QStringLiteral("merchant/apiclient_cert.pem") },
        { QStringLiteral("apiv3_key_file"), QStringLiteral("merchant/apiv3.key") },
        { QStringLiteral("platform_cert_files"), QJsonArray() },
        { QStringLiteral("wechatpay_public_key_file"), publicKeyFile },
        { QStringLiteral("wechatpay_public_key_id"), publicKeyId },
        { QStringLiteral("notify_url"), notifyUrl },
        { QStringLiteral("terminal_id"), QStringLiteral("TRAINING-01") },
        { QStringLiteral("store_name"), options.storeName },
        { QStringLiteral("sub_merchants"), subs },
    };
    const QJsonObject profiles { { QStringLiteral("default_profile"), QStringLiteral("training") },
                                 { QStringLiteral("profiles"),
                                   QJsonObject { { QStringLiteral("training"), profile } } } };
    auto profileWritten = writeFile(profilePath, QJsonDocument(profiles).toJson(QJsonDocument::Indented), false);
    if (!profileWritten)
        return profileWritten.error();

    TrainingMerchant result;
    result.profilePath = profilePath;
    result.sandboxDataDir = sandboxDir;
    result.mchid = options.mchid;
    result.appid = appid;
    result.baseUrl = baseUrl;
    for (const auto &entry : subMerchants)
        result.subMerchants << entry.first;
    return result;
}

} // namespace paydesk::sandbox
