// SPDX-License-Identifier: MIT
// What one run of paydesk-cli left behind, read the way the CLI writes it:
// JSON (or JSON lines) on stdout, JSON lines on stderr (warnings first, then
// at most one error). Shared by the tests that drive the real binary.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTcpServer>

namespace paydesk::testing {

struct CliRun
{
    int exitCode = -1;
    bool killed = false;
    QByteArray out;
    QByteArray err;

    QString describe() const
    {
        return QStringLiteral("exit %1%2\nstdout: %3\nstderr: %4")
            .arg(exitCode)
            .arg(killed ? QStringLiteral(" (killed)") : QString())
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    // The error line: stderr's JSON line with an "error" (it may also carry
    // the out_trade_no the error is about).
    QJsonObject errorLine() const
    {
        for (const QByteArray &line : err.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.contains(QLatin1String("error")))
                return o;
        }
        return {};
    }
    QJsonObject error() const { return errorLine().value(QLatin1String("error")).toObject(); }
    QList<QJsonObject> lines() const
    {
        QList<QJsonObject> list;
        for (const QByteArray &line : out.split('\n')) {
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject())
                list << doc.object();
        }
        return list;
    }
    QJsonObject event(const QString &name) const
    {
        for (const QJsonObject &line : lines()) {
            if (line.value(QLatin1String("event")).toString() == name)
                return line;
        }
        return {};
    }
    // One entry of `config check`'s "checks".
    QJsonObject check(const QString &name) const
    {
        for (const QJsonValue &c : json().value(QLatin1String("checks")).toArray()) {
            if (c[QLatin1String("name")].toString() == name)
                return c.toObject();
        }
        return {};
    }
};

// Runs `program arguments` with `environment` and `input` on standard input
// (then end of file: nothing may wait for a passphrase or a PIN), killed after
// `timeoutMs` (then `killed` is set).
inline CliRun runCli(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                     int timeoutMs, const QByteArray &input = {})
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!input.isEmpty() && process.waitForStarted())
        process.write(input);
    process.closeWriteChannel();
    CliRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.killed = true;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

inline quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace paydesk::testing
