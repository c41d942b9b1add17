// SPDX-License-Identifier: MIT
#include "responseverifier.h"

namespace paydesk {

SignedHeaders SignedHeaders::fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    SignedHeaders result;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "wechatpay-timestamp")
            result.timestamp = value.trimmed();
        else if (lower == "wechatpay-nonce")
            result.nonce = value.trimmed();
        else if (lower == "wechatpay-signature")
            result.signature = value.trimmed();
        else if (lower == "wechatpay-serial")
            result.serial = value.trimmed();
        else if (lower == "request-id")
            result.requestId = value.trimmed();
    }
    return result;
}

ResponseVerifier::ResponseVerifier(const PlatformKeys *keys, qint64 windowSeconds)
    : m_keys(keys), m_window(windowSeconds)
{
}

QByteArray ResponseVerifier::message(const QByteArray &timestamp, const QByteArray &nonce, const QByteArray &body)
{
    QByteArray m;
    m.reserve(timestamp.size() + nonce.size() + body.size() + 3);
    m.append(timestamp).append('\n').append(nonce).append('\n').append(body).append('\n');
    return m;
}

Result<void, VerifyFailure> ResponseVerifier::verify(const SignedHeaders &headers, const QByteArray &body,
                                                     const QDateTime &now) const
{
    QStringList missing;
    if (headers.timestamp.isEmpty())
        missing << QStringLiteral("Wechatpay-Timestamp");
    if (headers.nonce.isEmpty())
        missing << QStringLiteral("Wechatpay-Nonce");
    if (headers.signature.isEmpty())
        missing << QStringLiteral("Wechatpay-Signature");
    if (headers.serial.isEmpty())
        missing << QStringLiteral("Wechatpay-Serial");
    if (!missing.isEmpty()) {
        return VerifyFailure{VerifyFailure::MissingHeader,
                             QStringLiteral("answer is not signed: missing %1").arg(missing.join(QStringLiteral(", ")))};
    }

    bool isNumber = false;
    const qint64 timestamp = headers.timestamp.toLongLong(&isNumber);
    // Negative times are never sent, and near the type's limits the skew below would overflow.
    if (!isNumber || timestamp < 0) {
        return VerifyFailure{VerifyFailure::BadTimestamp,
                             QStringLiteral("Wechatpay-Timestamp is not a Unix time in seconds")};
    }
    const qint64 skew = timestamp - now.toSecsSinceEpoch();
    if (qAbs(skew) > m_window) {
        return VerifyFailure{VerifyFailure::StaleTimestamp,
                             QStringLiteral("Wechatpay-Timestamp is %1 s away from this terminal's clock "
                                            "(allowed: %2 s): check the system time")
                                 .arg(skew).arg(m_window),
                             skew};
    }

    if (headers.signature.startsWith("WECHATPAY/SIGNTEST/")) {
        return VerifyFailure{VerifyFailure::SignTestProbe,
                             QStringLiteral("signature is a WECHATPAY/SIGNTEST/ probe, which is never valid")};
    }

    const auto decoded = QByteArray::fromBase64Encoding(headers.signature, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty()) {
        return VerifyFailure{VerifyFailure::MalformedSignature,
                             QStringLiteral("Wechatpay-Signature is not valid base64")};
    }

    const QString serial = QString::fromLatin1(headers.serial);
    const auto key = m_keys ? m_keys->keyFor(serial) : std::nullopt;
    if (!key) {
        return VerifyFailure{VerifyFailure::UnknownSerial,
                             QStringLiteral("no platform certificate or WeChat Pay public key with serial %1").arg(serial)};
    }

    if (!key->verify(message(headers.timestamp, headers.nonce, body), decoded.decoded)) {
        return VerifyFailure{VerifyFailure::BadSignature,
                             QStringLiteral("Wechatpay-Signature does not match the answer (serial %1): "
                                            "it was altered or not sent by WeChat Pay").arg(serial)};
    }
    return {};
}

} // namespace paydesk
