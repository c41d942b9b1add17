// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "store/order.h"
#include "wechatpay/apitypes.h"

#include <QList>
#include <QObject>
#include <QString>

namespace paydesk {

class ApiClient;
class Clock;
class OrderRepository;
class StatusPoller;

// Native and combined sales, from the cashier's "charge" to a final state.
// The order is stored (Created) before the first byte goes out; every retry
// reuses its out_trade_no; a create call with no answer is settled by a query,
// never by a new order (DESIGN.md, "A sale, as data").
class PaymentService : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString appid;
        QString mchid;
        QString notifyUrl;
        QString terminalId;
        int expirySeconds = 300; // time_expire after the order is stored
        bool training = false;
        // Code pay: how long a customer may take to enter the password before
        // the order is reversed (WeChat Pay suggests 30-45 s), and the
        // terminal's scene_info (device_ip empty: the first non-loopback IPv4).
        int codePayDeadlineSeconds = 30;
        QString deviceIp;
        QString storeId; // scene_info.store_info.out_id; empty: terminalId
    };

    struct SubSale
    {
        QString mchid;
        qint64 amount = 0; // fen
        QString description;
    };

    PaymentService(ApiClient *api, OrderRepository *orders, StatusPoller *poller, Clock *clock, Settings settings,
                   QObject *parent = nullptr);

    // Stores the order and sends it; returns its out_trade_no at once. Progress
    // arrives through saleUpdated / saleFinished.
    Result<QString> startNativeSale(qint64 amount, const QString &description, const QString &cashier,
                                    const QString &itemsJson = {});
    Result<QString> startCombinedSale(const QList<SubSale> &subs, const QString &cashier);
    // Code pay (付款码): the customer's payment code was scanned. Refused at
    // once (nothing stored) when authCode is not a payment code. Otherwise the
    // order is stored, then sent once; the code itself is never stored or
    // logged. USERPAYING is followed by queries; a create without an answer is
    // settled by queries, never by a second charge; whatever is still open at
    // the deadline is reversed (cancel() reverses at once).
    Result<QString> startCodePaySale(qint64 amount, const QString &description, const QString &authCode,
                                     const QString &cashier, const QString &itemsJson = {});

    // Cashier cancels: close, then query; a payment that beat the close wins.
    void cancel(const QString &outTradeNo);

    // Sends the create call again for a Created order with the same out_trade_no
    // (WeChat Pay answers the same code_url for the same parameters).
    void resend(const QString &outTradeNo);

    QString newOutTradeNo(int length = 32) const; // OrderNumber::generate for this terminal
    const Settings &settings() const { return m_settings; }
    // How long the QR code of the next Native or combined sale stays payable
    // (the store's setting changed); orders already stored keep their expiry.
    void setExpirySeconds(int seconds) { m_settings.expirySeconds = seconds; }

signals:
    void saleUpdated(const QString &outTradeNo, paydesk::OrderState state, const QString &codeUrl,
                     const QString &message);
    void saleFinished(const QString &outTradeNo, paydesk::OrderState state);

private:
    void send(const QString &outTradeNo);
    void onCreated(const QString &outTradeNo, const QString &codeUrl);
    void onCreateFailed(const QString &outTradeNo, const struct ApiError &error);
    void settleByQuery(const QString &outTradeNo);
    void onCodePayAnswered(const QString &outTradeNo, const ApiResult<CodePayResult> &result);

    ApiClient *m_api;
    OrderRepository *m_orders;
    StatusPoller *m_poller;
    Clock *m_clock;
    Settings m_settings;
};

} // namespace paydesk
