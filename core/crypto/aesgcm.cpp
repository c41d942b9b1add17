// SPDX-License-Identifier: MIT
#include "aesgcm.h"

#include "opensslutil_p.h"

namespace paydesk::AesGcm {

using namespace crypto_detail;

namespace {

const auto *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

Result<void> checkParameters(const QByteArray &key, const QByteArray &nonce)
{
    if (key.size() != KeySize) {
        return makeError(QStringLiteral("bad_apiv3_key"),
                         QStringLiteral("the APIv3 key must be exactly 32 characters (got %1)").arg(key.size()));
    }
    if (nonce.isEmpty())
        return makeError(QStringLiteral("bad_nonce"), QStringLiteral("AES-GCM nonce is empty"));
    return {};
}

} // namespace

Result<QByteArray> encrypt(const QByteArray &key, const QByteArray &nonce,
                           const QByteArray &associatedData, const QByteArray &plaintext)
{
    if (auto check = checkParameters(key, nonce); !check)
        return check.error();
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    QByteArray out(plaintext.size() + TagSize, Qt::Uninitialized);
    auto *outBytes = reinterpret_cast<unsigned char *>(out.data());
    int total = 0;
    const bool good = ctx
        && EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) == 1
        && EVP_EncryptInit_ex2(ctx.get(), nullptr, bytes(key), bytes(nonce), nullptr) == 1
        && (associatedData.isEmpty()
            || EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(associatedData), int(associatedData.size())) == 1)
        && EVP_EncryptUpdate(ctx.get(), outBytes, &length, bytes(plaintext), int(plaintext.size())) == 1
        && (total = length, EVP_EncryptFinal_ex(ctx.get(), outBytes + total, &length) == 1)
        && (total += length, EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, TagSize, outBytes + total) == 1);
    if (!good)
        return makeError(QStringLiteral("encrypt_failed"), lastOpenSslError());
    out.resize(total + TagSize);
    return out;
}

Result<QByteArray> decrypt(const QByteArray &key, const QByteArray &nonce,
                           const QByteArray &associatedData, const QByteArray &ciphertextAndTag)
{
    if (auto check = checkParameters(key, nonce); !check)
        return check.error();
    if (ciphertextAndTag.size() < TagSize) {
        return makeError(QStringLiteral("decrypt_failed"),
                         QStringLiteral("ciphertext is shorter than the 16-byte GCM tag"));
    }
    const qsizetype bodySize = ciphertextAndTag.size() - TagSize;
    QByteArray tag = ciphertextAndTag.right(TagSize);
    QByteArray out(bodySize, Qt::Uninitialized);
    auto *outBytes = reinterpret_cast<unsigned char *>(out.data());
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    int total = 0;
    const bool good = ctx
        && EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) == 1
        && EVP_DecryptInit_ex2(ctx.get(), nullptr, bytes(key), bytes(nonce), nullptr) == 1
        && (associatedData.isEmpty()
            || EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(associatedData), int(associatedData.size())) == 1)
        && EVP_DecryptUpdate(ctx.get(), outBytes, &length, bytes(ciphertextAndTag), int(bodySize)) == 1
        && (total = length, EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, TagSize, tag.data()) == 1)
        && EVP_DecryptFinal_ex(ctx.get(), outBytes + total, &length) == 1;
    ERR_clear_error();
    if (!good) {
        // Wipe what was produced: unauthenticated plaintext must never escape.
        out.fill('\0');
        return makeError(QStringLiteral("decrypt_failed"),
                         QStringLiteral("AES-GCM authentication failed: wrong APIv3 key, nonce or "
                                        "associated data, or the ciphertext was altered"));
    }
    out.resize(total + length);
    return out;
}

} // namespace paydesk::AesGcm
