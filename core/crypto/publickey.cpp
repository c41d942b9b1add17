// SPDX-License-Identifier: MIT
#include "publickey.h"

#include "opensslutil_p.h"

#include <QFile>

#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace paydesk {

using namespace crypto_detail;

Result<PublicKey> PublicKey::fromPem(const QByteArray &pem)
{
    // The decoder reads both SubjectPublicKeyInfo and PKCS#1 "RSA PUBLIC KEY".
    EVP_PKEY *key = decodePem(pem, EVP_PKEY_PUBLIC_KEY);
    if (!key) {
        return makeError(QStringLiteral("bad_public_key"),
                         QStringLiteral("not a PEM public key (%1)").arg(lastOpenSslError()));
    }
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
        EVP_PKEY_free(key);
        return makeError(QStringLiteral("bad_public_key"),
                         QStringLiteral("public key is not RSA: WeChat Pay APIv3 uses RSA keys"));
    }
    return adopt(sharePkey(key));
}

Result<PublicKey> PublicKey::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read public key %1: %2").arg(path, file.errorString()));
    }
    return fromPem(file.readAll());
}

QByteArray PublicKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(bio.get(), m_key.get());
    return bioContents(bio.get());
}

bool PublicKey::verify(const QByteArray &message, const QByteArray &signature) const
{
    if (!m_key || signature.isEmpty())
        return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    bool good = ctx
        && EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, m_key.get(), nullptr) == 1
        && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1
        && EVP_DigestVerify(ctx.get(),
                            reinterpret_cast<const unsigned char *>(signature.constData()),
                            size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(message.constData()),
                            size_t(message.size())) == 1;
    ERR_clear_error();
    return good;
}

bool PublicKey::operator==(const PublicKey &other) const
{
    if (!m_key || !other.m_key)
        return !m_key && !other.m_key;
    return EVP_PKEY_eq(m_key.get(), other.m_key.get()) == 1;
}

PublicKey PublicKey::adopt(std::shared_ptr<EVP_PKEY> key)
{
    PublicKey result;
    result.m_key = std::move(key);
    return result;
}

} // namespace paydesk
