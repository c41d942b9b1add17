// SPDX-License-Identifier: MIT
#include "encryptedresource.h"

#include "crypto/aesgcm.h"
#include "crypto/securerandom.h"

namespace paydesk {

Result<EncryptedResource> EncryptedResource::fromJson(const QJsonObject &object)
{
    EncryptedResource r;
    r.algorithm = object.value(QLatin1String("algorithm")).toString();
    r.ciphertext = object.value(QLatin1String("ciphertext")).toString().toLatin1();
    r.associatedData = object.value(QLatin1String("associated_data")).toString().toUtf8();
    r.nonce = object.value(QLatin1String("nonce")).toString().toLatin1();
    r.originalType = object.value(QLatin1String("original_type")).toString();
    if (r.algorithm != QLatin1String("AEAD_AES_256_GCM")) {
        return makeError(QStringLiteral("bad_resource"),
                         QStringLiteral("unsupported resource algorithm \"%1\" (expected AEAD_AES_256_GCM)").arg(r.algorithm));
    }
    if (r.ciphertext.isEmpty() || r.nonce.isEmpty())
        return makeError(QStringLiteral("bad_resource"), QStringLiteral("resource lacks ciphertext or nonce"));
    return r;
}

QJsonObject EncryptedResource::toJson() const
{
    QJsonObject o{
        {QStringLiteral("algorithm"), algorithm},
        {QStringLiteral("ciphertext"), QString::fromLatin1(ciphertext)},
        {QStringLiteral("associated_data"), QString::fromUtf8(associatedData)},
        {QStringLiteral("nonce"), QString::fromLatin1(nonce)},
    };
    if (!originalType.isEmpty())
        o.insert(QStringLiteral("original_type"), originalType);
    return o;
}

Result<EncryptedResource> EncryptedResource::encrypt(const QByteArray &apiV3Key, const QByteArray &plaintext,
                                                     const QByteArray &associatedData, const QString &originalType)
{
    EncryptedResource r;
    r.nonce = SecureRandom::alphanumeric(12);
    r.associatedData = associatedData;
    r.originalType = originalType;
    auto sealed = AesGcm::encrypt(apiV3Key, r.nonce, associatedData, plaintext);
    if (!sealed)
        return sealed.error();
    r.ciphertext = sealed->toBase64();
    return r;
}

Result<QByteArray> EncryptedResource::decrypt(const QByteArray &apiV3Key) const
{
    const auto decoded = QByteArray::fromBase64Encoding(ciphertext, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return makeError(QStringLiteral("bad_resource"), QStringLiteral("resource ciphertext is not valid base64"));
    return AesGcm::decrypt(apiV3Key, nonce, associatedData, decoded.decoded);
}

} // namespace paydesk
