// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace paydesk {

// An RSA public key: a WeChat Pay public key (PUB_KEY_ID mode), the key inside a
// platform certificate, or a merchant's key as the sandbox sees it.
// Verifies SHA256withRSA (RSASSA-PKCS1-v1_5) signatures. Cheap to copy.
class PublicKey
{
public:
    PublicKey() = default;

    // Accepts SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") and PKCS#1 ("BEGIN RSA PUBLIC KEY").
    static Result<PublicKey> fromPem(const QByteArray &pem);
    static Result<PublicKey> fromFile(const QString &path);

    bool isNull() const { return !m_key; }
    QByteArray toPem() const; // SubjectPublicKeyInfo

    // True only for a valid signature over exactly `message`.
    bool verify(const QByteArray &message, const QByteArray &signature) const;

    bool operator==(const PublicKey &other) const;

    EVP_PKEY *handle() const { return m_key.get(); }
    static PublicKey adopt(std::shared_ptr<EVP_PKEY> key);

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

} // namespace paydesk
