// SPDX-License-Identifier: MIT
#include "commands.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSqlQuery>

namespace paydesk::cli {

namespace {

constexpr int ExamplesPerCheck = 5;
// The Resolver closes an expired order within a poll; longer than this and
// nothing is settling it (no terminal running, or WeChat Pay unreachable).
constexpr qint64 ExpiryGraceSeconds = 60;

struct Invariant
{
    const char *name;
    const char *meaning;
    const char *sql; // rows that break it: one identifier column
};

// Each query lists what breaks one promise of the store (DESIGN.md: paid and
// refunded amounts only grow, never more than the order, nothing stays unknown).
const Invariant Invariants[] = {
    { "refunded_exceeds_paid", "refunded_total is more than the order's amount",
      "SELECT out_trade_no FROM orders WHERE refunded_total > amount_total" },
    { "refunds_exceed_order", "refunds not CLOSED add up to more than the order's amount",
      "SELECT o.out_trade_no FROM orders o JOIN refunds r ON r.order_id = o.id WHERE r.status <> 'CLOSED' "
      "GROUP BY o.id HAVING SUM(r.amount) > o.amount_total" },
    { "refunded_total_mismatch", "refunded_total differs from the sum of its SUCCESS refunds",
      "SELECT o.out_trade_no FROM orders o WHERE o.refunded_total <> "
      "(SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.order_id = o.id AND r.status = 'SUCCESS')" },
    { "paid_without_transaction_id", "a paid order without WeChat Pay's transaction_id",
      "SELECT out_trade_no FROM orders WHERE state IN ('Paid', 'PartiallyRefunded', 'Refunded') "
      "AND kind <> 'combine' AND COALESCE(transaction_id, '') = ''" },
    { "paid_without_payment", "a paid order without its payment record",
      "SELECT o.out_trade_no FROM orders o WHERE o.state IN ('Paid', 'PartiallyRefunded', 'Refunded') "
      "AND o.kind <> 'combine' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)" },
    { "payment_on_unpaid_order", "a payment record on an order that is not paid",
      "SELECT o.out_trade_no FROM orders o JOIN payments p ON p.order_id = o.id "
      "WHERE o.state NOT IN ('Paid', 'PartiallyRefunded', 'Refunded')" },
    { "payment_amount_mismatch", "a payment of another amount than its order",
      "SELECT o.out_trade_no FROM orders o JOIN payments p ON p.order_id = o.id WHERE p.amount_total <> o.amount_total" },
    { "refund_state_mismatch", "Refunded/PartiallyRefunded does not match refunded_total",
      "SELECT out_trade_no FROM orders WHERE (state = 'Refunded' AND refunded_total <> amount_total) "
      "OR (state = 'PartiallyRefunded' AND (refunded_total <= 0 OR refunded_total >= amount_total)) "
      "OR (state = 'Paid' AND refunded_total <> 0)" },
    { "refund_of_unpaid_order", "a refund (not CLOSED) of an order that was never paid",
      "SELECT r.out_refund_no FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.status <> 'CLOSED' "
      "AND o.state NOT IN ('Paid', 'PartiallyRefunded', 'Refunded')" },
    // A code-pay reversal (REVERSE-<out_trade_no>) has none: the reverse's answer carries no refund_id.
    { "refund_success_without_id", "a SUCCESS refund without WeChat Pay's refund_id",
      "SELECT out_refund_no FROM refunds WHERE status = 'SUCCESS' AND COALESCE(refund_id, '') = '' "
      "AND out_refund_no NOT LIKE 'REVERSE-%'" },
    { "open_after_expiry", "an order still Created or Pending a minute after its expiry",
      "SELECT out_trade_no FROM orders WHERE state IN ('Created', 'Pending') AND parent_id IS NULL "
      "AND expires_at IS NOT NULL AND expires_at < ?" },
    { "combined_order_mismatch", "a combined order whose amount differs from its sub-orders'",
      "SELECT p.out_trade_no FROM orders p WHERE p.kind = 'combine' AND p.amount_total <> "
      "(SELECT COALESCE(SUM(c.amount_total), 0) FROM orders c WHERE c.parent_id = p.id)" },
};

class DbCheckCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("db"), QStringLiteral("check") }; }
    QString summary() const override
    {
        return QStringLiteral("Check the terminal's database: integrity, schema, counts, invariants, audit chain.");
    }
    QString synopsis() const override { return {}; }
    QString details() const override
    {
        QString text = QStringLiteral(
            "Opens the database as PayDesk does (quick_check, migration to the latest schema), counts\n"
            "orders by state and refunds by status, verifies the audit chain and lists every order or\n"
            "refund that breaks one of these rules (with up to 5 examples each):\n");
        for (const Invariant &i : Invariants)
            text += QStringLiteral("  %1  %2\n").arg(QString::fromLatin1(i.name).leftJustified(28), QString::fromLatin1(i.meaning));
        text += QStringLiteral("Exit 6 when the file is damaged or anything is broken; refunds still open are listed\n"
                               "under \"warnings\" (they settle with `paydesk-cli recover`). Needs no profile when\n"
                               "--db or $PAYDESK_DB names the file.");
        return text;
    }

    void addOptions(QCommandLineParser &) override { }
    Result<void, CliError> parse(const QCommandLineParser &) override { return {}; }

    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        Database *db = *database;
        const QSqlDatabase connection = db->connection();

        QJsonArray violations;
        const QString graceEnd
            = QDateTime::currentDateTimeUtc().addSecs(-ExpiryGraceSeconds).toString(Qt::ISODateWithMs);
        for (const Invariant &invariant : Invariants) {
            const QString sql = QString::fromLatin1(invariant.sql);
            const QVariantList values = sql.contains(QLatin1Char('?')) ? QVariantList { graceEnd } : QVariantList {};
            auto q = execSql(connection, sql, values);
            if (!q)
                return context.fail(CliError::store(q.error()));
            QJsonArray examples;
            int count = 0;
            while (q->next()) {
                if (count++ < ExamplesPerCheck)
                    examples.append(q->value(0).toString());
            }
            if (count > 0) {
                violations.append(QJsonObject { { QStringLiteral("check"), QString::fromLatin1(invariant.name) },
                                                { QStringLiteral("meaning"), QString::fromLatin1(invariant.meaning) },
                                                { QStringLiteral("count"), count },
                                                { QStringLiteral("examples"), examples } });
            }
        }

        QJsonArray warnings;
        auto openRefunds = execSql(connection, QStringLiteral("SELECT out_refund_no, status FROM refunds "
                                                              "WHERE status IN ('Created', 'PROCESSING', 'ABNORMAL')"));
        if (openRefunds) {
            while (openRefunds->next()) {
                warnings.append(QStringLiteral("refund %1 is %2: paydesk-cli recover follows it")
                                    .arg(openRefunds->value(0).toString(), openRefunds->value(1).toString()));
            }
        }

        const AuditLog::Verification audit = AuditLog(db).verify();
        const bool schemaCurrent = db->schemaVersion() == Database::latestSchemaVersion();
        const bool ok = violations.isEmpty() && audit.intact && schemaCurrent;
        QJsonObject out {
            { QStringLiteral("database"), db->path() },
            { QStringLiteral("quick_check"), QStringLiteral("ok") }, // Database::open refuses a damaged file
            { QStringLiteral("schema_version"), db->schemaVersion() },
            { QStringLiteral("latest_schema_version"), Database::latestSchemaVersion() },
            { QStringLiteral("orders"), countBy(connection, QStringLiteral("SELECT state, COUNT(*) FROM orders GROUP BY state")) },
            { QStringLiteral("refunds"), countBy(connection, QStringLiteral("SELECT status, COUNT(*) FROM refunds GROUP BY status")) },
            { QStringLiteral("audit"), QJsonObject { { QStringLiteral("intact"), audit.intact },
                                                     { QStringLiteral("entries"), audit.entries },
                                                     { QStringLiteral("first_broken_id"), audit.firstBrokenId },
                                                     { QStringLiteral("message"), audit.message } } },
            { QStringLiteral("violations"), violations },
            { QStringLiteral("warnings"), warnings },
            { QStringLiteral("ok"), ok },
        };
        if (ok)
            return context.succeed(out);
        context.printJson(out);
        CliError e;
        e.exitCode = StoreError;
        e.code = QStringLiteral("DB_CHECK_FAILED");
        QStringList what;
        for (const QJsonValue &v : std::as_const(violations))
            what << v.toObject().value(QLatin1String("check")).toString();
        if (!audit.intact)
            what << QStringLiteral("audit chain broken at entry %1").arg(audit.firstBrokenId);
        if (!schemaCurrent)
            what << QStringLiteral("schema version %1, expected %2").arg(db->schemaVersion()).arg(Database::latestSchemaVersion());
        e.message = QStringLiteral("the database %1 breaks: %2").arg(db->path(), what.join(QStringLiteral(", ")));
        context.fail(e);
    }

private:
    static QJsonObject countBy(const QSqlDatabase &connection, const QString &sql)
    {
        QJsonObject counts;
        auto q = execSql(connection, sql);
        while (q && q->next())
            counts.insert(q->value(0).toString(), q->value(1).toLongLong());
        return counts;
    }
};

} // namespace

std::unique_ptr<Command> makeDbCheckCommand()
{
    return std::make_unique<DbCheckCommand>();
}

} // namespace paydesk::cli
