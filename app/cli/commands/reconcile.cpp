// SPDX-License-Identifier: MIT
#include "commands.h"
#include "payments/paymentterminal.h"
#include "reconcile/reconciliationrunner.h"
#include "store/database.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

namespace paydesk::cli {

namespace {

class ReconcileCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("reconcile") }; }
    QString summary() const override
    {
        return QStringLiteral("Reconcile a day: WeChat Pay's trade bill against the store.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--date YYYY-MM-DD [--csv FILE] [--bill FILE] [--no-import]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Downloads the day's ALL bill (SHA1 checked, retried), checks its summary against its rows\n"
            "and compares it with the store (China-time day): only_in_bill, only_here, amount_differs,\n"
            "state_differs, refund_differs, each with what to do. Orders only in the bill are confirmed\n"
            "by a query and imported into the store unless --no-import. --bill compares a file from\n"
            "`bill download` instead of downloading. --csv writes the differences (UTF-8 with BOM).\n"
            "Exit 0 whether or not there are differences (see \"clean\"); a bill whose summary does not\n"
            "match its rows is refused (exit 3). The bill is ready from 10:00 China time the next day.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("date"), QStringLiteral("The day (China time)."), QStringLiteral("YYYY-MM-DD") });
        parser.addOption(
            { QStringLiteral("csv"), QStringLiteral("Write the differences to FILE."), QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("bill"), QStringLiteral("Compare this bill file instead of downloading."),
                           QStringLiteral("FILE") });
        parser.addOption(
            { QStringLiteral("no-import"), QStringLiteral("Report orders only in the bill, do not import them.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto date = requiredValue(parser, QStringLiteral("date"));
        if (!date)
            return date.error();
        m_date = QDate::fromString(*date, Qt::ISODate);
        if (!m_date.isValid() || date->size() != 10)
            return CliError::usage(QStringLiteral("--date \"%1\" is not a date like 2024-05-20").arg(*date));
        m_csv = parser.value(QStringLiteral("csv"));
        if (parser.isSet(QStringLiteral("csv")) && m_csv.isEmpty())
            return CliError::usage(QStringLiteral("--csv needs a file name"));
        m_billFile = parser.value(QStringLiteral("bill"));
        if (parser.isSet(QStringLiteral("bill")) && m_billFile.isEmpty())
            return CliError::usage(QStringLiteral("--bill needs a file name"));
        m_import = !parser.isSet(QStringLiteral("no-import"));
        return {};
    }

    void run(CliContext &context) override
    {
        QByteArray bill;
        if (!m_billFile.isEmpty()) {
            QFile file(m_billFile);
            if (!file.open(QIODevice::ReadOnly))
                return context.fail(
                    CliError::usage(QStringLiteral("cannot read %1: %2").arg(m_billFile, file.errorString())));
            bill = file.readAll();
        }
        auto terminal = context.terminal();
        if (!terminal)
            return context.fail(terminal.error());
        PaymentTerminal *t = *terminal;
        ReconciliationRunner::Options options;
        options.importOnlyInBill = m_import;
        options.actor = QStringLiteral("paydesk-cli reconcile");
        options.terminalId = t->profile().terminalId;
        auto *runner = new ReconciliationRunner(t->api(), t->database()->path(), t->orders(), options, &context);
        QObject::connect(runner, &ReconciliationRunner::progress, &context,
                         [&context](int percent, const QString &stage) {
                             context.note(QStringLiteral("%1 %2%").arg(stage).arg(percent));
                         });
        QObject::connect(
            runner, &ReconciliationRunner::failed, &context, [&context](const QString &code, const QString &message) {
                CliError error;
                error.code = code;
                error.message = message;
                // A download that failed for lack of an answer: try again; a bill
                // WeChat Pay refused or one that does not add up: nothing to retry blindly.
                error.exitCode = code.startsWith(QLatin1String("bill_")) || code == QLatin1String("STATEMENT_CREATING")
                        || code.startsWith(QLatin1String("PARAM"))
                    ? BusinessRefusal
                    : (code == QLatin1String("store_error") ? StoreError : OutcomeUnknown);
                context.fail(error);
            });
        QObject::connect(
            runner, &ReconciliationRunner::finished, &context, [this, &context](const ReconciliationResult &result) {
                QJsonObject out = result.toJson();
                if (!m_csv.isEmpty()) {
                    QSaveFile file(m_csv);
                    const QByteArray csv = result.toCsv();
                    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
                        CliError error
                            = CliError::usage(QStringLiteral("cannot write %1: %2").arg(m_csv, file.errorString()));
                        error.code = QStringLiteral("FILE_UNWRITABLE");
                        return context.fail(error);
                    }
                    out.insert(QStringLiteral("csv"), QFileInfo(m_csv).absoluteFilePath());
                }
                context.succeed(out);
            });
        if (m_billFile.isEmpty())
            runner->start(m_date);
        else
            runner->startWithBill(m_date, bill);
    }

private:
    QDate m_date;
    QString m_csv;
    QString m_billFile;
    bool m_import = true;
};

} // namespace

std::unique_ptr<Command> makeReconcileCommand()
{
    return std::make_unique<ReconcileCommand>();
}

} // namespace paydesk::cli
