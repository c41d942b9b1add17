// SPDX-License-Identifier: MIT
#pragma once

#include "merchantprofile.h"
#include "result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace paydesk {

// The terminal's merchant profiles: one JSON file with named profiles and the
// name of the default one, as paydesk-sandbox writes it:
//
//   {"default_profile":"training",
//    "profiles":{"training":{...MerchantProfile...},"production":{...}}}
//
// Profiles are kept as JSON and parsed when asked for, so one broken profile
// does not keep the others from loading. File names inside a profile are
// relative to the folder of this file. Nothing in the file is secret.
class ProfileStore
{
public:
    // PAYDESK_CONFIG when set, else paydesk.json in the configuration folder
    // of the application "paydesk" of organisation "PayDesk" (AppConfigLocation;
    // ~/.config/PayDesk/paydesk/paydesk.json on Linux), whichever executable asks.
    static QString defaultPath();
    // The same without looking at PAYDESK_CONFIG.
    static QString standardPath();

    static Result<ProfileStore> load(const QString &path);
    // Atomic (QSaveFile): a crash leaves the old file or the new one, never half.
    // Creates the folder when needed.
    Result<void> save(const QString &path) const;

    QString path() const { return m_path; } // where it was loaded from
    QString directory() const; // the base of relative file names

    QStringList names() const { return m_profiles.keys(); }
    bool contains(const QString &name) const { return m_profiles.contains(name); }
    // The default profile's name: default_profile, or the only profile there is.
    QString defaultProfileName() const;
    void setDefaultProfileName(const QString &name) { m_defaultProfile = name; }

    // The named profile (the default one for an empty name), parsed and checked,
    // with its file names resolved against directory().
    Result<MerchantProfile> profile(const QString &name = {}) const;
    void setProfile(const MerchantProfile &profile); // by profile.name, replacing
    bool removeProfile(const QString &name);

    QJsonObject toJson() const;
    static Result<ProfileStore> fromJson(const QJsonObject &object, const QString &path = {});

private:
    QString m_path;
    QString m_defaultProfile;
    QMap<QString, QJsonObject> m_profiles;
    QJsonObject m_extra; // top-level keys this version does not know
};

} // namespace paydesk
