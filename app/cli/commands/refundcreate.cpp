// SPDX-License-Identifier: MIT
#include "commands.h"
#include "identifiers.h"

#include <QJsonObject>

namespace paydesk::cli {

namespace {

class RefundCreateCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("refund"), QStringLiteral("create") }; }
    QString summary() const override
    {
        return QStringLiteral("Refund (part of) a paid order; prints the refund (status PROCESSING, ...).");
    }
    QString synopsis() const override
    {
        return QStringLiteral("(--out-trade-no X | --transaction-id Y) --refund FEN --total FEN "
                              "[--out-refund-no R] [--reason TEXT]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Acceptance is not success: a refund usually starts as PROCESSING; follow it with\n"
            "paydesk-cli refund query --out-refund-no R. Without --out-refund-no one is generated and\n"
            "printed (also with an \"outcome unknown\" error, exit 4): retry with the same number, never a\n"
            "new one, or the customer could be refunded twice.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("out-trade-no"),
                           QStringLiteral("The order to refund, by the merchant's number."), QStringLiteral("X") });
        parser.addOption({ QStringLiteral("transaction-id"),
                           QStringLiteral("The order to refund, by WeChat Pay's number."), QStringLiteral("Y") });
        parser.addOption(
            { QStringLiteral("refund"), QStringLiteral("Amount to refund, in fen."), QStringLiteral("FEN") });
        parser.addOption(
            { QStringLiteral("total"), QStringLiteral("The order's total, in fen."), QStringLiteral("FEN") });
        parser.addOption({ QStringLiteral("out-refund-no"),
                           QStringLiteral("Refund number (1-64 of 0-9 A-Z a-z _ - | * @); default: generated."),
                           QStringLiteral("R") });
        parser.addOption({ QStringLiteral("reason"), QStringLiteral("Shown to the customer (at most 80 characters)."),
                           QStringLiteral("TEXT") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto which = exactlyOne(parser, { QStringLiteral("out-trade-no"), QStringLiteral("transaction-id") });
        if (!which)
            return which.error();
        (*which == QLatin1String("out-trade-no") ? m_outTradeNo : m_transactionId) = parser.value(*which).trimmed();
        if (parser.isSet(QStringLiteral("out-trade-no")) && !isValidOutTradeNo(m_outTradeNo))
            return CliError::usage(
                QStringLiteral("--out-trade-no \"%1\" is not a valid order number").arg(m_outTradeNo));
        if (parser.isSet(QStringLiteral("transaction-id")) && !isValidTransactionId(m_transactionId)) {
            return CliError::usage(
                QStringLiteral("--transaction-id \"%1\" is not a WeChat Pay order number").arg(m_transactionId));
        }
        for (const QString &name : { QStringLiteral("refund"), QStringLiteral("total") }) {
            if (!parser.isSet(name))
                return CliError::usage(QStringLiteral("--%1 FEN is required").arg(name));
        }
        auto refund = fenOption(parser, QStringLiteral("refund"));
        if (!refund)
            return refund.error();
        auto total = fenOption(parser, QStringLiteral("total"));
        if (!total)
            return total.error();
        if (*refund > *total)
            return CliError::usage(QStringLiteral("--refund %1 is more than --total %2").arg(*refund).arg(*total));
        m_refund = *refund;
        m_total = *total;
        m_outRefundNo = parser.value(QStringLiteral("out-refund-no")).trimmed();
        if (parser.isSet(QStringLiteral("out-refund-no")) && !isValidOutRefundNo(m_outRefundNo))
            return CliError::usage(
                QStringLiteral("--out-refund-no \"%1\" must be 1 to 64 of 0-9 A-Z a-z _ - | * @").arg(m_outRefundNo));
        m_reason = parser.value(QStringLiteral("reason"));
        if (m_reason.size() > 80)
            return CliError::usage(
                QStringLiteral("--reason has %1 characters; at most 80 are allowed").arg(m_reason.size()));
        return {};
    }

    void run(CliContext &context) override
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());
        RefundRequest request;
        request.outTradeNo = m_outTradeNo;
        request.transactionId = m_transactionId;
        request.outRefundNo = m_outRefundNo.isEmpty() ? generateOutRefundNo(profile->terminalId) : m_outRefundNo;
        request.reason = m_reason;
        request.notifyUrl = profile->notifyUrl;
        request.refund = m_refund;
        request.total = m_total;
        if (auto valid = request.validate(); !valid)
            return context.fail(CliError::usage(valid.error().message));

        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        QJsonObject identifiers { { QStringLiteral("out_refund_no"), request.outRefundNo } };
        if (!m_outTradeNo.isEmpty())
            identifiers.insert(QStringLiteral("out_trade_no"), m_outTradeNo);
        else
            identifiers.insert(QStringLiteral("transaction_id"), m_transactionId);
        (*client)->createRefund(request, [&context, identifiers](ApiResult<Refund> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error(), identifiers));
            context.succeed(result->raw);
        });
    }

private:
    QString m_outTradeNo;
    QString m_transactionId;
    QString m_outRefundNo;
    QString m_reason;
    qint64 m_refund = 0;
    qint64 m_total = 0;
};

} // namespace

std::unique_ptr<Command> makeRefundCreateCommand()
{
    return std::make_unique<RefundCreateCommand>();
}

} // namespace paydesk::cli
