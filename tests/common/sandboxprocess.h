// SPDX-License-Identifier: MIT
// A paydesk-sandbox in a process of its own — it must outlive the paydesk-cli
// processes a test runs or kills — and its control API over HTTP, for the
// tests that drive the real binaries.
#pragma once

#include "clirun.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

namespace paydesk::testing {

class SandboxProcess
{
public:
    ~SandboxProcess() { stop(); }  // a test checks stop() in cleanupTestCase

    // `program init --dir DIR --port PORT`: a training merchant (DIR/paydesk.json,
    // its keys) for a sandbox on PORT. Empty when it worked; else what it printed.
    static QString init(const QString &program, const QString &dir, const QString &port)
    {
        QProcess init;
        init.setProcessChannelMode(QProcess::MergedChannels);
        init.start(program, { QStringLiteral("init"), QStringLiteral("--dir"), dir, QStringLiteral("--port"), port });
        if (!init.waitForFinished(60000) || init.exitStatus() != QProcess::NormalExit || init.exitCode() != 0)
            return QStringLiteral("%1 init failed: %2").arg(program, QString::fromLocal8Bit(init.readAll()));
        return QString();
    }

    // The default profile of a paydesk.json (as `init` wrote it, or as a test changed it).
    static QJsonObject defaultProfile(const QString &config)
    {
        QFile file(config);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        return json.value(QLatin1String("profiles"))
            .toObject()
            .value(json.value(QLatin1String("default_profile")).toString())
            .toObject();
    }

    // `program serve --data-dir DIR --port PORT -q EXTRA...`, then waits for
    // /sandbox/health. Empty when it answers; else what the sandbox printed.
    QString start(const QString &program, const QString &dataDir, const QString &port, const QString &baseUrl,
                  const QStringList &extra = {})
    {
        m_baseUrl = baseUrl;
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program, QStringList { QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir,
                                               QStringLiteral("--port"), port, QStringLiteral("-q") }
                                     + extra);
        if (!m_process.waitForStarted())
            return QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        QElapsedTimer started;
        started.start();
        int status = 0;
        while (started.elapsed() < 20000 && status != 200) {
            control("GET", QStringLiteral("/sandbox/health"), {}, &status);
            if (status != 200)
                QTest::qWait(100);
        }
        return status == 200 ? QString() : QString::fromLocal8Bit(m_process.readAll());
    }

    struct PaidSale
    {
        CliRun run;          // the whole output; exitCode -1 when it had to be killed
        QString outTradeNo;
        bool paid = false;   // the customer paid while the order was Pending
        QJsonObject order;   // the "final" event's order
        QJsonObject remote;  // the sandbox's record of the same order
    };

    // `cli sale native --amount FEN --description Tea --wait` with
    // `environment`; the sandbox's customer (paying as `openid`, when given)
    // pays as soon as the CLI says the order is Pending.
    PaidSale paidSale(const QString &cli, const QProcessEnvironment &environment, qint64 fen,
                      const QString &openid = {}) const
    {
        PaidSale sale;
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(cli, { QStringLiteral("sale"), QStringLiteral("native"), QStringLiteral("--amount"),
                             QString::number(fen), QStringLiteral("--description"), QStringLiteral("Tea"),
                             QStringLiteral("--wait"), QStringLiteral("--timeout-s"), QStringLiteral("30") });
        process.closeWriteChannel();
        QElapsedTimer clock;
        clock.start();
        while (process.state() != QProcess::NotRunning && clock.elapsed() < 40000) {
            process.waitForReadyRead(20);
            sale.run.out += process.readAllStandardOutput();
            sale.outTradeNo = sale.run.event(QStringLiteral("stored")).value(QLatin1String("out_trade_no")).toString();
            if (!sale.paid
                && sale.run.event(QStringLiteral("updated")).value(QLatin1String("state")).toString()
                    == QLatin1String("Pending")) {
                QJsonObject body { { QStringLiteral("out_trade_no"), sale.outTradeNo } };
                if (!openid.isEmpty())
                    body.insert(QStringLiteral("openid"), openid);
                int status = 0;
                control("POST", QStringLiteral("/sandbox/customer/pay"), body, &status);
                sale.paid = status == 200;
            }
        }
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
        sale.run.out += process.readAllStandardOutput();
        sale.run.err = process.readAllStandardError();
        sale.run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        sale.order = sale.run.event(QStringLiteral("final")).value(QLatin1String("order")).toObject();
        sale.remote = control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + sale.outTradeNo)
                          .value(QLatin1String("orders"))
                          .toArray()
                          .first()
                          .toObject();
        return sale;
    }

    QJsonObject control(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                        int *status = nullptr) const
    {
        return jsonCall(method, QUrl(m_baseUrl + path), body, {}, status);
    }

    // One JSON request, waited for (15 s at most): the answer's JSON object and
    // its HTTP status. `token` goes out as "Authorization: Bearer".
    static QJsonObject jsonCall(const QByteArray &method, const QUrl &url, const QJsonObject &body = {},
                                const QByteArray &token = {}, int *status = nullptr)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = network.sendCustomRequest(
            request, method, method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(15000);
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return answer;
    }

    // SIGTERM, as a service manager stops it. Empty when the sandbox stopped
    // cleanly (exit 0: its store closed, and a sanitized build found no leak);
    // else how it ended and its last output.
    QString stop()
    {
        return stopSandbox(m_process);
    }

    static QString stopSandbox(QProcess &process)
    {
        if (process.state() == QProcess::NotRunning)
            return {};
        process.terminate();
        const bool stopped = process.waitForFinished(10000);
        if (!stopped) {
            process.kill();
            process.waitForFinished();
        }
        if (stopped && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
            return {};
        return QStringLiteral("paydesk-sandbox %1: %2")
            .arg(stopped ? QStringLiteral("ended with exit %1 on SIGTERM").arg(process.exitCode())
                         : QStringLiteral("did not stop on SIGTERM within 10 s"),
                 QString::fromLocal8Bit(process.readAll().right(2000)));
    }

private:
    QProcess m_process;
    QString m_baseUrl;
};

} // namespace paydesk::testing
