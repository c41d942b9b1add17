// SPDX-License-Identifier: MIT
// paydesk-cli: see `paydesk-cli --help`, or the command reference in README.md.
#include "clilog.h"
#include "commands/commands.h"
#include "dispatcher.h"

#include <QGuiApplication>

using namespace paydesk::cli;

int main(int argc, char *argv[])
{
    // Receipts are drawn with fonts (QPainter), which needs a QGuiApplication;
    // a headless terminal or an SSH session has no display, so the offscreen
    // platform is the default unless the caller chose one.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Logging first: what Qt says while it starts (no XDG_RUNTIME_DIR under
    // cron or a service, say) is a log message, not stray text on stderr.
    bool verbose = false;
    for (int i = 1; i < argc; ++i)
        verbose = verbose || qstrcmp(argv[i], "--verbose") == 0;
    installLogging(verbose);
    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PayDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("paydesk-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

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
    dispatcher.add(makeNotifyListenCommand());
    dispatcher.add(makeSaleNativeCommand());
    dispatcher.add(makeSaleCodePayCommand());
    dispatcher.add(makeSaleCombineCommand());
    dispatcher.add(makeSaleRefundCommand());
    dispatcher.add(makeOrderWaitCommand());
    dispatcher.add(makeRecoverCommand());
    dispatcher.add(makeDbCheckCommand());
    dispatcher.add(makeDbBackupCommand());
    dispatcher.add(makeAuditVerifyCommand());
    dispatcher.add(makeHistoryCommand());
    dispatcher.add(makeReconcileCommand());
    dispatcher.add(makeReportXCommand());
    dispatcher.add(makeReportZCommand());
    dispatcher.add(makeUserAddCommand());
    dispatcher.add(makeUserPinCommand());
    dispatcher.add(makeSelfTestCommand());
    dispatcher.add(makeReceiptPdfCommand());
    dispatcher.add(makeReceiptVerifyCommand());
    dispatcher.add(makeReceiptPrintCommand());
    dispatcher.add(makeSecretsImportCommand());
    dispatcher.add(makeSecretsCheckCommand());
    dispatcher.add(makeHqEnrollCommand());
    dispatcher.add(makeHqSyncCommand());
    dispatcher.add(makeHqStatusCommand());
    dispatcher.add(makeHqReportCommand());

    dispatcher.run(app.arguments());
    // Commands that only parse or read files finish at once; the others finish
    // from an ApiClient callback, which ends the event loop.
    return context.isFinished() ? int(context.exitCode()) : app.exec();
}
