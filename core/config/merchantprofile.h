// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "crypto/privatekey.h"
#include "crypto/secretbytes.h"
#include "result.h"
#include "wechatpay/merchantcredentials.h"
#include "wechatpay/platformkeys.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace paydesk {

class SecretStore;

// A merchant that can take part in a combined order under this profile's
// merchant (the combine_mchid; the profile's appid is the combine_appid).
struct SubMerchant
{
    QString mchid;
    QString name;

    bool operator==(const SubMerchant &other) const = default;
};

// One merchant as a terminal is set up for it: identities, where its keys and
// certificates live, and how the terminal presents itself.
//
// The profile never holds a secret. The merchant private key and the APIv3 key
// are referenced by file name only, so a profile can be printed, mailed to
// support and diffed without leaking anything. Relative file names are relative
// to `baseDirectory` (the folder of the profile file), so a whole folder can be
// moved or copied to another terminal.
//
// The JSON form is the one paydesk-sandbox writes (see profilestore.h):
//   {"training":true,"mchid":"1900000109","appid":"wx...","base_url":"https://...",
//    "merchant_key_file":"merchant/apiclient_key.pem",
//    "merchant_cert_file":"merchant/apiclient_cert.pem","apiv3_key_file":"merchant/apiv3.key",
//    "platform_cert_files":[],"wechatpay_public_key_file":"","wechatpay_public_key_id":"",
//    "notify_url":"https://...","terminal_id":"...","store_name":"...",
//    "sub_merchants":[{"mchid":"...","name":"..."}]}
//
// Instead of the key files, the merchant key and the APIv3 key may live in a
// SecretStore (the OS keychain or the encrypted secrets file, see
// docs/secrets.md): "merchant_key_secret":"merchant-key/1900000109",
// "apiv3_key_secret":"apiv3-key/1900000109" name them there, and
// "receipt_key_secret":"receipt-key/1900000109" the receipt signing key. These
// keys are written only when set. Only loadCredentials(SecretStore *, ...),
// the loaders taking a SecretStore and ReceiptKey::fromSecretStore read them.
class MerchantProfile
{
public:
    QString name; // the key in ProfileStore; not part of the profile's JSON
    QString baseDirectory; // where relative file names start; not part of the JSON

    bool training = false; // a paydesk-sandbox merchant, not a real one
    QString mchid;
    QString appid;
    QString baseUrl; // empty: https://api.mch.weixin.qq.com
    QString merchantKeyFile;
    QString merchantCertFile;
    QString apiV3KeyFile;
    QString merchantKeySecret; // a SecretStore name; used instead of merchantKeyFile when a store is given
    QString apiV3KeySecret; // a SecretStore name; used instead of apiV3KeyFile when a store is given
    // A SecretStore name holding the receipt signing key and its certificate
    // (ReceiptKey::fromSecretStore); empty: the receipt-key folder beside the database.
    QString receiptKeySecret;
    QStringList platformCertFiles;
    QString wechatpayPublicKeyFile;
    QString wechatpayPublicKeyId; // PUB_KEY_ID_...
    QString notifyUrl;
    QString terminalId;
    QString storeName;
    QList<SubMerchant> subMerchants;
    QJsonObject extra; // keys this version does not know, kept so a save does not drop them

    static constexpr const char *DefaultBaseUrl = "https://api.mch.weixin.qq.com";

    // Reads one profile object. Wrong types, a missing mchid, and secrets
    // written into the JSON instead of a file are refused with a message that
    // names the field.
    static Result<MerchantProfile> fromJson(const QJsonObject &object, const QString &name = {},
                                            const QString &baseDirectory = {});
    // Every known key is written, empty ones too, so the file documents itself.
    QJsonObject toJson() const;

    // `path` resolved against baseDirectory; empty stays empty.
    QString resolvePath(const QString &path) const;
    QString effectiveBaseUrl() const;
    const SubMerchant *subMerchant(const QString &mchid) const;

    // The pieces loadCredentials() is made of, for tools that report each
    // check on its own (paydesk-cli config check).
    Result<PrivateKey> loadMerchantKey() const;
    Result<Certificate> loadMerchantCertificate() const;
    // The 32-character APIv3 key; a trailing newline in the file is ignored.
    Result<SecretBytes> loadApiV3Key() const;
    // Platform certificates and/or the WeChat Pay public key. Adds to
    // `warnings` when neither is configured (certificates must then be
    // downloaded before the first answer can be verified) and for expired
    // certificates, which are skipped.
    Result<PlatformKeys> loadPlatformKeys(QStringList *warnings = nullptr) const;
    // The same two secrets from `secrets` when the profile names them there
    // (merchantKeySecret, apiV3KeySecret), else from the files. A store that
    // answers asynchronously (the keychain) must have preloaded secretNames().
    Result<PrivateKey> loadMerchantKey(SecretStore *secrets) const;
    Result<SecretBytes> loadApiV3Key(SecretStore *secrets) const;
    // The SecretStore names this profile refers to (for SecretStore::preload).
    QStringList secretNames() const;
    bool usesSecretStore() const
    {
        return !merchantKeySecret.isEmpty() || !apiV3KeySecret.isEmpty() || !receiptKeySecret.isEmpty();
    }
    // The checks loadApiV3Key() applies: 32 printable ASCII characters, a
    // trailing newline ignored. `where` names the source in messages.
    static Result<SecretBytes> checkApiV3Key(QByteArray key, const QString &where);
    static Result<void> checkKeyMatchesCertificate(const PrivateKey &key, const Certificate &certificate);

    // Everything ApiClient needs, loaded and checked: the key matches the
    // certificate, the serial comes from the certificate, the APIv3 key has 32
    // characters. Messages name the file and the fix; they never contain a secret.
    Result<MerchantCredentials> loadCredentials() const;
    Result<MerchantCredentials> loadCredentials(QStringList *warnings) const;
    // The same, taking the secrets the profile names from `secrets` (may be
    // null when the profile uses files only). Both arguments are required so
    // loadCredentials(nullptr) stays the file-based call.
    Result<MerchantCredentials> loadCredentials(SecretStore *secrets, QStringList *warnings) const;
};

} // namespace paydesk
