// SPDX-License-Identifier: MIT
// paydesk-cli: see `paydesk-cli --help`, or the command reference in README.md.
#include "clilog.h"
#include "commands/commands.h"
#include "dispatcher.h"

#include <QCoreApplication>

using namespace paydesk::cli;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PayDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("paydesk-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

    installLogging(app.arguments().contains(QStringLiteral("--verbose")));

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
    dispatcher.add(makeSaleCombineCommand());
    dispatcher.add(makeSaleRefundCommand());
    dispatcher.add(makeOrderWaitCommand());
    dispatcher.add(makeRecoverCommand());
    dispatcher.add(makeDbCheckCommand());
    dispatcher.add(makeDbBackupCommand());
    dispatcher.add(makeAuditVerifyCommand());
    dispatcher.add(makeHistoryCommand());

    dispatcher.run(app.arguments());
    // Commands that only parse or read files finish at once; the others finish
    // from an ApiClient callback, which ends the event loop.
    return context.isFinished() ? int(context.exitCode()) : app.exec();
}
