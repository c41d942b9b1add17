// SPDX-License-Identifier: MIT
#include "commands.h"
#include "config/pinvault.h"
#include "pinstdin.h"
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
            : QStringLiteral("[--date YYYY-MM-DD] [--close [--actor NAME] [--pin-stdin]] [--escpos FILE]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Days are business days: China time, except that a sale paid (or a refund that succeeded)\n"
            "after a day was closed counts in the next day. Default: the current business day (today,\n"
            "or tomorrow once today is closed). Amounts in fen. \"unresolved\" lists orders and refunds\n"
            "that are not final: `report z --close` refuses while there are any (exit 3, code\n"
            "day_unresolved): run `paydesk-cli recover` first. A closed day's Z report is the one\n"
            "printed at its close, whatever happens later.\n"
            "When the store has a manager PIN or named managers (`user add`), the close needs one:\n"
            "--pin-stdin reads it from standard input, checked for the named manager --actor NAME (or\n"
            "for the manager role without --actor); the close is credited to that manager. Without\n"
            "PINs, --actor names who closes (default paydesk-cli).\n"
            "--escpos writes the slip for a receipt printer.\n"
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
            parser.addOption({ QStringLiteral("actor"),
                               QStringLiteral("The manager who closes the day (a named user with --pin-stdin)."),
                               QStringLiteral("NAME") });
            parser.addOption({ QStringLiteral("pin-stdin"),
                               QStringLiteral("Read the manager's PIN from the first line of standard input.") });
        }
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        if (parser.isSet(QStringLiteral("date"))) {
            const QString text = parser.value(QStringLiteral("date"));
            m_date = QDate::fromString(text, Qt::ISODate);
            if (!m_date.isValid() || text.size() != 10)
                return CliError::usage(QStringLiteral("--date \"%1\" is not a date like 2024-05-20").arg(text));
        }
        m_escpos = parser.value(QStringLiteral("escpos"));
        if (m_kind == ShiftReportData::Z) {
            m_close = parser.isSet(QStringLiteral("close"));
            m_named = parser.isSet(QStringLiteral("actor"));
            m_actor = m_named ? parser.value(QStringLiteral("actor")) : QStringLiteral("paydesk-cli");
            if (m_actor.trimmed().isEmpty())
                return CliError::usage(QStringLiteral("--actor needs a name"));
            m_pinStdin = parser.isSet(QStringLiteral("pin-stdin"));
            if (m_pinStdin && !m_close)
                return CliError::usage(QStringLiteral("--pin-stdin only goes with --close"));
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
        if (!m_date.isValid())
            m_date = reports.currentDay();
        if (m_close) {
            auto manager = authorise(*database, audit);
            if (!manager)
                return context.fail(manager.error());
            m_actor = *manager;
        }
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
    // Who closes the day: with PINs in the store, the manager whose PIN was
    // given (a named manager, or the manager role); without, --actor.
    Result<QString, CliError> authorise(Database *database, AuditLog &audit) const
    {
        PinVault vault(database, &audit);
        const bool guarded = vault.hasPin(PinVault::managerRole()) || !vault.users(PinVault::managerRole()).isEmpty();
        if (!guarded && !m_pinStdin)
            return m_actor;
        if (!m_pinStdin) {
            CliError e = CliError::usage(QStringLiteral(
                "closing the day needs a manager's PIN: pipe it into --pin-stdin (with --actor NAME for a named "
                "manager)"));
            e.code = QStringLiteral("pin_required");
            return e;
        }
        auto pin = readPinFromStdin();
        if (!pin)
            return pin.error();
        auto refused = [](const Error &error) {
            CliError e;
            e.exitCode = BusinessRefusal;
            e.code = error.code;
            e.message = error.message;
            return e;
        };
        if (m_named) {
            auto role = vault.checkUser(m_actor, *pin);
            if (!role)
                return refused(role.error());
            if (*role != PinVault::managerRole()) {
                return refused(makeError(QStringLiteral("not_a_manager"),
                                         QStringLiteral("%1 is a %2: only a manager closes the day").arg(m_actor, *role)));
            }
            return m_actor;
        }
        if (auto checked = vault.check(PinVault::managerRole(), *pin); !checked)
            return refused(checked.error());
        return PinVault::managerRole();
    }

    ShiftReportData::Kind m_kind;
    QDate m_date;
    QString m_escpos;
    QString m_actor;
    bool m_named = false;
    bool m_pinStdin = false;
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
