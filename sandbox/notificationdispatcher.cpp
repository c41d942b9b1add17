// SPDX-License-Identifier: MIT
#include "notificationdispatcher.h"

#include "crypto/securerandom.h"
#include "faultinjector.h"
#include "platformidentity.h"
#include "sandboxcontext.h"
#include "wechatpay/encryptedresource.h"
#include "wechattime.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>
#include <limits>

namespace paydesk::sandbox {

namespace {
const QString kPending = QStringLiteral("pending");
const QString kHeld = QStringLiteral("held");
const QString kDelivered = QStringLiteral("delivered");
const QString kFailed = QStringLiteral("failed");
} // namespace

const QList<int> &NotificationDispatcher::retryScheduleSeconds()
{
    static const QList<int> schedule { 15,   15,   30,    180,   600,   1200,  1800, 1800,
                                       1800, 3600, 10800, 10800, 10800, 21600, 21600 };
    return schedule;
}

NotificationDispatcher::NotificationDispatcher(SandboxContext *context, QObject *parent)
    : QObject(parent), m_context(context), m_network(new QNetworkAccessManager(this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &NotificationDispatcher::dispatchDue);
}

NotificationDispatcher::~NotificationDispatcher()
{
    stop();
}

void NotificationDispatcher::stop()
{
    m_timer.stop();
    const QList<QNetworkReply *> replies = m_replies;
    m_replies.clear();
    for (QNetworkReply *reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    m_inFlight.clear();
}

qint64 NotificationDispatcher::scaledMs(int seconds) const
{
    const double scale = m_context->settings.timeScale > 0 ? m_context->settings.timeScale : 1.0;
    return qMax<qint64>(1, qint64(seconds * 1000.0 / scale));
}

Result<QString> NotificationDispatcher::send(const QString &mchid, const QString &notifyUrl, const QString &eventType,
                                             const QString &summary, const QJsonObject &resource,
                                             const QByteArray &associatedData, const QString &originalType)
{
    const Merchant *merchant = m_context->merchant(mchid);
    if (!merchant || merchant->record.apiV3Key.size() != 32) {
        return makeError(QStringLiteral("no_apiv3_key"),
                         QStringLiteral("merchant %1 has no APIv3 key to encrypt notifications with").arg(mchid));
    }
    const QByteArray plaintext = QJsonDocument(resource).toJson(QJsonDocument::Compact);
    auto encrypted = EncryptedResource::encrypt(merchant->record.apiV3Key, plaintext, associatedData, originalType);
    if (!encrypted)
        return encrypted.error();

    NotificationRecord n;
    n.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    n.seq = m_context->store->nextSequence(QStringLiteral("notification"));
    n.mchid = mchid;
    n.eventType = eventType;
    n.notifyUrl = notifyUrl;
    n.summary = summary;
    n.createdAt = m_context->clock.now();
    const QJsonObject envelope {
        { QStringLiteral("id"), n.id },
        { QStringLiteral("create_time"), WechatTime::format(n.createdAt) },
        { QStringLiteral("resource_type"), QStringLiteral("encrypt-resource") },
        { QStringLiteral("event_type"), eventType },
        { QStringLiteral("summary"), summary },
        { QStringLiteral("resource"), encrypted->toJson() },
    };
    n.body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    n.plaintext = plaintext;

    const FaultInjector::NotifyPlan plan = m_context->faults->planNotification(eventType);
    const qint64 now = SandboxClock::realMs();
    n.nextAttemptMs = now + plan.delayMs;
    if (plan.reorder) {
        n.state = kHeld;
        n.nextAttemptMs = now + qMax(plan.delayMs, plan.holdMs);
    }
    if (plan.duplicate)
        m_duplicates.insert(n.id);
    if (plan.signTest)
        m_signTests.insert(n.id);

    auto saved = m_context->store->saveNotification(n, true);
    if (!saved)
        return saved.error();
    qCInfo(lcSandbox).noquote() << "notification" << n.id << eventType << "to" << notifyUrl
                                << (plan.reorder ? "(held back)" : "");
    schedule();
    return n.id;
}

void NotificationDispatcher::resume()
{
    schedule();
}

int NotificationDispatcher::flush()
{
    const qint64 now = SandboxClock::realMs();
    int count = 0;
    for (NotificationRecord n : m_context->store->notifications()) {
        if (n.state != kPending && n.state != kHeld)
            continue;
        n.state = kPending;
        n.nextAttemptMs = now;
        if (m_context->store->saveNotification(n, false))
            ++count;
    }
    dispatchDue();
    return count;
}

Result<void> NotificationDispatcher::resend(const QString &id)
{
    const auto n = m_context->store->notification(id);
    if (!n)
        return makeError(QStringLiteral("not_found"), QStringLiteral("no notification %1").arg(id));
    deliver(*n, QStringLiteral("resend"));
    return {};
}

void NotificationDispatcher::schedule()
{
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const NotificationRecord &n : m_context->store->notifications()) {
        if ((n.state == kPending || n.state == kHeld) && !m_inFlight.contains(n.id))
            earliest = qMin(earliest, n.nextAttemptMs);
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = qBound<qint64>(0, earliest - SandboxClock::realMs(), 24LL * 3600 * 1000);
    m_timer.start(int(wait));
}

void NotificationDispatcher::releaseHeld(const QString &exceptId)
{
    const qint64 now = SandboxClock::realMs();
    for (NotificationRecord n : m_context->store->notifications(kHeld)) {
        if (n.id == exceptId)
            continue;
        n.state = kPending;
        n.nextAttemptMs = now + 50; // just after the one that overtook it
        if (!m_context->store->saveNotification(n, false))
            qCWarning(lcSandbox) << "cannot release held notification" << n.id;
    }
}

void NotificationDispatcher::dispatchDue()
{
    const qint64 now = SandboxClock::realMs();
    for (NotificationRecord n : m_context->store->notifications()) {
        if (m_inFlight.contains(n.id) || n.nextAttemptMs > now)
            continue;
        if (n.state == kHeld) {
            // Held long enough: nothing overtook it; send it anyway.
            n.state = kPending;
            succeeded(m_context->store->saveNotification(n, false));
        } else if (n.state != kPending) {
            continue;
        } else if (n.attempts == 0) {
            // A first delivery overtakes whatever was held back.
            releaseHeld(n.id);
        }
        if (m_signTests.remove(n.id))
            deliver(n, QStringLiteral("signtest"));
        m_inFlight.insert(n.id);
        deliver(n, QStringLiteral("scheduled"));
    }
    schedule();
}

void NotificationDispatcher::deliver(const NotificationRecord &n, const QString &kind)
{
    const Merchant *merchant = m_context->merchant(n.mchid);
    const KeyMode mode = merchant ? merchant->record.keyMode : m_context->settings.defaultKeyMode;
    const ResponseSigner signer = m_context->identity->notificationSigner(
        mode, m_context->settings.notifyPublicKeyPercent, m_context->faults->random());
    auto headers = signer.sign(n.body, m_context->clock.now(), SecureRandom::alphanumeric(32));

    QNetworkRequest request { QUrl(n.notifyUrl) };
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("User-Agent", "Mozilla/4.0");
    request.setRawHeader("Accept", "*/*");
    request.setTransferTimeout(m_context->settings.notifyTimeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (headers) {
        for (const auto &[name, value] : *headers) {
            if (kind == QLatin1String("signtest") && name == "Wechatpay-Signature")
                request.setRawHeader(name, "WECHATPAY/SIGNTEST/" + SecureRandom::alphanumeric(40));
            else
                request.setRawHeader(name, value);
        }
    }
    const qint64 started = SandboxClock::realMs();
    QNetworkReply *reply = m_network->post(request, n.body);
    m_replies.append(reply);
    // A merchant's HTTPS listener in training has a self-signed certificate.
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    const QString id = n.id;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, id, kind, started]() { finished(reply, id, kind, started); });
}

void NotificationDispatcher::finished(QNetworkReply *reply, const QString &id, const QString &kind, qint64 startedMs)
{
    m_replies.removeAll(reply);
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool delivered = reply->error() == QNetworkReply::NoError && (status == 200 || status == 204);
    QString error;
    if (!delivered)
        error = status != 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
    const qint64 now = SandboxClock::realMs();

    auto n = m_context->store->notification(id);
    if (!n)
        return; // reset while in flight
    const bool scheduled = kind == QLatin1String("scheduled");
    const int attempt = scheduled ? n->attempts + 1 : n->attempts;
    succeeded(m_context->store->addNotificationAttempt(id, attempt, startedMs, status, error, now - startedMs, kind));

    if (scheduled) {
        m_inFlight.remove(id);
        n->attempts = attempt;
        n->lastStatus = status;
        n->lastError = error;
        const QList<int> &retries = retryScheduleSeconds();
        if (delivered) {
            n->state = kDelivered;
            n->nextAttemptMs = 0;
        } else if (attempt > retries.size()) {
            n->state = kFailed;
            n->nextAttemptMs = 0;
            qCWarning(lcSandbox).noquote() << "notification" << id << "given up after" << attempt << "attempts";
        } else if (n->state == kPending) {
            n->nextAttemptMs = now + scaledMs(retries.at(attempt - 1));
        }
        succeeded(m_context->store->saveNotification(*n, false));
        if (m_duplicates.remove(id)) {
            // The same notification once more, whatever the first answer was.
            QTimer::singleShot(20, this, [this, id]() {
                if (const auto again = m_context->store->notification(id))
                    deliver(*again, QStringLiteral("duplicate"));
            });
        }
    }
    qCInfo(lcSandbox).noquote() << "notification" << id << kind << "attempt" << attempt << "->"
                                << (delivered ? QStringLiteral("delivered") : error);
    emit attempted(id, n->eventType, status, delivered);
    m_context->emitEvent(QStringLiteral("notification"),
                         { { QStringLiteral("id"), id },
                           { QStringLiteral("event_type"), n->eventType },
                           { QStringLiteral("http_status"), status },
                           { QStringLiteral("delivered"), delivered },
                           { QStringLiteral("kind"), kind } });
    schedule();
}

QJsonArray NotificationDispatcher::log() const
{
    QJsonArray result;
    for (const NotificationRecord &n : m_context->store->notifications()) {
        QJsonArray attempts;
        for (const QVariantMap &a : m_context->store->notificationAttempts(n.id)) {
            attempts.append(QJsonObject {
                { QStringLiteral("attempt"), a.value(QStringLiteral("attempt")).toInt() },
                { QStringLiteral("at"),
                  QDateTime::fromMSecsSinceEpoch(a.value(QStringLiteral("at_ms")).toLongLong(), WechatTime::chinaZone())
                      .toString(Qt::ISODateWithMs) },
                { QStringLiteral("http_status"), a.value(QStringLiteral("http_status")).toInt() },
                { QStringLiteral("error"), a.value(QStringLiteral("error")).toString() },
                { QStringLiteral("elapsed_ms"), a.value(QStringLiteral("elapsed_ms")).toLongLong() },
                { QStringLiteral("kind"), a.value(QStringLiteral("kind")).toString() },
            });
        }
        QJsonObject entry {
            { QStringLiteral("id"), n.id },
            { QStringLiteral("seq"), n.seq },
            { QStringLiteral("mchid"), n.mchid },
            { QStringLiteral("event_type"), n.eventType },
            { QStringLiteral("summary"), n.summary },
            { QStringLiteral("notify_url"), n.notifyUrl },
            { QStringLiteral("create_time"), WechatTime::format(n.createdAt) },
            { QStringLiteral("state"), n.state },
            { QStringLiteral("attempts"), n.attempts },
            { QStringLiteral("last_status"), n.lastStatus },
            { QStringLiteral("last_error"), n.lastError },
            { QStringLiteral("resource"), QJsonDocument::fromJson(n.plaintext).object() },
            { QStringLiteral("deliveries"), attempts },
        };
        if (n.nextAttemptMs > 0 && (n.state == kPending || n.state == kHeld)) {
            entry.insert(
                QStringLiteral("next_attempt_at"),
                QDateTime::fromMSecsSinceEpoch(n.nextAttemptMs, WechatTime::chinaZone()).toString(Qt::ISODateWithMs));
        }
        result.append(entry);
    }
    return result;
}

} // namespace paydesk::sandbox
