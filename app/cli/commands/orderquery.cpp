// SPDX-License-Identifier: MIT
#include "commands.h"

#include <QJsonObject>

namespace paydesk::cli {

namespace {

class OrderQueryCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("order"), QStringLiteral("query") }; }
    QString summary() const override
    {
        return QStringLiteral("Query an order; prints WeChat Pay's answer (trade_state, amounts, ...).");
    }
    QString synopsis() const override
    {
        return QStringLiteral("(--out-trade-no X | --transaction-id Y | --combine-out-trade-no Z)");
    }
    QString details() const override
    {
        return QStringLiteral("An unpaid order can only be found by its out_trade_no. A combined order is queried\n"
                              "with --combine-out-trade-no; its sub-orders are in \"sub_orders\".");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("out-trade-no"), QStringLiteral("The merchant's order number."), QStringLiteral("X") });
        parser.addOption({ QStringLiteral("transaction-id"), QStringLiteral("WeChat Pay's order number (paid orders)."),
                           QStringLiteral("Y") });
        parser.addOption({ QStringLiteral("combine-out-trade-no"), QStringLiteral("A combined order's number."),
                           QStringLiteral("Z") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto which = exactlyOne(parser,
                                { QStringLiteral("out-trade-no"), QStringLiteral("transaction-id"),
                                  QStringLiteral("combine-out-trade-no") });
        if (!which)
            return which.error();
        m_key = *which;
        m_value = parser.value(m_key).trimmed();
        if (m_value.isEmpty())
            return CliError::usage(QStringLiteral("--%1 needs a value").arg(m_key));
        const bool valid
            = m_key == QLatin1String("transaction-id") ? isValidTransactionId(m_value) : isValidOutTradeNo(m_value);
        if (!valid)
            return CliError::usage(QStringLiteral("--%1 \"%2\" is not a valid order number").arg(m_key, m_value));
        return {};
    }

    void run(CliContext &context) override
    {
        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        const QJsonObject identifiers { { m_key == QLatin1String("out-trade-no") ? QStringLiteral("out_trade_no")
                                              : m_key == QLatin1String("transaction-id")
                                              ? QStringLiteral("transaction_id")
                                              : QStringLiteral("combine_out_trade_no"),
                                          m_value } };
        if (m_key == QLatin1String("combine-out-trade-no")) {
            (*client)->queryCombineOrder(m_value, [&context, identifiers](ApiResult<CombineTransaction> result) {
                if (!result)
                    return context.fail(CliError::fromApi(result.error(), identifiers));
                context.succeed(result->raw);
            });
            return;
        }
        auto done = [&context, identifiers](ApiResult<Transaction> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error(), identifiers));
            context.succeed(result->raw);
        };
        if (m_key == QLatin1String("out-trade-no"))
            (*client)->queryByOutTradeNo(m_value, done);
        else
            (*client)->queryByTransactionId(m_value, done);
    }

private:
    QString m_key;
    QString m_value;
};

} // namespace

std::unique_ptr<Command> makeOrderQueryCommand()
{
    return std::make_unique<OrderQueryCommand>();
}

} // namespace paydesk::cli
