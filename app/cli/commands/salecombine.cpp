// SPDX-License-Identifier: MIT
#include "amount.h"
#include "commands.h"
#include "payments/paymentservice.h"
#include "salecommand.h"

namespace paydesk::cli {

namespace {

class SaleCombineCommand : public SaleCommand
{
public:
    QStringList path() const override { return { QStringLiteral("sale"), QStringLiteral("combine") }; }
    QString summary() const override
    {
        return QStringLiteral("A combined (合单) sale through the terminal's store: stored first, then sent.");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--sub MCHID:FEN:DESCRIPTION --sub MCHID:FEN:DESCRIPTION ... ") + commonSynopsis();
    }
    QString details() const override
    {
        return QStringLiteral("Like `sale native`, for 2-10 sub-orders of the profile's sub_merchants; the\n"
                              "sub-orders are numbered <out_trade_no>S1, S2, ... and paid together.");
    }

protected:
    void addSaleOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("sub"),
                           QStringLiteral("A sub-order: merchant id, amount in fen, description (repeat 2-10 times)."),
                           QStringLiteral("MCHID:FEN:DESCRIPTION") });
    }

    Result<void, CliError> parseSale(const QCommandLineParser &parser) override
    {
        const QStringList subs = parser.values(QStringLiteral("sub"));
        if (subs.size() < 2 || subs.size() > 10)
            return CliError::usage(
                QStringLiteral("a combined sale needs 2 to 10 --sub MCHID:FEN:DESCRIPTION (got %1)").arg(subs.size()));
        m_subs.clear();
        m_amount = 0;
        for (const QString &sub : subs) {
            const qsizetype first = sub.indexOf(QLatin1Char(':'));
            const qsizetype second = first < 0 ? -1 : sub.indexOf(QLatin1Char(':'), first + 1);
            if (first <= 0 || second < 0 || second + 1 >= sub.size())
                return CliError::usage(QStringLiteral("--sub \"%1\" must be MCHID:FEN:DESCRIPTION").arg(sub));
            PaymentService::SubSale sale;
            sale.mchid = sub.left(first);
            sale.description = sub.mid(second + 1);
            auto fen = parseFen(sub.mid(first + 1, second - first - 1));
            if (!fen)
                return CliError::usage(QStringLiteral("--sub \"%1\": %2").arg(sub, fen.error().message));
            sale.amount = *fen;
            m_amount += sale.amount;
            m_subs << sale;
        }
        return {};
    }

    Result<QString> startSale(PaymentService &payments, const QString &cashier) override
    {
        return payments.startCombinedSale(m_subs, cashier);
    }

    qint64 amount() const override { return m_amount; }

private:
    QList<PaymentService::SubSale> m_subs;
    qint64 m_amount = 0;
};

} // namespace

std::unique_ptr<Command> makeSaleCombineCommand()
{
    return std::make_unique<SaleCombineCommand>();
}

} // namespace paydesk::cli
