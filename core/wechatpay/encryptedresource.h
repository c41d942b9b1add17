// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace paydesk {

// An AEAD_AES_256_GCM resource as found in notifications ("resource") and in
// /v3/certificates ("encrypt_certificate"), encrypted with the APIv3 key.
struct EncryptedResource
{
    QString algorithm = QStringLiteral("AEAD_AES_256_GCM");
    QByteArray ciphertext;     // base64(ct || tag)
    QByteArray associatedData; // may be empty
    QByteArray nonce;          // 12 ASCII characters
    QString originalType;      // "transaction", "refund", "certificate"

    static Result<EncryptedResource> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    static Result<EncryptedResource> encrypt(const QByteArray &apiV3Key, const QByteArray &plaintext,
                                             const QByteArray &associatedData, const QString &originalType);
    Result<QByteArray> decrypt(const QByteArray &apiV3Key) const;
};

} // namespace paydesk
