// SPDX-License-Identifier: MIT
// Private helpers shared by the crypto classes. Not installed, not for ui/.
#pragma once

#include <QByteArray>
#include <QString>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>

#include <memory>

namespace paydesk::crypto_detail {

struct BioDeleter { void operator()(BIO *b) const { BIO_free_all(b); } };
struct PkeyDeleter { void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); } };
struct MdCtxDeleter { void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); } };
struct CipherCtxDeleter { void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); } };
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

inline std::shared_ptr<EVP_PKEY> sharePkey(EVP_PKEY *key)
{
    return std::shared_ptr<EVP_PKEY>(key, PkeyDeleter{});
}

inline BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

inline QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

// The last OpenSSL error as text, clearing the queue so it does not leak into
// the next call's diagnosis.
inline QString lastOpenSslError()
{
    unsigned long code = 0;
    unsigned long last = 0;
    while ((code = ERR_get_error()) != 0)
        last = code;
    if (last == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buffer[256];
    ERR_error_string_n(last, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

// Decodes a PEM key of any structure OpenSSL knows (PKCS#8, PKCS#1, SPKI).
// `selection` is EVP_PKEY_KEYPAIR for private keys, EVP_PKEY_PUBLIC_KEY for public ones.
inline EVP_PKEY *decodePem(const QByteArray &pem, int selection)
{
    ERR_clear_error();
    EVP_PKEY *key = nullptr;
    OSSL_DECODER_CTX *ctx = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr, selection,
                                                          nullptr, nullptr);
    if (!ctx)
        return nullptr;
    const auto *data = reinterpret_cast<const unsigned char *>(pem.constData());
    size_t length = size_t(pem.size());
    if (OSSL_DECODER_from_data(ctx, &data, &length) != 1) {
        EVP_PKEY_free(key);
        key = nullptr;
    }
    OSSL_DECODER_CTX_free(ctx);
    return key;
}

} // namespace paydesk::crypto_detail
