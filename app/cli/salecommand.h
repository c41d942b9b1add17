// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"
#include "store/order.h"

#include <QString>

namespace paydesk {
class PaymentService;
}

namespace paydesk::cli {

// What `sale native` and `sale combine` share: a sale through the terminal's
// PaymentService (stored before anything is sent), reported as JSON lines on
// stdout — "stored" with the out_trade_no as soon as it is committed, then
// "updated" per change, then "final" — so a caller that loses the process
// still knows which order to settle. Without --wait it ends once the create
// call was answered (the code_url is there); with --wait it follows the
// order to a final state.
class SaleCommand : public Command
{
public:
    void addOptions(QCommandLineParser &parser) override;
    Result<void, CliError> parse(const QCommandLineParser &parser) override;
    void run(CliContext &context) override;

protected:
    virtual void addSaleOptions(QCommandLineParser &parser) = 0;
    virtual Result<void, CliError> parseSale(const QCommandLineParser &parser) = 0;
    // Stores the sale and starts it; returns its out_trade_no.
    virtual Result<QString> startSale(PaymentService &payments, const QString &cashier) = 0;
    virtual qint64 amount() const = 0;
    QString commonSynopsis() const;

private:
    void onUpdated(CliContext &context, const QString &outTradeNo, OrderState state, const QString &codeUrl,
                   const QString &message);
    void onFinished(CliContext &context, const QString &outTradeNo, const QString &event);

    QString m_cashier;
    int m_expireSeconds = 0;
    int m_timeoutSeconds = 0;
    bool m_wait = false;
    QString m_outTradeNo;
};

} // namespace paydesk::cli
