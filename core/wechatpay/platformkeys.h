// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "crypto/publickey.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace paydesk {

// The keys WeChat Pay signs with, as a merchant knows them: any number of
// platform certificates (several are valid at once during rotation) and/or the
// newer WeChat Pay public key with its id (PUB_KEY_ID_...). Both can be in use
// at the same time while a merchant migrates.
class PlatformKeys
{
public:
    void addCertificate(const Certificate &certificate);
    void setPublicKey(const QString &keyId, const PublicKey &key);
    void clearCertificates();
    // Drops certificates that expired before `now`; returns how many.
    int removeExpired(const QDateTime &now);

    // The key named by a Wechatpay-Serial header: the public key when the serial
    // is its id, else the certificate with that serial.
    std::optional<PublicKey> keyFor(const QString &serial) const;

    QList<Certificate> certificates() const { return m_certificates.values(); }
    // The newest valid certificate, used to encrypt sensitive request fields.
    std::optional<Certificate> newestCertificate(const QDateTime &now) const;
    QString publicKeyId() const { return m_publicKeyId; }
    bool hasPublicKey() const { return !m_publicKey.isNull(); }
    bool isEmpty() const { return m_certificates.isEmpty() && m_publicKey.isNull(); }

private:
    QMap<QString, Certificate> m_certificates; // by normalised serial
    QString m_publicKeyId;
    PublicKey m_publicKey;
};

} // namespace paydesk
