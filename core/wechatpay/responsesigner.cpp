// SPDX-License-Identifier: MIT
#include "responsesigner.h"

#include "crypto/securerandom.h"
#include "responseverifier.h"

#include <QDateTime>

namespace paydesk {

ResponseSigner::ResponseSigner(QString serial, PrivateKey key)
    : m_serial(std::move(serial)), m_key(std::move(key))
{
}

Result<QList<QPair<QByteArray, QByteArray>>> ResponseSigner::sign(const QByteArray &body, qint64 timestamp,
                                                                  const QByteArray &nonce) const
{
    const QByteArray ts = QByteArray::number(timestamp);
    auto signature = m_key.sign(ResponseVerifier::message(ts, nonce, body));
    if (!signature)
        return signature.error();
    return QList<QPair<QByteArray, QByteArray>>{
        {"Wechatpay-Timestamp", ts},
        {"Wechatpay-Nonce", nonce},
        {"Wechatpay-Signature", signature->toBase64()},
        {"Wechatpay-Serial", m_serial.toLatin1()},
        {"Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"},
    };
}

Result<QList<QPair<QByteArray, QByteArray>>> ResponseSigner::sign(const QByteArray &body) const
{
    return sign(body, QDateTime::currentSecsSinceEpoch(), SecureRandom::alphanumeric(32));
}

} // namespace paydesk
