// SPDX-License-Identifier: MIT
// A private PostgreSQL cluster for one test run: PostgreSQL's own initdb and
// pg_ctl (Debian keeps them in /usr/lib/postgresql/<version>/bin), a
// temporary folder, a free loopback port, trust authentication for the one
// user. PostgreSQL refuses to run as root, so as root the cluster runs as
// "nobody", which owns the folder. Stopped (and removed) by the destructor.
#pragma once

#include "clirun.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <unistd.h>

namespace paydesk::testing {

class PgCluster
{
public:
    static constexpr const char *User = "paydesk";

    ~PgCluster() { stop(); }

    // Where initdb and pg_ctl are: $PAYDESK_PG_BIN, else the newest
    // /usr/lib/postgresql/*/bin, else PATH. Empty when there is none.
    static QString binDir()
    {
        const QString env = qEnvironmentVariable("PAYDESK_PG_BIN");
        if (!env.isEmpty())
            return env;
        QDir lib(QStringLiteral("/usr/lib/postgresql"));
        QStringList versions = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(),
                  [](const QString &a, const QString &b) { return a.toDouble() > b.toDouble(); });
        for (const QString &v : versions) {
            if (QFile::exists(lib.filePath(v + QStringLiteral("/bin/initdb"))))
                return lib.filePath(v + QStringLiteral("/bin"));
        }
        return {};
    }

    // Empty when the cluster runs; else what went wrong.
    QString start()
    {
        m_bin = binDir();
        if (m_bin.isEmpty())
            return QStringLiteral("PostgreSQL's initdb was not found (install postgresql: scripts/install-deps.sh)");
        if (!m_dir.isValid())
            return QStringLiteral("no temporary folder");
        if (::geteuid() == 0) {
            m_runAs = QStringLiteral("nobody");
            if (QProcess::execute(QStringLiteral("chown"), { QStringLiteral("nobody:nogroup"), m_dir.path() }) != 0)
                return QStringLiteral("cannot give %1 to nobody").arg(m_dir.path());
        }
        const QString data = m_dir.filePath(QStringLiteral("data"));
        QString out;
        if (!run(QStringLiteral("initdb"),
                 { QStringLiteral("-D"), data, QStringLiteral("-U"), QLatin1String(User), QStringLiteral("--auth=trust"),
                   QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-locale"), QStringLiteral("-N") },
                 &out))
            return QStringLiteral("initdb failed: ") + out;
        return startServer();
    }

    // pg_ctl start on the same folder and port (after stop() or a kill).
    QString startServer()
    {
        if (m_port == 0)
            m_port = freePort();
        QString out;
        // fsync and full-page writes off: the tests never crash the OS, only
        // PostgreSQL itself. Commits stay synchronous: a test stops the
        // server with "immediate", and an asynchronous commit acknowledged to
        // HQ (and so to the till, which then drops it from its outbox) would
        // be lost with it, as it would in a store that set it off.
        const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                               "-c full_page_writes=off "
                                               "-c max_connections=300 -c shared_buffers=128MB")
                                    .arg(m_port)
                                    .arg(m_dir.path());
        if (!run(QStringLiteral("pg_ctl"),
                 { QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-l"),
                   m_dir.filePath(QStringLiteral("server.log")), QStringLiteral("-o"), options, QStringLiteral("-w"),
                   QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") },
                 &out))
            return QStringLiteral("pg_ctl start failed: %1\n%2").arg(out, log());
        m_running = true;
        return {};
    }

    // `mode`: fast (a clean stop) or immediate (as if killed).
    QString stop(const QString &mode = QStringLiteral("fast"))
    {
        if (!m_running)
            return {};
        QString out;
        const bool ok = run(QStringLiteral("pg_ctl"),
                            { QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-m"), mode,
                              QStringLiteral("-w"), QStringLiteral("stop") },
                            &out);
        m_running = false;
        return ok ? QString() : out;
    }

    quint16 port() const { return m_port; }
    QString log() const
    {
        QFile f(m_dir.filePath(QStringLiteral("server.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll().right(4000)) : QString();
    }
    QString url(const QString &database) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(QLatin1String(User)).arg(m_port).arg(database);
    }

    // CREATE DATABASE `name`. Empty when it worked.
    QString createDatabase(const QString &name) const
    {
        QString error;
        {
            QSqlDatabase db = connect(QStringLiteral("postgres"), &error);
            if (error.isEmpty()) {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)))
                    error = q.lastError().text();
                db.close();
            }
        }
        removeConnections();
        return error;
    }

    // A Qt SQL connection of the test's own to `database` (removed by removeConnections()).
    QSqlDatabase connect(const QString &database, QString *error = nullptr) const
    {
        const QString name = QStringLiteral("pgcluster-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setDatabaseName(database);
        db.setUserName(QLatin1String(User));
        if (!db.open() && error)
            *error = db.lastError().text();
        m_connections << name;
        return db;
    }
    void removeConnections() const
    {
        for (const QString &name : std::as_const(m_connections)) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isOpen())
                    db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
        m_connections.clear();
    }

private:
    bool run(const QString &tool, const QStringList &arguments, QString *output) const
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setWorkingDirectory(m_dir.path());
        const QString program = QDir(m_bin).filePath(tool);
        if (m_runAs.isEmpty()) {
            process.start(program, arguments);
        } else {
            process.start(QStringLiteral("setpriv"),
                          QStringList { QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"),
                                        QStringLiteral("--clear-groups"), QStringLiteral("--"), program }
                              + arguments);
        }
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
        }
        *output = QString::fromLocal8Bit(process.readAll());
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

    QTemporaryDir m_dir;
    QString m_bin;
    QString m_runAs;
    quint16 m_port = 0;
    bool m_running = false;
    mutable QStringList m_connections;
};

} // namespace paydesk::testing
