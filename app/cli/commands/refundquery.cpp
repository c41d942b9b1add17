// SPDX-License-Identifier: MIT
#include "commands.h"

#include <QJsonObject>

namespace paydesk::cli {

namespace {

class RefundQueryCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("refund"), QStringLiteral("query") }; }
    QString summary() const override
    {
        return QStringLiteral("Query a refund; prints its status (PROCESSING, SUCCESS, CLOSED, ABNORMAL).");
    }
    QString synopsis() const override { return QStringLiteral("--out-refund-no R"); }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("out-refund-no"), QStringLiteral("The merchant's refund number."), QStringLiteral("R") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto value = requiredValue(parser, QStringLiteral("out-refund-no"));
        if (!value)
            return value.error();
        m_outRefundNo = value->trimmed();
        if (!isValidOutRefundNo(m_outRefundNo))
            return CliError::usage(
                QStringLiteral("--out-refund-no \"%1\" is not a valid refund number").arg(m_outRefundNo));
        return {};
    }

    void run(CliContext &context) override
    {
        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        const QJsonObject identifiers { { QStringLiteral("out_refund_no"), m_outRefundNo } };
        (*client)->queryRefund(m_outRefundNo, [&context, identifiers](ApiResult<Refund> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error(), identifiers));
            context.succeed(result->raw);
        });
    }

private:
    QString m_outRefundNo;
};

} // namespace

std::unique_ptr<Command> makeRefundQueryCommand()
{
    return std::make_unique<RefundQueryCommand>();
}

} // namespace paydesk::cli
