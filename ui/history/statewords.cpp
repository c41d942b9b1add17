// SPDX-License-Identifier: MIT
#include "statewords.h"

#include "historymodel.h"
#include "sale/yuan.h"
#include "store/order.h"

#include <QRegularExpression>

namespace paydesk::ui {

QString StateWords::tradeState(const QString &code)
{
    QString word;
    if (code == QLatin1String("SUCCESS"))
        word = tr("Paid");
    else if (code == QLatin1String("REFUND"))
        word = tr("Refund started");
    else if (code == QLatin1String("NOTPAY"))
        word = tr("Not paid");
    else if (code == QLatin1String("CLOSED"))
        word = tr("Closed");
    else if (code == QLatin1String("REVOKED"))
        word = tr("Reversed");
    else if (code == QLatin1String("USERPAYING"))
        word = tr("Customer paying");
    else if (code == QLatin1String("PAYERROR"))
        word = tr("Payment failed");
    else if (code == QLatin1String("ACCEPT"))
        word = tr("Accepted, waiting for payment");
    if (word.isEmpty())
        return code;
    return tr("%1 (%2)", "trade state word (WeChat Pay's code)").arg(word, code);
}

QString StateWords::orderState(const QString &name)
{
    if (const auto state = orderStateFromName(name))
        return HistoryModel::stateText(*state);
    return name;
}

QString StateWords::resultSource(const QString &name)
{
    if (name == QLatin1String("query"))
        return tr("order query");
    if (name == QLatin1String("notification"))
        return tr("WeChat Pay notification");
    if (name == QLatin1String("create"))
        return tr("order answer");
    return name;
}

QString StateWords::refundStatus(const QString &status)
{
    if (status == QLatin1String("Created"))
        return tr("Requested");
    if (status == QLatin1String("PROCESSING"))
        return tr("Processing");
    if (status == QLatin1String("SUCCESS"))
        return tr("Refunded");
    if (status == QLatin1String("CLOSED"))
        return tr("Refund closed");
    if (status == QLatin1String("ABNORMAL"))
        return tr("Abnormal: needs the merchant platform");
    return status;
}

QString StateWords::auditAction(const QString &action)
{
    if (action == QLatin1String("order.create"))
        return tr("Order created");
    if (action == QLatin1String("order.pending"))
        return tr("QR code issued");
    if (action == QLatin1String("order.state"))
        return tr("State changed");
    if (action == QLatin1String("order.unsent"))
        return tr("Closed before sending");
    if (action == QLatin1String("order.refused") || action == QLatin1String("refund.refused"))
        return tr("Result refused");
    if (action == QLatin1String("refund.create"))
        return tr("Refund requested");
    if (action == QLatin1String("refund.state"))
        return tr("Refund state changed");
    return action;
}

namespace {

QString kindWord(const QString &kind)
{
    if (kind == QLatin1String("native"))
        return StateWords::tr("QR code sale");
    if (kind == QLatin1String("combine"))
        return StateWords::tr("Combined sale");
    if (kind == QLatin1String("sub"))
        return StateWords::tr("Sub-order");
    if (kind == QLatin1String("codepay"))
        return StateWords::tr("Payment code sale");
    return kind;
}

QString fen(const QString &digits)
{
    return Yuan::format(digits.toLongLong());
}

} // namespace

QString StateWords::auditDetails(const QString &action, const QString &details)
{
    QRegularExpressionMatch m;
    const auto matches = [&](const char *pattern) {
        m = QRegularExpression(QString::fromLatin1(pattern)).match(details);
        return m.hasMatch();
    };
    if (action == QLatin1String("order.state")) {
        if (matches(R"x(^(\w+) -> Paid \((\w+) REVOKED, transaction (\S+): the customer paid before the reverse\)$)x"))
            return tr("%1 → %2 (%3: REVOKED, transaction %4: the customer paid before the reverse)")
                .arg(orderState(m.captured(1)), orderState(QStringLiteral("Paid")), resultSource(m.captured(2)),
                     m.captured(3));
        if (matches(R"x(^(\w+) -> (\w+) \(from its sub-orders\)$)x"))
            return tr("%1 → %2 (from its sub-orders)").arg(orderState(m.captured(1)), orderState(m.captured(2)));
        if (matches(R"x(^(\w+) -> (\w+) \((\w+) (\w+), transaction (\S+)\)$)x"))
            return tr("%1 → %2 (%3: %4, transaction %5)")
                .arg(orderState(m.captured(1)), orderState(m.captured(2)), resultSource(m.captured(3)),
                     tradeState(m.captured(4)), m.captured(5));
        if (matches(R"x(^(\w+) -> (\w+) \((\w+) (\w+)\)$)x"))
            return tr("%1 → %2 (%3: %4)")
                .arg(orderState(m.captured(1)), orderState(m.captured(2)), resultSource(m.captured(3)),
                     tradeState(m.captured(4)));
    } else if (action == QLatin1String("refund.state")) {
        if (matches(R"x(^(\S+) -> (\S+) \((\w+)\)$)x"))
            return tr("%1 → %2 (%3)")
                .arg(refundStatus(m.captured(1)), refundStatus(m.captured(2)), resultSource(m.captured(3)));
    } else if (action == QLatin1String("order.create")) {
        if (matches(R"x(^(\w+) (\d+) fen "(.*)"( \(training\))?$)x"))
            return (m.capturedLength(4) > 0 ? tr("%1, %2, “%3” (training)") : tr("%1, %2, “%3”"))
                .arg(kindWord(m.captured(1)), fen(m.captured(2)), m.captured(3));
    } else if (action == QLatin1String("refund.create")) {
        if (matches(R"x(^(\S+): (\d+) fen, reason "(.*)"$)x"))
            return tr("%1: %2, reason “%3”").arg(m.captured(1), fen(m.captured(2)), m.captured(3));
    } else if (action == QLatin1String("order.pending")) {
        if (details == QLatin1String("code_url received"))
            return tr("QR code received from WeChat Pay");
    } else if (action == QLatin1String("order.refused")) {
        if (matches(R"x(^(\w+) result (\w+) refused: (.*)$)x"))
            return tr("%1 said %2, refused: %3")
                .arg(resultSource(m.captured(1)), tradeState(m.captured(2)), m.captured(3));
    }
    return details;
}

} // namespace paydesk::ui
