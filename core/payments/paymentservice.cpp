// SPDX-License-Identifier: MIT
#include "paymentservice.h"

#include "clock.h"
#include "ordernumber.h"
#include "statuspoller.h"
#include "store/orderrepository.h"
#include "wechatpay/apiclient.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QTimeZone>

namespace paydesk {

Q_LOGGING_CATEGORY(lcPayments, "paydesk.payments")

namespace {

// The create requests, built the same way from a sale about to be stored
// (NewOrder) and from a stored one (OrderRecord): both have the fields used.
// time_expire comes from the order, never from "now": it cannot change when
// an out_trade_no is re-submitted. No scene_info: WeChat Pay then requires
// payer_client_ip, which a Native sale (the customer's phone scans) lacks.
template<typename Order>
NativeOrderRequest nativeRequest(const PaymentService::Settings &settings, const Order &order)
{
    NativeOrderRequest request;
    request.appid = settings.appid;
    request.mchid = order.mchid;
    request.description = order.description;
    request.outTradeNo = order.outTradeNo;
    request.amountTotal = order.amountTotal;
    request.notifyUrl = settings.notifyUrl;
    request.timeExpire = order.expiresAt;
    return request;
}

template<typename Order, typename SubOrders>
CombineOrderRequest combineRequest(const PaymentService::Settings &settings, const Order &order, const SubOrders &subs)
{
    CombineOrderRequest request;
    request.combineAppid = settings.appid;
    request.combineMchid = order.mchid;
    request.combineOutTradeNo = order.outTradeNo;
    request.notifyUrl = settings.notifyUrl;
    request.timeExpire = order.expiresAt;
    for (const auto &child : subs) {
        CombineSubOrderRequest r;
        r.mchid = child.mchid;
        r.amountTotal = child.amountTotal;
        r.outTradeNo = child.outTradeNo;
        r.description = child.description;
        r.attach = child.description.left(128);
        request.subOrders << r;
    }
    return request;
}

QString terminalIp()
{
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol)
            return address.toString();
    }
    return QStringLiteral("127.0.0.1");
}

} // namespace

PaymentService::PaymentService(ApiClient *api, OrderRepository *orders, StatusPoller *poller, Clock *clock,
                               Settings settings, QObject *parent)
    : QObject(parent), m_api(api), m_orders(orders), m_poller(poller), m_clock(clock), m_settings(std::move(settings))
{
    connect(m_poller, &StatusPoller::updated, this,
            [this](const QString &no, OrderState state, const QString &tradeState) {
                const auto order = m_orders->find(no);
                emit saleUpdated(no, state, order ? order->codeUrl : QString(), tradeState);
            });
    connect(m_poller, &StatusPoller::finished, this, &PaymentService::saleFinished);
}

QString PaymentService::newOutTradeNo(int length) const
{
    // OrderNumber's rule: the terminal, the time, random; the same as
    // paydesk-cli's API orders, so the number says which till made it.
    return OrderNumber::generate(m_settings.terminalId, length, m_clock->now());
}

Result<QString> PaymentService::startNativeSale(qint64 amount, const QString &description, const QString &cashier,
                                                const QString &itemsJson)
{
    NewOrder order;
    order.outTradeNo = newOutTradeNo();
    order.kind = OrderKind::Native;
    order.mchid = m_settings.mchid;
    order.description = description;
    order.amountTotal = amount;
    order.expiresAt = m_clock->now().addSecs(qint64(m_settings.expirySeconds));
    order.training = m_settings.training;
    order.terminalId = m_settings.terminalId;
    order.cashier = cashier;
    order.itemsJson = itemsJson;

    const NativeOrderRequest request = nativeRequest(m_settings, order);
    if (auto valid = request.validate(); !valid)
        return valid.error();

    auto stored = m_orders->create(order, cashier);
    if (!stored)
        return stored.error();
    send(order.outTradeNo);
    return order.outTradeNo;
}

Result<QString> PaymentService::startCombinedSale(const QList<SubSale> &subs, const QString &cashier)
{
    NewOrder order;
    // Sub-orders append S1..S10: the parent leaves them 3 characters.
    order.outTradeNo = newOutTradeNo(OrderNumber::MinLength);
    order.kind = OrderKind::Combine;
    order.mchid = m_settings.mchid;
    order.expiresAt = m_clock->now().addSecs(qint64(m_settings.expirySeconds));
    order.training = m_settings.training;
    order.terminalId = m_settings.terminalId;
    order.cashier = cashier;
    QStringList descriptions;
    int index = 0;
    for (const SubSale &sub : subs) {
        NewOrder child;
        child.outTradeNo = order.outTradeNo + QLatin1Char('S') + QString::number(++index);
        child.kind = OrderKind::SubOrder;
        child.mchid = sub.mchid;
        child.description = sub.description;
        child.amountTotal = sub.amount;
        child.expiresAt = order.expiresAt;
        child.training = order.training;
        child.terminalId = order.terminalId;
        child.cashier = cashier;
        order.subOrders << child;
        order.amountTotal += sub.amount;
        descriptions << sub.description;
    }
    order.description = descriptions.join(QStringLiteral(" + ")).left(127);

    const CombineOrderRequest request = combineRequest(m_settings, order, order.subOrders);
    if (auto valid = request.validate(); !valid)
        return valid.error();

    auto stored = m_orders->create(order, cashier);
    if (!stored)
        return stored.error();
    send(order.outTradeNo);
    return order.outTradeNo;
}

Result<QString> PaymentService::startCodePaySale(qint64 amount, const QString &description, const QString &authCode,
                                                 const QString &cashier, const QString &itemsJson)
{
    NewOrder order;
    order.outTradeNo = newOutTradeNo();
    order.kind = OrderKind::CodePay;
    order.mchid = m_settings.mchid;
    order.description = description;
    order.amountTotal = amount;
    // Not a payment window: the moment an unsettled order is reversed.
    order.expiresAt = m_clock->now().addSecs(qint64(qMax(1, m_settings.codePayDeadlineSeconds)));
    order.training = m_settings.training;
    order.terminalId = m_settings.terminalId;
    order.cashier = cashier;
    order.itemsJson = itemsJson;

    CodePayRequest request;
    request.appid = m_settings.appid;
    request.mchid = order.mchid;
    request.description = description;
    request.outTradeNo = order.outTradeNo;
    request.amountTotal = amount;
    request.authCode = authCode;
    request.deviceIp = m_settings.deviceIp.isEmpty() ? terminalIp() : m_settings.deviceIp;
    request.storeOutId = !m_settings.storeId.isEmpty() ? m_settings.storeId
        : !m_settings.terminalId.isEmpty()            ? m_settings.terminalId
                                                      : QStringLiteral("PAYDESK");
    request.deviceId = m_settings.terminalId.left(32);
    if (auto valid = request.validate(); !valid)
        return valid.error();

    auto stored = m_orders->create(order, cashier);
    if (!stored)
        return stored.error();
    const QString outTradeNo = order.outTradeNo;
    m_api->createCodePay(request, [this, outTradeNo](ApiResult<CodePayResult> r) { onCodePayAnswered(outTradeNo, r); });
    return outTradeNo;
}

void PaymentService::onCodePayAnswered(const QString &outTradeNo, const ApiResult<CodePayResult> &r)
{
    const QString actor = QStringLiteral("payments");
    if (r && r->paid()) {
        auto applied = m_orders->applyTransaction(r->transaction, ResultSource::CreateAnswer, actor);
        if (!applied)
            qCCritical(lcPayments) << "cannot store the payment of" << outTradeNo << ":" << applied.error().message;
        const auto order = m_orders->find(outTradeNo);
        if (order && isFinal(order->state)) {
            emit saleUpdated(outTradeNo, order->state, QString(), QString());
            emit saleFinished(outTradeNo, order->state);
            return;
        }
        m_poller->watch(outTradeNo); // not stored: the queries will store it
        return;
    }
    if (r) {
        // USERPAYING: the customer is entering the password on the phone.
        if (r->userPaying()) {
            Transaction t;
            t.outTradeNo = outTradeNo;
            t.mchid = m_settings.mchid;
            t.tradeState = r->tradeState;
            (void)m_orders->applyTransaction(t, ResultSource::CreateAnswer, actor);
        }
        const auto order = m_orders->find(outTradeNo);
        emit saleUpdated(outTradeNo, order ? order->state : OrderState::Pending, QString(), r->tradeState);
        m_poller->watch(outTradeNo);
        return;
    }
    const ApiError &error = r.error();
    qCWarning(lcPayments) << "code pay" << outTradeNo << "failed:" << error.toString();
    const bool neverSent = error.code == QLatin1String("INVALID_ARGUMENT");
    if (!neverSent && (error.outcomeUnknown || error.httpStatus == 0 || error.httpStatus >= 500 || error.httpStatus == 429)) {
        // It may have charged the customer: query until the deadline, then reverse.
        emit saleUpdated(outTradeNo, OrderState::Created, QString(), error.message);
        m_poller->watch(outTradeNo);
        return;
    }
    // A refusal (balance too low, expired code...): WeChat Pay took no order.
    auto closed = m_orders->closeUnsent(outTradeNo, QStringLiteral("code pay refused: %1 %2").arg(error.code, error.message),
                                        actor);
    if (!closed)
        qCCritical(lcPayments) << "cannot store the refusal of" << outTradeNo << ":" << closed.error().message;
    emit saleUpdated(outTradeNo, OrderState::Closed, QString(), error.message);
    emit saleFinished(outTradeNo, OrderState::Closed);
}

void PaymentService::resend(const QString &outTradeNo)
{
    const auto order = m_orders->find(outTradeNo);
    if (order && order->state == OrderState::Created)
        send(outTradeNo);
}

void PaymentService::send(const QString &outTradeNo)
{
    const auto order = m_orders->find(outTradeNo);
    if (!order || isFinal(order->state))
        return; // cancelled or settled meanwhile: never send it again
    if (order->kind == OrderKind::CodePay)
        return; // the payment code is used once and never kept: queries and the reverse settle it
    auto answered = [this, outTradeNo](ApiResult<CodeUrlResult> r) {
        if (r)
            onCreated(outTradeNo, r->codeUrl);
        else
            onCreateFailed(outTradeNo, r.error());
    };
    if (order->kind == OrderKind::Combine)
        m_api->createCombineOrder(combineRequest(m_settings, *order, m_orders->subOrders(order->id)), answered);
    else
        m_api->createNativeOrder(nativeRequest(m_settings, *order), answered);
}

void PaymentService::onCreated(const QString &outTradeNo, const QString &codeUrl)
{
    auto marked = m_orders->markPending(outTradeNo, codeUrl, QStringLiteral("payments"));
    if (!marked) {
        qCCritical(lcPayments) << "cannot store code_url for" << outTradeNo << ":" << marked.error().message;
        // The order exists at WeChat Pay: keep polling so a payment is never lost.
    }
    const auto order = m_orders->find(outTradeNo);
    emit saleUpdated(outTradeNo, order ? order->state : OrderState::Pending, codeUrl, QString());
    if (order && isFinal(order->state)) {
        emit saleFinished(outTradeNo, order->state);
        return;
    }
    m_poller->watch(outTradeNo);
}

void PaymentService::onCreateFailed(const QString &outTradeNo, const ApiError &error)
{
    qCWarning(lcPayments) << "create" << outTradeNo << "failed:" << error.toString();
    const bool neverSent = error.code == QLatin1String("INVALID_ARGUMENT");
    if (!neverSent && (error.outcomeUnknown || error.httpStatus == 0 || error.httpStatus >= 500 || error.httpStatus == 429)) {
        // It may exist at WeChat Pay: ask, never create another.
        emit saleUpdated(outTradeNo, OrderState::Created, QString(), error.message);
        settleByQuery(outTradeNo);
        return;
    }
    // A refusal (4xx): WeChat Pay did not take the order.
    auto closed = m_orders->closeUnsent(outTradeNo, QStringLiteral("create refused: %1 %2").arg(error.code, error.message),
                                        QStringLiteral("payments"));
    if (!closed)
        qCCritical(lcPayments) << "cannot store the refusal of" << outTradeNo << ":" << closed.error().message;
    emit saleUpdated(outTradeNo, OrderState::Closed, QString(), error.message);
    emit saleFinished(outTradeNo, OrderState::Closed);
}

void PaymentService::settleByQuery(const QString &outTradeNo)
{
    const auto order = m_orders->find(outTradeNo);
    if (!order)
        return;
    auto retryLater = [this, outTradeNo] {
        m_clock->callAfter(BackoffPolicy::paymentPolling().capMs, this, [this, outTradeNo] { settleByQuery(outTradeNo); });
    };
    auto onNotExist = [this, outTradeNo] {
        // The create never reached WeChat Pay: send the very same order again.
        send(outTradeNo);
    };
    if (order->kind == OrderKind::Combine) {
        m_api->queryCombineOrder(outTradeNo, [this, outTradeNo, retryLater, onNotExist](ApiResult<CombineTransaction> r) {
            if (!r) {
                r.error().is(QStringLiteral("ORDER_NOT_EXIST")) ? onNotExist() : retryLater();
                return;
            }
            (void)m_orders->applyCombineTransaction(*r, ResultSource::Query, QStringLiteral("payments"));
            // The code_url was lost with the answer: re-submitting the same order returns it.
            send(outTradeNo);
        });
    } else {
        m_api->queryByOutTradeNo(outTradeNo, [this, outTradeNo, retryLater, onNotExist](ApiResult<Transaction> r) {
            if (!r) {
                r.error().is(QStringLiteral("ORDER_NOT_EXIST")) ? onNotExist() : retryLater();
                return;
            }
            auto applied = m_orders->applyTransaction(*r, ResultSource::Query, QStringLiteral("payments"));
            const auto o = m_orders->find(outTradeNo);
            if (o && isFinal(o->state)) {
                emit saleUpdated(outTradeNo, o->state, o->codeUrl, QString());
                emit saleFinished(outTradeNo, o->state);
                return;
            }
            send(outTradeNo);
        });
    }
}

void PaymentService::cancel(const QString &outTradeNo)
{
    const auto order = m_orders->find(outTradeNo);
    if (!order || isFinal(order->state))
        return;
    m_poller->closeNow(outTradeNo);
}

} // namespace paydesk
