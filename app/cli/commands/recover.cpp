// SPDX-License-Identifier: MIT
#include "amount.h"
#include "commands.h"
#include "payments/paymentterminal.h"
#include "payments/resolver.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QTimer>

namespace paydesk::cli {

namespace {

constexpr int DefaultTimeoutSeconds = 600;
constexpr int MaxTimeoutSeconds = 24 * 60 * 60;
constexpr int CheckEveryMs = 100;

class RecoverCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("recover") }; }
    QString summary() const override
    {
        return QStringLiteral("Settle every order and refund the store does not know the end of (after a crash).");
    }
    QString synopsis() const override { return QStringLiteral("[--timeout-s S]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Runs one Resolver pass, as the GUI does at start-up: Created orders are settled by query\n"
            "(never by a second order), Pending ones followed and closed at their expiry, refunds\n"
            "followed to SUCCESS or CLOSED (a refund the call never reached is sent again with the same\n"
            "out_refund_no). Waits until nothing is left open and prints the counts before and after.\n"
            "Exit 4 when something is still open after --timeout-s (default 600), e.g. an ABNORMAL\n"
            "refund that needs the merchant platform.\n"
            "\"recovered\" lists the sales the cashier must hear about, each with a plain \"message\":\n"
            "paid while PayDesk was down (booked as paid), or a code-pay sale paid and then reversed\n"
            "(the customer got the money back; booked as a payment and a refund of the whole amount).");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("timeout-s"),
                           QStringLiteral("Give up waiting after S seconds (default 600)."), QStringLiteral("S") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        if (parser.isSet(QStringLiteral("timeout-s"))) {
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
        const QJsonObject before = openCounts(t);
        QObject::connect(t->resolver(), &Resolver::saleRecovered, &context,
                         [this, t](const QString &outTradeNo, RecoveredSale outcome) {
                             m_recovered.append(recoveredJson(t, outTradeNo, outcome));
                         });
        const int handed = t->resolver()->runOnce();
        m_deadline = QDeadlineTimer(qint64(m_timeoutSeconds) * 1000);

        auto *timer = new QTimer(&context);
        QObject::connect(timer, &QTimer::timeout, &context, [this, &context, t, before, handed, timer] {
            const QJsonObject after = openCounts(t);
            const bool settled = after.value(QLatin1String("orders")).toInt() == 0
                && after.value(QLatin1String("refunds")).toInt() == 0;
            if (!settled && !m_deadline.hasExpired())
                return;
            timer->stop();
            QJsonObject out { { QStringLiteral("before"), before },
                              { QStringLiteral("handed"), handed },
                              { QStringLiteral("after"), after },
                              { QStringLiteral("recovered"), m_recovered },
                              { QStringLiteral("settled"), settled } };
            if (settled)
                return context.succeed(out);
            context.printJson(out);
            CliError e;
            e.exitCode = OutcomeUnknown;
            e.code = QStringLiteral("UNSETTLED");
            e.message = QStringLiteral("%1 orders and %2 refunds are still open after %3 s")
                            .arg(after.value(QLatin1String("orders")).toInt())
                            .arg(after.value(QLatin1String("refunds")).toInt())
                            .arg(m_timeoutSeconds);
            e.context = { { QStringLiteral("hint"),
                            QStringLiteral("run recover again once WeChat Pay answers; an ABNORMAL refund is "
                                           "settled on the merchant platform") } };
            context.fail(e);
        });
        timer->start(CheckEveryMs);
    }

private:
    static QJsonObject openCounts(PaymentTerminal *t)
    {
        QJsonArray orders;
        for (const OrderRecord &o : t->orders()->unresolved())
            orders.append(o.outTradeNo);
        QJsonArray refunds;
        for (const RefundRecord &r : t->refunds()->unresolved())
            refunds.append(r.outRefundNo);
        return { { QStringLiteral("orders"), orders.size() },
                 { QStringLiteral("refunds"), refunds.size() },
                 { QStringLiteral("open_orders"), orders },
                 { QStringLiteral("open_refunds"), refunds } };
    }

    // What the cashier is told, as the GUI tells it after its start-up recovery.
    static QJsonObject recoveredJson(PaymentTerminal *t, const QString &outTradeNo, RecoveredSale outcome)
    {
        const auto order = t->orders()->find(outTradeNo);
        const qint64 amount = order ? order->amountTotal : 0;
        const bool reversed = outcome == RecoveredSale::ReversedAfterPayment;
        const QString message = reversed
            ? QStringLiteral("sale %1 (%2 yuan) was reversed: the customer got the money back")
            : QStringLiteral("sale %1 (%2 yuan) was paid while PayDesk was down and is recorded as paid");
        return { { QStringLiteral("out_trade_no"), outTradeNo },
                 { QStringLiteral("outcome"), reversed ? QStringLiteral("reversed") : QStringLiteral("paid") },
                 { QStringLiteral("amount"), amount },
                 { QStringLiteral("state"), order ? orderStateName(order->state) : QString() },
                 { QStringLiteral("message"), message.arg(outTradeNo, formatYuan(amount)) } };
    }

    int m_timeoutSeconds = DefaultTimeoutSeconds;
    QJsonArray m_recovered;
    QDeadlineTimer m_deadline;
};

} // namespace

std::unique_ptr<Command> makeRecoverCommand()
{
    return std::make_unique<RecoverCommand>();
}

} // namespace paydesk::cli
