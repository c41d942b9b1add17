// SPDX-License-Identifier: MIT
// A paydesk-hq in a process of its own (it must outlive, and be killed
// under, the tills a test runs), and calls to its API as a till makes them.
#pragma once

#include "clirun.h"
#include "sandboxprocess.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>

namespace paydesk::testing {

class HqProcess
{
public:
    ~HqProcess() { kill(); }

    // `program serve --db URL --port PORT`, then waits for its "listening"
    // line. Empty when it listens; else what it printed.
    // `extra`: more serve options (--tls-cert/--tls-key make url() https).
    QString start(const QString &program, const QString &databaseUrl, quint16 port, const QStringList &extra = {})
    {
        m_port = port;
        m_scheme = extra.contains(QStringLiteral("--tls-cert")) ? QStringLiteral("https") : QStringLiteral("http");
        m_process.start(program, QStringList { QStringLiteral("serve"), QStringLiteral("--db"), databaseUrl,
                                               QStringLiteral("--port"), QString::number(port) }
                                     + extra);
        if (!m_process.waitForStarted())
            return QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        QElapsedTimer clock;
        clock.start();
        QByteArray out;
        while (clock.elapsed() < 30000 && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(100);
            out += m_process.readAllStandardOutput();
            if (out.contains("\"listening\""))
                return {};
        }
        return QStringLiteral("paydesk-hq did not start: %1 %2")
            .arg(QString::fromLocal8Bit(out), QString::fromLocal8Bit(m_process.readAllStandardError()));
    }
    // SIGTERM; empty when it stopped cleanly (exit 0).
    QString stop() { return SandboxProcess::stopSandbox(m_process); }
    // As if the machine lost power.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished();
    }

    QString url() const { return QStringLiteral("%1://127.0.0.1:%2").arg(m_scheme).arg(m_port); }
    quint16 port() const { return m_port; }

    // A call as a till makes it: JSON in and out, with the till's token.
    QJsonObject call(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                     const QByteArray &token = {}, int *status = nullptr) const
    {
        return SandboxProcess::jsonCall(method, QUrl(url() + path), body, token, status);
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QString m_scheme = QStringLiteral("http");
};

} // namespace paydesk::testing
