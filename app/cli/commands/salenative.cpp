// SPDX-License-Identifier: MIT
#include "commands.h"
#include "payments/paymentservice.h"
#include "salecommand.h"

namespace paydesk::cli {

namespace {

class SaleNativeCommand : public SaleCommand
{
public:
    QStringList path() const override { return { QStringLiteral("sale"), QStringLiteral("native") }; }
    QString summary() const override
    {
        return QStringLiteral("A Native (QR) sale through the terminal's store: stored first, then sent.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("(--amount FEN | --yuan YUAN) [--description TEXT] ") + commonSynopsis();
    }
    QString details() const override
    {
        return QStringLiteral(
            "Unlike `order native`, the sale is written to the terminal's database (--db) before\n"
            "anything is sent, exactly as the cashier GUI does it. Output is one JSON line per event:\n"
            "  {\"event\":\"stored\",\"out_trade_no\":...}   as soon as the order is committed\n"
            "  {\"event\":\"updated\",\"state\":...,\"code_url\":...}   per change\n"
            "  {\"event\":\"created\"|\"final\",\"order\":{...}}   the stored order at the end\n"
            "If the process dies at any point, `paydesk-cli recover` settles what it left: by query,\n"
            "never by a second order.");
    }

protected:
    void addSaleOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("amount"), QStringLiteral("Amount in fen (1234 = 12.34 yuan)."), QStringLiteral("FEN") });
        parser.addOption({ QStringLiteral("yuan"), QStringLiteral("Amount in yuan, at most two decimals (12.34)."),
                           QStringLiteral("YUAN") });
        parser.addOption({ QStringLiteral("description"),
                           QStringLiteral("What the customer sees (default: the profile's store name)."),
                           QStringLiteral("TEXT") });
    }

    Result<void, CliError> parseSale(const QCommandLineParser &parser) override
    {
        auto amount = amountFromOptions(parser, QStringLiteral("amount"), QStringLiteral("yuan"));
        if (!amount)
            return amount.error();
        m_amount = *amount;
        m_description = parser.value(QStringLiteral("description"));
        if (m_description.size() > 127)
            return CliError::usage(
                QStringLiteral("--description has %1 characters; at most 127 are allowed").arg(m_description.size()));
        return {};
    }

    Result<QString> startSale(PaymentService &payments, const QString &cashier) override
    {
        QString description = m_description;
        if (description.trimmed().isEmpty())
            description = QStringLiteral("PayDesk sale");
        return payments.startNativeSale(m_amount, description, cashier);
    }

    qint64 amount() const override { return m_amount; }

private:
    qint64 m_amount = 0;
    QString m_description;
};

} // namespace

std::unique_ptr<Command> makeSaleNativeCommand()
{
    return std::make_unique<SaleNativeCommand>();
}

} // namespace paydesk::cli
