// SPDX-License-Identifier: MIT
#include "notificationdecoder.h"

#include "clientdetail_p.h"
#include "crypto/securerandom.h"
#include "encryptedresource.h"
#include "jsonreader_p.h"

#include <QJsonDocument>

namespace paydesk {

using namespace wechatpay_detail;

namespace {

NotificationError failure(NotificationError::Kind kind, QString message)
{
    return NotificationError{kind, std::move(message), std::nullopt, 0, {}};
}

bool isRefundEvent(const QString &eventType)
{
    return eventType == QLatin1String("REFUND.SUCCESS") || eventType == QLatin1String("REFUND.ABNORMAL")
        || eventType == QLatin1String("REFUND.CLOSED");
}

} // namespace

int NotificationError::httpStatus() const
{
    switch (kind) {
    case BadSignature: return 401;
    case MalformedJson: return 400;
    case DecryptFailed: return 500; // perhaps our APIv3 key changed: let WeChat Pay try again later
    case UnknownEventType: return 200;
    }
    return 500;
}

QByteArray NotificationError::responseBody() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("code"), QStringLiteral("FAIL")},
                                     {QStringLiteral("message"), kindName()}})
        .toJson(QJsonDocument::Compact);
}

QString NotificationError::kindName() const
{
    switch (kind) {
    case BadSignature: return QStringLiteral("bad signature");
    case MalformedJson: return QStringLiteral("malformed notification");
    case DecryptFailed: return QStringLiteral("cannot decrypt resource");
    case UnknownEventType: return QStringLiteral("unknown event type");
    }
    return QStringLiteral("error");
}

NotificationDecoder::NotificationDecoder(PlatformKeys keys, SecretBytes apiV3Key, qint64 windowSeconds)
    : m_keys(std::move(keys)), m_apiV3Key(std::move(apiV3Key)), m_window(windowSeconds)
{
}

NotificationDecoder::NotificationDecoder(const MerchantCredentials &credentials, qint64 windowSeconds)
    : NotificationDecoder(credentials.platformKeys, credentials.apiV3Key, windowSeconds)
{
}

Result<Notification, NotificationError> NotificationDecoder::decode(const QList<QPair<QByteArray, QByteArray>> &headers,
                                                                    const QByteArray &body, const QDateTime &now) const
{
    // 1. Who sent it. Nothing else is read before this holds.
    const SignedHeaders signedHeaders = SignedHeaders::fromHeaders(headers);
    auto verdict = ResponseVerifier(&m_keys, m_window).verify(signedHeaders, body, now);
    if (!verdict) {
        NotificationError e = failure(NotificationError::BadSignature,
                                      QStringLiteral("notification rejected: %1").arg(verdict.error().message));
        e.verifyFailure = verdict.error().kind;
        e.skewSeconds = verdict.error().skewSeconds;
        qCWarning(lcWechatPay).noquote() << "notification rejected:" << verifyFailureName(verdict.error().kind)
                                         << "serial" << QString::fromLatin1(signedHeaders.serial);
        return e;
    }

    // 2. The envelope.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return failure(NotificationError::MalformedJson,
                       QStringLiteral("notification body is not a JSON object (%1)")
                           .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : QStringLiteral("another JSON value")));
    }
    JsonReader envelope(document.object(), QStringLiteral("notification"));
    Notification n;
    n.id = envelope.requiredString("id");
    n.eventType = envelope.requiredString("event_type");
    n.createTime = envelope.optionalTime("create_time");
    n.resourceType = envelope.optionalString("resource_type");
    n.summary = envelope.optionalString("summary");
    JsonReader resourceJson = envelope.object("resource", true);
    if (!envelope.ok())
        return failure(NotificationError::MalformedJson, envelope.error().message);
    if (!n.resourceType.isEmpty() && n.resourceType != QLatin1String("encrypt-resource")) {
        return failure(NotificationError::MalformedJson,
                       QStringLiteral("notification resource_type is \"%1\", not encrypt-resource").arg(n.resourceType));
    }

    const bool transactionEvent = n.eventType == QLatin1String("TRANSACTION.SUCCESS");
    if (!transactionEvent && !isRefundEvent(n.eventType)) {
        NotificationError e = failure(NotificationError::UnknownEventType,
                                      QStringLiteral("notification %1 has event type %2, which PayDesk does not handle")
                                          .arg(n.id, n.eventType));
        e.eventType = n.eventType;
        return e;
    }

    // 3. The resource.
    auto resource = EncryptedResource::fromJson(resourceJson.json());
    if (!resource)
        return failure(NotificationError::MalformedJson, QStringLiteral("notification %1: %2").arg(n.id, resource.error().message));
    n.originalType = resource->originalType;
    auto plaintext = resource->decrypt(m_apiV3Key);
    if (!plaintext) {
        return failure(NotificationError::DecryptFailed,
                       QStringLiteral("notification %1 does not decrypt with the APIv3 key (%2): check the APIv3 key "
                                      "in the merchant profile")
                           .arg(n.id, plaintext.error().message));
    }
    const QJsonDocument inner = QJsonDocument::fromJson(plaintext.value(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !inner.isObject()) {
        return failure(NotificationError::MalformedJson,
                       QStringLiteral("notification %1: the decrypted resource is not a JSON object").arg(n.id));
    }
    const QJsonObject object = inner.object();

    if (isRefundEvent(n.eventType)) {
        auto refund = Refund::fromJson(object);
        if (!refund)
            return failure(NotificationError::MalformedJson, QStringLiteral("notification %1: %2").arg(n.id, refund.error().message));
        n.refund = refund.value();
    } else if (object.contains(QLatin1String("combine_out_trade_no"))) {
        auto combine = CombineTransaction::fromJson(object);
        if (!combine)
            return failure(NotificationError::MalformedJson, QStringLiteral("notification %1: %2").arg(n.id, combine.error().message));
        n.combine = combine.value();
    } else {
        auto transaction = Transaction::fromJson(object);
        if (!transaction)
            return failure(NotificationError::MalformedJson,
                           QStringLiteral("notification %1: %2").arg(n.id, transaction.error().message));
        n.transaction = transaction.value();
    }
    qCDebug(lcWechatPay).noquote() << "notification" << n.id << n.eventType << "verified and decrypted";
    return n;
}

Result<QByteArray> NotificationDecoder::encode(const QString &eventType, const QByteArray &resourceJson,
                                               const QByteArray &apiV3Key, const QString &id,
                                               const QDateTime &createTime, const QString &summary)
{
    const bool refund = eventType.startsWith(QLatin1String("REFUND."));
    const QString type = refund ? QStringLiteral("refund") : QStringLiteral("transaction");
    auto resource = EncryptedResource::encrypt(apiV3Key, resourceJson, type.toLatin1(), type);
    if (!resource)
        return resource.error();

    QString text = summary;
    if (text.isEmpty()) {
        if (eventType == QLatin1String("TRANSACTION.SUCCESS"))
            text = QStringLiteral("支付成功");
        else if (eventType == QLatin1String("REFUND.SUCCESS"))
            text = QStringLiteral("退款成功");
        else if (eventType == QLatin1String("REFUND.ABNORMAL"))
            text = QStringLiteral("退款异常");
        else if (eventType == QLatin1String("REFUND.CLOSED"))
            text = QStringLiteral("退款关闭");
    }
    const QDateTime when = createTime.isValid()
        ? createTime
        : QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600);
    const QJsonObject envelope{
        {QStringLiteral("id"), id.isEmpty() ? QStringLiteral("EV-") + QString::fromLatin1(SecureRandom::digits(20)) : id},
        {QStringLiteral("create_time"), formatWechatTime(when)},
        {QStringLiteral("resource_type"), QStringLiteral("encrypt-resource")},
        {QStringLiteral("event_type"), eventType},
        {QStringLiteral("summary"), text},
        {QStringLiteral("resource"), resource->toJson()},
    };
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
}

} // namespace paydesk
