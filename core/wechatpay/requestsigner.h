// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/privatekey.h"
#include "result.h"

#include <QByteArray>
#include <QString>

namespace paydesk {

// The parts of an `Authorization: WECHATPAY2-SHA256-RSA2048 ...` header.
struct AuthorizationHeader
{
    QByteArray mchid;
    QByteArray nonce;
    QByteArray timestamp;
    QByteArray serialNo;
    QByteArray signature; // base64, as sent

    // Accepts the fields in any order (the Go/Java and PHP/axios SDKs differ).
    static Result<AuthorizationHeader> parse(const QByteArray &header);
};

// Signs merchant requests for WeChat Pay APIv3 (SHA256withRSA over
// "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n"), producing the Authorization header.
// The body passed here must be the exact bytes that are sent.
class RequestSigner
{
public:
    static constexpr const char *Scheme = "WECHATPAY2-SHA256-RSA2048";

    RequestSigner() = default;
    RequestSigner(QString mchid, QString serialNo, PrivateKey key);

    // `canonicalUrl` is the path plus "?query" exactly as sent, percent-encoded, no host.
    static QByteArray message(const QByteArray &method, const QByteArray &canonicalUrl,
                              qint64 timestamp, const QByteArray &nonce, const QByteArray &body);

    Result<QByteArray> authorization(const QByteArray &method, const QByteArray &canonicalUrl,
                                     const QByteArray &body, qint64 timestamp,
                                     const QByteArray &nonce) const;
    // Current time and a fresh 32-character nonce.
    Result<QByteArray> authorization(const QByteArray &method, const QByteArray &canonicalUrl,
                                     const QByteArray &body) const;

    const QString &mchid() const { return m_mchid; }
    const QString &serialNo() const { return m_serialNo; }
    bool isNull() const { return m_key.isNull(); }

private:
    QString m_mchid;
    QString m_serialNo;
    PrivateKey m_key;
};

} // namespace paydesk
