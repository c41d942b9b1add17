// SPDX-License-Identifier: MIT
#include "clilog.h"

#include "logging/logsink.h"
#include "redaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace paydesk::cli {

namespace {

bool g_verbose = false;
QtMessageHandler g_fileHandler = nullptr;

void logAsJson(QtMsgType type, const QMessageLogContext &context, const QString &original)
{
    const QString message = Redaction::maskCardNumbers(original);
    if (g_fileHandler && type != QtFatalMsg)
        g_fileHandler(type, context, message);
    if (!g_verbose && type != QtCriticalMsg && type != QtFatalMsg)
        return;
    static const char *const levels[] = { "debug", "warning", "critical", "fatal", "info" };
    const QJsonObject log { { QStringLiteral("category"),
                              QString::fromLatin1(context.category ? context.category : "default") },
                            { QStringLiteral("level"), QString::fromLatin1(levels[qBound(0, int(type), 4)]) },
                            { QStringLiteral("message"), Redaction::redact(message) } };
    const QByteArray line
        = QJsonDocument(QJsonObject { { QStringLiteral("log"), log } }).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void installLogging(bool verbose)
{
    g_verbose = verbose;
    qInstallMessageHandler(logAsJson);
}

void openLogFile(const QString &folder)
{
    if (g_fileHandler || folder.isEmpty())
        return;
    LogSink::Options options;
    options.folder = folder;
    options.baseName = QStringLiteral("paydesk-cli");
    options.alsoStderr = false; // stderr stays JSON: logAsJson writes it
    LogSink::install(options);
    // LogSink's handler is now the process's: keep it as ours to call, and
    // put logAsJson back in front.
    g_fileHandler = qInstallMessageHandler(logAsJson);
    if (g_fileHandler == logAsJson)
        g_fileHandler = nullptr;
}

} // namespace paydesk::cli
