// SPDX-License-Identifier: MIT
#include "commands.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

namespace paydesk::cli {

namespace {

class CertsCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("certs") }; }
    QString summary() const override
    {
        return QStringLiteral("Download WeChat Pay's platform certificates and list them.");
    }
    QString synopsis() const override { return QStringLiteral("[--save]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Fetches GET /v3/certificates, decrypts them with the APIv3 key and lists serial_no,\n"
            "effective_time and expire_time. A merchant in public-key mode has none (WeChat Pay answers\n"
            "404): the list is empty and public_key_id names the key in use. With --save each certificate\n"
            "is written to platform/wechatpay_<serial>.pem next to the profile file and added to the\n"
            "profile's platform_cert_files.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("save"), QStringLiteral("Keep the certificates as files and list them in the profile.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        m_save = parser.isSet(QStringLiteral("save"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        const QString publicKeyId = (*client)->credentials().platformKeys.publicKeyId();
        (*client)->refreshCertificates([this, &context, publicKeyId](ApiResult<QList<PlatformCertificateInfo>> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error()));
            QJsonArray list;
            for (const PlatformCertificateInfo &info : std::as_const(*result)) {
                list.append(QJsonObject { { QStringLiteral("serial_no"), info.serialNo },
                                          { QStringLiteral("effective_time"), formatWechatTime(info.effectiveTime) },
                                          { QStringLiteral("expire_time"), formatWechatTime(info.expireTime) } });
            }
            QJsonObject out { { QStringLiteral("certificates"), list },
                              { QStringLiteral("public_key_id"), publicKeyId } };
            if (result->isEmpty() && publicKeyId.isEmpty()) {
                out.insert(QStringLiteral("warning"),
                           QStringLiteral("WeChat Pay has no platform certificates for this merchant and no WeChat Pay "
                                          "public key is configured: download the public key from the merchant "
                                          "platform and set wechatpay_public_key_file and wechatpay_public_key_id"));
            }
            if (m_save) {
                auto saved = save(context, *result);
                if (!saved)
                    return context.fail(saved.error());
                out.insert(QStringLiteral("saved"), QJsonArray::fromStringList(*saved));
            }
            context.succeed(out);
        });
    }

private:
    // Writes the certificates beside the profile file and records them in the
    // profile (relative names, so the folder can move).
    Result<QStringList, CliError> save(CliContext &context, const QList<PlatformCertificateInfo> &certificates)
    {
        auto store = context.store();
        if (!store)
            return store.error();
        auto profile = context.profile();
        if (!profile)
            return profile.error();
        QStringList written;
        const QDir base(store->directory());
        if (!base.mkpath(QStringLiteral("platform")))
            return CliError::config(makeError(QStringLiteral("file_unwritable"),
                                              QStringLiteral("cannot create %1/platform").arg(base.path())));
        for (const PlatformCertificateInfo &info : certificates) {
            const QString relative = QStringLiteral("platform/wechatpay_%1.pem").arg(info.serialNo);
            QSaveFile file(base.filePath(relative));
            if (!file.open(QIODevice::WriteOnly) || file.write(info.certificatePem) != info.certificatePem.size()
                || !file.commit()) {
                return CliError::config(
                    makeError(QStringLiteral("file_unwritable"),
                              QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString())));
            }
            if (!profile->platformCertFiles.contains(relative))
                profile->platformCertFiles.append(relative);
            written << base.filePath(relative);
        }
        store->setProfile(*profile);
        if (auto saved = store->save(context.configPath()); !saved)
            return CliError::config(saved.error());
        return written;
    }

    bool m_save = false;
};

} // namespace

std::unique_ptr<Command> makeCertsCommand()
{
    return std::make_unique<CertsCommand>();
}

} // namespace paydesk::cli
