// SPDX-License-Identifier: MIT
#include "commands.h"
#include "payments/paymentservice.h"
#include "salecommand.h"
#include "wechatpay/apitypes.h"

namespace paydesk::cli {

namespace {

class SaleCodePayCommand : public SaleCommand
{
public:
    QStringList path() const override { return { QStringLiteral("sale"), QStringLiteral("codepay") }; }
    QString summary() const override
    {
        return QStringLiteral("A code-pay (付款码) sale: the customer's payment code, stored first, then sent once.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("(--amount FEN | --yuan YUAN) --auth-code CODE [--description TEXT] ") + commonSynopsis();
    }
    QString details() const override
    {
        return QStringLiteral(
            "CODE is the 18-digit payment code the customer shows in WeChat (starting 10-15), as a\n"
            "scanner reads it; anything else is refused before anything is stored or sent. The code\n"
            "is sent once and never stored or printed. Output is one JSON line per event, as for\n"
            "`sale native`; \"USERPAYING\" means the customer is entering the password. At the\n"
            "terminal's code-pay deadline (30 s; PAYDESK_CODEPAY_DEADLINE_S) a sale still open is\n"
            "queried: paid stays paid; otherwise it is reversed (撤销) and the customer is not charged,\n"
            "or gets the money back (booked as the payment and a refund). See docs/codepay.md.");
    }

protected:
    void addSaleOptions(QCommandLineParser &parser) override
    {
        parser.addOption(
            { QStringLiteral("amount"), QStringLiteral("Amount in fen (1234 = 12.34 yuan)."), QStringLiteral("FEN") });
        parser.addOption({ QStringLiteral("yuan"), QStringLiteral("Amount in yuan, at most two decimals (12.34)."),
                           QStringLiteral("YUAN") });
        parser.addOption({ QStringLiteral("auth-code"),
                           QStringLiteral("The customer's payment code (18 digits, 10-15...)."), QStringLiteral("CODE") });
        parser.addOption({ QStringLiteral("description"),
                           QStringLiteral("What the customer sees (default: \"PayDesk sale\")."), QStringLiteral("TEXT") });
    }

    Result<void, CliError> parseSale(const QCommandLineParser &parser) override
    {
        auto amount = amountFromOptions(parser, QStringLiteral("amount"), QStringLiteral("yuan"));
        if (!amount)
            return amount.error();
        m_amount = *amount;
        m_authCode = parser.value(QStringLiteral("auth-code")).trimmed();
        if (!isValidAuthCode(m_authCode)) {
            // Never echo it: it is the customer's one-time credential.
            return CliError::usage(QStringLiteral("--auth-code is not a WeChat payment code (18 digits starting "
                                                  "10-15; got %1 characters): scan the customer's code again")
                                       .arg(m_authCode.size()));
        }
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
        return payments.startCodePaySale(m_amount, description, m_authCode, cashier);
    }

    qint64 amount() const override { return m_amount; }

private:
    qint64 m_amount = 0;
    QString m_authCode;
    QString m_description;
};

} // namespace

std::unique_ptr<Command> makeSaleCodePayCommand()
{
    return std::make_unique<SaleCodePayCommand>();
}

} // namespace paydesk::cli
