// SPDX-License-Identifier: MIT
#include "profilestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace paydesk {

namespace {

const QLatin1String kDefaultProfile("default_profile");
const QLatin1String kProfiles("profiles");

} // namespace

QString ProfileStore::defaultPath()
{
    const QString fromEnvironment = qEnvironmentVariable("PAYDESK_CONFIG");
    return fromEnvironment.isEmpty() ? standardPath() : fromEnvironment;
}

QString ProfileStore::standardPath()
{
    // AppConfigLocation appends organisation and application name to the generic
    // location; spelled out here so paydesk-cli and paydesk-sandbox (whose
    // application names differ) find the GUI's file.
    const QString generic = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return generic + QStringLiteral("/PayDesk/paydesk/paydesk.json");
}

Result<ProfileStore> ProfileStore::load(const QString &path)
{
    QFile file(path);
    if (!file.exists()) {
        return makeError(QStringLiteral("config_missing"),
                         QStringLiteral("no configuration file %1: create it (paydesk-sandbox init writes a "
                                        "training one) or name another with --config or PAYDESK_CONFIG")
                             .arg(path));
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read configuration file %1: %2").arg(path, file.errorString()));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(QStringLiteral("config_invalid"),
                         QStringLiteral("configuration file %1 is not valid JSON (at byte %2: %3)")
                             .arg(path)
                             .arg(parseError.offset)
                             .arg(parseError.errorString()));
    }
    if (!document.isObject()) {
        return makeError(QStringLiteral("config_invalid"),
                         QStringLiteral("configuration file %1 must hold a JSON object "
                                        "{\"default_profile\":...,\"profiles\":{...}}")
                             .arg(path));
    }
    return fromJson(document.object(), QFileInfo(path).absoluteFilePath());
}

Result<ProfileStore> ProfileStore::fromJson(const QJsonObject &object, const QString &path)
{
    ProfileStore store;
    store.m_path = path;
    const QString where = path.isEmpty() ? QStringLiteral("configuration") : path;

    const QJsonValue defaultProfile = object.value(kDefaultProfile);
    if (!defaultProfile.isUndefined() && !defaultProfile.isNull() && !defaultProfile.isString()) {
        return makeError(QStringLiteral("config_invalid"),
                         QStringLiteral("%1: \"default_profile\" must be a profile name").arg(where));
    }
    store.m_defaultProfile = defaultProfile.toString();

    const QJsonValue profiles = object.value(kProfiles);
    if (!profiles.isUndefined() && !profiles.isObject()) {
        return makeError(QStringLiteral("config_invalid"),
                         QStringLiteral("%1: \"profiles\" must be an object of named profiles").arg(where));
    }
    const QJsonObject profileObjects = profiles.toObject();
    for (auto it = profileObjects.constBegin(); it != profileObjects.constEnd(); ++it) {
        if (!it.value().isObject()) {
            return makeError(QStringLiteral("config_invalid"),
                             QStringLiteral("%1: profile \"%2\" must be a JSON object").arg(where, it.key()));
        }
        store.m_profiles.insert(it.key(), it.value().toObject());
    }

    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() != kDefaultProfile && it.key() != kProfiles)
            store.m_extra.insert(it.key(), it.value());
    }
    return store;
}

QJsonObject ProfileStore::toJson() const
{
    QJsonObject profiles;
    for (auto it = m_profiles.constBegin(); it != m_profiles.constEnd(); ++it)
        profiles.insert(it.key(), it.value());
    QJsonObject o = m_extra;
    o.insert(kDefaultProfile, m_defaultProfile);
    o.insert(kProfiles, profiles);
    return o;
}

Result<void> ProfileStore::save(const QString &path) const
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot create folder %1 for the configuration file").arg(info.absolutePath()));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write configuration file %1: %2").arg(path, file.errorString()));
    }
    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write configuration file %1: %2").arg(path, file.errorString()));
    }
    return {};
}

QString ProfileStore::directory() const
{
    return m_path.isEmpty() ? QDir::currentPath() : QFileInfo(m_path).absolutePath();
}

QString ProfileStore::defaultProfileName() const
{
    if (!m_defaultProfile.isEmpty())
        return m_defaultProfile;
    if (m_profiles.size() == 1)
        return m_profiles.firstKey();
    return {};
}

Result<MerchantProfile> ProfileStore::profile(const QString &name) const
{
    const QString wanted = name.isEmpty() ? defaultProfileName() : name;
    const QString where = m_path.isEmpty() ? QStringLiteral("the configuration") : m_path;
    if (m_profiles.isEmpty()) {
        return makeError(QStringLiteral("profile_missing"),
                         QStringLiteral("%1 has no profiles: add one (paydesk-sandbox init writes a training "
                                        "profile)")
                             .arg(where));
    }
    if (wanted.isEmpty()) {
        return makeError(QStringLiteral("profile_missing"),
                         QStringLiteral("%1 names no default_profile: choose one with --profile (profiles: %2)")
                             .arg(where, names().join(QStringLiteral(", "))));
    }
    const auto it = m_profiles.constFind(wanted);
    if (it == m_profiles.constEnd()) {
        return makeError(QStringLiteral("profile_missing"),
                         QStringLiteral("no profile \"%1\" in %2 (profiles: %3)")
                             .arg(wanted, where, names().join(QStringLiteral(", "))));
    }
    return MerchantProfile::fromJson(*it, wanted, directory());
}

void ProfileStore::setProfile(const MerchantProfile &profile)
{
    m_profiles.insert(profile.name, profile.toJson());
}

bool ProfileStore::removeProfile(const QString &name)
{
    return m_profiles.remove(name) > 0;
}

} // namespace paydesk
