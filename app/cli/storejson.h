// SPDX-License-Identifier: MIT
#pragma once

#include "store/order.h"
#include "store/refundrepository.h"

#include <QJsonObject>

namespace paydesk::cli {

// Stored orders and refunds as the store-backed commands print them. The
// payer is only ever the masked form the store keeps.
QJsonObject orderJson(const OrderRecord &order);
QJsonObject refundJson(const RefundRecord &refund);
// The order with its refunds (and sub-orders for a combined sale).
QJsonObject orderWithRefundsJson(const OrderRecord &order, const OrderRepository &orders,
                                 const RefundRepository &refunds);

} // namespace paydesk::cli
