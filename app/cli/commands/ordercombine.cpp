// SPDX-License-Identifier: MIT
#include "amount.h"
#include "commands.h"
#include "identifiers.h"
#include "requestjournal.h"

#include <QJsonArray>
#include <QJsonObject>

namespace paydesk::cli {

namespace {

constexpr int MaxExpireMinutes = 90 * 24 * 60;

struct SubOrderArgument
{
    QString mchid;
    qint64 amount = 0;
    QString description;
};

class OrderCombineCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("order"), QStringLiteral("combine") }; }
    QString summary() const override
    {
        return QStringLiteral("Create a combined Native order for 2-10 merchants; prints code_url.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--sub MCHID:FEN:DESCRIPTION --sub MCHID:FEN:DESCRIPTION ... "
                              "[--combine-out-trade-no X] [--expire-minutes N] [--attach TEXT] [--dry-run]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "The profile's merchant is the combine_mchid and its appid the combine_appid; each --sub is\n"
            "one sub-order (a merchant from the profile's sub_merchants, an amount in fen, a\n"
            "description). Sub-orders are numbered <combine_out_trade_no>-01, -02, ... so that re-running\n"
            "with the same --combine-out-trade-no after an unknown outcome re-issues the same order.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("sub"),
                           QStringLiteral("A sub-order: merchant id, amount in fen, description (repeat 2-10 times)."),
                           QStringLiteral("MCHID:FEN:DESCRIPTION") });
        parser.addOption({ QStringLiteral("combine-out-trade-no"),
                           QStringLiteral("Combined order number (6-29 characters); default: generated."),
                           QStringLiteral("X") });
        parser.addOption({ QStringLiteral("expire-minutes"),
                           QStringLiteral("Minutes the customer has to pay (time_expire)."), QStringLiteral("N") });
        parser.addOption({ QStringLiteral("attach"),
                           QStringLiteral("Merchant data for every sub-order (default: the combined order number)."),
                           QStringLiteral("TEXT") });
        parser.addOption(
            { QStringLiteral("dry-run"), QStringLiteral("Print the request body instead of sending it.") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        const QStringList subs = parser.values(QStringLiteral("sub"));
        if (subs.size() < 2 || subs.size() > 10)
            return CliError::usage(
                QStringLiteral("a combined order needs 2 to 10 --sub MCHID:FEN:DESCRIPTION (got %1)").arg(subs.size()));
        for (const QString &sub : subs) {
            const qsizetype first = sub.indexOf(QLatin1Char(':'));
            const qsizetype second = first < 0 ? -1 : sub.indexOf(QLatin1Char(':'), first + 1);
            if (second < 0)
                return CliError::usage(QStringLiteral("--sub \"%1\" must be MCHID:FEN:DESCRIPTION").arg(sub));
            SubOrderArgument arg;
            arg.mchid = sub.left(first);
            arg.description = sub.mid(second + 1);
            auto fen = parseFen(sub.mid(first + 1, second - first - 1));
            if (!fen)
                return CliError::usage(QStringLiteral("--sub \"%1\": %2").arg(sub, fen.error().message));
            arg.amount = *fen;
            if (arg.mchid.isEmpty() || arg.description.isEmpty())
                return CliError::usage(QStringLiteral("--sub \"%1\" must be MCHID:FEN:DESCRIPTION").arg(sub));
            if (arg.description.size() > 127)
                return CliError::usage(
                    QStringLiteral("--sub \"%1\": the description has more than 127 characters").arg(sub));
            m_subs.append(arg);
        }
        m_combineOutTradeNo = parser.value(QStringLiteral("combine-out-trade-no"));
        if (parser.isSet(QStringLiteral("combine-out-trade-no"))
            && (!isValidOutTradeNo(m_combineOutTradeNo) || m_combineOutTradeNo.size() > CombineOutTradeNoLength)) {
            return CliError::usage(
                QStringLiteral("--combine-out-trade-no \"%1\" must be 6 to %2 of 0-9 A-Z a-z _ - | * "
                               "(the sub-orders add \"-01\", \"-02\", ...)")
                    .arg(m_combineOutTradeNo)
                    .arg(CombineOutTradeNoLength));
        }
        if (parser.isSet(QStringLiteral("expire-minutes"))) {
            auto minutes = positiveIntOption(parser, QStringLiteral("expire-minutes"), MaxExpireMinutes);
            if (!minutes)
                return minutes.error();
            m_expireMinutes = *minutes;
        }
        m_attach = parser.value(QStringLiteral("attach"));
        if (m_attach.size() > 128)
            return CliError::usage(QStringLiteral("--attach has more than 128 characters"));
        m_dryRun = parser.isSet(QStringLiteral("dry-run"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto profile = context.profile();
        if (!profile)
            return context.fail(profile.error());

        CombineOrderRequest request;
        request.combineAppid = profile->appid;
        request.combineMchid = profile->mchid;
        request.combineOutTradeNo = m_combineOutTradeNo.isEmpty()
            ? generateOutTradeNo(profile->terminalId, CombineOutTradeNoLength)
            : m_combineOutTradeNo;
        request.notifyUrl = profile->notifyUrl;
        if (m_expireMinutes > 0) {
            const QDateTime now = QDateTime::currentDateTime();
            request.timeExpire = now.toOffsetFromUtc(now.offsetFromUtc()).addSecs(qint64(m_expireMinutes) * 60);
        }
        QJsonArray subOrders;
        for (int i = 0; i < m_subs.size(); ++i) {
            const SubOrderArgument &arg = m_subs.at(i);
            if (!profile->subMerchants.isEmpty() && !profile->subMerchant(arg.mchid)) {
                QStringList known;
                for (const SubMerchant &s : std::as_const(profile->subMerchants))
                    known << s.mchid;
                return context.fail(
                    CliError::usage(QStringLiteral("merchant %1 is not among the profile's sub_merchants (%2)")
                                        .arg(arg.mchid, known.join(QStringLiteral(", ")))));
            }
            CombineSubOrderRequest sub;
            sub.mchid = arg.mchid;
            sub.amountTotal = arg.amount;
            sub.description = arg.description;
            sub.outTradeNo = combineSubOutTradeNo(request.combineOutTradeNo, i + 1);
            sub.attach = m_attach.isEmpty() ? request.combineOutTradeNo : m_attach;
            request.subOrders.append(sub);
            const SubMerchant *known = profile->subMerchant(arg.mchid);
            subOrders.append(QJsonObject { { QStringLiteral("mchid"), sub.mchid },
                                           { QStringLiteral("name"), known ? known->name : QString() },
                                           { QStringLiteral("out_trade_no"), sub.outTradeNo },
                                           { QStringLiteral("amount"), sub.amountTotal },
                                           { QStringLiteral("description"), sub.description } });
        }
        if (auto valid = request.validate(); !valid)
            return context.fail(CliError::usage(valid.error().message));

        // A retry of a combined number sent before re-sends that request.
        auto journal = RequestJournal::forContext(context);
        if (!journal)
            return context.fail(journal.error());
        const QString kind = QStringLiteral("combine");
        if (auto reused = journal->reuse(kind, request.combineMchid, request.combineOutTradeNo, request.toJson(),
                                         m_expireMinutes, &request.timeExpire);
            !reused)
            return context.fail(reused.error());

        if (m_dryRun) {
            return context.succeed({ { QStringLiteral("dry_run"), true },
                                     { QStringLiteral("method"), QStringLiteral("POST") },
                                     { QStringLiteral("path"), QStringLiteral("/v3/combine-transactions/native") },
                                     { QStringLiteral("body"), request.toJson() } });
        }

        auto client = context.client();
        if (!client)
            return context.fail(client.error());
        if (auto kept = journal->remember(kind, request.combineMchid, request.combineOutTradeNo,
                                          { request.toJson(), m_expireMinutes, QDateTime::currentDateTimeUtc() });
            !kept)
            return context.fail(kept.error());
        const QJsonObject identifiers { { QStringLiteral("combine_out_trade_no"), request.combineOutTradeNo },
                                        { QStringLiteral("sub_orders"), subOrders } };
        (*client)->createCombineOrder(request, [&context, identifiers](ApiResult<CodeUrlResult> result) {
            if (!result)
                return context.fail(CliError::fromApi(result.error(), identifiers));
            QJsonObject out = identifiers;
            out.insert(QStringLiteral("code_url"), result->codeUrl);
            context.succeed(out);
        });
    }

private:
    QList<SubOrderArgument> m_subs;
    QString m_combineOutTradeNo;
    QString m_attach;
    int m_expireMinutes = 0;
    bool m_dryRun = false;
};

} // namespace

std::unique_ptr<Command> makeOrderCombineCommand()
{
    return std::make_unique<OrderCombineCommand>();
}

} // namespace paydesk::cli
