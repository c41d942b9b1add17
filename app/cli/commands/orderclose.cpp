// SPDX-License-Identifier: MIT
#include "commands.h"

#include <QJsonArray>
#include <QJsonObject>

namespace paydesk::cli {

namespace {

QJsonArray subOrdersJson(const QList<QPair<QString, QString>> &subs)
{
    QJsonArray array;
    for (const auto &[mchid, outTradeNo] : subs)
        array.append(
            QJsonObject { { QStringLiteral("mchid"), mchid }, { QStringLiteral("out_trade_no"), outTradeNo } });
    return array;
}

// Closes an unpaid order, then queries it once more: a payment that landed
// at the last second wins over the close, and the output says which happened.
class OrderCloseCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("order"), QStringLiteral("close") }; }
    QString summary() const override { return QStringLiteral("Close an unpaid order, then query it once more."); }
    QString synopsis() const override
    {
        return QStringLiteral("(--out-trade-no X | --combine-out-trade-no Z [--sub MCHID:OUT_TRADE_NO ...])");
    }
    QString details() const override
    {
        return QStringLiteral(
            "A combined order is closed as a whole: every sub-order must be listed. Without --sub the\n"
            "sub-orders are taken from a query of the combined order. After closing, the order is\n"
            "queried again and its trade_state printed: a payment that landed at the last second wins.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("out-trade-no"), QStringLiteral("The order to close."), QStringLiteral("X") });
        parser.addOption({ QStringLiteral("combine-out-trade-no"), QStringLiteral("The combined order to close."),
                           QStringLiteral("Z") });
        parser.addOption({ QStringLiteral("sub"),
                           QStringLiteral("A sub-order of the combined order (repeat for each)."),
                           QStringLiteral("MCHID:OUT_TRADE_NO") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto which = exactlyOne(parser, { QStringLiteral("out-trade-no"), QStringLiteral("combine-out-trade-no") });
        if (!which)
            return which.error();
        m_combine = *which == QLatin1String("combine-out-trade-no");
        m_outTradeNo = parser.value(*which).trimmed();
        if (!isValidOutTradeNo(m_outTradeNo))
            return CliError::usage(QStringLiteral("--%1 \"%2\" is not a valid order number").arg(*which, m_outTradeNo));
        const QStringList subs = parser.values(QStringLiteral("sub"));
        if (!m_combine && !subs.isEmpty())
            return CliError::usage(QStringLiteral("--sub belongs to --combine-out-trade-no"));
        for (const QString &sub : subs) {
            const QStringList parts = sub.split(QLatin1Char(':'));
            if (parts.size() != 2 || parts.at(0).isEmpty() || !isValidOutTradeNo(parts.at(1)))
                return CliError::usage(QStringLiteral("--sub \"%1\" must be MCHID:OUT_TRADE_NO").arg(sub));
            m_subs.append({ parts.at(0), parts.at(1) });
        }
        return {};
    }

    void run(CliContext &context) override
    {
        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        m_client = *client;
        if (!m_combine)
            return closeOne(context);
        if (!m_subs.isEmpty())
            return closeCombined(context);
        // Every sub-order must be named; ask WeChat Pay which there are.
        m_client->queryCombineOrder(m_outTradeNo, [this, &context](ApiResult<CombineTransaction> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error(), identifiers()));
            for (const CombineSubOrder &sub : std::as_const(result->subOrders))
                m_subs.append({ sub.mchid, sub.outTradeNo });
            closeCombined(context);
        });
    }

private:
    QJsonObject identifiers() const
    {
        if (!m_combine)
            return { { QStringLiteral("out_trade_no"), m_outTradeNo } };
        return { { QStringLiteral("combine_out_trade_no"), m_outTradeNo },
                 { QStringLiteral("sub_orders"), subOrdersJson(m_subs) } };
    }

    void closeOne(CliContext &context)
    {
        m_client->closeOrder(m_outTradeNo, [this, &context](ApiResult<ApiClient::Done> closed) {
            if (!closed)
                return context.fail(CliError::fromApi(closed.error(), identifiers()));
            m_client->queryByOutTradeNo(m_outTradeNo, [this, &context](ApiResult<Transaction> after) {
                QJsonObject out = identifiers();
                out.insert(QStringLiteral("closed"), true);
                if (after)
                    out.insert(QStringLiteral("trade_state"), after->tradeState);
                else
                    out.insert(QStringLiteral("query_error"),
                               CliError::fromApi(after.error()).toJson().value(QStringLiteral("error")));
                context.succeed(out);
            });
        });
    }

    void closeCombined(CliContext &context)
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());
        CombineCloseRequest request;
        request.combineAppid = profile->appid;
        request.combineOutTradeNo = m_outTradeNo;
        request.subOrders = m_subs;
        if (auto valid = request.validate(); !valid)
            return context.fail(CliError::usage(valid.error().message));
        m_client->closeCombineOrder(request, [this, &context](ApiResult<ApiClient::Done> closed) {
            if (!closed)
                return context.fail(CliError::fromApi(closed.error(), identifiers()));
            m_client->queryCombineOrder(m_outTradeNo, [this, &context](ApiResult<CombineTransaction> after) {
                QJsonObject out = identifiers();
                out.insert(QStringLiteral("closed"), true);
                if (after) {
                    QJsonArray states;
                    for (const CombineSubOrder &sub : std::as_const(after->subOrders)) {
                        states.append(QJsonObject { { QStringLiteral("mchid"), sub.mchid },
                                                    { QStringLiteral("out_trade_no"), sub.outTradeNo },
                                                    { QStringLiteral("trade_state"), sub.tradeState } });
                    }
                    out.insert(QStringLiteral("sub_orders"), states);
                } else {
                    out.insert(QStringLiteral("query_error"),
                               CliError::fromApi(after.error()).toJson().value(QStringLiteral("error")));
                }
                context.succeed(out);
            });
        });
    }

    bool m_combine = false;
    QString m_outTradeNo;
    QList<QPair<QString, QString>> m_subs;
    ApiClient *m_client = nullptr;
};

} // namespace

std::unique_ptr<Command> makeOrderCloseCommand()
{
    return std::make_unique<OrderCloseCommand>();
}

} // namespace paydesk::cli
