// SPDX-License-Identifier: MIT
#include "commands.h"
#include "store/auditlog.h"
#include "store/database.h"

namespace paydesk::cli {

namespace {

class AuditVerifyCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("audit"), QStringLiteral("verify") }; }
    QString summary() const override
    {
        return QStringLiteral("Verify the audit trail's hash chain; exit 6 with the first broken entry.");
    }
    QString synopsis() const override { return {}; }
    QString details() const override
    {
        return QStringLiteral("Each audit entry carries the SHA-256 of the one before it, so an edited or deleted\n"
                              "entry breaks the chain where it happened. Prints intact, entries, first_broken_id.");
    }

    void addOptions(QCommandLineParser &) override { }
    Result<void, CliError> parse(const QCommandLineParser &) override { return {}; }

    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        const AuditLog::Verification v = AuditLog(*database).verify();
        const QJsonObject out { { QStringLiteral("database"), (*database)->path() },
                                { QStringLiteral("intact"), v.intact },
                                { QStringLiteral("entries"), v.entries },
                                { QStringLiteral("first_broken_id"), v.firstBrokenId },
                                { QStringLiteral("message"), v.message } };
        if (v.intact)
            return context.succeed(out);
        context.printJson(out);
        CliError e;
        e.exitCode = StoreError;
        e.code = QStringLiteral("AUDIT_CHAIN_BROKEN");
        e.message = v.message.isEmpty() ? QStringLiteral("the audit chain is broken at entry %1").arg(v.firstBrokenId)
                                        : v.message;
        e.context = { { QStringLiteral("first_broken_id"), v.firstBrokenId } };
        context.fail(e);
    }
};

} // namespace

std::unique_ptr<Command> makeAuditVerifyCommand()
{
    return std::make_unique<AuditVerifyCommand>();
}

} // namespace paydesk::cli
