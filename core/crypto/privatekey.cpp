// SPDX-License-Identifier: MIT
#include "privatekey.h"

#include "opensslutil_p.h"
#include "secretbytes.h"

#include <QFile>

#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace paydesk {

using namespace crypto_detail;

Result<PrivateKey> PrivateKey::fromPem(const QByteArray &pem)
{
    if (pem.contains("ENCRYPTED")) {
        return makeError(QStringLiteral("encrypted_key"),
                         QStringLiteral("the private key is encrypted with a passphrase: export it "
                                        "unencrypted (apiclient_key.pem) and import that"));
    }
    EVP_PKEY *key = decodePem(pem, EVP_PKEY_KEYPAIR);
    if (!key) {
        return makeError(QStringLiteral("bad_private_key"),
                         QStringLiteral("not a PEM private key (PKCS#8 or PKCS#1): %1")
                             .arg(lastOpenSslError()));
    }
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
        EVP_PKEY_free(key);
        return makeError(QStringLiteral("bad_private_key"),
                         QStringLiteral("private key is not RSA: WeChat Pay APIv3 signs with RSA 2048"));
    }
    PrivateKey result;
    result.m_key = sharePkey(key);
    return result;
}

Result<PrivateKey> PrivateKey::fromFile(const QString &path)
{
    QFile file(path);
    // Unbuffered, and the PEM text wiped once parsed: the key lives on in the
    // EVP_PKEY only (which OpenSSL clears when it frees it).
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read private key %1: %2").arg(path, file.errorString()));
    }
    const SecretBytes pem = file.readAll();
    return fromPem(pem);
}

Result<PrivateKey> PrivateKey::generateRsa(int bits)
{
    EVP_PKEY *key = EVP_RSA_gen(static_cast<unsigned int>(bits));
    if (!key)
        return makeError(QStringLiteral("keygen_failed"), lastOpenSslError());
    PrivateKey result;
    result.m_key = sharePkey(key);
    return result;
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bioContents(bio.get());
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

Result<QByteArray> PrivateKey::sign(const QByteArray &message) const
{
    if (!m_key)
        return makeError(QStringLiteral("no_key"), QStringLiteral("no private key loaded"));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    size_t length = 0;
    if (!ctx
        || EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, m_key.get(), nullptr) != 1
        || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length,
                          reinterpret_cast<const unsigned char *>(message.constData()),
                          size_t(message.size())) != 1) {
        return makeError(QStringLiteral("sign_failed"), lastOpenSslError());
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(message.constData()),
                       size_t(message.size())) != 1) {
        return makeError(QStringLiteral("sign_failed"), lastOpenSslError());
    }
    signature.resize(qsizetype(length));
    return signature;
}

PublicKey PrivateKey::publicKey() const
{
    if (!m_key)
        return {};
    // Re-encode so the public object holds no private material.
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(m_key.get(), &der);
    if (length <= 0)
        return {};
    const unsigned char *cursor = der;
    EVP_PKEY *pub = d2i_PUBKEY(nullptr, &cursor, length);
    OPENSSL_free(der);
    return pub ? PublicKey::adopt(sharePkey(pub)) : PublicKey();
}

} // namespace paydesk
