// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>

namespace paydesk::AesGcm {

// AEAD_AES_256_GCM as WeChat Pay uses it: 32-byte key (the APIv3 key's ASCII
// bytes), 12-byte nonce, optional associated data, a 16-byte tag appended to the
// ciphertext. decrypt() returns plaintext only when the tag checks out.
Result<QByteArray> encrypt(const QByteArray &key, const QByteArray &nonce,
                           const QByteArray &associatedData, const QByteArray &plaintext);
Result<QByteArray> decrypt(const QByteArray &key, const QByteArray &nonce,
                           const QByteArray &associatedData, const QByteArray &ciphertextAndTag);

constexpr int KeySize = 32;
constexpr int TagSize = 16;

} // namespace paydesk::AesGcm
