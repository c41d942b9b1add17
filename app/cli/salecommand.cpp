// SPDX-License-Identifier: MIT
#include "salecommand.h"

#include "amount.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "storejson.h"
#include "store/database.h"
#include "store/orderrepository.h"

#include <QTimer>

namespace paydesk::cli {

namespace {

constexpr int MaxExpireSeconds = 2 * 60 * 60; // a QR sale at the counter; WeChat Pay would allow days
constexpr int MaxTimeoutSeconds = 24 * 60 * 60;

const QString kCashier = QStringLiteral("cashier");
const QString kExpire = QStringLiteral("expire-seconds");
const QString kWait = QStringLiteral("wait");
const QString kTimeout = QStringLiteral("timeout-s");

} // namespace

QString SaleCommand::commonSynopsis() const
{
    return QStringLiteral("[--cashier NAME] [--expire-seconds N] [--wait [--timeout-s S]]");
}

void SaleCommand::addOptions(QCommandLineParser &parser)
{
    addSaleOptions(parser);
    parser.addOption({ kCashier, QStringLiteral("Who rang the sale up (default: cli)."), QStringLiteral("NAME") });
    parser.addOption({ kExpire,
                       QStringLiteral("Seconds the customer has to pay before the order is closed (default 300)."),
                       QStringLiteral("N") });
    parser.addOption({ kWait, QStringLiteral("Follow the order until it is paid, closed or failed.") });
    parser.addOption({ kTimeout,
                       QStringLiteral("With --wait: give up waiting after S seconds (exit 4; the order stays "
                                      "stored and `paydesk-cli recover` settles it)."),
                       QStringLiteral("S") });
}

Result<void, CliError> SaleCommand::parse(const QCommandLineParser &parser)
{
    if (auto r = parseSale(parser); !r)
        return r;
    m_cashier = parser.isSet(kCashier) ? parser.value(kCashier) : QStringLiteral("cli");
    if (m_cashier.trimmed().isEmpty())
        return CliError::usage(QStringLiteral("--cashier needs a name"));
    if (parser.isSet(kExpire)) {
        auto seconds = positiveIntOption(parser, kExpire, MaxExpireSeconds);
        if (!seconds)
            return seconds.error();
        m_expireSeconds = *seconds;
    }
    m_wait = parser.isSet(kWait);
    if (parser.isSet(kTimeout)) {
        if (!m_wait)
            return CliError::usage(QStringLiteral("--timeout-s only goes with --wait"));
        auto seconds = positiveIntOption(parser, kTimeout, MaxTimeoutSeconds);
        if (!seconds)
            return seconds.error();
        m_timeoutSeconds = *seconds;
    }
    return {};
}

void SaleCommand::run(CliContext &context)
{
    if (m_expireSeconds > 0)
        context.terminalOptions().expirySeconds = m_expireSeconds;
    auto terminal = context.terminal();
    if (!terminal)
        return context.fail(terminal.error());
    PaymentService *payments = (*terminal)->payments();

    QObject::connect(payments, &PaymentService::saleUpdated, &context,
                     [this, &context](const QString &no, OrderState state, const QString &codeUrl,
                                      const QString &message) { onUpdated(context, no, state, codeUrl, message); });
    QObject::connect(payments, &PaymentService::saleFinished, &context,
                     [this, &context](const QString &no, OrderState) { onFinished(context, no, QStringLiteral("final")); });

    auto started = startSale(*payments, m_cashier);
    if (!started) {
        if (started.error().code == QLatin1String("INVALID_ARGUMENT"))
            return context.fail(CliError::usage(started.error().message));
        return context.fail(CliError::store(started.error()));
    }
    m_outTradeNo = *started;
    context.printJsonLine({ { QStringLiteral("event"), QStringLiteral("stored") },
                            { QStringLiteral("out_trade_no"), m_outTradeNo },
                            { QStringLiteral("amount"), amount() },
                            { QStringLiteral("yuan"), formatYuan(amount()) },
                            { QStringLiteral("database"), (*terminal)->database()->path() } });

    if (m_wait && m_timeoutSeconds > 0) {
        QTimer::singleShot(qint64(m_timeoutSeconds) * 1000, &context, [this, &context] {
            const auto order = context.terminal().value()->orders()->find(m_outTradeNo);
            CliError e;
            e.exitCode = OutcomeUnknown;
            e.code = QStringLiteral("TIMEOUT");
            e.message = QStringLiteral("order %1 is still %2 after %3 s")
                            .arg(m_outTradeNo, order ? orderStateName(order->state) : QStringLiteral("unknown"))
                            .arg(m_timeoutSeconds);
            e.context = { { QStringLiteral("out_trade_no"), m_outTradeNo },
                          { QStringLiteral("hint"), QStringLiteral("the order is stored: paydesk-cli order wait "
                                                                   "--out-trade-no %1, or paydesk-cli recover")
                                                        .arg(m_outTradeNo) } };
            context.fail(e);
        });
    }
}

void SaleCommand::onUpdated(CliContext &context, const QString &outTradeNo, OrderState state, const QString &codeUrl,
                            const QString &message)
{
    if (outTradeNo != m_outTradeNo || context.isFinished())
        return;
    QJsonObject line { { QStringLiteral("event"), QStringLiteral("updated") },
                       { QStringLiteral("out_trade_no"), outTradeNo },
                       { QStringLiteral("state"), orderStateName(state) } };
    if (!codeUrl.isEmpty())
        line.insert(QStringLiteral("code_url"), codeUrl);
    if (!message.isEmpty())
        line.insert(QStringLiteral("message"), message);
    context.printJsonLine(line);
    if (m_wait || isFinal(state))
        return; // saleFinished follows for a final state
    if (state == OrderState::Pending)
        return onFinished(context, outTradeNo, QStringLiteral("created"));
    if (state == OrderState::Created && !message.isEmpty()) {
        // The create call got no usable answer; PaymentService keeps settling
        // it by query, but a caller without --wait must know now.
        CliError e;
        e.exitCode = OutcomeUnknown;
        e.code = QStringLiteral("OUTCOME_UNKNOWN");
        e.message = message;
        e.outcomeUnknown = true;
        e.context = { { QStringLiteral("out_trade_no"), outTradeNo },
                      { QStringLiteral("hint"), QStringLiteral("the order is stored: paydesk-cli order wait "
                                                               "--out-trade-no %1 settles it without a second order")
                                                    .arg(outTradeNo) } };
        context.fail(e);
    }
}

void SaleCommand::onFinished(CliContext &context, const QString &outTradeNo, const QString &event)
{
    if (outTradeNo != m_outTradeNo || context.isFinished())
        return;
    PaymentTerminal *terminal = context.terminal().value();
    const auto order = terminal->orders()->find(outTradeNo);
    if (!order)
        return context.fail(CliError::store(makeError(QStringLiteral("unknown_order"),
                                                      QStringLiteral("order %1 vanished from the store").arg(outTradeNo))));
    context.printJsonLine({ { QStringLiteral("event"), event },
                            { QStringLiteral("order"),
                              orderWithRefundsJson(*order, *terminal->orders(), *terminal->refunds()) } });
    // WeChat Pay refused the create call: nothing was sold, like `order native`'s exit 3.
    context.finish(order->tradeState == QLatin1String("NOT_CREATED") ? BusinessRefusal : Success);
}

} // namespace paydesk::cli
