// SPDX-License-Identifier: MIT
// A private, headless Secret Service for the tests that use the OS keychain:
// a dbus-daemon of its own and `gnome-keyring-daemon --foreground --unlock
// --components=secrets` with HOME and every XDG folder in a temporary folder,
// so a test never sees or touches a real user's keyring or session bus.
//
// The bus has no service directories: nothing is D-Bus-activated behind the
// test's back (no second keyring daemon, no gcr-prompter), so a locked
// keyring can never pop up a prompt and every process there is one this class
// started, and stop() ends them all. Linux only (it reads /proc).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <dlfcn.h>
#include <memory>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>

namespace paydesk::testing {

// The Secret Service's secret struct (oayays): session, parameters, value, content type.
struct DBusSecret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

inline QDBusArgument &operator<<(QDBusArgument &argument, const DBusSecret &secret)
{
    argument.beginStructure();
    argument << secret.session << secret.parameters << secret.value << secret.contentType;
    argument.endStructure();
    return argument;
}

inline const QDBusArgument &operator>>(const QDBusArgument &argument, DBusSecret &secret)
{
    argument.beginStructure();
    argument >> secret.session >> secret.parameters >> secret.value >> secret.contentType;
    argument.endStructure();
    return argument;
}

} // namespace paydesk::testing

Q_DECLARE_METATYPE(paydesk::testing::DBusSecret)

namespace paydesk::testing {

class PrivateSecretService
{
public:
    static constexpr const char *Service = "org.freedesktop.secrets";
    static constexpr const char *ServicePath = "/org/freedesktop/secrets";
    static constexpr const char *LoginCollection = "/org/freedesktop/secrets/collection/login";

    // What the environment must not pass on to anything started here: a
    // desktop (QtKeychain would pick KWallet), a display (a prompt), the real
    // user's bus and keyring.
    static QStringList desktopVariables()
    {
        return { QStringLiteral("DISPLAY"),
                 QStringLiteral("WAYLAND_DISPLAY"),
                 QStringLiteral("XDG_CURRENT_DESKTOP"),
                 QStringLiteral("XDG_SESSION_DESKTOP"),
                 QStringLiteral("DESKTOP_SESSION"),
                 QStringLiteral("GNOME_DESKTOP_SESSION_ID"),
                 QStringLiteral("KDE_FULL_SESSION"),
                 QStringLiteral("KDE_SESSION_VERSION"),
                 QStringLiteral("GNOME_KEYRING_CONTROL"),
                 QStringLiteral("SSH_AUTH_SOCK"),
                 QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                 QStringLiteral("DBUS_SESSION_BUS_PID") };
    }

    // Empty when both daemons are installed; else which are missing and the
    // Debian packages that have them.
    static QString missingTools()
    {
        QStringList missing;
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
            missing << QStringLiteral("dbus-daemon (package dbus-daemon)");
        if (QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty())
            missing << QStringLiteral("gnome-keyring-daemon (package gnome-keyring)");
        if (!QFile::exists(QStringLiteral("/proc/self/environ")))
            missing << QStringLiteral("/proc");
        return missing.join(QStringLiteral(", "));
    }

    ~PrivateSecretService() { stop(); }

    // Starts both daemons and waits until the login keyring answers,
    // unlocked with `password`. Empty on success, else what went wrong.
    QString start(const QByteArray &password)
    {
        qDBusRegisterMetaType<DBusSecret>();
        qDBusRegisterMetaType<QMap<QString, QString>>();
        if (!m_root.isValid())
            return QStringLiteral("no temporary folder");
        m_password = password;
        for (const char *sub : { "home", "data", "config", "cache", "runtime" })
            QDir(m_root.path()).mkpath(QString::fromLatin1(sub));
        ::chmod(QFile::encodeName(runtimeDir()).constData(), 0700);

        // A session bus that listens only on a socket in our runtime folder
        // and activates nothing.
        const QString config = m_root.filePath(QStringLiteral("bus.conf"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1").arg(config);
        file.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                                  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                                  "<busconfig>\n"
                                  "  <type>session</type>\n"
                                  "  <listen>unix:path=%1/bus</listen>\n"
                                  "  <auth>EXTERNAL</auth>\n"
                                  "  <policy context=\"default\">\n"
                                  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                                  "    <allow eavesdrop=\"true\"/>\n"
                                  "    <allow own=\"*\"/>\n"
                                  "  </policy>\n"
                                  "</busconfig>\n")
                       .arg(runtimeDir())
                       .toUtf8());
        file.close();

        // Should this process die without stop() (a crash, ctest's timeout),
        // the kernel ends the daemons with it.
        for (QProcess *process : { &m_bus, &m_keyring })
            process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });

        m_bus.setProcessEnvironment(baseEnvironment());
        m_bus.setProcessChannelMode(QProcess::SeparateChannels);
        m_bus.start(QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")),
                    { QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                      QStringLiteral("--nopidfile"), QStringLiteral("--print-address=1") });
        if (!m_bus.waitForStarted(10000))
            return QStringLiteral("dbus-daemon did not start: %1").arg(m_bus.errorString());
        QElapsedTimer clock;
        clock.start();
        QByteArray printed;
        while (!printed.contains('\n') && clock.elapsed() < 10000 && m_bus.state() == QProcess::Running) {
            m_bus.waitForReadyRead(100);
            printed += m_bus.readAllStandardOutput();
        }
        m_address = QString::fromUtf8(printed).trimmed();
        if (m_address.isEmpty())
            return QStringLiteral("dbus-daemon printed no address: %1")
                .arg(QString::fromLocal8Bit(m_bus.readAllStandardError()));

        m_keyring.setProcessEnvironment(environment(baseEnvironment()));
        m_keyring.setProcessChannelMode(QProcess::MergedChannels);
        m_keyring.start(
            QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")),
            { QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets") });
        if (!m_keyring.waitForStarted(10000))
            return QStringLiteral("gnome-keyring-daemon did not start: %1").arg(m_keyring.errorString());
        // --unlock reads the login keyring's password from stdin, up to EOF;
        // a first start creates the login keyring with it.
        m_keyring.write(password);
        m_keyring.closeWriteChannel();

        m_connection = std::make_unique<QDBusConnection>(
            QDBusConnection::connectToBus(m_address, QStringLiteral("paydesk-test-secret-service")));
        if (!m_connection->isConnected())
            return QStringLiteral("cannot connect to the private bus %1: %2")
                .arg(m_address, m_connection->lastError().message());
        QString problem = QStringLiteral("nothing answered");
        while (clock.elapsed() < 20000) {
            if (m_keyring.state() != QProcess::Running) {
                return QStringLiteral("gnome-keyring-daemon ended: %1")
                    .arg(QString::fromLocal8Bit(m_keyring.readAll()));
            }
            const QDBusMessage alias = call(QStringLiteral("org.freedesktop.Secret.Service"),
                                            QStringLiteral("ReadAlias"), { QStringLiteral("default") });
            if (alias.type() == QDBusMessage::ReplyMessage
                && qdbus_cast<QDBusObjectPath>(alias.arguments().value(0)).path() == QLatin1String(LoginCollection)) {
                if (!isLocked())
                    return QString();
                problem = QStringLiteral("the login keyring is locked");
            } else {
                problem = alias.errorMessage();
            }
            QTest::qWait(50);
        }
        return QStringLiteral("the private Secret Service did not come up: %1 (%2)")
            .arg(problem, QString::fromLocal8Bit(m_keyring.readAll()));
    }

    // gnome-keyring first (it would end with its bus anyway), then the bus.
    void stop()
    {
        if (m_bus.state() != QProcess::NotRunning)
            surviveTheBus();
        if (m_connection) {
            const QString name = m_connection->name();
            m_connection.reset();
            QDBusConnection::disconnectFromBus(name);
        }
        for (QProcess *process : { &m_keyring, &m_bus }) {
            if (process->state() == QProcess::NotRunning)
                continue;
            process->terminate();
            if (!process->waitForFinished(5000)) {
                process->kill();
                process->waitForFinished(5000);
            }
        }
    }

    bool isRunning() const { return m_bus.state() == QProcess::Running && m_keyring.state() == QProcess::Running; }
    QString busAddress() const { return m_address; }
    QString root() const { return m_root.path(); }
    QString runtimeDir() const { return m_root.filePath(QStringLiteral("runtime")); }
    QString homeDir() const { return m_root.filePath(QStringLiteral("home")); }
    QString dataDir() const { return m_root.filePath(QStringLiteral("data")); }
    QString keyringFile() const { return dataDir() + QStringLiteral("/keyrings/login.keyring"); }
    qint64 keyringPid() const { return m_keyring.processId(); }
    qint64 busPid() const { return m_bus.processId(); }

    // `base` with this bus and these folders, and without a desktop.
    QProcessEnvironment environment(QProcessEnvironment base) const
    {
        for (const QString &name : desktopVariables())
            base.remove(name);
        base.insert(QStringLiteral("HOME"), homeDir());
        base.insert(QStringLiteral("XDG_DATA_HOME"), dataDir());
        base.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root.filePath(QStringLiteral("config")));
        base.insert(QStringLiteral("XDG_CACHE_HOME"), m_root.filePath(QStringLiteral("cache")));
        base.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir());
        if (!m_address.isEmpty())
            base.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
        return base;
    }

    // The same for this process: the D-Bus address and runtime folder the
    // keychain code reads. HOME stays (Qt and the test need it).
    void exportToThisProcess() const
    {
        for (const QString &name : desktopVariables())
            qunsetenv(name.toLatin1().constData());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDir()));
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
    }

    // Every process, other than this one, whose environment points into our
    // folder: what stop() must leave none of.
    QStringList processesLeft() const
    {
        QStringList left;
        const QByteArray needle = QFile::encodeName(runtimeDir());
        const QString self = QString::number(QCoreApplication::applicationPid());
        for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (pid == self || pid.toLongLong() <= 0)
                continue;
            QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
            if (!environ.open(QIODevice::ReadOnly) || !environ.readAll().contains(needle))
                continue;
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            cmdline.open(QIODevice::ReadOnly);
            QByteArray command = cmdline.readAll();
            command.replace('\0', ' ');
            // A zombie (or a process that just ended) has an empty command line.
            if (!command.trimmed().isEmpty())
                left << pid + QLatin1Char(' ') + QString::fromLocal8Bit(command.trimmed());
        }
        return left;
    }

    // --- The Secret Service itself, over our own connection ---

    QDBusMessage call(const QString &interface, const QString &method, const QVariantList &arguments,
                      const QString &path = QString::fromLatin1(ServicePath)) const
    {
        if (!m_connection)
            return QDBusMessage::createError(QStringLiteral("paydesk.NotStarted"), QStringLiteral("not started"));
        QDBusMessage message = QDBusMessage::createMethodCall(QString::fromLatin1(Service), path, interface, method);
        message.setArguments(arguments);
        return m_connection->call(message, QDBus::Block, 10000);
    }

    bool isLocked(const QString &collection = QString::fromLatin1(LoginCollection)) const
    {
        const QDBusMessage reply
            = call(QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"),
                   { QStringLiteral("org.freedesktop.Secret.Collection"), QStringLiteral("Locked") }, collection);
        return reply.type() != QDBusMessage::ReplyMessage
            || qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant().toBool();
    }

    // What a lock screen does: Service.Lock on the login collection.
    QString lock()
    {
        const QDBusMessage reply
            = call(QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"),
                   { QVariant::fromValue(QList<QDBusObjectPath> { QDBusObjectPath(LoginCollection) }) });
        if (reply.type() != QDBusMessage::ReplyMessage)
            return reply.errorMessage();
        return isLocked() ? QString() : QStringLiteral("still unlocked after Lock");
    }

    // What a login does, without a prompt: gnome-keyring's own
    // UnlockWithMasterPassword, the secret passed in a "plain" session.
    QString unlock()
    {
        const QDBusMessage session
            = call(QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("OpenSession"),
                   { QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString())) });
        if (session.type() != QDBusMessage::ReplyMessage)
            return session.errorMessage();
        DBusSecret secret;
        secret.session = qdbus_cast<QDBusObjectPath>(session.arguments().value(1));
        secret.value = m_password;
        secret.contentType = QStringLiteral("text/plain");
        const QDBusMessage reply
            = call(QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
                   QStringLiteral("UnlockWithMasterPassword"),
                   { QVariant::fromValue(QDBusObjectPath(LoginCollection)), QVariant::fromValue(secret) });
        call(QStringLiteral("org.freedesktop.Secret.Session"), QStringLiteral("Close"), {}, secret.session.path());
        if (reply.type() != QDBusMessage::ReplyMessage)
            return reply.errorMessage();
        return isLocked() ? QStringLiteral("still locked after UnlockWithMasterPassword") : QString();
    }

    // Service.SearchItems: how many items match `attributes`, unlocked and
    // locked (-1, -1 when the service did not answer).
    QPair<int, int> countItems(const QMap<QString, QString> &attributes) const
    {
        const QDBusMessage reply = call(QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"),
                                        { QVariant::fromValue(attributes) });
        if (reply.type() != QDBusMessage::ReplyMessage)
            return { -1, -1 };
        const auto unlocked = qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().value(0));
        const auto locked = qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().value(1));
        return { int(unlocked.size()), int(locked.size()) };
    }

    // QtKeychain's attributes for an entry: server = the service, user = the key.
    QPair<int, int> countQtKeychainItems(const QString &service, const QString &key) const
    {
        return countItems({ { QStringLiteral("server"), service }, { QStringLiteral("user"), key } });
    }

private:
    // GLib's shared session-bus connection (libsecret's, under QtKeychain)
    // raises SIGTERM on its own process when the bus goes away, as an app
    // whose desktop session ended should. This process outlives its private
    // bus on purpose, so that is switched off first, on the same connection
    // (g_bus_get_sync returns the shared one). Nothing to do when GIO was
    // never loaded: then there is no such connection.
    static void surviveTheBus()
    {
        void *gio = dlopen("libgio-2.0.so.0", RTLD_LAZY | RTLD_NOLOAD);
        if (!gio)
            return;
        using BusGetSync = void *(*)(int, void *, void **);
        using SetExitOnClose = void (*)(void *, int);
        using Unref = void (*)(void *);
        auto busGetSync = reinterpret_cast<BusGetSync>(dlsym(gio, "g_bus_get_sync"));
        auto setExitOnClose = reinterpret_cast<SetExitOnClose>(dlsym(gio, "g_dbus_connection_set_exit_on_close"));
        auto unref = reinterpret_cast<Unref>(dlsym(gio, "g_object_unref"));
        if (busGetSync && setExitOnClose && unref) {
            void *error = nullptr; // a GError we do not read: no connection, nothing to switch off
            if (void *connection = busGetSync(2 /* G_BUS_TYPE_SESSION */, nullptr, &error)) {
                setExitOnClose(connection, 0);
                unref(connection);
            }
        }
        dlclose(gio);
    }

    // Only what the daemons need: never the real user's bus, keyring or display.
    QProcessEnvironment baseEnvironment() const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH", QStringLiteral("/usr/bin:/bin")));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("HOME"), homeDir());
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir());
        return env;
    }

    QTemporaryDir m_root { QDir::tempPath() + QStringLiteral("/paydesk-keyring-XXXXXX") };
    QByteArray m_password;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_address;
    std::unique_ptr<QDBusConnection> m_connection;
};

} // namespace paydesk::testing
