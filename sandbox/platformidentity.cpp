// SPDX-License-Identifier: MIT
#include "platformidentity.h"

#include "crypto/securerandom.h"
#include "sandboxstore.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QSslCertificate>
#include <QSslKey>

namespace paydesk::sandbox {

namespace {
const QString kCertificate = QStringLiteral("certificate");
const QString kPublicKey = QStringLiteral("public_key");
const QString kTls = QStringLiteral("tls");
} // namespace

PlatformIdentity::PlatformIdentity(SandboxStore *store) : m_store(store) { }

Result<PrivateKey> PlatformIdentity::generateKey(int slot) const
{
    if (!m_reuseKeys)
        return PrivateKey::generateRsa(2048);
    static QMutex mutex;
    static QHash<int, PrivateKey> pool;
    const QMutexLocker lock(&mutex);
    if (!pool.contains(slot)) {
        auto key = PrivateKey::generateRsa(2048);
        if (!key)
            return key.error();
        pool.insert(slot, *key);
    }
    return pool.value(slot);
}

Result<void> PlatformIdentity::load()
{
    m_certificates.clear();
    for (const PlatformKeyRecord &record : m_store->platformKeys()) {
        auto key = PrivateKey::fromPem(record.keyPem);
        if (!key)
            return key.error();
        if (record.kind == kCertificate) {
            auto certificate = Certificate::fromPem(record.certPem);
            if (!certificate)
                return certificate.error();
            m_certificates.append({ record.id, *certificate, *key, record.active });
        } else if (record.kind == kPublicKey) {
            m_publicKeyId = record.serial;
            m_publicKeyPrivate = *key;
        } else if (record.kind == kTls) {
            auto certificate = Certificate::fromPem(record.certPem);
            if (!certificate)
                return certificate.error();
            m_tlsCertificate = *certificate;
            m_tlsKey = *key;
        }
    }
    if (m_certificates.isEmpty()) {
        auto made = makeCertificate(true);
        if (!made)
            return made.error();
    }
    if (m_publicKeyPrivate.isNull()) {
        auto key = generateKey(100);
        if (!key)
            return key.error();
        PlatformKeyRecord record;
        record.kind = kPublicKey;
        record.serial = QStringLiteral("PUB_KEY_ID_") + QString::fromLatin1(SecureRandom::digits(34));
        record.keyPem = key->toPem();
        record.createdAt = QDateTime::currentSecsSinceEpoch();
        record.active = true;
        auto id = m_store->insertPlatformKey(record);
        if (!id)
            return id.error();
        m_publicKeyId = record.serial;
        m_publicKeyPrivate = *key;
    }
    return {};
}

Result<PlatformIdentity::PlatformCertificate> PlatformIdentity::makeCertificate(bool active)
{
    auto key = generateKey(int(m_certificates.size()));
    if (!key)
        return key.error();
    Certificate::Options options;
    options.commonName = QStringLiteral("Tenpay.com Root CA");
    options.organization = QStringLiteral("PayDesk Sandbox (not WeChat Pay)");
    auto certificate = Certificate::create(key->publicKey(), *key, options);
    if (!certificate)
        return certificate.error();
    PlatformKeyRecord record;
    record.kind = kCertificate;
    record.serial = certificate->serialHex();
    record.keyPem = key->toPem();
    record.certPem = certificate->toPem();
    record.createdAt = QDateTime::currentSecsSinceEpoch();
    record.active = active;
    auto id = m_store->insertPlatformKey(record);
    if (!id)
        return id.error();
    if (active) {
        m_store->activatePlatformKey(kCertificate, *id);
        for (PlatformCertificate &c : m_certificates)
            c.active = false;
    }
    PlatformCertificate entry { *id, *certificate, *key, active };
    m_certificates.append(entry);
    return entry;
}

QList<PlatformIdentity::PlatformCertificate> PlatformIdentity::certificates() const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<PlatformCertificate> valid;
    for (const PlatformCertificate &c : m_certificates) {
        if (c.certificate.notAfter() >= now)
            valid.append(c);
    }
    return valid;
}

PlatformIdentity::PlatformCertificate PlatformIdentity::activeCertificate() const
{
    for (const PlatformCertificate &c : m_certificates) {
        if (c.active)
            return c;
    }
    return m_certificates.isEmpty() ? PlatformCertificate {} : m_certificates.last();
}

Result<PlatformIdentity::PlatformCertificate> PlatformIdentity::rotate(bool activate)
{
    return makeCertificate(activate);
}

Result<QSslConfiguration> PlatformIdentity::tlsConfiguration(const QString &host)
{
    if (m_tlsCertificate.isNull() || m_tlsCertificate.subjectCommonName() != host) {
        auto key = generateKey(200);
        if (!key)
            return key.error();
        Certificate::Options options;
        options.commonName = host;
        options.organization = QStringLiteral("PayDesk Sandbox");
        auto certificate = Certificate::create(key->publicKey(), *key, options);
        if (!certificate)
            return certificate.error();
        PlatformKeyRecord record;
        record.kind = kTls;
        record.serial = certificate->serialHex();
        record.keyPem = key->toPem();
        record.certPem = certificate->toPem();
        record.createdAt = QDateTime::currentSecsSinceEpoch();
        record.active = true;
        auto id = m_store->insertPlatformKey(record);
        if (!id)
            return id.error();
        m_store->activatePlatformKey(kTls, *id);
        m_tlsCertificate = *certificate;
        m_tlsKey = *key;
    }
    const QSslCertificate certificate(m_tlsCertificate.toPem(), QSsl::Pem);
    const QSslKey key(m_tlsKey.toPem(), QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (certificate.isNull() || key.isNull()) {
        return makeError(QStringLiteral("tls_unavailable"),
                         QStringLiteral("Qt could not load the sandbox's TLS certificate or key"));
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

ResponseSigner PlatformIdentity::signerOf(bool publicKey) const
{
    if (publicKey)
        return ResponseSigner(m_publicKeyId, m_publicKeyPrivate);
    const PlatformCertificate active = activeCertificate();
    return ResponseSigner(active.certificate.serialHex(), active.key);
}

ResponseSigner PlatformIdentity::answerSigner(KeyMode mode, QByteArrayView requestedSerial) const
{
    if (mode == KeyMode::Both)
        return signerOf(requestedSerial.trimmed().startsWith("PUB_KEY_ID_"));
    return signerOf(mode == KeyMode::PublicKey);
}

ResponseSigner PlatformIdentity::notificationSigner(KeyMode mode, int publicKeyPercent, std::mt19937 &random) const
{
    if (mode == KeyMode::Both)
        return signerOf(int(random() % 100u) < qBound(0, publicKeyPercent, 100));
    return signerOf(mode == KeyMode::PublicKey);
}

PlatformKeys PlatformIdentity::platformKeys() const
{
    PlatformKeys keys;
    for (const PlatformCertificate &c : certificates())
        keys.addCertificate(c.certificate);
    keys.setPublicKey(m_publicKeyId, publicKey());
    return keys;
}

} // namespace paydesk::sandbox
