// SPDX-License-Identifier: MIT
#include "commands.h"
#include "reconcile/chinaday.h"
#include "reconcile/shiftreport.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

namespace paydesk::cli {

namespace {

// `report x` and `report z`: the same figures; z can close the day.
class ReportCommand : public Command
{
public:
    explicit ReportCommand(ShiftReportData::Kind kind) : m_kind(kind) { }

    QStringList path() const override
    {
        return { QStringLiteral("report"), m_kind == ShiftReportData::X ? QStringLiteral("x") : QStringLiteral("z") };
    }
    QString summary() const override
    {
        return m_kind == ShiftReportData::X
            ? QStringLiteral("X report: the day so far (counts, gross, refunds, net; per merchant and cashier).")
            : QStringLiteral("Z report: the whole day; with --close, close it (refused while anything is open).");
    }
    QString synopsis() const override
    {
        return m_kind == ShiftReportData::X
            ? QStringLiteral("[--date YYYY-MM-DD] [--escpos FILE]")
            : QStringLiteral("[--date YYYY-MM-DD] [--close] [--actor NAME] [--escpos FILE]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Days are China time; default today. Payments count by when they were paid, refunds by\n"
            "when they succeeded; amounts in fen. \"unresolved\" lists orders and refunds that are not\n"
            "final: `report z --close` refuses while there are any (exit 3, code day_unresolved):\n"
            "run `paydesk-cli recover` first. --escpos writes the slip for a receipt printer.\n"
            "Needs no profile when --db or $PAYDESK_DB names the database.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("date"), QStringLiteral("The day (China time), default today."),
                           QStringLiteral("YYYY-MM-DD") });
        parser.addOption(
            { QStringLiteral("escpos"), QStringLiteral("Write the ESC/POS slip to FILE."), QStringLiteral("FILE") });
        if (m_kind == ShiftReportData::Z) {
            parser.addOption({ QStringLiteral("close"), QStringLiteral("Close the day (once).") });
            parser.addOption({ QStringLiteral("actor"), QStringLiteral("Who closes the day (default: paydesk-cli)."),
                               QStringLiteral("NAME") });
        }
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        if (parser.isSet(QStringLiteral("date"))) {
            const QString text = parser.value(QStringLiteral("date"));
            m_date = QDate::fromString(text, Qt::ISODate);
            if (!m_date.isValid() || text.size() != 10)
                return CliError::usage(QStringLiteral("--date \"%1\" is not a date like 2024-05-20").arg(text));
        } else {
            m_date = ChinaDay::today(QDateTime::currentDateTimeUtc());
        }
        m_escpos = parser.value(QStringLiteral("escpos"));
        if (m_kind == ShiftReportData::Z) {
            m_close = parser.isSet(QStringLiteral("close"));
            m_actor = parser.isSet(QStringLiteral("actor")) ? parser.value(QStringLiteral("actor"))
                                                            : QStringLiteral("paydesk-cli");
            if (m_actor.trimmed().isEmpty())
                return CliError::usage(QStringLiteral("--actor needs a name"));
        }
        return {};
    }

    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        AuditLog audit(*database);
        ShiftReport reports(*database, &audit);
        Result<ShiftReportData> report = m_close ? reports.closeDay(m_date, m_actor) : reports.build(m_kind, m_date);
        if (!report) {
            CliError error;
            error.code = report.error().code;
            error.message = report.error().message;
            const bool refused = error.code.startsWith(QLatin1String("day_"));
            error.exitCode = refused ? BusinessRefusal : StoreError;
            if (error.code == QLatin1String("day_unresolved")) {
                auto z = reports.build(ShiftReportData::Z, m_date);
                if (z)
                    error.context = z->toJson();
            }
            return context.fail(error);
        }
        QJsonObject out = report->toJson();
        if (!m_escpos.isEmpty()) {
            QSaveFile file(m_escpos);
            const QByteArray slip = report->toEscPos();
            if (!file.open(QIODevice::WriteOnly) || file.write(slip) != slip.size() || !file.commit()) {
                CliError error
                    = CliError::usage(QStringLiteral("cannot write %1: %2").arg(m_escpos, file.errorString()));
                error.code = QStringLiteral("FILE_UNWRITABLE");
                return context.fail(error);
            }
            out.insert(QStringLiteral("escpos"), QFileInfo(m_escpos).absoluteFilePath());
        }
        context.succeed(out);
    }

private:
    ShiftReportData::Kind m_kind;
    QDate m_date;
    QString m_escpos;
    QString m_actor;
    bool m_close = false;
};

} // namespace

std::unique_ptr<Command> makeReportXCommand()
{
    return std::make_unique<ReportCommand>(ShiftReportData::X);
}

std::unique_ptr<Command> makeReportZCommand()
{
    return std::make_unique<ReportCommand>(ShiftReportData::Z);
}

} // namespace paydesk::cli
