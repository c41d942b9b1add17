// SPDX-License-Identifier: MIT
#include "commands.h"

#include "config/secretstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>
#include <optional>

namespace paydesk::cli {

namespace {

// Past this WeChat Pay's answers fail verification (and ours are refused).
constexpr qint64 VerifyWindowSeconds = 300;
// Well inside the window, but a sign that the terminal's time service is off.
constexpr qint64 SkewWarningSeconds = 60;

// Checks a terminal's set-up the way an installer would by hand, and reports
// every check, not only the first that fails: the profile, the merchant key
// against its certificate, the APIv3 key, the platform keys, the notify_url,
// a real call to WeChat Pay (certificate download) and the clock.
class ConfigCheckCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("config"), QStringLiteral("check") }; }
    QString summary() const override
    {
        return QStringLiteral("Check the profile, keys, certificates, WeChat Pay and the clock.");
    }
    QString synopsis() const override { return QStringLiteral("[--offline]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Prints {\"checks\":[{\"name\",\"ok\",\"detail\"}, ...],\"ok\":...} and exits 5 when a check fails.\n"
            "Checks: config_file, profile, secret_store (when the profile keeps its keys there),\n"
            "merchant_key, merchant_certificate, key_matches_certificate, apiv3_key, platform_keys,\n"
            "notify_url, then (unless --offline) wechatpay: downloads the\n"
            "platform certificates (or notes public-key mode), and clock: the skew between this\n"
            "terminal and WeChat Pay.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("offline"), QStringLiteral("Check the files only; do not call WeChat Pay.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        m_offline = parser.isSet(QStringLiteral("offline"));
        return {};
    }

    void run(CliContext &context) override
    {
        m_output.insert(QStringLiteral("config"), context.configPath());
        if (!checkFiles(context))
            return report(context);
        if (m_offline)
            return report(context);

        auto client = context.client();
        if (!client) {
            add(QStringLiteral("wechatpay"), false, client.error().message);
            return report(context);
        }
        QObject::connect(*client, &ApiClient::clockSkewDetected, &context,
                         [this](qint64 seconds) { m_skew = seconds; });
        const QString publicKeyId = (*client)->credentials().platformKeys.publicKeyId();
        (*client)->refreshCertificates([this, &context, publicKeyId](ApiResult<QList<PlatformCertificateInfo>> result) {
            if (!result) {
                const ApiError &e = result.error();
                add(QStringLiteral("wechatpay"), false,
                    // ApiError::toString() names the Request-ID already.
                    QStringLiteral("GET /v3/certificates failed: %1").arg(e.toString()));
            } else if (result->isEmpty() && publicKeyId.isEmpty()) {
                add(QStringLiteral("wechatpay"), false,
                    QStringLiteral(
                        "WeChat Pay has no platform certificates for this merchant (public-key mode) and no "
                        "WeChat Pay public key is configured: download it from the merchant platform and set "
                        "wechatpay_public_key_file and wechatpay_public_key_id"));
            } else if (result->isEmpty()) {
                add(QStringLiteral("wechatpay"), true,
                    QStringLiteral("signed call accepted; public-key mode: no platform certificates, answers are "
                                   "verified with %1")
                        .arg(publicKeyId));
            } else {
                QStringList serials;
                for (const PlatformCertificateInfo &info : std::as_const(*result))
                    serials << QStringLiteral("%1 (expires %2)").arg(info.serialNo, formatWechatTime(info.expireTime));
                add(QStringLiteral("wechatpay"), true,
                    QStringLiteral("signed call accepted; %1 platform certificate(s): %2")
                        .arg(result->size())
                        .arg(serials.join(QStringLiteral(", "))));
            }
            checkClock(result.ok());
            report(context);
        });
    }

private:
    void add(const QString &name, bool ok, const QString &detail)
    {
        m_checks.append(QJsonObject {
            { QStringLiteral("name"), name }, { QStringLiteral("ok"), ok }, { QStringLiteral("detail"), detail } });
        m_ok = m_ok && ok;
    }

    // Returns whether the credentials are complete enough to call WeChat Pay.
    bool checkFiles(CliContext &context)
    {
        auto store = context.store();
        if (!store) {
            add(QStringLiteral("config_file"), false, store.error().message);
            return false;
        }
        add(QStringLiteral("config_file"), true,
            QStringLiteral("%1 (profiles: %2)").arg(store->path(), store->names().join(QStringLiteral(", "))));

        auto profile = context.profile();
        if (!profile) {
            add(QStringLiteral("profile"), false, profile.error().message);
            return false;
        }
        m_output.insert(QStringLiteral("profile"), profile->name);
        m_output.insert(QStringLiteral("training"), profile->training);
        m_output.insert(QStringLiteral("mchid"), profile->mchid);
        m_output.insert(QStringLiteral("base_url"), context.clientOptions(*profile).baseUrl.toString());
        add(QStringLiteral("profile"), !profile->appid.isEmpty(),
            profile->appid.isEmpty()
                ? QStringLiteral("profile \"%1\" has no appid: set the app or official account id bound to merchant %2")
                      .arg(profile->name, profile->mchid)
                : QStringLiteral("%1 profile \"%2\": merchant %3, appid %4")
                      .arg(profile->training ? QStringLiteral("training") : QStringLiteral("production"), profile->name,
                           profile->mchid, profile->appid));

        // Keys kept in the secret store are loaded through it, and the report
        // says where they came from (never what they are).
        SecretStore *secrets = nullptr;
        if (profile->usesSecretStore()) {
            auto opened = context.secretStore();
            if (opened) {
                secrets = *opened;
                m_output.insert(QStringLiteral("secret_store"), SecretStore::kindName(secrets->kind()));
                add(QStringLiteral("secret_store"), true,
                    QStringLiteral("%1 store %2 holds %3")
                        .arg(SecretStore::kindName(secrets->kind()), secrets->location(),
                             profile->secretNames().join(QStringLiteral(", "))));
            } else {
                add(QStringLiteral("secret_store"), false, opened.error().message);
            }
        }
        const auto source = [&](const QString &secretName, const QString &file) {
            if (!secretName.isEmpty() && secrets)
                return QStringLiteral("secret %1 in the %2 store %3")
                    .arg(secretName, SecretStore::kindName(secrets->kind()), secrets->location());
            return profile->resolvePath(file);
        };

        auto key = profile->loadMerchantKey(secrets);
        add(QStringLiteral("merchant_key"), key.ok(),
            key ? QStringLiteral("RSA %1-bit key from %2")
                      .arg(key->bits())
                      .arg(source(profile->merchantKeySecret, profile->merchantKeyFile))
                : key.error().message);

        auto certificate = profile->loadMerchantCertificate();
        if (certificate) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const bool valid = certificate->isValidAt(now);
            add(QStringLiteral("merchant_certificate"), valid,
                QStringLiteral("serial %1, issued to %2, valid %3 to %4%5")
                    .arg(certificate->serialHex(), certificate->subjectCommonName(),
                         certificate->notBefore().toString(Qt::ISODate), certificate->notAfter().toString(Qt::ISODate),
                         valid ? QString()
                               : QStringLiteral(
                                   ": not valid now; apply for a new API certificate in the merchant platform")));
        } else {
            add(QStringLiteral("merchant_certificate"), false, certificate.error().message);
        }

        if (key && certificate) {
            auto match = MerchantProfile::checkKeyMatchesCertificate(*key, *certificate);
            add(QStringLiteral("key_matches_certificate"), match.ok(),
                match ? QStringLiteral("the private key belongs to certificate %1").arg(certificate->serialHex())
                      : match.error().message);
        } else {
            add(QStringLiteral("key_matches_certificate"), false,
                QStringLiteral("not checked: the key or the certificate could not be loaded"));
        }

        auto apiV3Key = profile->loadApiV3Key(secrets);
        add(QStringLiteral("apiv3_key"), apiV3Key.ok(),
            apiV3Key ? QStringLiteral("32 characters in %1").arg(source(profile->apiV3KeySecret, profile->apiV3KeyFile))
                     : apiV3Key.error().message);

        QStringList warnings;
        auto platformKeys = profile->loadPlatformKeys(&warnings);
        if (platformKeys) {
            QStringList parts;
            parts << QStringLiteral("%1 platform certificate(s)").arg(platformKeys->certificates().size());
            if (platformKeys->hasPublicKey())
                parts << QStringLiteral("WeChat Pay public key %1").arg(platformKeys->publicKeyId());
            add(QStringLiteral("platform_keys"), true, (parts + warnings).join(QStringLiteral("; ")));
        } else {
            add(QStringLiteral("platform_keys"), false, platformKeys.error().message);
        }

        checkNotifyUrl(*profile);
        return !profile->appid.isEmpty() && key && certificate && apiV3Key && platformKeys
            && MerchantProfile::checkKeyMatchesCertificate(*key, *certificate).ok();
    }

    void checkNotifyUrl(const MerchantProfile &profile)
    {
        const QUrl url(profile.notifyUrl, QUrl::StrictMode);
        if (profile.notifyUrl.isEmpty()) {
            add(QStringLiteral("notify_url"), false,
                QStringLiteral("no notify_url: WeChat Pay needs an address to send payment results to"));
        } else if (!url.isValid() || url.host().isEmpty()
                   || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
            add(QStringLiteral("notify_url"), false,
                QStringLiteral("\"%1\" is not an http(s) address").arg(profile.notifyUrl));
        } else if (!profile.training && (url.scheme() != QLatin1String("https") || url.hasQuery())) {
            add(QStringLiteral("notify_url"), false,
                QStringLiteral("\"%1\": WeChat Pay only calls https addresses without a query string")
                    .arg(profile.notifyUrl));
        } else {
            add(QStringLiteral("notify_url"), true, profile.notifyUrl);
        }
    }

    void checkClock(bool answered)
    {
        if (m_skew) {
            const qint64 skew = *m_skew;
            const QString direction = skew >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind");
            QString detail
                = QStringLiteral("WeChat Pay's clock is %1 s %2 this terminal's").arg(qAbs(skew)).arg(direction);
            if (qAbs(skew) > VerifyWindowSeconds)
                detail += QStringLiteral(": more than %1 s, so signatures fail; set the system time (NTP)")
                              .arg(VerifyWindowSeconds);
            else if (qAbs(skew) > SkewWarningSeconds)
                detail += QStringLiteral(": within the %1 s window, but check the system time (NTP)")
                              .arg(VerifyWindowSeconds);
            add(QStringLiteral("clock"), qAbs(skew) <= VerifyWindowSeconds, detail);
        } else if (answered) {
            add(QStringLiteral("clock"), true,
                QStringLiteral("WeChat Pay's signed answer was within %1 s of this terminal's clock")
                    .arg(VerifyWindowSeconds));
        }
    }

    void report(CliContext &context)
    {
        m_output.insert(QStringLiteral("checks"), m_checks);
        m_output.insert(QStringLiteral("ok"), m_ok);
        context.printJson(m_output);
        if (m_ok)
            return context.finish(Success);
        QStringList failed;
        for (const QJsonValue &check : std::as_const(m_checks)) {
            if (!check[QLatin1String("ok")].toBool())
                failed << check[QLatin1String("name")].toString();
        }
        CliError error;
        error.exitCode = ConfigError;
        error.code = QStringLiteral("CONFIG_CHECK_FAILED");
        error.message = QStringLiteral("failed: %1").arg(failed.join(QStringLiteral(", ")));
        context.fail(error);
    }

    bool m_offline = false;
    bool m_ok = true;
    QJsonArray m_checks;
    QJsonObject m_output;
    std::optional<qint64> m_skew;
};

} // namespace

std::unique_ptr<Command> makeConfigCheckCommand()
{
    return std::make_unique<ConfigCheckCommand>();
}

} // namespace paydesk::cli
