// SPDX-License-Identifier: MIT
#include "commands.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace paydesk::cli {

namespace {

// Prints the profile as configured, with every file name resolved. Safe to
// paste into a support ticket: a profile holds file names, never a secret, and
// this command never opens the key files.
class ConfigShowCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("config"), QStringLiteral("show") }; }
    QString summary() const override
    {
        return QStringLiteral("Print the profile and where its files are (never their contents).");
    }
    QString synopsis() const override { return QString(); }

    void addOptions(QCommandLineParser &) override { }
    Result<void, CliError> parse(const QCommandLineParser &) override { return {}; }

    void run(CliContext &context) override
    {
        auto store = context.store();
        if (!store)
            return context.fail(store.error());
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());

        QJsonArray files;
        const auto addFile = [&](const QString &field, const QString &value) {
            if (value.isEmpty())
                return;
            const QString path = profile->resolvePath(value);
            files.append(QJsonObject { { QStringLiteral("field"), field },
                                       { QStringLiteral("path"), path },
                                       { QStringLiteral("exists"), QFileInfo(path).isFile() } });
        };
        addFile(QStringLiteral("merchant_key_file"), profile->merchantKeyFile);
        addFile(QStringLiteral("merchant_cert_file"), profile->merchantCertFile);
        addFile(QStringLiteral("apiv3_key_file"), profile->apiV3KeyFile);
        for (const QString &file : std::as_const(profile->platformCertFiles))
            addFile(QStringLiteral("platform_cert_files"), file);
        addFile(QStringLiteral("wechatpay_public_key_file"), profile->wechatpayPublicKeyFile);

        context.succeed({ { QStringLiteral("config"), store->path() },
                          { QStringLiteral("profiles"), QJsonArray::fromStringList(store->names()) },
                          { QStringLiteral("default_profile"), store->defaultProfileName() },
                          { QStringLiteral("profile"), profile->name },
                          { QStringLiteral("settings"), profile->toJson() },
                          { QStringLiteral("files"), files } });
    }
};

} // namespace

std::unique_ptr<Command> makeConfigShowCommand()
{
    return std::make_unique<ConfigShowCommand>();
}

} // namespace paydesk::cli
