// SPDX-License-Identifier: MIT
#pragma once

#include "platformkeys.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace paydesk {

// The signature headers of a WeChat Pay answer or notification.
struct SignedHeaders
{
    QByteArray timestamp; // Wechatpay-Timestamp
    QByteArray nonce;     // Wechatpay-Nonce
    QByteArray signature; // Wechatpay-Signature (base64)
    QByteArray serial;    // Wechatpay-Serial: certificate serial or PUB_KEY_ID_...
    QByteArray requestId; // Request-ID, for support; not part of the signature

    // Header names are matched case-insensitively.
    static SignedHeaders fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
};

struct VerifyFailure
{
    enum Kind {
        MissingHeader,    // one of the four headers is absent
        BadTimestamp,     // not a number
        StaleTimestamp,   // more than the window away from our clock
        SignTestProbe,    // WECHATPAY/SIGNTEST/: a deliberately invalid probe
        MalformedSignature, // not base64
        UnknownSerial,    // no certificate or public key with that serial/id
        BadSignature,     // the signature does not match the bytes
    };
    Kind kind;
    QString message;
    qint64 skewSeconds = 0; // for StaleTimestamp: their time - our time
};

// Checks that an answer or notification really comes from WeChat Pay:
// the four headers, the replay window and SHA256withRSA over
// "TIMESTAMP\nNONCE\nBODY\n" with the key named by Wechatpay-Serial.
// Refreshing certificates on UnknownSerial is the caller's job (ApiClient).
class ResponseVerifier
{
public:
    static constexpr qint64 DefaultWindowSeconds = 300;

    explicit ResponseVerifier(const PlatformKeys *keys, qint64 windowSeconds = DefaultWindowSeconds);

    static QByteArray message(const QByteArray &timestamp, const QByteArray &nonce, const QByteArray &body);

    Result<void, VerifyFailure> verify(const SignedHeaders &headers, const QByteArray &body,
                                       const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

private:
    const PlatformKeys *m_keys;
    qint64 m_window;
};

} // namespace paydesk
