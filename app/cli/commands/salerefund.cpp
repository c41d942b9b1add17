// SPDX-License-Identifier: MIT
#include "amount.h"
#include "commands.h"
#include "payments/paymentterminal.h"
#include "payments/refundservice.h"
#include "storejson.h"
#include "store/refundrepository.h"

#include <QTimer>

namespace paydesk::cli {

namespace {

constexpr int MaxTimeoutSeconds = 24 * 60 * 60;

// Refusals by the store itself (nothing was written, nothing sent): like a
// 4xx from WeChat Pay, fix the request.
bool isLocalRefusal(const QString &code)
{
    static const QStringList codes { QStringLiteral("unknown_order"), QStringLiteral("not_paid"),
                                     QStringLiteral("over_refund"), QStringLiteral("refund_sub_order"), QStringLiteral("other_merchant"),
                                     QStringLiteral("invalid_amount"), QStringLiteral("invalid_out_refund_no") };
    return codes.contains(code);
}

class SaleRefundCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("sale"), QStringLiteral("refund") }; }
    QString summary() const override
    {
        return QStringLiteral("Refund a stored sale: the refund is stored (within the remainder), then sent.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--out-trade-no X (--amount FEN | --yuan YUAN) --reason TEXT [--actor NAME] "
                              "[--wait [--timeout-s S]]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "The refund row with its out_refund_no is committed before the call, and the amount is\n"
            "checked against what is still refundable in the same transaction. Output is one JSON line\n"
            "per event: \"stored\" (out_refund_no), \"updated\" (status), then \"accepted\" (without --wait,\n"
            "once WeChat Pay took it) or \"final\" (SUCCESS or CLOSED). A refund WeChat Pay refused\n"
            "exits 3 (REJECTED); one whose outcome is unknown exits 4 and `paydesk-cli recover`\n"
            "settles it with the same out_refund_no.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("out-trade-no"),
                           QStringLiteral("The stored order (for a combined sale: the sub-order)."),
                           QStringLiteral("X") });
        parser.addOption(
            { QStringLiteral("amount"), QStringLiteral("Refund in fen."), QStringLiteral("FEN") });
        parser.addOption({ QStringLiteral("yuan"), QStringLiteral("Refund in yuan, at most two decimals."),
                           QStringLiteral("YUAN") });
        parser.addOption({ QStringLiteral("reason"), QStringLiteral("Why (shown to the customer, at most 80 characters)."),
                           QStringLiteral("TEXT") });
        parser.addOption({ QStringLiteral("actor"), QStringLiteral("The manager who authorised it (default: cli)."),
                           QStringLiteral("NAME") });
        parser.addOption({ QStringLiteral("wait"), QStringLiteral("Follow the refund to SUCCESS or CLOSED.") });
        parser.addOption({ QStringLiteral("timeout-s"), QStringLiteral("With --wait: give up after S seconds (exit 4)."),
                           QStringLiteral("S") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto no = requiredValue(parser, QStringLiteral("out-trade-no"));
        if (!no)
            return no.error();
        m_outTradeNo = *no;
        auto amount = amountFromOptions(parser, QStringLiteral("amount"), QStringLiteral("yuan"));
        if (!amount)
            return amount.error();
        m_amount = *amount;
        auto reason = requiredValue(parser, QStringLiteral("reason"));
        if (!reason)
            return reason.error();
        m_reason = *reason;
        if (m_reason.size() > 80)
            return CliError::usage(QStringLiteral("--reason has %1 characters; at most 80 are allowed").arg(m_reason.size()));
        m_actor = parser.isSet(QStringLiteral("actor")) ? parser.value(QStringLiteral("actor")) : QStringLiteral("cli");
        if (m_actor.trimmed().isEmpty())
            return CliError::usage(QStringLiteral("--actor needs a name"));
        m_wait = parser.isSet(QStringLiteral("wait"));
        if (parser.isSet(QStringLiteral("timeout-s"))) {
            if (!m_wait)
                return CliError::usage(QStringLiteral("--timeout-s only goes with --wait"));
            auto seconds = positiveIntOption(parser, QStringLiteral("timeout-s"), MaxTimeoutSeconds);
            if (!seconds)
                return seconds.error();
            m_timeoutSeconds = *seconds;
        }
        return {};
    }

    void run(CliContext &context) override
    {
        auto terminal = context.terminal();
        if (!terminal)
            return context.fail(terminal.error());
        PaymentTerminal *t = *terminal;
        QObject::connect(t->refundService(), &RefundService::refundUpdated, &context,
                         [this, &context](const QString &no, const QString &status, const QString &message) {
                             onUpdated(context, no, status, message);
                         });

        auto started = t->refundService()->refund(m_outTradeNo, m_amount, m_reason, m_actor);
        if (!started) {
            const QJsonObject where { { QStringLiteral("out_trade_no"), m_outTradeNo } };
            if (isLocalRefusal(started.error().code)) {
                CliError e = CliError::store(started.error(), where);
                e.exitCode = BusinessRefusal;
                return context.fail(e);
            }
            return context.fail(CliError::store(started.error(), where));
        }
        m_outRefundNo = *started;
        context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("stored") },
                                { QStringLiteral("out_refund_no"), m_outRefundNo },
                                { QStringLiteral("out_trade_no"), m_outTradeNo },
                                { QStringLiteral("amount"), m_amount },
                                { QStringLiteral("yuan"), formatYuan(m_amount) } });
        if (m_timeoutSeconds > 0) {
            QTimer::singleShot(qint64(m_timeoutSeconds) * 1000, &context, [this, &context] {
                const auto r = context.terminal().value()->refunds()->find(m_outRefundNo);
                CliError e;
                e.exitCode = OutcomeUnknown;
                e.code = QStringLiteral("TIMEOUT");
                e.message = QStringLiteral("refund %1 is still %2 after %3 s")
                                .arg(m_outRefundNo, r ? r->status : QStringLiteral("unknown"))
                                .arg(m_timeoutSeconds);
                e.context = { { QStringLiteral("out_refund_no"), m_outRefundNo },
                              { QStringLiteral("hint"), QStringLiteral("the refund is stored: paydesk-cli recover "
                                                                       "follows it to a final status") } };
                context.fail(e);
            });
        }
    }

private:
    void onUpdated(CliContext &context, const QString &outRefundNo, const QString &status, const QString &message)
    {
        if (outRefundNo != m_outRefundNo || context.isFinished())
            return;
        // RefundService reports every poll; a line per change is enough.
        if (status == m_lastStatus && message == m_lastMessage)
            return;
        m_lastStatus = status;
        m_lastMessage = message;
        QJsonObject line { { QStringLiteral("event"), QStringLiteral("updated") },
                           { QStringLiteral("out_refund_no"), outRefundNo },
                           { QStringLiteral("status"), status } };
        if (!message.isEmpty())
            line.insert(QStringLiteral("message"), message);
        context.printJsonLine(line);

        const auto stored = context.terminal().value()->refunds()->find(outRefundNo);
        const QJsonObject refund = stored ? refundJson(*stored) : QJsonObject();
        if (status == QLatin1String("REJECTED")) {
            CliError e;
            e.exitCode = BusinessRefusal;
            e.code = QStringLiteral("REJECTED");
            e.message = message;
            e.context = { { QStringLiteral("out_refund_no"), outRefundNo }, { QStringLiteral("refund"), refund } };
            return context.fail(e);
        }
        if (isFinalRefundStatus(status)) {
            context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("final") }, { QStringLiteral("refund"), refund } });
            return context.finish(Success);
        }
        if (m_wait || (status == QLatin1String("Created") && message.isEmpty()))
            return;
        if (status == QLatin1String("Created")) {
            // The call got no usable answer: RefundService settles it by
            // querying the same out_refund_no; a caller without --wait must know now.
            CliError e;
            e.exitCode = OutcomeUnknown;
            e.code = QStringLiteral("OUTCOME_UNKNOWN");
            e.message = message;
            e.outcomeUnknown = true;
            e.context = { { QStringLiteral("out_refund_no"), outRefundNo },
                          { QStringLiteral("hint"), QStringLiteral("the refund is stored: paydesk-cli recover settles it "
                                                                   "with the same out_refund_no") } };
            return context.fail(e);
        }
        context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("accepted") }, { QStringLiteral("refund"), refund } });
        context.finish(Success);
    }

    QString m_outTradeNo;
    qint64 m_amount = 0;
    QString m_reason;
    QString m_actor;
    bool m_wait = false;
    int m_timeoutSeconds = 0;
    QString m_outRefundNo;
    QString m_lastStatus;
    QString m_lastMessage;
};

} // namespace

std::unique_ptr<Command> makeSaleRefundCommand()
{
    return std::make_unique<SaleRefundCommand>();
}

} // namespace paydesk::cli
