// SPDX-License-Identifier: MIT
#include "amount.h"
#include "commands.h"
#include "identifiers.h"
#include "requestjournal.h"

#include <QJsonObject>

namespace paydesk::cli {

namespace {

constexpr int MaxExpireMinutes = 90 * 24 * 60; // WeChat Pay's limit: 90 days

class OrderNativeCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("order"), QStringLiteral("native") }; }
    QString summary() const override
    {
        return QStringLiteral("Create a Native (QR code) order; prints out_trade_no and code_url.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("(--amount FEN | --yuan YUAN) --description TEXT [--out-trade-no X] "
                              "[--expire-minutes N] [--attach TEXT] [--dry-run]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "Without --out-trade-no one is made from the profile's terminal_id, the time and random\n"
            "characters. It is printed with the result and with an \"outcome unknown\" error (exit 4):\n"
            "query it (paydesk-cli order query --out-trade-no X) and, to retry, pass the same\n"
            "--out-trade-no with the same amount and description: WeChat Pay then answers with the same\n"
            "code_url instead of making a second order. The request is kept (requests/ beside the\n"
            "database) so that a retry sends the same time_expire; the same number with other\n"
            "parameters is refused (exit 3, out_trade_no_reused).");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("amount"), QStringLiteral("Amount in fen (1234 = 12.34 yuan)."), QStringLiteral("FEN") });
        parser.addOption({ QStringLiteral("yuan"), QStringLiteral("Amount in yuan, at most two decimals (12.34)."),
                           QStringLiteral("YUAN") });
        parser.addOption({ QStringLiteral("description"),
                           QStringLiteral("What the customer sees (at most 127 characters)."),
                           QStringLiteral("TEXT") });
        parser.addOption({ QStringLiteral("out-trade-no"),
                           QStringLiteral("Order number (6-32 of 0-9 A-Z a-z _ - | *); default: generated."),
                           QStringLiteral("X") });
        parser.addOption(
            { QStringLiteral("expire-minutes"),
              QStringLiteral("Minutes the customer has to pay (time_expire); default: WeChat Pay's 7 days."),
              QStringLiteral("N") });
        parser.addOption({ QStringLiteral("attach"),
                           QStringLiteral("Merchant data returned with the order (at most 128 characters)."),
                           QStringLiteral("TEXT") });
        parser.addOption(
            { QStringLiteral("dry-run"), QStringLiteral("Print the request body instead of sending it.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto amount = amountFromOptions(parser, QStringLiteral("amount"), QStringLiteral("yuan"));
        if (!amount)
            return amount.error();
        m_amount = *amount;
        auto description = requiredValue(parser, QStringLiteral("description"));
        if (!description)
            return description.error();
        m_description = *description;
        if (m_description.size() > 127)
            return CliError::usage(
                QStringLiteral("--description has %1 characters; at most 127 are allowed").arg(m_description.size()));
        m_outTradeNo = parser.value(QStringLiteral("out-trade-no"));
        if (parser.isSet(QStringLiteral("out-trade-no")) && !isValidOutTradeNo(m_outTradeNo)) {
            return CliError::usage(
                QStringLiteral("--out-trade-no \"%1\" must be 6 to 32 of 0-9 A-Z a-z _ - | *").arg(m_outTradeNo));
        }
        if (parser.isSet(QStringLiteral("expire-minutes"))) {
            auto minutes = positiveIntOption(parser, QStringLiteral("expire-minutes"), MaxExpireMinutes);
            if (!minutes)
                return minutes.error();
            m_expireMinutes = *minutes;
        }
        m_attach = parser.value(QStringLiteral("attach"));
        if (m_attach.size() > 128)
            return CliError::usage(
                QStringLiteral("--attach has %1 characters; at most 128 are allowed").arg(m_attach.size()));
        m_dryRun = parser.isSet(QStringLiteral("dry-run"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());

        NativeOrderRequest request;
        request.appid = profile->appid;
        request.mchid = profile->mchid;
        request.description = m_description;
        request.outTradeNo = m_outTradeNo.isEmpty() ? generateOutTradeNo(profile->terminalId) : m_outTradeNo;
        request.attach = m_attach;
        request.notifyUrl = profile->notifyUrl;
        request.amountTotal = m_amount;
        if (m_expireMinutes > 0) {
            const QDateTime now = QDateTime::currentDateTime();
            request.timeExpire = now.toOffsetFromUtc(now.offsetFromUtc()).addSecs(qint64(m_expireMinutes) * 60);
        }
        if (auto valid = request.validate(); !valid)
            return context.fail(CliError::usage(valid.error().message));

        // A retry of an order number sent before re-sends that request.
        auto journal = RequestJournal::forContext(context);
        if (!journal)
            return context.fail(journal.error());
        const QString kind = QStringLiteral("native");
        if (auto reused = journal->reuse(kind, request.mchid, request.outTradeNo, request.toJson(), m_expireMinutes,
                                         &request.timeExpire);
            !reused)
            return context.fail(reused.error());

        if (m_dryRun) {
            return context.succeed({ { QStringLiteral("dry_run"), true },
                                     { QStringLiteral("method"), QStringLiteral("POST") },
                                     { QStringLiteral("path"), QStringLiteral("/v3/pay/transactions/native") },
                                     { QStringLiteral("body"), request.toJson() } });
        }

        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        if (auto kept = journal->remember(kind, request.mchid, request.outTradeNo,
                                          { request.toJson(), m_expireMinutes, QDateTime::currentDateTimeUtc() });
            !kept)
            return context.fail(kept.error());
        const QJsonObject identifiers { { QStringLiteral("out_trade_no"), request.outTradeNo } };
        (*client)->createNativeOrder(request, [&context, request, identifiers](ApiResult<CodeUrlResult> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error(), identifiers));
            QJsonObject out {
                { QStringLiteral("out_trade_no"), request.outTradeNo },
                { QStringLiteral("code_url"), result->codeUrl },
                { QStringLiteral("amount"), request.amountTotal },
                { QStringLiteral("yuan"), formatYuan(request.amountTotal) },
                { QStringLiteral("description"), request.description },
            };
            if (request.timeExpire.isValid())
                out.insert(QStringLiteral("time_expire"), formatWechatTime(request.timeExpire));
            context.succeed(out);
        });
    }

private:
    qint64 m_amount = 0;
    QString m_description;
    QString m_outTradeNo;
    QString m_attach;
    int m_expireMinutes = 0;
    bool m_dryRun = false;
};

} // namespace

std::unique_ptr<Command> makeOrderNativeCommand()
{
    return std::make_unique<OrderNativeCommand>();
}

} // namespace paydesk::cli
