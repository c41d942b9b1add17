// SPDX-License-Identifier: MIT
#include "profilewriter.h"

#include "config/profilestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcProfileWriter, "paydesk.ui.settings")

namespace paydesk::ui {

namespace {

// `path` as the profile should name it: relative when it is (or has been
// copied) inside `base`.
Result<QString> importFile(const QString &path, const QDir &base, const QString &subfolder, bool secret)
{
    if (path.isEmpty())
        return QString();
    const QFileInfo source(path);
    const QString canonicalBase = base.canonicalPath();
    const QString canonicalSource = source.canonicalFilePath();
    if (!canonicalSource.isEmpty() && canonicalSource.startsWith(canonicalBase + QLatin1Char('/')))
        return base.relativeFilePath(canonicalSource);
    if (!source.exists()) {
        return makeError(QStringLiteral("file_missing"),
                         QStringLiteral("%1 does not exist: import the file again").arg(path));
    }

    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read %1: %2").arg(path, in.errorString()));
    }
    const QByteArray content = in.readAll();
    if (!base.mkpath(subfolder)) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot create %1").arg(base.filePath(subfolder)));
    }
    const QString relative = subfolder + QLatin1Char('/') + source.fileName();
    QSaveFile out(base.filePath(relative));
    if (!out.open(QIODevice::WriteOnly)) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
    }
    // Restrict before the secret is written, not after: no window in which
    // another user could open it.
    if (secret)
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (out.write(content) != content.size() || !out.commit()) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
    }
    qCInfo(lcProfileWriter) << "imported" << source.fileName() << "into" << base.filePath(subfolder);
    return relative;
}

} // namespace

Result<MerchantProfile> ProfileWriter::save(MerchantProfile profile, const QString &profilePath, bool makeDefault)
{
    const QFileInfo info(profilePath);
    QDir base(info.absolutePath());
    if (!base.mkpath(QStringLiteral("."))) {
        return makeError(QStringLiteral("file_unwritable"),
                         QStringLiteral("cannot create the folder %1").arg(base.path()));
    }
    if (profile.name.isEmpty())
        profile.name = QStringLiteral("production");

    const QString merchantFolder = QStringLiteral("merchant");
    const QString platformFolder = QStringLiteral("platform");
    auto take = [&](QString &field, const QString &subfolder, bool secret) -> Result<void> {
        auto imported = importFile(profile.resolvePath(field), base, subfolder, secret);
        if (!imported)
            return imported.error();
        field = *imported;
        return {};
    };
    if (auto r = take(profile.merchantKeyFile, merchantFolder, true); !r)
        return r.error();
    if (auto r = take(profile.merchantCertFile, merchantFolder, false); !r)
        return r.error();
    if (auto r = take(profile.apiV3KeyFile, merchantFolder, true); !r)
        return r.error();
    if (auto r = take(profile.wechatpayPublicKeyFile, platformFolder, false); !r)
        return r.error();
    for (QString &file : profile.platformCertFiles) {
        if (auto r = take(file, platformFolder, false); !r)
            return r.error();
    }
    profile.baseDirectory = base.absolutePath();

    Result<ProfileStore> store = QFile::exists(profilePath) ? ProfileStore::load(profilePath)
                                                            : ProfileStore::fromJson(QJsonObject(), profilePath);
    if (!store)
        return store.error();
    store->setProfile(profile);
    if (makeDefault)
        store->setDefaultProfileName(profile.name);
    if (auto saved = store->save(profilePath); !saved)
        return saved.error();
    return profile;
}

} // namespace paydesk::ui
