// SPDX-License-Identifier: MIT
#include "commands.h"
#include "storejson.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/historyfilter.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QJsonArray>

namespace paydesk::cli {

namespace {

constexpr int DefaultLimit = 50;
constexpr int MaxLimit = 100000;

// YYYY-MM-DD is a whole local day (its start for --from, the next day's start
// for --to, so "--to 2024-05-20" includes that day); anything longer is an ISO
// 8601 time, taken as local time when it has no offset.
Result<QDateTime, CliError> parseTime(const QString &option, const QString &text, bool endOfDay)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return (endOfDay ? date.addDays(1) : date).startOfDay();
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid())
        return time;
    return CliError::usage(QStringLiteral("--%1 \"%2\" is not a date (YYYY-MM-DD) or an ISO 8601 time").arg(option, text));
}

class HistoryCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("history") }; }
    QString summary() const override
    {
        return QStringLiteral("Stored orders, newest first, with their refunds (the GUI's history screen as JSON).");
    }
    QString synopsis() const override
    {
        return QStringLiteral("[--from DATE] [--to DATE] [--business-day D] [--state S] [--reference NO] [--limit N] "
                              "[--offset N] [--training | --real] [--sub-orders]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "DATE is YYYY-MM-DD (a local day; --to includes it) or an ISO 8601 time. S is one of Created,\n"
            "Pending, Paid, PartiallyRefunded, Refunded, Closed, Failed. NO is an out_trade_no or a\n"
            "transaction_id. --business-day D lists the sales paid in business day D (YYYY-MM-DD), the ones\n"
            "its X and Z reports count (each order's \"business_day\"; a sale paid after a day's close is\n"
            "in the next one). Prints {\"total\",\"count\",\"orders\":[...]}; needs no profile when --db or\n"
            "$PAYDESK_DB names the file.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("from"), QStringLiteral("Orders created at or after DATE."), QStringLiteral("DATE") });
        parser.addOption({ QStringLiteral("to"), QStringLiteral("Orders created before the end of DATE."), QStringLiteral("DATE") });
        parser.addOption({ QStringLiteral("business-day"),
                           QStringLiteral("Only sales paid in this business day (as the X/Z reports count them)."),
                           QStringLiteral("D") });
        parser.addOption({ QStringLiteral("state"), QStringLiteral("Only orders in this state."), QStringLiteral("S") });
        parser.addOption({ QStringLiteral("reference"), QStringLiteral("Only this out_trade_no or transaction_id."),
                           QStringLiteral("NO") });
        parser.addOption({ QStringLiteral("limit"), QStringLiteral("At most N orders (default 50)."), QStringLiteral("N") });
        parser.addOption({ QStringLiteral("offset"), QStringLiteral("Skip the newest N (paging)."), QStringLiteral("N") });
        parser.addOption({ QStringLiteral("training"), QStringLiteral("Only training (sandbox) orders.") });
        parser.addOption({ QStringLiteral("real"), QStringLiteral("Only real orders.") });
        parser.addOption({ QStringLiteral("sub-orders"), QStringLiteral("List sub-orders of combined sales too.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        m_filter = HistoryFilter();
        if (parser.isSet(QStringLiteral("from"))) {
            auto t = parseTime(QStringLiteral("from"), parser.value(QStringLiteral("from")), false);
            if (!t)
                return t.error();
            m_filter.from = *t;
        }
        if (parser.isSet(QStringLiteral("to"))) {
            auto t = parseTime(QStringLiteral("to"), parser.value(QStringLiteral("to")), true);
            if (!t)
                return t.error();
            m_filter.to = *t;
        }
        if (parser.isSet(QStringLiteral("business-day"))) {
            const QString text = parser.value(QStringLiteral("business-day"));
            m_filter.businessDay = QDate::fromString(text, Qt::ISODate);
            if (!m_filter.businessDay.isValid() || text.size() != 10)
                return CliError::usage(QStringLiteral("--business-day \"%1\" is not a date like 2024-05-20").arg(text));
        }
        if (parser.isSet(QStringLiteral("state"))) {
            const QString name = parser.value(QStringLiteral("state"));
            for (OrderState s : { OrderState::Created, OrderState::Pending, OrderState::Paid, OrderState::PartiallyRefunded,
                                  OrderState::Refunded, OrderState::Closed, OrderState::Failed }) {
                if (orderStateName(s).compare(name, Qt::CaseInsensitive) == 0)
                    m_filter.state = s;
            }
            if (!m_filter.state)
                return CliError::usage(QStringLiteral("--state \"%1\" is not one of Created, Pending, Paid, "
                                                      "PartiallyRefunded, Refunded, Closed, Failed").arg(name));
        }
        m_filter.reference = parser.value(QStringLiteral("reference")).trimmed();
        if (parser.isSet(QStringLiteral("training")) && parser.isSet(QStringLiteral("real")))
            return CliError::usage(QStringLiteral("give only one of --training | --real"));
        if (parser.isSet(QStringLiteral("training")))
            m_filter.training = true;
        if (parser.isSet(QStringLiteral("real")))
            m_filter.training = false;
        m_filter.includeSubOrders = parser.isSet(QStringLiteral("sub-orders"));
        if (parser.isSet(QStringLiteral("limit"))) {
            auto limit = positiveIntOption(parser, QStringLiteral("limit"), MaxLimit);
            if (!limit)
                return limit.error();
            m_limit = *limit;
        }
        if (parser.isSet(QStringLiteral("offset"))) {
            bool ok = false;
            m_offset = parser.value(QStringLiteral("offset")).toInt(&ok);
            if (!ok || m_offset < 0)
                return CliError::usage(QStringLiteral("--offset must be a whole number, 0 or more"));
        }
        return {};
    }

    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        AuditLog audit(*database);
        OrderRepository orders(*database, &audit);
        RefundRepository refunds(*database, &audit);
        QJsonArray list;
        for (const OrderRecord &order : orders.history(m_filter, m_limit, m_offset))
            list.append(orderWithRefundsJson(order, orders, refunds));
        context.succeed({ { QStringLiteral("total"), orders.historyCount(m_filter) },
                          { QStringLiteral("count"), list.size() },
                          { QStringLiteral("orders"), list } });
    }

private:
    HistoryFilter m_filter;
    int m_limit = DefaultLimit;
    int m_offset = 0;
};

} // namespace

std::unique_ptr<Command> makeHistoryCommand()
{
    return std::make_unique<HistoryCommand>();
}

} // namespace paydesk::cli
