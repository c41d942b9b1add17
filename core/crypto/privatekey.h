// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace paydesk {

// An RSA private key (the merchant API key, the sandbox's platform key).
// Signs with SHA256withRSA, RSASSA-PKCS1-v1_5: deterministic, so the same key and
// message always give the same signature. Cheap to copy; never printed.
class PrivateKey
{
public:
    PrivateKey() = default;

    // Accepts PKCS#8 ("BEGIN PRIVATE KEY") and PKCS#1 ("BEGIN RSA PRIVATE KEY").
    static Result<PrivateKey> fromPem(const QByteArray &pem);
    static Result<PrivateKey> fromFile(const QString &path);
    static Result<PrivateKey> generateRsa(int bits = 2048);

    bool isNull() const { return !m_key; }
    QByteArray toPem() const; // PKCS#8, unencrypted
    int bits() const;

    // Raw signature bytes (not base64).
    Result<QByteArray> sign(const QByteArray &message) const;
    PublicKey publicKey() const;

    EVP_PKEY *handle() const { return m_key.get(); }

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

} // namespace paydesk
