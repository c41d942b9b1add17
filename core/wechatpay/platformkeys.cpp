// SPDX-License-Identifier: MIT
#include "platformkeys.h"

namespace paydesk {

void PlatformKeys::addCertificate(const Certificate &certificate)
{
    if (!certificate.isNull())
        m_certificates.insert(Certificate::normalizeSerial(certificate.serialHex()), certificate);
}

void PlatformKeys::setPublicKey(const QString &keyId, const PublicKey &key)
{
    m_publicKeyId = keyId;
    m_publicKey = key;
}

void PlatformKeys::clearCertificates()
{
    m_certificates.clear();
}

int PlatformKeys::removeExpired(const QDateTime &now)
{
    int removed = 0;
    for (auto it = m_certificates.begin(); it != m_certificates.end();) {
        if (it->notAfter() < now) {
            it = m_certificates.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

std::optional<PublicKey> PlatformKeys::keyFor(const QString &serial) const
{
    if (!m_publicKey.isNull() && serial == m_publicKeyId)
        return m_publicKey;
    const auto it = m_certificates.constFind(Certificate::normalizeSerial(serial));
    if (it == m_certificates.constEnd())
        return std::nullopt;
    return it->publicKey();
}

std::optional<Certificate> PlatformKeys::newestCertificate(const QDateTime &now) const
{
    std::optional<Certificate> best;
    for (const Certificate &c : m_certificates) {
        if (c.isValidAt(now) && (!best || c.notAfter() > best->notAfter()))
            best = c;
    }
    return best;
}

} // namespace paydesk
