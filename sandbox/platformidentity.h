// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "crypto/privatekey.h"
#include "result.h"
#include "sandboxtypes.h"
#include "wechatpay/platformkeys.h"
#include "wechatpay/responsesigner.h"

#include <QList>
#include <QSslConfiguration>
#include <random>

namespace paydesk::sandbox {

class SandboxStore;

// The sandbox playing WeChat Pay's own keys: platform certificates (several
// during a rotation; one of them signs), the WeChat Pay public key with its
// PUB_KEY_ID, and the TLS certificate for HTTPS. Created on first start and
// kept in the store, so clients keep trusting a restarted sandbox.
class PlatformIdentity
{
public:
    struct PlatformCertificate
    {
        qint64 id = 0;
        Certificate certificate;
        PrivateKey key;
        bool active = false; // the one that signs
    };

    explicit PlatformIdentity(SandboxStore *store);

    // In-memory sandboxes in one process (tests) may share the RSA keys they
    // generate, slot by slot (generation costs a good part of a second on a
    // busy machine); certificates and serials are still their own.
    void setReuseGeneratedKeys(bool reuse) { m_reuseKeys = reuse; }

    // Loads the keys, making whatever is missing.
    Result<void> load();

    // Certificates not yet expired, oldest first.
    QList<PlatformCertificate> certificates() const;
    PlatformCertificate activeCertificate() const;
    QString publicKeyId() const { return m_publicKeyId; }
    PublicKey publicKey() const { return m_publicKeyPrivate.publicKey(); }

    // A new platform certificate beside the old ones; it signs from now on
    // when `activate`.
    Result<PlatformCertificate> rotate(bool activate);

    // Self-signed TLS certificate for `host`, made once and kept.
    Result<QSslConfiguration> tlsConfiguration(const QString &host);
    Certificate tlsCertificate() const { return m_tlsCertificate; }

    // The signer of an answer to a merchant in `mode`. In Both mode (a
    // migration) the merchant chooses, as at WeChat Pay, with its request's
    // Wechatpay-Serial header: a public key id (PUB_KEY_ID_...) asks for the
    // WeChat Pay public key; no header (or a certificate serial), the platform
    // certificate.
    ResponseSigner answerSigner(KeyMode mode, QByteArrayView requestedSerial) const;
    // The signer of a notification in `mode`. In Both mode it follows the
    // gradual switch-over: the public key signs `publicKeyPercent` percent of
    // them, chosen by the generator.
    ResponseSigner notificationSigner(KeyMode mode, int publicKeyPercent, std::mt19937 &random) const;

    // Every key a fully configured merchant would hold: certificates and the public key.
    PlatformKeys platformKeys() const;

private:
    ResponseSigner signerOf(bool publicKey) const;
    Result<PlatformCertificate> makeCertificate(bool active);
    Result<PrivateKey> generateKey(int slot) const;

    SandboxStore *m_store;
    QList<PlatformCertificate> m_certificates;
    QString m_publicKeyId;
    PrivateKey m_publicKeyPrivate;
    Certificate m_tlsCertificate;
    PrivateKey m_tlsKey;
    bool m_reuseKeys = false;
};

} // namespace paydesk::sandbox
