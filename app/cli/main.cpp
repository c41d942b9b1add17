// SPDX-License-Identifier: MIT
// paydesk-cli: see `paydesk-cli --help`, or the command reference in README.md.
#include "commands/commands.h"
#include "dispatcher.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace paydesk::cli;

namespace {

bool g_verbose = false;

// stderr is for machines too: without --verbose it carries only the one JSON
// error line (and critical messages); with it, every log message as a JSON line.
void logAsJson(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (!g_verbose && type != QtCriticalMsg && type != QtFatalMsg)
        return;
    static const char *const levels[] = { "debug", "warning", "critical", "fatal", "info" };
    const QJsonObject log { { QStringLiteral("category"),
                              QString::fromLatin1(context.category ? context.category : "default") },
                            { QStringLiteral("level"), QString::fromLatin1(levels[qBound(0, int(type), 4)]) },
                            { QStringLiteral("message"), message } };
    const QByteArray line
        = QJsonDocument(QJsonObject { { QStringLiteral("log"), log } }).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PayDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("paydesk-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

    g_verbose = app.arguments().contains(QStringLiteral("--verbose"));
    qInstallMessageHandler(logAsJson);

    CliContext context;
    Dispatcher dispatcher(context);
    dispatcher.add(makeConfigCheckCommand());
    dispatcher.add(makeConfigShowCommand());
    dispatcher.add(makeCertsCommand());
    dispatcher.add(makeOrderNativeCommand());
    dispatcher.add(makeOrderCombineCommand());
    dispatcher.add(makeOrderQueryCommand());
    dispatcher.add(makeOrderCloseCommand());
    dispatcher.add(makeRefundCreateCommand());
    dispatcher.add(makeRefundQueryCommand());
    dispatcher.add(makeBillDownloadCommand());
    dispatcher.add(makeNotifyDecodeCommand());

    dispatcher.run(app.arguments());
    // Commands that only parse or read files finish at once; the others finish
    // from an ApiClient callback, which ends the event loop.
    return context.isFinished() ? int(context.exitCode()) : app.exec();
}
