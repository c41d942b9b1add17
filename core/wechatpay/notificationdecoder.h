// SPDX-License-Identifier: MIT
#pragma once

#include "apitypes.h"
#include "merchantcredentials.h"
#include "platformkeys.h"
#include "responseverifier.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace paydesk {

// A verified, decrypted WeChat Pay notification (../shared/wechatpay-v3.md
// section 5). Exactly one of transaction / refund / combine is set.
struct Notification
{
    QString id;           // EV-..., the same for every re-delivery of one event
    QString eventType;    // TRANSACTION.SUCCESS, REFUND.SUCCESS, REFUND.ABNORMAL, REFUND.CLOSED
    QDateTime createTime;
    QString resourceType; // encrypt-resource
    QString summary;
    QString originalType; // resource.original_type: transaction, refund
    std::optional<Transaction> transaction;        // TRANSACTION.SUCCESS, ordinary order
    std::optional<Refund> refund;                  // REFUND.*
    std::optional<CombineTransaction> combine;     // TRANSACTION.SUCCESS of a combined order
};

struct NotificationError
{
    enum Kind {
        BadSignature,     // not verifiably from WeChat Pay (see verifyFailure); includes SIGNTEST probes
        MalformedJson,    // the envelope or the decrypted resource is not what WeChat Pay sends
        DecryptFailed,    // the resource does not decrypt with the APIv3 key (wrong key, altered)
        UnknownEventType, // verified and well-formed, but an event PayDesk does not handle
    };
    Kind kind;
    QString message;
    std::optional<VerifyFailure::Kind> verifyFailure; // for BadSignature
    qint64 skewSeconds = 0;                          // for a StaleTimestamp
    QString eventType;                               // for UnknownEventType

    // What to answer WeChat Pay. Anything but 2xx makes it deliver again later
    // (a SIGNTEST probe must fail; a valid re-delivery follows). An unknown event
    // type is acknowledged, as no re-delivery will make it known.
    int httpStatus() const;
    // {"code":"FAIL","message":"..."} for a failure answer.
    QByteArray responseBody() const;
    QString kindName() const;
};

// Turns a POSTed notification into a typed Notification: verifies the
// signature headers with ResponseVerifier (replay window, SIGNTEST probes,
// key by Wechatpay-Serial), reads the envelope, decrypts the resource with the
// APIv3 key and parses it. Nothing is decrypted before the signature checks out.
//
// An UnknownSerial failure can mean WeChat Pay rotated its certificate: refresh
// (ApiClient::refreshCertificates), setPlatformKeys() with the new keys and
// decode again, or answer 5xx and let WeChat Pay re-deliver.
class NotificationDecoder
{
public:
    NotificationDecoder(PlatformKeys keys, SecretBytes apiV3Key,
                        qint64 windowSeconds = ResponseVerifier::DefaultWindowSeconds);
    explicit NotificationDecoder(const MerchantCredentials &credentials,
                                 qint64 windowSeconds = ResponseVerifier::DefaultWindowSeconds);

    void setPlatformKeys(const PlatformKeys &keys) { m_keys = keys; }
    const PlatformKeys &platformKeys() const { return m_keys; }

    // `headers` as received (names are matched case-insensitively), `body` the raw bytes.
    Result<Notification, NotificationError> decode(const QList<QPair<QByteArray, QByteArray>> &headers,
                                                   const QByteArray &body,
                                                   const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // WeChat Pay's side, for the sandbox and tests: the JSON body of a
    // notification for `eventType` whose resource is `resourceJson` encrypted
    // with `apiV3Key` (AAD and original_type "transaction" or "refund").
    // An empty id gets a fresh "EV-..." one, an invalid createTime the current
    // time at +08:00, an empty summary WeChat Pay's usual text. Sign the result
    // with ResponseSigner::sign() to get the headers.
    static Result<QByteArray> encode(const QString &eventType, const QByteArray &resourceJson,
                                     const QByteArray &apiV3Key, const QString &id = {},
                                     const QDateTime &createTime = {}, const QString &summary = {});

private:
    PlatformKeys m_keys;
    SecretBytes m_apiV3Key;
    qint64 m_window;
};

} // namespace paydesk
