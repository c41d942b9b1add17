// SPDX-License-Identifier: MIT
#include "identifiers.h"

#include "crypto/securerandom.h"
#include "payments/ordernumber.h"

namespace paydesk::cli {

QString generateOutTradeNo(const QString &terminalId, int length, const QDateTime &now)
{
    return OrderNumber::generate(terminalId, length, now);
}

QString generateOutRefundNo(const QString &terminalId, const QDateTime &now)
{
    // The order's shape with "R" after the terminal part: a refund number
    // says which till asked for it too.
    const QString head = OrderNumber::prefix(terminalId).left(OrderNumber::MaxPrefix - 1) + QLatin1Char('R')
        + OrderNumber::Separator + now.toUTC().toString(QStringLiteral("yyMMddHHmmss"));
    return head + QString::fromLatin1(SecureRandom::alphanumeric(OrderNumber::MaxLength - int(head.size())));
}

QString combineSubOutTradeNo(const QString &combineOutTradeNo, int index)
{
    return combineOutTradeNo.left(CombineOutTradeNoLength) + QLatin1Char('-')
        + QString::number(index).rightJustified(2, QLatin1Char('0'));
}

} // namespace paydesk::cli
