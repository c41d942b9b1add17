// SPDX-License-Identifier: MIT
#include "order.h"

namespace paydesk {

QString orderStateName(OrderState state)
{
    switch (state) {
    case OrderState::Created: return QStringLiteral("Created");
    case OrderState::Pending: return QStringLiteral("Pending");
    case OrderState::Paid: return QStringLiteral("Paid");
    case OrderState::PartiallyRefunded: return QStringLiteral("PartiallyRefunded");
    case OrderState::Refunded: return QStringLiteral("Refunded");
    case OrderState::Closed: return QStringLiteral("Closed");
    case OrderState::Failed: return QStringLiteral("Failed");
    }
    return {};
}

std::optional<OrderState> orderStateFromName(const QString &name)
{
    for (OrderState s : {OrderState::Created, OrderState::Pending, OrderState::Paid, OrderState::PartiallyRefunded,
                         OrderState::Refunded, OrderState::Closed, OrderState::Failed}) {
        if (orderStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

bool isFinal(OrderState state)
{
    return state != OrderState::Created && state != OrderState::Pending;
}

bool isPaid(OrderState state)
{
    return state == OrderState::Paid || state == OrderState::PartiallyRefunded || state == OrderState::Refunded;
}

QString reversalRefundNo(const QString &outTradeNo)
{
    return QStringLiteral("REVERSE-") + outTradeNo;
}

bool isReversalRefundNo(const QString &outRefundNo)
{
    return outRefundNo.startsWith(QLatin1String("REVERSE-"));
}

QString orderKindName(OrderKind kind)
{
    switch (kind) {
    case OrderKind::Native: return QStringLiteral("native");
    case OrderKind::Combine: return QStringLiteral("combine");
    case OrderKind::SubOrder: return QStringLiteral("sub");
    case OrderKind::CodePay: return QStringLiteral("codepay");
    }
    return {};
}

} // namespace paydesk
