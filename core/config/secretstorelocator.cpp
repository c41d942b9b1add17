// SPDX-License-Identifier: MIT
#include "secretstorelocator.h"

#include "filesecretstore.h"
#include "keychainsecretstore.h"
#include "profilestore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMetaObject>

namespace paydesk {

Q_LOGGING_CATEGORY(lcLocator, "paydesk.secrets")

SecretStoreLocator::Preference SecretStoreLocator::preferenceFromEnvironment()
{
    const QString value = qEnvironmentVariable("PAYDESK_SECRET_STORE").trimmed().toLower();
    if (value == QLatin1String("keychain"))
        return Preference::Keychain;
    if (value == QLatin1String("file"))
        return Preference::File;
    return Preference::Auto;
}

QString SecretStoreLocator::defaultFilePath()
{
    const QString fromEnvironment = qEnvironmentVariable("PAYDESK_SECRETS_FILE");
    if (!fromEnvironment.isEmpty())
        return QFileInfo(fromEnvironment).absoluteFilePath();
    return filePathBeside(ProfileStore::defaultPath());
}

QString SecretStoreLocator::filePathBeside(const QString &configPath)
{
    return QFileInfo(configPath).absoluteDir().filePath(QStringLiteral("secrets.bin"));
}

void SecretStoreLocator::choose(const Options &options, QObject *context, std::function<void(Result<Choice>)> done)
{
    const QString filePath = options.filePath.isEmpty() ? defaultFilePath() : options.filePath;
    auto fileChoice = [filePath](const QString &reason) {
        Choice c;
        c.kind = SecretStore::Kind::EncryptedFile;
        c.filePath = filePath;
        c.reason = reason;
        c.warning = FileSecretStore::fallbackWarning(filePath);
        return c;
    };

    if (options.preference == Preference::File) {
        const Choice c = fileChoice(QStringLiteral("PAYDESK_SECRET_STORE=file"));
        QMetaObject::invokeMethod(context, [done, c] { done(c); }, Qt::QueuedConnection);
        return;
    }
    // Secrets already put into the file (no keychain answered then, or a build
    // without one) stay there: a keychain that answers later does not hold them.
    if (options.preference == Preference::Auto && QFileInfo::exists(filePath)) {
        const Choice c = fileChoice(QStringLiteral("the secrets file %1 already exists").arg(filePath));
        QMetaObject::invokeMethod(context, [done, c] { done(c); }, Qt::QueuedConnection);
        return;
    }
    const Preference preference = options.preference;
    KeychainSecretStore::probe(context, options.probeTimeoutMs,
                               [done, fileChoice, preference](bool available, const QString &reason) {
                                   if (available) {
                                       Choice c;
                                       c.kind = SecretStore::Kind::Keychain;
                                       return done(c);
                                   }
                                   if (preference == Preference::Keychain) {
                                       return done(makeError(
                                           QStringLiteral("keychain_unavailable"),
                                           QStringLiteral("PAYDESK_SECRET_STORE=keychain, but %1").arg(reason)));
                                   }
                                   qCWarning(lcLocator).noquote() << "no OS keychain:" << reason;
                                   done(fileChoice(reason));
                               });
}

} // namespace paydesk
