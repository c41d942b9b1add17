// SPDX-License-Identifier: MIT
#include "keychainsecretstore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <openssl/crypto.h>

#include <memory>

#ifndef PAYDESK_HAVE_KEYCHAIN
#define PAYDESK_HAVE_KEYCHAIN 0
#endif
#if PAYDESK_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

// On Linux QtKeychain talks to the Secret Service through libsecret, which
// cannot tell a locked keyring from a missing secret; the Secret Service
// itself can, over D-Bus (see itemIsLocked() and defaultCollectionIsLocked()).
#if PAYDESK_HAVE_KEYCHAIN && (defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD))
#define PAYDESK_SECRET_SERVICE 1
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>
#include <QMap>
#else
#define PAYDESK_SECRET_SERVICE 0
#endif

namespace paydesk {

Q_LOGGING_CATEGORY(lcKeychain, "paydesk.secrets.keychain")

namespace {

[[maybe_unused]] const QLatin1String ProbeKey("paydesk-probe/availability");

Error unavailable()
{
    return makeError(QStringLiteral("keychain_unavailable"),
                     QStringLiteral("this PayDesk was built without QtKeychain: secrets are kept in the encrypted "
                                    "file store instead"));
}

#if PAYDESK_HAVE_KEYCHAIN
// QtKeychain's errorString() describes the backend, never the secret.
Error jobError(const QKeychain::Job *job, const QString &name, const QString &action)
{
    switch (job->error()) {
    case QKeychain::EntryNotFound:
        return makeError(QStringLiteral("secret_not_found"),
                         QStringLiteral("no secret %1 in the OS keychain: import it (paydesk-cli secrets import)")
                             .arg(name));
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return makeError(QStringLiteral("keychain_denied"),
                         QStringLiteral("the OS keychain refused to %1 %2 (%3): unlock the keychain and allow "
                                        "PayDesk")
                             .arg(action, name, job->errorString()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return makeError(QStringLiteral("keychain_unavailable"),
                         QStringLiteral("no OS keychain is available to %1 %2 (%3)")
                             .arg(action, name, job->errorString()));
    default:
        return makeError(QStringLiteral("keychain_error"),
                         QStringLiteral("the OS keychain could not %1 %2: %3").arg(action, name, job->errorString()));
    }
}

[[maybe_unused]] Error lockedError(const QString &name, const QString &action)
{
    return makeError(QStringLiteral("keychain_locked"),
                     QStringLiteral("the OS keychain is locked, so PayDesk could not %1 %2: unlock it (log in to the "
                                    "desktop session, or unlock the \"Login\" keyring in Passwords and Keys) and "
                                    "try again")
                         .arg(action, name));
}
#endif

#if PAYDESK_SECRET_SERVICE
// libsecret, asked for an item in a locked collection with no prompter to
// unlock it (a terminal without a display, a bus without gcr-prompter), gives
// "not found" at once; asked to clear one, it clears nothing and says done;
// asked to store into a locked collection, it fails. So before any of these
// answers is believed, the Secret Service is asked directly.
const QLatin1String SecretService("org.freedesktop.secrets");
const QLatin1String SecretServicePath("/org/freedesktop/secrets");
const QLatin1String SecretServiceInterface("org.freedesktop.Secret.Service");
constexpr int LockCheckTimeoutMs = 5000;

// One asynchronous call; `done` gets the reply, or an error message, on
// `context`'s thread (never if `context` is gone first).
void callSecretService(QObject *context, const QString &path, const QString &interface, const QString &method,
                       const QVariantList &arguments, std::function<void(const QDBusMessage &)> done)
{
    QDBusMessage message = QDBusMessage::createMethodCall(SecretService, path, interface, method);
    message.setArguments(arguments);
    auto *watcher
        = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(message, LockCheckTimeoutMs), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context, [done](QDBusPendingCallWatcher *finished) {
        finished->deleteLater();
        done(finished->reply());
    });
}

// Whether QtKeychain's entry for `key` (attributes server = service, user =
// key) sits in a locked collection. Anything that does not answer clearly
// (no Secret Service, KWallet's own interface) counts as not locked: the
// caller then keeps what QtKeychain said.
void itemIsLocked(QObject *context, const QString &service, const QString &key, std::function<void(bool)> done)
{
    static const QMetaType registered = qDBusRegisterMetaType<QMap<QString, QString>>();
    Q_UNUSED(registered);
    const QMap<QString, QString> attributes { { QStringLiteral("server"), service }, { QStringLiteral("user"), key } };
    callSecretService(context, SecretServicePath, SecretServiceInterface, QStringLiteral("SearchItems"),
                      { QVariant::fromValue(attributes) }, [done](const QDBusMessage &reply) {
                          if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() < 2)
                              return done(false);
                          done(!qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(1)).isEmpty());
                      });
}

// Whether the collection new entries go to (the "default" alias) is locked.
void defaultCollectionIsLocked(QObject *context, std::function<void(bool)> done)
{
    callSecretService(
        context, SecretServicePath, SecretServiceInterface, QStringLiteral("ReadAlias"), { QStringLiteral("default") },
        [context, done](const QDBusMessage &alias) {
            const QString path = alias.type() == QDBusMessage::ReplyMessage && !alias.arguments().isEmpty()
                ? qdbus_cast<QDBusObjectPath>(alias.arguments().at(0)).path()
                : QString();
            if (path.isEmpty() || path == QLatin1String("/"))
                return done(false);
            callSecretService(context, path, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"),
                              { QStringLiteral("org.freedesktop.Secret.Collection"), QStringLiteral("Locked") },
                              [done](const QDBusMessage &locked) {
                                  done(locked.type() == QDBusMessage::ReplyMessage && !locked.arguments().isEmpty()
                                       && qdbus_cast<QDBusVariant>(locked.arguments().at(0)).variant().toBool());
                              });
        });
}
#endif

// Without a session bus QtKeychain would try (and, with libsecret, sometimes
// hang trying) to start one; a bare terminal is answered at once.
bool sessionBusReachable(QString *reason)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus")))
        return true;
    *reason = QStringLiteral("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): the Secret Service "
                             "cannot be reached from a bare terminal");
    return false;
#else
    Q_UNUSED(reason);
    return true;
#endif
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(QString::fromLatin1(DefaultService), parent)
{
}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service)
{
}

KeychainSecretStore::~KeychainSecretStore()
{
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
        if (!it->isEmpty())
            OPENSSL_cleanse(it->data(), size_t(it->size()));
    }
}

bool KeychainSecretStore::isCompiledIn()
{
    return PAYDESK_HAVE_KEYCHAIN;
}

QString KeychainSecretStore::location() const
{
#if defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager (service %1)").arg(m_service);
#elif defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain (service %1)").arg(m_service);
#else
    return QStringLiteral("Secret Service over D-Bus (service %1)").arg(m_service);
#endif
}

void KeychainSecretStore::probe(QObject *context, int timeoutMs, std::function<void(bool, QString)> done,
                                const QString &service)
{
    QString reason;
    if (!isCompiledIn())
        reason = unavailable().message;
    else
        sessionBusReachable(&reason);
    if (!reason.isEmpty()) {
        QMetaObject::invokeMethod(context, [done, reason] { done(false, reason); }, Qt::QueuedConnection);
        return;
    }
#if PAYDESK_HAVE_KEYCHAIN
    // One answer only: whichever of the job and the timer comes first.
    auto answered = std::make_shared<bool>(false);
    auto *job = new QKeychain::ReadPasswordJob(service, context);
    job->setKey(ProbeKey);
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, context, [done, answered](QKeychain::Job *finished) {
        if (*answered)
            return;
        *answered = true;
        const QKeychain::Error error = finished->error();
        if (error == QKeychain::NoError || error == QKeychain::EntryNotFound)
            return done(true, QString());
        done(false, QStringLiteral("the OS keychain did not answer: %1").arg(finished->errorString()));
    });
    QTimer::singleShot(timeoutMs, context, [done, answered, timeoutMs] {
        if (*answered)
            return;
        *answered = true;
        done(false, QStringLiteral("the OS keychain did not answer within %1 s").arg(timeoutMs / 1000.0));
    });
    job->start();
#else
    Q_UNUSED(service);
    Q_UNUSED(timeoutMs);
#endif
}

Result<QByteArray> KeychainSecretStore::read(const QString &name)
{
    if (!isValidName(name))
        return invalidName(name);
    const auto it = m_cache.constFind(name);
    if (it != m_cache.constEnd())
        return it.value();
    if (!isCompiledIn())
        return unavailable();
    return makeError(QStringLiteral("secret_not_loaded"),
                     QStringLiteral("secret %1 has not been fetched from the OS keychain yet: preload it first "
                                    "(reading waits on the keychain and is asynchronous)")
                         .arg(name));
}

void KeychainSecretStore::read(const QString &name, ReadCallback done)
{
    if (!isValidName(name))
        return later([done, error = invalidName(name)] { done(error); });
#if PAYDESK_HAVE_KEYCHAIN
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(name);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, name, done](QKeychain::Job *finished) {
#if PAYDESK_SECRET_SERVICE
        // "Not found" from a locked keyring would send the installer to
        // import keys that are there: say it is locked instead.
        if (finished->error() == QKeychain::EntryNotFound) {
            const Error notFound = jobError(finished, name, QStringLiteral("read"));
            return itemIsLocked(this, m_service, name, [name, done, notFound](bool locked) {
                done(locked ? lockedError(name, QStringLiteral("read")) : notFound);
            });
        }
#endif
        if (finished->error() != QKeychain::NoError)
            return done(jobError(finished, name, QStringLiteral("read")));
        const QByteArray secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
        m_cache.insert(name, secret);
        done(secret);
    });
    job->start();
#else
    later([done] { done(unavailable()); });
#endif
}

void KeychainSecretStore::write(const QString &name, const QByteArray &secret, DoneCallback done)
{
    if (!isValidName(name))
        return later([done, error = invalidName(name)] { done(error); });
    if (secret.isEmpty()) {
        return later([done, name] {
            done(makeError(QStringLiteral("secret_empty"),
                           QStringLiteral("refusing to store an empty secret as %1").arg(name)));
        });
    }
#if PAYDESK_HAVE_KEYCHAIN
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(name);
    job->setBinaryData(secret);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, name, secret, done](QKeychain::Job *finished) {
#if PAYDESK_SECRET_SERVICE
        // libsecret reports a locked collection as access denied.
        if (finished->error() == QKeychain::AccessDenied || finished->error() == QKeychain::AccessDeniedByUser) {
            const Error denied = jobError(finished, name, QStringLiteral("store"));
            return defaultCollectionIsLocked(this, [name, done, denied](bool locked) {
                done(locked ? lockedError(name, QStringLiteral("store")) : denied);
            });
        }
#endif
        if (finished->error() != QKeychain::NoError)
            return done(jobError(finished, name, QStringLiteral("store")));
        m_cache.insert(name, secret);
        qCInfo(lcKeychain) << "stored secret" << name << "in the OS keychain";
        done({});
    });
    job->start();
#else
    later([done] { done(unavailable()); });
#endif
}

void KeychainSecretStore::remove(const QString &name, DoneCallback done)
{
    if (!isValidName(name))
        return later([done, error = invalidName(name)] { done(error); });
#if PAYDESK_HAVE_KEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(name);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, name, done](QKeychain::Job *finished) {
        // Removing what is not there is done, not an error.
        if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound)
            return done(jobError(finished, name, QStringLiteral("remove")));
        const auto removed = [this, name, done] {
            m_cache.remove(name);
            qCInfo(lcKeychain) << "removed secret" << name << "from the OS keychain";
            done({});
        };
#if PAYDESK_SECRET_SERVICE
        // libsecret clears only unlocked items and says done either way: a
        // secret locked away is still there, and must not be reported gone.
        return itemIsLocked(this, m_service, name, [name, done, removed](bool locked) {
            if (locked)
                return done(lockedError(name, QStringLiteral("remove")));
            removed();
        });
#else
        removed();
#endif
    });
    job->start();
#else
    later([done] { done(unavailable()); });
#endif
}

} // namespace paydesk
