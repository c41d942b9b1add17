// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/privatekey.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace paydesk {

// WeChat Pay's side of response signing: what the sandbox uses to sign its
// answers and notifications, and tests to forge them. The serial is a platform
// certificate serial or a public-key id (PUB_KEY_ID_...).
class ResponseSigner
{
public:
    ResponseSigner() = default;
    ResponseSigner(QString serial, PrivateKey key);

    // Wechatpay-Timestamp/-Nonce/-Signature/-Serial/-Signature-Type headers for `body`.
    Result<QList<QPair<QByteArray, QByteArray>>> sign(const QByteArray &body, qint64 timestamp,
                                                      const QByteArray &nonce) const;
    Result<QList<QPair<QByteArray, QByteArray>>> sign(const QByteArray &body) const;

    const QString &serial() const { return m_serial; }
    bool isNull() const { return m_key.isNull(); }

private:
    QString m_serial;
    PrivateKey m_key;
};

} // namespace paydesk
