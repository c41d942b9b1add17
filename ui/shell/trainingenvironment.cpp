// SPDX-License-Identifier: MIT
#include "trainingenvironment.h"

#include "config/profilestore.h"
#include "sandboxserver.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace paydesk::ui {

using sandbox::SandboxServer;

TrainingEnvironment::TrainingEnvironment(QObject *parent) : QObject(parent) { }

TrainingEnvironment::~TrainingEnvironment() = default;

QString TrainingEnvironment::defaultFolder()
{
    const QString fromEnvironment = qEnvironmentVariable("PAYDESK_TRAINING_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("paydesk/training"));
}

Result<std::unique_ptr<TrainingEnvironment>> TrainingEnvironment::start(const QString &folder, QObject *parent)
{
    std::unique_ptr<TrainingEnvironment> env(new TrainingEnvironment(parent));
    env->m_folder = QDir(folder).absolutePath();
    const QString profilePath = QDir(env->m_folder).filePath(QStringLiteral("paydesk.json"));

    if (!QFileInfo::exists(profilePath)) {
        auto made = SandboxServer::initTrainingMerchant(env->m_folder);
        if (!made)
            return made.error();
    }
    auto store = ProfileStore::load(profilePath);
    if (!store)
        return store.error();
    auto profile = store->profile();
    if (!profile)
        return profile.error();
    if (!profile->training) {
        return makeError(QStringLiteral("not_training"),
                         QStringLiteral("%1 holds a real merchant profile, not a training one: choose another "
                                        "training folder (PAYDESK_TRAINING_DIR)")
                             .arg(profilePath));
    }
    env->m_profile = *profile;

    SandboxServer::Options options;
    options.dataDir = QDir(env->m_folder).filePath(QStringLiteral("sandbox"));
    options.port = 0; // a free port: a paydesk-sandbox on 18390 or a second PayDesk must not clash
    options.refundDelayMs = 2000;
    options.refundIntervalSeconds = 5; // trainees refund more often than WeChat Pay's once a minute
    env->m_server = std::make_unique<SandboxServer>(options);
    if (auto started = env->m_server->start(); !started)
        return started.error();

    auto credentials = env->m_profile.loadCredentials();
    if (!credentials)
        return credentials.error();
    credentials->platformKeys = env->m_server->platformKeys();
    env->m_credentials = *credentials;
    return env;
}

QString TrainingEnvironment::baseUrl() const
{
    return m_server->baseUrl().toString();
}

QString TrainingEnvironment::databasePath() const
{
    return QDir(m_folder).filePath(QStringLiteral("paydesk.sqlite"));
}

Result<void> TrainingEnvironment::customer(const QString &action, const QString &outTradeNo, bool combined)
{
    const QString key = combined ? QStringLiteral("combine_out_trade_no") : QStringLiteral("out_trade_no");
    const auto reply = m_server->control("POST", QStringLiteral("/sandbox/customer/") + action,
                                         QJsonObject { { key, outTradeNo } });
    if (reply.status >= 200 && reply.status < 300)
        return {};
    const QJsonObject body = reply.body.object();
    return makeError(body.value(QLatin1String("code")).toString(QStringLiteral("refused")),
                     body.value(QLatin1String("message")).toString(tr("The training customer could not do that.")));
}

} // namespace paydesk::ui
