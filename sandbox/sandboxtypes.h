// SPDX-License-Identifier: MIT
// Small value types shared by the sandbox's parts and its public API.
#pragma once

#include "crypto/certificate.h"
#include "crypto/publickey.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>
#include <optional>

namespace paydesk::sandbox {

Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

// How the sandbox signs what it sends to one merchant (answers, notifications):
// with a platform certificate (Wechatpay-Serial = certificate serial), with the
// WeChat Pay public key (Wechatpay-Serial = PUB_KEY_ID_...), or with either,
// chosen per message, as during a merchant's migration between the two.
enum class KeyMode { Certificate, PublicKey, Both };

QString keyModeName(KeyMode mode); // "certificate", "public_key", "both"
// Accepts certificate, public_key, public-key, pubkey, both.
std::optional<KeyMode> parseKeyMode(const QString &text);

// A merchant as WeChat Pay knows it. A merchant that signs requests needs a
// certificate (its serial is read from it) or a bare public key with the
// serial its requests carry. A sub-merchant that only appears in combined
// orders needs neither.
struct MerchantRegistration
{
    QString mchid;
    QString appid;
    QString name;
    QByteArray apiV3Key; // 32 ASCII characters; encrypts notifications and certificates
    Certificate certificate; // the merchant API certificate, or ...
    PublicKey publicKey; // ... a bare public key
    QString serialNo; // with the serial_no its requests carry
    std::optional<KeyMode> keyMode; // default: SandboxServer::Options::keyMode
    QString refundNotifyUrl; // the refund notify URL "set on the merchant platform"
};

// What `paydesk-sandbox init` (and the GUI's training mode) asks for.
struct TrainingOptions
{
    quint16 port = 18390; // the sandbox's port written into base_url
    quint16 notifyPort = 18391; // PayDesk's notification listener written into notify_url
    bool https = false;
    KeyMode keyMode = KeyMode::Certificate;
    bool overwrite = false; // replace an existing training folder
    QString mchid = QStringLiteral("1900000109");
    QString storeName = QStringLiteral("PayDesk Training Store");
};

// What initTrainingMerchant() wrote.
struct TrainingMerchant
{
    QString profilePath; // DIR/paydesk.json
    QString sandboxDataDir; // DIR/sandbox
    QString mchid;
    QString appid;
    QString baseUrl;
    QStringList subMerchants;
};

} // namespace paydesk::sandbox
