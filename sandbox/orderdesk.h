// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"
#include "jsonfields.h"
#include "sandboxstore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace paydesk::sandbox {

struct Merchant;
struct SandboxContext;

// Native and combined orders: the /v3 calls that create, query and close
// them, and the customer's side (scan, enter password, pay, fail, walk away)
// that the control API plays. Every change is one store transaction.
class OrderDesk
{
public:
    explicit OrderDesk(SandboxContext *context);

    HttpResponse createNative(const Merchant &merchant, const HttpRequest &request);
    HttpResponse queryByOutTradeNo(const Merchant &merchant, const QString &outTradeNo, const HttpRequest &request);
    HttpResponse queryByTransactionId(const Merchant &merchant, const QString &transactionId,
                                      const HttpRequest &request);
    HttpResponse close(const Merchant &merchant, const QString &outTradeNo, const HttpRequest &request);

    HttpResponse createCombine(const Merchant &merchant, const HttpRequest &request);
    HttpResponse queryCombine(const Merchant &merchant, const QString &combineOutTradeNo);
    HttpResponse closeCombine(const Merchant &merchant, const QString &combineOutTradeNo, const HttpRequest &request);

    // The customer: action is scan, userpaying, pay, fail or abandon. The body
    // names the order by code_url, combine_out_trade_no or out_trade_no (with
    // mchid when several merchants use it); pay takes openid and bank_type.
    HttpResponse customer(const QString &action, const QJsonObject &body);

    static QJsonObject transactionJson(const OrderRecord &order);
    QJsonObject combineJson(const CombineRecord &combine) const;
    // For the control API's listings: the transaction plus sandbox-only fields.
    QJsonObject orderOverview(const OrderRecord &order) const;

    static QString tradeStateDesc(const QString &state);
    static bool isValidOutTradeNo(const QString &value);

private:
    struct Target
    {
        std::optional<CombineRecord> combine;
        QList<OrderRecord> orders;
        bool viaCodeUrl = false;
    };
    std::optional<Target> resolveTarget(const QJsonObject &body, HttpResponse *failure) const;
    qint64 clampExpiry(const QString &timeExpire, qint64 now, JsonFields *fields) const;
    void setState(OrderRecord &order, const QString &state, const QString &desc = {}) const;
    void notifyPaid(const Target &target);

    SandboxContext *m_context;
};

} // namespace paydesk::sandbox
