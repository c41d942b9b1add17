// SPDX-License-Identifier: MIT
#include "requestsigner.h"

#include "crypto/securerandom.h"

#include <QDateTime>

namespace paydesk {

Result<AuthorizationHeader> AuthorizationHeader::parse(const QByteArray &header)
{
    const QByteArray scheme = QByteArray(RequestSigner::Scheme) + ' ';
    if (!header.startsWith(scheme)) {
        return makeError(QStringLiteral("bad_authorization"),
                         QStringLiteral("Authorization does not start with %1").arg(QLatin1String(RequestSigner::Scheme)));
    }
    AuthorizationHeader result;
    QList<QByteArray> seen;
    const QByteArray fields = header.mid(scheme.size());
    for (const QByteArray &field : fields.split(',')) {
        const qsizetype eq = field.indexOf('=');
        if (eq <= 0 || field.size() < eq + 3 || field.at(eq + 1) != '"' || !field.endsWith('"')) {
            return makeError(QStringLiteral("bad_authorization"),
                             QStringLiteral("Authorization field is not key=\"value\": %1")
                                 .arg(QString::fromUtf8(field.left(40))));
        }
        const QByteArray key = field.left(eq).trimmed();
        const QByteArray value = field.mid(eq + 2, field.size() - eq - 3);
        QByteArray *slot = nullptr;
        if (key == "mchid")
            slot = &result.mchid;
        else if (key == "nonce_str")
            slot = &result.nonce;
        else if (key == "timestamp")
            slot = &result.timestamp;
        else if (key == "serial_no")
            slot = &result.serialNo;
        else if (key == "signature")
            slot = &result.signature;
        if (!slot)
            continue;
        // A repeated field (two mchids, two signatures) is ambiguous: parsers differ
        // on which one wins, so one could be verified and the other acted on.
        if (seen.contains(key)) {
            return makeError(QStringLiteral("bad_authorization"),
                             QStringLiteral("Authorization repeats the field %1").arg(QString::fromLatin1(key)));
        }
        seen.append(key);
        *slot = value;
    }
    if (result.mchid.isEmpty() || result.nonce.isEmpty() || result.timestamp.isEmpty()
        || result.serialNo.isEmpty() || result.signature.isEmpty()) {
        return makeError(QStringLiteral("bad_authorization"),
                         QStringLiteral("Authorization lacks one of mchid, nonce_str, timestamp, serial_no, signature"));
    }
    return result;
}

RequestSigner::RequestSigner(QString mchid, QString serialNo, PrivateKey key)
    : m_mchid(std::move(mchid)), m_serialNo(std::move(serialNo)), m_key(std::move(key))
{
}

QByteArray RequestSigner::message(const QByteArray &method, const QByteArray &canonicalUrl,
                                  qint64 timestamp, const QByteArray &nonce, const QByteArray &body)
{
    QByteArray m;
    m.reserve(method.size() + canonicalUrl.size() + nonce.size() + body.size() + 24);
    m.append(method).append('\n')
        .append(canonicalUrl).append('\n')
        .append(QByteArray::number(timestamp)).append('\n')
        .append(nonce).append('\n')
        .append(body).append('\n');
    return m;
}

Result<QByteArray> RequestSigner::authorization(const QByteArray &method, const QByteArray &canonicalUrl,
                                                const QByteArray &body, qint64 timestamp,
                                                const QByteArray &nonce) const
{
    auto signature = m_key.sign(message(method, canonicalUrl, timestamp, nonce, body));
    if (!signature)
        return signature.error();
    QByteArray header(Scheme);
    header.append(" mchid=\"").append(m_mchid.toUtf8())
        .append("\",nonce_str=\"").append(nonce)
        .append("\",timestamp=\"").append(QByteArray::number(timestamp))
        .append("\",serial_no=\"").append(m_serialNo.toUtf8())
        .append("\",signature=\"").append(signature->toBase64())
        .append('"');
    return header;
}

Result<QByteArray> RequestSigner::authorization(const QByteArray &method, const QByteArray &canonicalUrl,
                                                const QByteArray &body) const
{
    return authorization(method, canonicalUrl, body, QDateTime::currentSecsSinceEpoch(),
                         SecureRandom::alphanumeric(32));
}

} // namespace paydesk
