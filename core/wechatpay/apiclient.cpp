// SPDX-License-Identifier: MIT
#include "apiclient.h"

#include "clientdetail_p.h"
#include "crypto/securerandom.h"
#include "encryptedresource.h"
#include "jsonreader_p.h"
#include "requestsigner.h"
#include "responseverifier.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <openssl/crypto.h>
#include <zlib.h>

#include <chrono>

namespace paydesk {

namespace wechatpay_detail {
Q_LOGGING_CATEGORY(lcWechatPay, "paydesk.wechatpay", QtInfoMsg)
}

using namespace wechatpay_detail;

namespace {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// What came back over HTTP, before anything reads the body.
struct RawAnswer
{
    int status = 0;
    QByteArray body;
    HeaderList headers;
    QString requestId;
};

enum class Verification {
    Signed,   // every 2xx answer must carry a valid WeChat Pay signature
    Unsigned, // the bill file: checked by its hash instead
    Deferred, // /v3/certificates: verified by the caller, which may need the certificates inside
};

// One logical call and its attempts. The body is serialised once; every attempt
// sends exactly these bytes, signed afresh (new timestamp and nonce).
struct Call
{
    QByteArray method;
    QUrl url;
    QByteArray target; // the request target as sent and signed
    QByteArray body;
    QByteArray accept = "application/json";
    Verification verification = Verification::Signed;
    bool mutating = false;       // POST: WeChat Pay may act on it
    int attempt = 0;
    bool mayHaveReached = false; // some attempt may have been acted on
    bool refreshedCertificates = false;
    std::function<void(ApiResult<RawAnswer>)> done;
};
using CallPtr = std::shared_ptr<Call>;

constexpr qint64 MaxBillBytes = qint64(1) << 30; // a decompressed bill beyond 1 GiB is refused

QByteArray defaultUserAgent()
{
    return QStringLiteral("PayDesk/%1 (%2; %3) Qt/%4 OpenSSL/%5")
        .arg(QStringLiteral(PAYDESK_VERSION), QSysInfo::kernelType(), QSysInfo::currentCpuArchitecture(),
             QString::fromLatin1(qVersion()), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION_STRING)))
        .toUtf8();
}

// The request target exactly as QNetworkAccessManager writes it on the request
// line (QHttpNetworkRequest::uri() uses these flags), so that what is signed is
// what is sent.
QByteArray requestTarget(const QUrl &url)
{
    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment
                                      | QUrl::FullyEncoded | QUrl::NormalizePathSegments);
    if (target.isEmpty() || target.startsWith('?'))
        target.prepend('/');
    return target;
}

QByteArray segment(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

QString describe(const Call &call)
{
    return QString::fromLatin1(call.method) + QLatin1Char(' ') + call.url.path();
}

ApiError localError(QString code, QString message)
{
    ApiError e;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
}

ApiError invalidArgument(const Error &error)
{
    return localError(QStringLiteral("INVALID_ARGUMENT"), error.message);
}

// {code, message, detail} of a 4xx/5xx; bodies that are not JSON are tolerated.
ApiError errorFromAnswer(const RawAnswer &answer, const Call &call)
{
    ApiError e;
    e.httpStatus = answer.status;
    e.requestId = answer.requestId;
    const QJsonDocument document = QJsonDocument::fromJson(answer.body);
    if (document.isObject()) {
        const QJsonObject o = document.object();
        e.code = o.value(QLatin1String("code")).toString();
        e.message = o.value(QLatin1String("message")).toString();
        e.detail = o.value(QLatin1String("detail")).toObject();
    }
    if (e.code.isEmpty())
        e.code = QStringLiteral("HTTP_%1").arg(answer.status);
    if (e.message.isEmpty()) {
        const QString text = QString::fromUtf8(answer.body.left(200)).simplified();
        e.message = QStringLiteral("WeChat Pay answered HTTP %1 to %2%3")
                        .arg(answer.status)
                        .arg(describe(call), text.isEmpty() ? QString() : QStringLiteral(": ") + text);
    }
    e.retryable = answer.status >= 500 || answer.status == 429 || e.is(QStringLiteral("STATEMENT_CREATING"));
    return e;
}

ApiError malformed(const ApiError &readerError, const RawAnswer &answer, const Call &call)
{
    ApiError e = readerError;
    e.httpStatus = answer.status;
    e.requestId = answer.requestId;
    // WeChat Pay accepted the call (2xx) but its answer cannot be read: for a
    // POST the change may have happened.
    e.outcomeUnknown = call.mutating;
    return e;
}

ApiResult<QJsonObject> jsonObject(const RawAnswer &answer, const Call &call)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(answer.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return malformed(localError(QStringLiteral("MALFORMED_RESPONSE"),
                                    QStringLiteral("the answer to %1 is not a JSON object (%2)")
                                        .arg(describe(call),
                                             parseError.error != QJsonParseError::NoError
                                                 ? parseError.errorString()
                                                 : QStringLiteral("another JSON value"))),
                         answer, call);
    }
    return document.object();
}

// Parses a verified JSON answer with `parse` (a fromJson), then checks with
// `check` that it is about what was asked.
template<typename T, typename Parse>
ApiResult<T> typedAnswer(const ApiResult<RawAnswer> &answer, const Call &call, Parse parse,
                         const std::function<QString(const T &)> &check = {})
{
    if (!answer)
        return answer.error();
    auto object = jsonObject(answer.value(), call);
    if (!object)
        return object.error();
    ApiResult<T> parsed = parse(object.value());
    if (!parsed)
        return malformed(parsed.error(), answer.value(), call);
    if (check) {
        const QString problem = check(parsed.value());
        if (!problem.isEmpty())
            return malformed(localError(QStringLiteral("MALFORMED_RESPONSE"), problem), answer.value(), call);
    }
    return parsed;
}

QString mismatch(const char *field, const QString &got, const QString &asked)
{
    if (got == asked)
        return {};
    return QStringLiteral("the answer is about %1 \"%2\", not the \"%3\" that was asked for")
        .arg(QLatin1String(field), got, asked);
}

struct BillContent
{
    QByteArray content;
    std::optional<ApiError> error;
};

std::optional<QByteArray> gunzip(const QByteArray &data, QString *problem)
{
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        *problem = QStringLiteral("zlib cannot start");
        return std::nullopt;
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    QByteArray buffer(256 * 1024, Qt::Uninitialized);
    std::optional<QByteArray> result;
    for (;;) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer.data());
        stream.avail_out = uInt(buffer.size());
        const int status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.constData(), buffer.size() - qsizetype(stream.avail_out));
        if (out.size() > MaxBillBytes) {
            *problem = QStringLiteral("the bill is larger than 1 GiB decompressed");
            break;
        }
        if (status == Z_STREAM_END) {
            // gzip allows several members one after the other.
            if (stream.avail_in > 0 && inflateReset(&stream) == Z_OK)
                continue;
            result = std::move(out);
            break;
        }
        if (status != Z_OK) {
            *problem = status == Z_BUF_ERROR ? QStringLiteral("the gzip file is truncated")
                                             : QStringLiteral("the gzip file is damaged (%1)")
                                                   .arg(QString::fromLatin1(stream.msg ? stream.msg : "zlib error"));
            break;
        }
    }
    inflateEnd(&stream);
    return result;
}

// Runs on a worker thread: a day's bill can be tens of megabytes.
BillContent decodeBill(const QByteArray &file, bool gzip, const QString &hashValue)
{
    BillContent result;
    // Asked for gzip, WeChat Pay sends application/x-gzip; when a server used
    // Content-Encoding instead, Qt has already inflated it. The hash decides.
    if (gzip && file.startsWith("\x1f\x8b")) {
        QString problem;
        auto inflated = gunzip(file, &problem);
        if (!inflated) {
            result.error = localError(QStringLiteral("MALFORMED_RESPONSE"),
                                      QStringLiteral("cannot decompress the trade bill: %1").arg(problem));
            result.error->retryable = true;
            return result;
        }
        result.content = std::move(*inflated);
    } else {
        result.content = file;
    }
    const QByteArray actual = QCryptographicHash::hash(result.content, QCryptographicHash::Sha1).toHex();
    if (QString::fromLatin1(actual).compare(hashValue.trimmed(), Qt::CaseInsensitive) != 0) {
        result.error = localError(QStringLiteral("HASH_MISMATCH"),
                                  QStringLiteral("the downloaded trade bill has SHA1 %1 but WeChat Pay announced %2: "
                                                 "the file was damaged or altered; download the bill again")
                                      .arg(QString::fromLatin1(actual), hashValue));
        result.error->retryable = true;
        result.content.clear();
    }
    return result;
}

} // namespace

// ---- Private ---------------------------------------------------------------------

struct ApiClient::Private
{
    ApiClient *q;
    MerchantCredentials credentials;
    Options options;
    RequestSigner signer;
    QNetworkAccessManager *network = nullptr; // child of q
    QTimer *refreshTimer = nullptr;           // child of q
    bool refreshing = false;
    QList<Callback<QList<PlatformCertificateInfo>>> refreshWaiters;
    std::optional<bool> reachable;
    std::optional<qint64> reportedDateSkew;
    // Calls under way. A call's `done` usually holds the call itself (the
    // typed answer needs it); completion clears `done`, and so does the
    // client's end, or the pair would keep each other alive.
    std::vector<std::weak_ptr<Call>> calls;

    Private(ApiClient *client, MerchantCredentials c, Options o)
        : q(client), credentials(std::move(c)), options(std::move(o)),
          signer(credentials.mchid, credentials.certificateSerial, credentials.merchantKey)
    {
    }

    ~Private()
    {
        for (const auto &weak : calls) {
            if (CallPtr call = weak.lock())
                call->done = {};
        }
    }

    QDateTime now() const { return options.clock(); }

    CallPtr makeCall(const QByteArray &method, const QByteArray &target, QByteArray body = {})
    {
        auto call = std::make_shared<Call>();
        call->method = method;
        QByteArray base = options.baseUrl.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
        call->url = QUrl::fromEncoded(base + target, QUrl::StrictMode);
        call->target = requestTarget(call->url);
        call->body = std::move(body);
        call->mutating = method == "POST";
        return call;
    }

    // Every callback goes through here: later, from the event loop, exactly once.
    template<typename T>
    void post(Callback<T> done, ApiResult<T> result)
    {
        QMetaObject::invokeMethod(
            q, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    }

    void complete(const CallPtr &call, ApiResult<RawAnswer> result)
    {
        auto done = std::exchange(call->done, {});
        if (!done)
            return;
        if (!result)
            qCInfo(lcWechatPay).noquote() << describe(*call) << "failed:" << result.error().code
                                          << "HTTP" << result.error().httpStatus << "Request-ID" << result.error().requestId;
        post<RawAnswer>(std::move(done), std::move(result));
    }

    void setReachable(bool value)
    {
        if (reachable == value)
            return;
        reachable = value;
        emit q->reachabilityChanged(value);
    }

    void start(const CallPtr &call)
    {
        ++call->attempt;
        auto authorization = signer.authorization(call->method, call->target, call->body,
                                                  now().toSecsSinceEpoch(), SecureRandom::alphanumeric(32));
        if (!authorization) {
            complete(call, localError(QStringLiteral("SIGNING_FAILED"),
                                      QStringLiteral("cannot sign the request with the merchant key: %1")
                                          .arg(authorization.error().message)));
            return;
        }
        QNetworkRequest request(call->url);
        request.setRawHeader("Authorization", authorization.value());
        request.setRawHeader("Accept", call->accept);
        request.setRawHeader("User-Agent", options.userAgent);
        // A merchant with a WeChat Pay public key names it, as the official
        // SDKs do: during a migration this is how it asks for answers signed
        // with that key (without it WeChat Pay signs with the certificate).
        if (const PlatformKeys &keys = credentials.platformKeys; keys.hasPublicKey() && !keys.publicKeyId().isEmpty())
            request.setRawHeader("Wechatpay-Serial", keys.publicKeyId().toLatin1());
        if (call->method == "POST")
            request.setRawHeader("Content-Type", "application/json");
        // A redirect would be sent to a URL the signature does not cover.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);

        qCDebug(lcWechatPay).noquote() << describe(*call) << "attempt" << call->attempt << "of" << options.maxAttempts;
        QNetworkReply *reply = call->method == "POST" ? network->post(request, call->body) : network->get(request);

        auto timedOut = std::make_shared<bool>(false);
        if (options.timeoutMs > 0) {
            auto *timer = new QTimer(reply);
            timer->setSingleShot(true);
            QObject::connect(timer, &QTimer::timeout, q, [reply, timedOut] {
                *timedOut = true;
                reply->abort();
            });
            timer->start(options.timeoutMs);
        }
        QObject::connect(reply, &QNetworkReply::finished, q, [this, call, reply, timedOut] {
            reply->deleteLater();
            finished(call, reply, *timedOut);
        });
    }

    void finished(const CallPtr &call, QNetworkReply *reply, bool timedOut)
    {
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (timedOut || !status.isValid()) {
            const QNetworkReply::NetworkError error = reply->error();
            // These fail before a byte of the request leaves the terminal.
            const bool neverSent = !timedOut
                && (error == QNetworkReply::ConnectionRefusedError || error == QNetworkReply::HostNotFoundError
                    || error == QNetworkReply::ProxyConnectionRefusedError || error == QNetworkReply::ProxyNotFoundError
                    || error == QNetworkReply::SslHandshakeFailedError || error == QNetworkReply::ProtocolUnknownError);
            call->mayHaveReached = call->mayHaveReached || !neverSent;
            ApiError e = timedOut
                ? localError(QStringLiteral("TIMEOUT"),
                             QStringLiteral("no answer from WeChat Pay to %1 within %2 ms").arg(describe(*call)).arg(options.timeoutMs))
                : localError(QStringLiteral("TRANSPORT_ERROR"),
                             QStringLiteral("cannot reach WeChat Pay at %1 (%2): check the network connection")
                                 .arg(call->url.host(), reply->errorString()));
            e.retryable = true;
            retryOrFail(call, e, true);
            return;
        }

        setReachable(true);
        RawAnswer answer;
        answer.status = status.toInt();
        answer.body = reply->readAll();
        answer.headers = reply->rawHeaderPairs();
        answer.requestId = QString::fromLatin1(reply->rawHeader("Request-ID"));
        noteDateHeader(reply->rawHeader("Date"));
        qCDebug(lcWechatPay).noquote() << describe(*call) << "answered HTTP" << answer.status << "Request-ID" << answer.requestId;

        if (answer.status >= 200 && answer.status < 300) {
            answered(call, std::move(answer));
            return;
        }
        ApiError e = errorFromAnswer(answer, *call);
        if (answer.status >= 500 || answer.status == 429) {
            // A 5xx may come after WeChat Pay acted; a 429 says it did not.
            if (answer.status >= 500)
                call->mayHaveReached = true;
            retryOrFail(call, e, false);
            return;
        }
        // 4xx (and anything unexpected) is WeChat Pay's final word: never retried.
        e.outcomeUnknown = call->mutating && call->mayHaveReached;
        complete(call, e);
    }

    void retryOrFail(const CallPtr &call, ApiError error, bool transport)
    {
        if (call->attempt < options.maxAttempts) {
            // Full jitter: uniform in [0, min(cap, initial * 2^(attempt-1))].
            const int shift = qMin(call->attempt - 1, 30);
            const qint64 ceiling = qMin<qint64>(options.maxBackoffMs, qint64(options.initialBackoffMs) << shift);
            const int delay = ceiling > 0 ? int(QRandomGenerator::global()->bounded(ceiling + 1)) : 0;
            qCInfo(lcWechatPay).noquote() << QStringLiteral("%1 failed with %2; retry %3 of %4 in %5 ms")
                                                 .arg(describe(*call), error.code)
                                                 .arg(call->attempt + 1)
                                                 .arg(options.maxAttempts)
                                                 .arg(delay);
            QTimer::singleShot(delay, q, [this, call] { start(call); });
            return;
        }
        if (transport)
            setReachable(false);
        error.outcomeUnknown = call->mutating && call->mayHaveReached;
        if (call->attempt > 1)
            error.message += QStringLiteral(" (after %1 attempts)").arg(call->attempt);
        if (error.outcomeUnknown)
            error.message += QStringLiteral("; WeChat Pay may have acted on it: query before deciding");
        complete(call, error);
    }

    void noteDateHeader(const QByteArray &date)
    {
        if (date.isEmpty())
            return;
        const QDateTime server = QDateTime::fromString(QString::fromLatin1(date), Qt::RFC2822Date);
        if (!server.isValid())
            return;
        const qint64 skew = now().secsTo(server);
        // Early warning, before signatures start failing; reported once per new level.
        if (qAbs(skew) < 60) {
            reportedDateSkew.reset();
            return;
        }
        if (reportedDateSkew && qAbs(*reportedDateSkew - skew) < 30)
            return;
        reportedDateSkew = skew;
        qCWarning(lcWechatPay) << "WeChat Pay's clock is" << skew << "s away from this terminal's";
        emit q->clockSkewDetected(skew);
    }

    void answered(const CallPtr &call, RawAnswer answer)
    {
        if (call->verification != Verification::Signed) {
            complete(call, std::move(answer));
            return;
        }
        const ResponseVerifier verifier(&credentials.platformKeys, options.verifyWindowSeconds);
        auto verdict = verifier.verify(SignedHeaders::fromHeaders(answer.headers), answer.body, now());
        if (verdict) {
            complete(call, std::move(answer));
            return;
        }
        const VerifyFailure &failure = verdict.error();
        const QString serial = QString::fromLatin1(SignedHeaders::fromHeaders(answer.headers).serial);
        // A certificate refresh cannot bring a public key: only certificate serials refresh.
        if (failure.kind == VerifyFailure::UnknownSerial && !call->refreshedCertificates
            && !serial.startsWith(QLatin1String("PUB_KEY_ID_"))) {
            call->refreshedCertificates = true;
            qCInfo(lcWechatPay).noquote() << describe(*call) << "is signed with unknown serial" << serial
                                          << "- refreshing platform certificates";
            q->refreshCertificates([this, call, answer](ApiResult<QList<PlatformCertificateInfo>> refreshed) {
                if (!refreshed)
                    qCWarning(lcWechatPay).noquote() << "certificate refresh failed:" << refreshed.error().toString();
                answered(call, answer);
            });
            return;
        }
        complete(call, signatureError(*call, answer, failure));
    }

    ApiError signatureError(const Call &call, const RawAnswer &answer, const VerifyFailure &failure)
    {
        if (failure.kind == VerifyFailure::StaleTimestamp)
            emit q->clockSkewDetected(failure.skewSeconds);
        qCWarning(lcWechatPay).noquote() << "answer to" << describe(call) << "HTTP" << answer.status
                                         << "Request-ID" << answer.requestId << "failed verification:"
                                         << verifyFailureName(failure.kind);
        ApiError e;
        e.code = QStringLiteral("BAD_RESPONSE_SIGNATURE");
        e.message = QStringLiteral("the answer to %1 is not verifiably from WeChat Pay and was not used: %2")
                        .arg(describe(call), failure.message);
        if (failure.kind == VerifyFailure::UnknownSerial && !credentials.platformKeys.hasPublicKey()
            && QString::fromLatin1(SignedHeaders::fromHeaders(answer.headers).serial).startsWith(QLatin1String("PUB_KEY_ID_"))) {
            e.message += QStringLiteral("; this merchant uses a WeChat Pay public key: import it (merchant platform, API安全)");
        }
        e.detail = QJsonObject{{QStringLiteral("verify_failure"), verifyFailureName(failure.kind)},
                               {QStringLiteral("http_status"), answer.status}};
        e.requestId = answer.requestId;
        // A 2xx that cannot be trusted: for a POST WeChat Pay may have acted.
        e.outcomeUnknown = call.mutating;
        if (e.outcomeUnknown)
            e.message += QStringLiteral("; WeChat Pay may have acted on it: query before deciding");
        return e;
    }

    // ---- certificates ----

    void certificatesAnswered(const Call &call, const ApiResult<RawAnswer> &answer)
    {
        ApiResult<QList<PlatformCertificateInfo>> result = readCertificates(call, answer);
        refreshing = false;
        if (result) {
            qCInfo(lcWechatPay) << "platform certificates refreshed:" << result->size() << "valid";
            if (!result->isEmpty())
                emit q->certificatesRefreshed(int(result->size()));
        }
        const auto waiters = std::exchange(refreshWaiters, {});
        for (const auto &waiter : waiters)
            waiter(result);
    }

    ApiResult<QList<PlatformCertificateInfo>> readCertificates(const Call &call, const ApiResult<RawAnswer> &answer)
    {
        if (!answer) {
            const ApiError &e = answer.error();
            if (e.httpStatus == 404 && (e.is(QStringLiteral("RESOURCE_NOT_EXISTS")) || e.is(QStringLiteral("NOT_FOUND")))) {
                // Merchants onboarded since late 2024 have no platform certificates:
                // they verify with the WeChat Pay public key only.
                qCInfo(lcWechatPay) << "no platform certificates for this merchant (public-key mode)";
                if (refreshTimer)
                    refreshTimer->stop();
                return QList<PlatformCertificateInfo>{};
            }
            return e;
        }
        const RawAnswer &raw = answer.value();
        auto object = jsonObject(raw, call);
        if (!object)
            return object.error();

        JsonReader reader(object.value(), QStringLiteral("certificate list"));
        QList<PlatformCertificateInfo> infos;
        QList<Certificate> certificates;
        for (JsonReader item : reader.array("data", true)) {
            PlatformCertificateInfo info;
            info.serialNo = item.requiredString("serial_no");
            info.effectiveTime = item.optionalTime("effective_time");
            info.expireTime = item.optionalTime("expire_time");
            JsonReader encrypted = item.object("encrypt_certificate", true);
            if (!reader.ok())
                return malformed(reader.error(), raw, call);
            auto resource = EncryptedResource::fromJson(encrypted.json());
            if (!resource)
                return malformed(localError(QStringLiteral("MALFORMED_RESPONSE"), resource.error().message), raw, call);
            auto pem = resource->decrypt(credentials.apiV3Key);
            if (!pem) {
                ApiError e = localError(QStringLiteral("DECRYPT_FAILED"),
                                        QStringLiteral("cannot decrypt platform certificate %1 with the APIv3 key of "
                                                       "merchant %2 (%3): check the APIv3 key in the merchant profile")
                                            .arg(info.serialNo, credentials.mchid, pem.error().message));
                e.httpStatus = raw.status;
                e.requestId = raw.requestId;
                return e;
            }
            auto certificate = Certificate::fromPem(pem.value());
            if (!certificate)
                return malformed(localError(QStringLiteral("MALFORMED_RESPONSE"),
                                            QStringLiteral("platform certificate %1 is not a PEM certificate: %2")
                                                .arg(info.serialNo, certificate.error().message)),
                                 raw, call);
            if (Certificate::normalizeSerial(certificate->serialHex()) != Certificate::normalizeSerial(info.serialNo)) {
                return malformed(localError(QStringLiteral("MALFORMED_RESPONSE"),
                                            QStringLiteral("platform certificate listed as %1 has serial %2")
                                                .arg(info.serialNo, certificate->serialHex())),
                                 raw, call);
            }
            info.certificatePem = pem.value();
            infos.append(info);
            certificates.append(certificate.value());
        }
        if (!reader.ok())
            return malformed(reader.error(), raw, call);

        // Verify the list itself. On first download (or when WeChat Pay signs with a
        // certificate we do not have yet) it is verified with the certificate it
        // contains, as the official SDKs do. That is safe here because each
        // certificate arrived AES-GCM-sealed with the APIv3 key, which only WeChat
        // Pay and this merchant know: a forger cannot make one that decrypts.
        const SignedHeaders headers = SignedHeaders::fromHeaders(raw.headers);
        auto verdict = ResponseVerifier(&credentials.platformKeys, options.verifyWindowSeconds).verify(headers, raw.body, now());
        if (!verdict && verdict.error().kind == VerifyFailure::UnknownSerial) {
            PlatformKeys candidates = credentials.platformKeys;
            for (const Certificate &c : certificates)
                candidates.addCertificate(c);
            verdict = ResponseVerifier(&candidates, options.verifyWindowSeconds).verify(headers, raw.body, now());
        }
        if (!verdict)
            return signatureError(call, raw, verdict.error());

        const QDateTime current = now();
        QList<PlatformCertificateInfo> kept;
        for (qsizetype i = 0; i < certificates.size(); ++i) {
            const PlatformCertificateInfo &info = infos.at(i);
            if (certificates.at(i).notAfter() < current || (info.expireTime.isValid() && info.expireTime < current)) {
                qCInfo(lcWechatPay).noquote() << "skipping expired platform certificate" << info.serialNo;
                continue;
            }
            credentials.platformKeys.addCertificate(certificates.at(i));
            kept.append(info);
        }
        credentials.platformKeys.removeExpired(current);
        return kept;
    }

    void startCertificateTimer()
    {
        const PlatformKeys &keys = credentials.platformKeys;
        const bool usesCertificates = !keys.certificates().isEmpty() || !keys.hasPublicKey();
        if (options.certificateRefreshHours <= 0 || !usesCertificates)
            return;
        refreshTimer = new QTimer(q);
        refreshTimer->setInterval(std::chrono::hours(options.certificateRefreshHours));
        QObject::connect(refreshTimer, &QTimer::timeout, q, [this] {
            q->refreshCertificates([](const ApiResult<QList<PlatformCertificateInfo>> &result) {
                if (!result)
                    qCWarning(lcWechatPay).noquote() << "scheduled certificate refresh failed:" << result.error().toString();
            });
        });
        refreshTimer->start();
    }

    // ---- typed calls ----

    template<typename T>
    bool rejectInvalid(const Result<void> &validation, Callback<T> &done)
    {
        if (validation)
            return false;
        post<T>(std::move(done), invalidArgument(validation.error()));
        return true;
    }

    // An out_trade_no (or combine_out_trade_no) that WeChat Pay would refuse
    // never leaves the terminal.
    template<typename T>
    bool rejectBadOutTradeNo(const char *field, const QString &value, Callback<T> &done)
    {
        if (isValidOutTradeNo(value))
            return false;
        post<T>(std::move(done),
                localError(QStringLiteral("INVALID_ARGUMENT"),
                           QStringLiteral("%1 \"%2\" must be 6 to 32 characters of 0-9, A-Z, a-z, _ - | *")
                               .arg(QLatin1String(field), value.left(40))));
        return true;
    }

    // Calls whose answer carries nothing to read (close, reverse): done once
    // the answer is verified.
    void sendForDone(const CallPtr &call, Callback<Done> done)
    {
        send(call, [done](ApiResult<RawAnswer> answer) {
            if (!answer)
                done(answer.error());
            else
                done(Done{});
        });
    }

    // Calls that answer {"code_url"} (Native and combined orders).
    void sendForCodeUrl(const CallPtr &call, const QString &what, Callback<CodeUrlResult> done)
    {
        send(call, [call, what, done](ApiResult<RawAnswer> answer) {
            done(typedAnswer<CodeUrlResult>(answer, *call, [what](const QJsonObject &o) -> ApiResult<CodeUrlResult> {
                JsonReader reader(o, what);
                CodeUrlResult result{reader.requiredString("code_url")};
                if (!reader.ok())
                    return reader.error();
                return result;
            }));
        });
    }

    std::optional<Error> checkMchid(const QString &field, const QString &mchid) const
    {
        if (mchid != credentials.mchid) {
            return makeError(QStringLiteral("INVALID_ARGUMENT"),
                             QStringLiteral("%1 \"%2\" is not this client's merchant %3: requests are signed as %3")
                                 .arg(field, mchid, credentials.mchid));
        }
        return std::nullopt;
    }

    void send(const CallPtr &call, std::function<void(ApiResult<RawAnswer>)> done)
    {
        call->done = std::move(done);
        std::erase_if(calls, [](const std::weak_ptr<Call> &weak) { return weak.expired(); });
        calls.push_back(call);
        start(call);
    }

    static QByteArray compact(const QJsonObject &object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
};

// ---- ApiClient -----------------------------------------------------------------------

ApiClient::ApiClient(MerchantCredentials credentials, Options options, QObject *parent)
    : QObject(parent)
{
    if (options.userAgent.isEmpty())
        options.userAgent = defaultUserAgent();
    if (!options.clock)
        options.clock = [] { return QDateTime::currentDateTimeUtc(); };
    options.maxAttempts = qMax(1, options.maxAttempts);
    options.initialBackoffMs = qMax(0, options.initialBackoffMs);
    options.maxBackoffMs = qMax(0, options.maxBackoffMs);
    d = std::make_unique<Private>(this, std::move(credentials), std::move(options));
    d->network = new QNetworkAccessManager(this);
    d->startCertificateTimer();
}

// The network manager, timers and pending retries are children of this object
// and go with it; callbacks of calls still running are dropped, not invoked.
ApiClient::~ApiClient() = default;

const MerchantCredentials &ApiClient::credentials() const
{
    return d->credentials;
}

const ApiClient::Options &ApiClient::options() const
{
    return d->options;
}

const PlatformKeys &ApiClient::platformKeys() const
{
    return d->credentials.platformKeys;
}

void ApiClient::createNativeOrder(const NativeOrderRequest &request, Callback<CodeUrlResult> done)
{
    NativeOrderRequest r = request;
    if (r.appid.isEmpty())
        r.appid = d->credentials.appid;
    if (r.mchid.isEmpty())
        r.mchid = d->credentials.mchid;
    if (d->rejectInvalid(r.validate(), done))
        return;
    if (auto e = d->checkMchid(QStringLiteral("mchid"), r.mchid); e && d->rejectInvalid(Result<void>(*e), done))
        return;
    auto call = d->makeCall("POST", "/v3/pay/transactions/native", Private::compact(r.toJson()));
    d->sendForCodeUrl(call, QStringLiteral("Native order answer"), std::move(done));
}

void ApiClient::queryByOutTradeNo(const QString &outTradeNo, Callback<Transaction> done)
{
    if (d->rejectBadOutTradeNo("out_trade_no", outTradeNo, done))
        return;
    auto call = d->makeCall("GET", "/v3/pay/transactions/out-trade-no/" + segment(outTradeNo)
                                       + "?mchid=" + segment(d->credentials.mchid));
    d->send(call, [call, done, outTradeNo](ApiResult<RawAnswer> answer) {
        done(typedAnswer<Transaction>(answer, *call, &Transaction::fromJson, [outTradeNo](const Transaction &t) {
            return mismatch("out_trade_no", t.outTradeNo, outTradeNo);
        }));
    });
}

void ApiClient::queryByTransactionId(const QString &transactionId, Callback<Transaction> done)
{
    if (!isValidTransactionId(transactionId)) {
        d->post<Transaction>(std::move(done), localError(QStringLiteral("INVALID_ARGUMENT"),
                                                         QStringLiteral("transaction_id \"%1\" must be 1 to 32 letters or digits")
                                                             .arg(transactionId.left(40))));
        return;
    }
    auto call = d->makeCall("GET", "/v3/pay/transactions/id/" + segment(transactionId)
                                       + "?mchid=" + segment(d->credentials.mchid));
    d->send(call, [call, done, transactionId](ApiResult<RawAnswer> answer) {
        done(typedAnswer<Transaction>(answer, *call, &Transaction::fromJson, [transactionId](const Transaction &t) {
            return mismatch("transaction_id", t.transactionId, transactionId);
        }));
    });
}

void ApiClient::closeOrder(const QString &outTradeNo, Callback<Done> done)
{
    if (d->rejectBadOutTradeNo("out_trade_no", outTradeNo, done))
        return;
    auto call = d->makeCall("POST", "/v3/pay/transactions/out-trade-no/" + segment(outTradeNo) + "/close",
                            Private::compact(QJsonObject{{QStringLiteral("mchid"), d->credentials.mchid}}));
    d->sendForDone(call, std::move(done));
}

void ApiClient::createCodePay(const CodePayRequest &request, Callback<CodePayResult> done)
{
    CodePayRequest r = request;
    if (r.appid.isEmpty())
        r.appid = d->credentials.appid;
    if (r.mchid.isEmpty())
        r.mchid = d->credentials.mchid;
    if (d->rejectInvalid(r.validate(), done))
        return;
    if (auto e = d->checkMchid(QStringLiteral("mchid"), r.mchid); e && d->rejectInvalid(Result<void>(*e), done))
        return;
    auto call = d->makeCall("POST", "/v3/pay/transactions/codepay", Private::compact(r.toJson()));
    const QString outTradeNo = r.outTradeNo;
    d->send(call, [call, done, outTradeNo](ApiResult<RawAnswer> answer) {
        if (!answer) {
            // Older habits answer USERPAYING as an error body; it is not a failure.
            if (answer.error().is(QStringLiteral("USERPAYING"))) {
                CodePayResult result;
                result.tradeState = QStringLiteral("USERPAYING");
                result.httpStatus = answer.error().httpStatus;
                done(result);
                return;
            }
            done(answer.error());
            return;
        }
        auto object = jsonObject(answer.value(), *call);
        if (!object) {
            done(object.error());
            return;
        }
        CodePayResult result;
        result.httpStatus = answer->status;
        const QString code = object->value(QLatin1String("code")).toString();
        result.tradeState = object->value(QLatin1String("trade_state")).toString();
        if (result.tradeState.isEmpty() && (code == QLatin1String("USERPAYING") || code == QLatin1String("USER_PAYING")))
            result.tradeState = QStringLiteral("USERPAYING");
        if (result.tradeState.isEmpty() && answer->status == 202)
            result.tradeState = QStringLiteral("USERPAYING");
        if (result.tradeState == QLatin1String("USERPAYING")) {
            done(result);
            return;
        }
        auto transaction = typedAnswer<Transaction>(answer, *call, &Transaction::fromJson, [outTradeNo](const Transaction &t) {
            return mismatch("out_trade_no", t.outTradeNo, outTradeNo);
        });
        if (!transaction) {
            done(transaction.error());
            return;
        }
        result.tradeState = transaction->tradeState;
        result.transaction = *transaction;
        done(result);
    });
}

void ApiClient::reverseOrder(const QString &outTradeNo, Callback<Done> done)
{
    if (d->rejectBadOutTradeNo("out_trade_no", outTradeNo, done))
        return;
    auto call = d->makeCall("POST", "/v3/pay/transactions/out-trade-no/" + segment(outTradeNo) + "/reverse",
                            Private::compact(QJsonObject{{QStringLiteral("appid"), d->credentials.appid},
                                                         {QStringLiteral("mchid"), d->credentials.mchid}}));
    d->sendForDone(call, std::move(done));
}

void ApiClient::createCombineOrder(const CombineOrderRequest &request, Callback<CodeUrlResult> done)
{
    CombineOrderRequest r = request;
    if (r.combineAppid.isEmpty())
        r.combineAppid = d->credentials.appid;
    if (r.combineMchid.isEmpty())
        r.combineMchid = d->credentials.mchid;
    for (CombineSubOrderRequest &s : r.subOrders) {
        if (s.mchid.isEmpty())
            s.mchid = d->credentials.mchid;
    }
    if (d->rejectInvalid(r.validate(), done))
        return;
    if (auto e = d->checkMchid(QStringLiteral("combine_mchid"), r.combineMchid); e && d->rejectInvalid(Result<void>(*e), done))
        return;
    auto call = d->makeCall("POST", "/v3/combine-transactions/native", Private::compact(r.toJson()));
    d->sendForCodeUrl(call, QStringLiteral("combined order answer"), std::move(done));
}

void ApiClient::queryCombineOrder(const QString &combineOutTradeNo, Callback<CombineTransaction> done)
{
    if (d->rejectBadOutTradeNo("combine_out_trade_no", combineOutTradeNo, done))
        return;
    auto call = d->makeCall("GET", "/v3/combine-transactions/out-trade-no/" + segment(combineOutTradeNo));
    d->send(call, [call, done, combineOutTradeNo](ApiResult<RawAnswer> answer) {
        done(typedAnswer<CombineTransaction>(answer, *call, &CombineTransaction::fromJson,
                                             [combineOutTradeNo](const CombineTransaction &t) {
                                                 return mismatch("combine_out_trade_no", t.combineOutTradeNo, combineOutTradeNo);
                                             }));
    });
}

void ApiClient::closeCombineOrder(const CombineCloseRequest &request, Callback<Done> done)
{
    CombineCloseRequest r = request;
    if (r.combineAppid.isEmpty())
        r.combineAppid = d->credentials.appid;
    if (d->rejectInvalid(r.validate(), done))
        return;
    auto call = d->makeCall("POST", "/v3/combine-transactions/out-trade-no/" + segment(r.combineOutTradeNo) + "/close",
                            Private::compact(r.toJson()));
    d->sendForDone(call, std::move(done));
}

void ApiClient::createRefund(const RefundRequest &request, Callback<Refund> done)
{
    if (d->rejectInvalid(request.validate(), done))
        return;
    auto call = d->makeCall("POST", "/v3/refund/domestic/refunds", Private::compact(request.toJson()));
    const QString outRefundNo = request.outRefundNo;
    d->send(call, [call, done, outRefundNo](ApiResult<RawAnswer> answer) {
        done(typedAnswer<Refund>(answer, *call, &Refund::fromJson, [outRefundNo](const Refund &f) {
            return mismatch("out_refund_no", f.outRefundNo, outRefundNo);
        }));
    });
}

void ApiClient::queryRefund(const QString &outRefundNo, Callback<Refund> done)
{
    if (!isValidOutRefundNo(outRefundNo)) {
        d->post<Refund>(std::move(done), localError(QStringLiteral("INVALID_ARGUMENT"),
                                                    QStringLiteral("out_refund_no \"%1\" must be 1 to 64 characters of 0-9, A-Z, a-z, _ - | * @")
                                                        .arg(outRefundNo.left(70))));
        return;
    }
    auto call = d->makeCall("GET", "/v3/refund/domestic/refunds/" + segment(outRefundNo));
    d->send(call, [call, done, outRefundNo](ApiResult<RawAnswer> answer) {
        done(typedAnswer<Refund>(answer, *call, &Refund::fromJson, [outRefundNo](const Refund &f) {
            return mismatch("out_refund_no", f.outRefundNo, outRefundNo);
        }));
    });
}

void ApiClient::downloadTradeBill(const TradeBillRequest &request, Callback<TradeBill> done)
{
    if (d->rejectInvalid(request.validate(), done))
        return;
    auto call = d->makeCall("GET", request.pathAndQuery());
    const bool gzip = request.gzip;
    d->send(call, [this, call, done, gzip](ApiResult<RawAnswer> answer) {
        auto bill = typedAnswer<TradeBill>(answer, *call, [](const QJsonObject &o) -> ApiResult<TradeBill> {
            JsonReader reader(o, QStringLiteral("trade bill answer"));
            TradeBill bill;
            bill.hashType = reader.requiredString("hash_type");
            bill.hashValue = reader.requiredString("hash_value");
            bill.downloadUrl = reader.requiredString("download_url");
            if (!reader.ok())
                return reader.error();
            return bill;
        });
        if (!bill) {
            done(bill.error());
            return;
        }
        if (bill->hashType.compare(QLatin1String("SHA1"), Qt::CaseInsensitive) != 0) {
            done(malformed(localError(QStringLiteral("MALFORMED_RESPONSE"),
                                      QStringLiteral("the trade bill uses hash_type \"%1\"; only SHA1 is known").arg(bill->hashType)),
                           answer.value(), *call));
            return;
        }
        // download_url is absolute; its path and query (token included) are signed.
        const QUrl url = QUrl::fromEncoded(bill->downloadUrl.toUtf8(), QUrl::TolerantMode);
        const bool secureBase = d->options.baseUrl.scheme() == QLatin1String("https");
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("https") && (secureBase || url.scheme() != QLatin1String("http")))) {
            done(malformed(localError(QStringLiteral("MALFORMED_RESPONSE"),
                                      QStringLiteral("the trade bill's download_url is not a usable https URL")),
                           answer.value(), *call));
            return;
        }
        auto download = std::make_shared<Call>();
        download->method = "GET";
        download->url = url;
        download->target = requestTarget(url);
        download->accept = "*/*";
        download->verification = Verification::Unsigned;
        const TradeBill announced = bill.value();
        d->send(download, [this, download, done, gzip, announced](ApiResult<RawAnswer> file) {
            if (!file) {
                done(file.error());
                return;
            }
            auto *watcher = new QFutureWatcher<BillContent>(this);
            connect(watcher, &QFutureWatcher<BillContent>::finished, this, [watcher, done, announced] {
                watcher->deleteLater();
                BillContent decoded = watcher->result();
                if (decoded.error) {
                    done(*decoded.error);
                    return;
                }
                TradeBill bill = announced;
                bill.content = std::move(decoded.content);
                done(std::move(bill));
            });
            watcher->setFuture(QtConcurrent::run(decodeBill, file->body, gzip, announced.hashValue));
        });
    });
}

void ApiClient::refreshCertificates(Callback<QList<PlatformCertificateInfo>> done)
{
    d->refreshWaiters.append(std::move(done));
    if (d->refreshing)
        return; // one download serves everyone waiting
    d->refreshing = true;
    auto call = d->makeCall("GET", "/v3/certificates");
    call->verification = Verification::Deferred;
    d->send(call, [this, call](ApiResult<RawAnswer> answer) { d->certificatesAnswered(*call, answer); });
}

} // namespace paydesk
