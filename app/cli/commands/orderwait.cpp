// SPDX-License-Identifier: MIT
#include "commands.h"
#include "payments/paymentterminal.h"
#include "payments/statuspoller.h"
#include "storejson.h"
#include "store/database.h"
#include "store/orderrepository.h"

#include <QTimer>

namespace paydesk::cli {

namespace {

constexpr int MaxTimeoutSeconds = 24 * 60 * 60;

class OrderWaitCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("order"), QStringLiteral("wait") }; }
    QString summary() const override
    {
        return QStringLiteral("Follow a stored order to a final state (paid, closed, failed); prints it.");
    }
    QString synopsis() const override { return QStringLiteral("--out-trade-no X [--timeout-s S]"); }
    QString details() const override
    {
        return QStringLiteral(
            "Queries WeChat Pay with the terminal's poll schedule and applies every answer to the\n"
            "store; at the order's expiry it closes the order and queries once more (a payment that\n"
            "landed at the last second wins). An order the create call never reached is closed\n"
            "locally. Exit 4 when --timeout-s passes first (default: no limit).");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("out-trade-no"), QStringLiteral("The stored order."), QStringLiteral("X") });
        parser.addOption({ QStringLiteral("timeout-s"), QStringLiteral("Give up after S seconds (exit 4)."),
                           QStringLiteral("S") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto no = requiredValue(parser, QStringLiteral("out-trade-no"));
        if (!no)
            return no.error();
        m_outTradeNo = *no;
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
        const auto order = t->orders()->find(m_outTradeNo);
        if (!order) {
            CliError e = CliError::store(makeError(QStringLiteral("unknown_order"),
                                                   QStringLiteral("no order %1 in the store %2")
                                                       .arg(m_outTradeNo, t->database()->path())));
            e.exitCode = BusinessRefusal;
            return context.fail(e);
        }
        if (order->kind == OrderKind::SubOrder) {
            return context.fail(CliError::usage(
                QStringLiteral("%1 is a sub-order: wait for its combined order instead").arg(m_outTradeNo)));
        }
        if (isFinal(order->state))
            return context.succeed(orderWithRefundsJson(*order, *t->orders(), *t->refunds()));

        QObject::connect(t->poller(), &StatusPoller::finished, &context,
                         [this, &context, t](const QString &no, OrderState) {
                             if (no != m_outTradeNo)
                                 return;
                             const auto o = t->orders()->find(no);
                             context.succeed(o ? orderWithRefundsJson(*o, *t->orders(), *t->refunds()) : QJsonObject());
                         });
        QObject::connect(t->poller(), &StatusPoller::queryFailed, &context,
                         [this, &context](const QString &no, const QString &message) {
                             if (no == m_outTradeNo)
                                 context.note(QStringLiteral("query of %1 failed: %2").arg(no, message));
                         });
        if (m_timeoutSeconds > 0) {
            QTimer::singleShot(qint64(m_timeoutSeconds) * 1000, &context, [this, &context, t] {
                const auto o = t->orders()->find(m_outTradeNo);
                CliError e;
                e.exitCode = OutcomeUnknown;
                e.code = QStringLiteral("TIMEOUT");
                e.message = QStringLiteral("order %1 is still %2 after %3 s")
                                .arg(m_outTradeNo, o ? orderStateName(o->state) : QString())
                                .arg(m_timeoutSeconds);
                e.context = { { QStringLiteral("out_trade_no"), m_outTradeNo } };
                context.fail(e);
            });
        }
        t->poller()->watch(m_outTradeNo);
    }

private:
    QString m_outTradeNo;
    int m_timeoutSeconds = 0;
};

} // namespace

std::unique_ptr<Command> makeOrderWaitCommand()
{
    return std::make_unique<OrderWaitCommand>();
}

} // namespace paydesk::cli
