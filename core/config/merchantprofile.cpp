// SPDX-License-Identifier: MIT
#include "merchantprofile.h"

#include "secretstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>
#include <utility>

namespace paydesk {

namespace {

const QLatin1String kTraining("training");
const QLatin1String kMchid("mchid");
const QLatin1String kAppid("appid");
const QLatin1String kBaseUrl("base_url");
const QLatin1String kMerchantKeyFile("merchant_key_file");
const QLatin1String kMerchantCertFile("merchant_cert_file");
const QLatin1String kApiV3KeyFile("apiv3_key_file");
const QLatin1String kMerchantKeySecret("merchant_key_secret");
const QLatin1String kApiV3KeySecret("apiv3_key_secret");
const QLatin1String kReceiptKeySecret("receipt_key_secret");
const QLatin1String kPlatformCertFiles("platform_cert_files");
const QLatin1String kPublicKeyFile("wechatpay_public_key_file");
const QLatin1String kPublicKeyId("wechatpay_public_key_id");
const QLatin1String kNotifyUrl("notify_url");
const QLatin1String kTerminalId("terminal_id");
const QLatin1String kStoreName("store_name");
const QLatin1String kSubMerchants("sub_merchants");
const QLatin1String kName("name");

// Keys someone might use to paste a secret straight into the profile.
const QLatin1String kInlineSecretKeys[] = {
    QLatin1String("apiv3_key"),   QLatin1String("api_v3_key"),   QLatin1String("apiv3key"),
    QLatin1String("private_key"), QLatin1String("merchant_key"), QLatin1String("merchant_private_key"),
    QLatin1String("api_key"),
};

QString profileLabel(const QString &name)
{
    return name.isEmpty() ? QStringLiteral("profile") : QStringLiteral("profile \"%1\"").arg(name);
}

Error profileError(const QString &name, const QString &message)
{
    return makeError(QStringLiteral("profile_invalid"), profileLabel(name) + QStringLiteral(": ") + message);
}

// A string field: absent and null read as empty, anything else but a string is an error.
bool readString(const QJsonObject &object, QLatin1String key, QString *out, QString *problem)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        out->clear();
        return true;
    }
    if (!value.isString()) {
        *problem = QStringLiteral("\"%1\" must be a string").arg(key);
        return false;
    }
    *out = value.toString().trimmed();
    return true;
}

// A file field must name a file. PEM text there means someone pasted the
// secret itself, which must never live in the profile.
bool readFileName(const QJsonObject &object, QLatin1String key, QString *out, QString *problem)
{
    if (!readString(object, key, out, problem))
        return false;
    if (out->contains(QLatin1String("-----BEGIN")) || out->contains(QLatin1Char('\n'))) {
        out->clear();
        *problem = QStringLiteral("\"%1\" holds the contents of a key or certificate, not a file name: "
                                  "save it as a file next to the profile and put the file's name here")
                       .arg(key);
        return false;
    }
    return true;
}

bool isDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

// Checks the file a field names exists before a loader tries to parse it, so
// the message says which field to fix rather than only what OpenSSL thinks.
Result<QString> existingFile(const MerchantProfile &profile, QLatin1String field, const QString &value,
                             const QString &what)
{
    if (value.isEmpty()) {
        return makeError(
            QStringLiteral("config_missing"),
            QStringLiteral("%1 has no %2: set it to the %3 file").arg(profileLabel(profile.name), field, what));
    }
    const QString path = profile.resolvePath(value);
    const QFileInfo info(path);
    if (!info.exists()) {
        return makeError(QStringLiteral("file_missing"),
                         QStringLiteral("%1 (%2) %3 does not exist: copy the file there or correct %2 in %4")
                             .arg(what, field, path, profileLabel(profile.name)));
    }
    if (!info.isFile()) {
        return makeError(QStringLiteral("file_missing"),
                         QStringLiteral("%1 (%2) %3 is not a file").arg(what, field, path));
    }
    return path;
}

Error prefixed(const Error &error, const QString &prefix)
{
    return Error { error.code, prefix + QStringLiteral(": ") + error.message };
}

} // namespace

Result<MerchantProfile> MerchantProfile::fromJson(const QJsonObject &object, const QString &name,
                                                  const QString &baseDirectory)
{
    MerchantProfile p;
    p.name = name;
    p.baseDirectory = baseDirectory;

    for (const QLatin1String &secretKey : kInlineSecretKeys) {
        if (object.contains(secretKey)) {
            return profileError(name,
                                QStringLiteral("\"%1\" puts a secret into the profile, which must only "
                                               "reference files: save it in a file and name that file "
                                               "in merchant_key_file or apiv3_key_file")
                                    .arg(secretKey));
        }
    }

    QString problem;
    const QJsonValue training = object.value(kTraining);
    if (!training.isUndefined() && !training.isNull() && !training.isBool())
        return profileError(name, QStringLiteral("\"training\" must be true or false"));
    p.training = training.toBool(false);

    const bool stringsOk = readString(object, kMchid, &p.mchid, &problem)
        && readString(object, kAppid, &p.appid, &problem) && readString(object, kBaseUrl, &p.baseUrl, &problem)
        && readFileName(object, kMerchantKeyFile, &p.merchantKeyFile, &problem)
        && readFileName(object, kMerchantCertFile, &p.merchantCertFile, &problem)
        && readFileName(object, kApiV3KeyFile, &p.apiV3KeyFile, &problem)
        && readFileName(object, kPublicKeyFile, &p.wechatpayPublicKeyFile, &problem)
        && readString(object, kPublicKeyId, &p.wechatpayPublicKeyId, &problem)
        && readString(object, kNotifyUrl, &p.notifyUrl, &problem)
        && readString(object, kTerminalId, &p.terminalId, &problem)
        && readString(object, kStoreName, &p.storeName, &problem);
    if (!stringsOk)
        return profileError(name, problem);
    for (const auto &[key, target] : { std::pair { kMerchantKeySecret, &p.merchantKeySecret },
                                       std::pair { kApiV3KeySecret, &p.apiV3KeySecret },
                                       std::pair { kReceiptKeySecret, &p.receiptKeySecret } }) {
        if (!readString(object, key, target, &problem))
            return profileError(name, problem);
        // Not echoed: what stands here when it is not a name may be the secret itself.
        if (!target->isEmpty() && !SecretStore::isValidName(*target)) {
            target->clear();
            return profileError(name,
                                QStringLiteral("\"%1\" must name a secret in the secret store, like "
                                               "merchant-key/1900000109 (paydesk-cli secrets import writes it)")
                                    .arg(key));
        }
    }

    if (p.mchid.isEmpty())
        return profileError(name, QStringLiteral("\"mchid\" is missing: set it to the merchant id (digits)"));
    if (!isDigits(p.mchid))
        return profileError(name, QStringLiteral("\"mchid\" \"%1\" is not a merchant id (digits only)").arg(p.mchid));

    const QJsonValue certs = object.value(kPlatformCertFiles);
    if (!certs.isUndefined() && !certs.isNull()) {
        if (!certs.isArray())
            return profileError(name, QStringLiteral("\"platform_cert_files\" must be a list of file names"));
        const QJsonArray list = certs.toArray();
        for (const QJsonValue &entry : list) {
            const QString file = entry.toString().trimmed();
            if (!entry.isString() || file.isEmpty())
                return profileError(name, QStringLiteral("\"platform_cert_files\" must hold non-empty file names"));
            if (file.contains(QLatin1String("-----BEGIN")))
                return profileError(name,
                                    QStringLiteral("\"platform_cert_files\" holds certificate text, not "
                                                   "a file name: save the certificate as a file"));
            p.platformCertFiles.append(file);
        }
    }

    const QJsonValue subs = object.value(kSubMerchants);
    if (!subs.isUndefined() && !subs.isNull()) {
        if (!subs.isArray())
            return profileError(name, QStringLiteral("\"sub_merchants\" must be a list of {\"mchid\",\"name\"}"));
        const QJsonArray list = subs.toArray();
        for (const QJsonValue &entry : list) {
            if (!entry.isObject())
                return profileError(name, QStringLiteral("\"sub_merchants\" must be a list of {\"mchid\",\"name\"}"));
            SubMerchant sub;
            if (!readString(entry.toObject(), kMchid, &sub.mchid, &problem)
                || !readString(entry.toObject(), kName, &sub.name, &problem)) {
                return profileError(name, QStringLiteral("sub_merchants: ") + problem);
            }
            if (!isDigits(sub.mchid)) {
                return profileError(
                    name, QStringLiteral("sub_merchants: \"%1\" is not a merchant id (digits only)").arg(sub.mchid));
            }
            p.subMerchants.append(sub);
        }
    }

    static const QLatin1String known[] = { kTraining,        kMchid,
                                           kAppid,           kBaseUrl,
                                           kMerchantKeyFile, kMerchantCertFile,
                                           kApiV3KeyFile,    kPlatformCertFiles,
                                           kPublicKeyFile,   kPublicKeyId,
                                           kNotifyUrl,       kTerminalId,
                                           kStoreName,       kSubMerchants,
                                           kMerchantKeySecret, kApiV3KeySecret,
                                           kReceiptKeySecret };
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known))
            p.extra.insert(it.key(), it.value());
    }
    return p;
}

QJsonObject MerchantProfile::toJson() const
{
    QJsonObject o = extra;
    o.insert(kTraining, training);
    o.insert(kMchid, mchid);
    o.insert(kAppid, appid);
    o.insert(kBaseUrl, baseUrl);
    o.insert(kMerchantKeyFile, merchantKeyFile);
    o.insert(kMerchantCertFile, merchantCertFile);
    o.insert(kApiV3KeyFile, apiV3KeyFile);
    // Only when set, so profiles that keep their keys in files read as before.
    if (!merchantKeySecret.isEmpty())
        o.insert(kMerchantKeySecret, merchantKeySecret);
    if (!apiV3KeySecret.isEmpty())
        o.insert(kApiV3KeySecret, apiV3KeySecret);
    if (!receiptKeySecret.isEmpty())
        o.insert(kReceiptKeySecret, receiptKeySecret);
    o.insert(kPlatformCertFiles, QJsonArray::fromStringList(platformCertFiles));
    o.insert(kPublicKeyFile, wechatpayPublicKeyFile);
    o.insert(kPublicKeyId, wechatpayPublicKeyId);
    o.insert(kNotifyUrl, notifyUrl);
    o.insert(kTerminalId, terminalId);
    o.insert(kStoreName, storeName);
    QJsonArray subs;
    for (const SubMerchant &sub : subMerchants)
        subs.append(QJsonObject { { kMchid, sub.mchid }, { kName, sub.name } });
    o.insert(kSubMerchants, subs);
    return o;
}

QString MerchantProfile::resolvePath(const QString &path) const
{
    if (path.isEmpty())
        return {};
    if (QDir::isAbsolutePath(path))
        return QDir::cleanPath(path);
    const QString base = baseDirectory.isEmpty() ? QDir::currentPath() : baseDirectory;
    return QDir::cleanPath(QDir(base).absoluteFilePath(path));
}

QString MerchantProfile::effectiveBaseUrl() const
{
    return baseUrl.isEmpty() ? QString::fromLatin1(DefaultBaseUrl) : baseUrl;
}

const SubMerchant *MerchantProfile::subMerchant(const QString &mchid) const
{
    for (const SubMerchant &sub : subMerchants) {
        if (sub.mchid == mchid)
            return &sub;
    }
    return nullptr;
}

Result<PrivateKey> MerchantProfile::loadMerchantKey() const
{
    if (merchantKeyFile.isEmpty() && !merchantKeySecret.isEmpty()) {
        return makeError(QStringLiteral("secret_store_needed"),
                         QStringLiteral("%1 keeps its merchant private key in the secret store (%2): open the "
                                        "secret store to load it (docs/secrets.md)")
                             .arg(profileLabel(name), merchantKeySecret));
    }
    const auto path = existingFile(*this, kMerchantKeyFile, merchantKeyFile,
                                   QStringLiteral("merchant private key (apiclient_key.pem)"));
    if (!path)
        return path.error();
    auto key = PrivateKey::fromFile(*path);
    if (!key)
        return prefixed(key.error(), QStringLiteral("merchant private key %1").arg(*path));
    return key;
}

Result<Certificate> MerchantProfile::loadMerchantCertificate() const
{
    const auto path = existingFile(*this, kMerchantCertFile, merchantCertFile,
                                   QStringLiteral("merchant certificate (apiclient_cert.pem)"));
    if (!path)
        return path.error();
    auto certificate = Certificate::fromFile(*path);
    if (!certificate)
        return prefixed(certificate.error(), QStringLiteral("merchant certificate %1").arg(*path));
    return certificate;
}

Result<SecretBytes> MerchantProfile::loadApiV3Key() const
{
    if (apiV3KeyFile.isEmpty() && !apiV3KeySecret.isEmpty()) {
        return makeError(QStringLiteral("secret_store_needed"),
                         QStringLiteral("%1 keeps its APIv3 key in the secret store (%2): open the secret store "
                                        "to load it (docs/secrets.md)")
                             .arg(profileLabel(name), apiV3KeySecret));
    }
    const auto path = existingFile(*this, kApiV3KeyFile, apiV3KeyFile, QStringLiteral("APIv3 key"));
    if (!path)
        return path.error();
    QFile file(*path);
    // Unbuffered: QIODevice's read buffer would keep a copy of the key that
    // nothing wipes; this way the file's bytes land in `raw` only.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read APIv3 key %1: %2").arg(*path, file.errorString()));
    }
    // Never more than a line: a large file is not a key, and nothing of it is echoed.
    QByteArray raw(4096, '\0');
    const qint64 read = file.read(raw.data(), raw.size());
    if (read < 0) {
        SecretBytes::wipe(raw);
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read APIv3 key %1: %2").arg(*path, file.errorString()));
    }
    raw.truncate(read);
    return checkApiV3Key(std::move(raw), *path);
}

Result<SecretBytes> MerchantProfile::checkApiV3Key(QByteArray key, const QString &where)
{
    while (key.endsWith('\n') || key.endsWith('\r'))
        key.chop(1);
    // Whatever is refused is wiped as well: a 31-character key is still most of one.
    struct WipeUnlessKept
    {
        QByteArray &bytes;
        bool kept = false;
        ~WipeUnlessKept()
        {
            if (!kept)
                SecretBytes::wipe(bytes);
        }
    } guard { key };
    if (key.size() != 32) {
        return makeError(QStringLiteral("bad_apiv3_key"),
                         QStringLiteral("APIv3 key in %1 has %2 characters, it must have exactly 32: copy the "
                                        "APIv3 key again from the merchant platform (Account > API security) "
                                        "into that file, on a single line")
                             .arg(where)
                             .arg(key.size()));
    }
    for (const char c : std::as_const(key)) {
        if (c <= ' ' || c > '~') {
            return makeError(QStringLiteral("bad_apiv3_key"),
                             QStringLiteral("APIv3 key in %1 contains spaces or characters that are not "
                                            "printable ASCII: copy it again from the merchant platform")
                                 .arg(where));
        }
    }
    guard.kept = true;
    return SecretBytes(std::move(key));
}

Result<PrivateKey> MerchantProfile::loadMerchantKey(SecretStore *secrets) const
{
    if (merchantKeySecret.isEmpty() || !secrets)
        return loadMerchantKey();
    auto pem = secrets->read(merchantKeySecret);
    if (!pem)
        return prefixed(pem.error(), QStringLiteral("merchant private key"));
    auto key = PrivateKey::fromPem(*pem);
    if (!key) {
        return prefixed(key.error(), QStringLiteral("merchant private key %1 in %2")
                                         .arg(merchantKeySecret, secrets->location()));
    }
    return key;
}

Result<SecretBytes> MerchantProfile::loadApiV3Key(SecretStore *secrets) const
{
    if (apiV3KeySecret.isEmpty() || !secrets)
        return loadApiV3Key();
    auto key = secrets->read(apiV3KeySecret);
    if (!key)
        return prefixed(key.error(), QStringLiteral("APIv3 key"));
    return checkApiV3Key(std::move(key).value(), QStringLiteral("secret %1 (%2)").arg(apiV3KeySecret, secrets->location()));
}

QStringList MerchantProfile::secretNames() const
{
    QStringList names;
    if (!merchantKeySecret.isEmpty())
        names << merchantKeySecret;
    if (!apiV3KeySecret.isEmpty())
        names << apiV3KeySecret;
    if (!receiptKeySecret.isEmpty())
        names << receiptKeySecret;
    return names;
}

Result<PlatformKeys> MerchantProfile::loadPlatformKeys(QStringList *warnings) const
{
    PlatformKeys keys;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int validCertificates = 0;
    for (const QString &file : platformCertFiles) {
        const auto path = existingFile(*this, kPlatformCertFiles, file, QStringLiteral("platform certificate"));
        if (!path)
            return path.error();
        const auto certificate = Certificate::fromFile(*path);
        if (!certificate)
            return prefixed(certificate.error(), QStringLiteral("platform certificate %1").arg(*path));
        if (certificate->notAfter() < now) {
            if (warnings) {
                *warnings << QStringLiteral("platform certificate %1 (serial %2) expired on %3 and is ignored: "
                                            "remove it from platform_cert_files")
                                 .arg(*path, certificate->serialHex(), certificate->notAfter().toString(Qt::ISODate));
            }
            continue;
        }
        keys.addCertificate(*certificate);
        ++validCertificates;
    }

    if (!wechatpayPublicKeyFile.isEmpty() || !wechatpayPublicKeyId.isEmpty()) {
        if (wechatpayPublicKeyId.isEmpty()) {
            return makeError(QStringLiteral("config_missing"),
                             QStringLiteral("%1 has a wechatpay_public_key_file but no wechatpay_public_key_id: "
                                            "copy the id (PUB_KEY_ID_...) shown next to the public key in the "
                                            "merchant platform")
                                 .arg(profileLabel(name)));
        }
        const auto path = existingFile(*this, kPublicKeyFile, wechatpayPublicKeyFile,
                                       QStringLiteral("WeChat Pay public key (pub_key.pem)"));
        if (!path)
            return path.error();
        const auto key = PublicKey::fromFile(*path);
        if (!key)
            return prefixed(key.error(), QStringLiteral("WeChat Pay public key %1").arg(*path));
        keys.setPublicKey(wechatpayPublicKeyId, *key);
        if (warnings && !wechatpayPublicKeyId.startsWith(QLatin1String("PUB_KEY_ID_"))) {
            *warnings << QStringLiteral("wechatpay_public_key_id \"%1\" does not start with PUB_KEY_ID_: "
                                        "answers signed with the public key will not be recognised")
                             .arg(wechatpayPublicKeyId);
        }
    }

    if (warnings && validCertificates == 0 && !keys.hasPublicKey()) {
        *warnings << QStringLiteral("%1 has neither platform certificates nor a WeChat Pay public key: "
                                    "certificates must be downloaded from WeChat Pay (GET /v3/certificates) "
                                    "before any answer can be verified")
                         .arg(profileLabel(name));
    }
    return keys;
}

Result<void> MerchantProfile::checkKeyMatchesCertificate(const PrivateKey &key, const Certificate &certificate)
{
    if (key.isNull() || certificate.isNull())
        return makeError(QStringLiteral("key_mismatch"), QStringLiteral("no merchant key or certificate to compare"));
    if (!(key.publicKey() == certificate.publicKey())) {
        return makeError(QStringLiteral("key_mismatch"),
                         QStringLiteral("merchant private key does not match certificate %1: import the key "
                                        "that belongs to this certificate")
                             .arg(certificate.serialHex()));
    }
    return {};
}

Result<MerchantCredentials> MerchantProfile::loadCredentials() const
{
    return loadCredentials(nullptr);
}

Result<MerchantCredentials> MerchantProfile::loadCredentials(QStringList *warnings) const
{
    return loadCredentials(static_cast<SecretStore *>(nullptr), warnings);
}

Result<MerchantCredentials> MerchantProfile::loadCredentials(SecretStore *secrets, QStringList *warnings) const
{
    if (appid.isEmpty()) {
        return makeError(QStringLiteral("config_missing"),
                         QStringLiteral("%1 has no appid: set it to the app or official account id bound "
                                        "to merchant %2")
                             .arg(profileLabel(name), mchid));
    }

    MerchantCredentials c;
    c.mchid = mchid;
    c.appid = appid;

    auto key = loadMerchantKey(secrets);
    if (!key)
        return key.error();
    auto certificate = loadMerchantCertificate();
    if (!certificate)
        return certificate.error();
    if (auto match = checkKeyMatchesCertificate(*key, *certificate); !match)
        return match.error();
    c.merchantKey = *key;
    c.merchantCertificate = *certificate;
    c.certificateSerial = certificate->serialHex();

    if (warnings) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime notAfter = certificate->notAfter();
        if (notAfter < now) {
            *warnings << QStringLiteral("merchant certificate %1 expired on %2: WeChat Pay will refuse "
                                        "requests; apply for a new API certificate in the merchant platform")
                             .arg(c.certificateSerial, notAfter.toString(Qt::ISODate));
        } else if (notAfter < now.addDays(30)) {
            *warnings << QStringLiteral("merchant certificate %1 expires on %2: renew it in the merchant "
                                        "platform before then")
                             .arg(c.certificateSerial, notAfter.toString(Qt::ISODate));
        }
        // WeChat Pay issues the API certificate to the merchant id as common name.
        const QString commonName = certificate->subjectCommonName();
        if (isDigits(commonName) && commonName != mchid) {
            *warnings << QStringLiteral("merchant certificate %1 was issued to merchant %2, but the profile's "
                                        "mchid is %3")
                             .arg(c.certificateSerial, commonName, mchid);
        }
    }

    auto apiV3Key = loadApiV3Key(secrets);
    if (!apiV3Key)
        return apiV3Key.error();
    c.apiV3Key = std::move(apiV3Key).value();

    auto platformKeys = loadPlatformKeys(warnings);
    if (!platformKeys)
        return platformKeys.error();
    c.platformKeys = *platformKeys;
    return c;
}

} // namespace paydesk
