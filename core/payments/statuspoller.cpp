// SPDX-License-Identifier: MIT
#include "statuspoller.h"

#include "clock.h"
#include "store/orderrepository.h"
#include "wechatpay/apiclient.h"

#include <QLoggingCategory>

namespace paydesk {

Q_LOGGING_CATEGORY(lcPoller, "paydesk.payments.poller")

StatusPoller::StatusPoller(ApiClient *api, OrderRepository *orders, Clock *clock, BackoffPolicy policy,
                           quint32 seed, QObject *parent)
    : QObject(parent), m_api(api), m_orders(orders), m_clock(clock), m_policy(policy), m_rng(seed)
{
}

void StatusPoller::watch(const QString &outTradeNo)
{
    if (m_watched.contains(outTradeNo))
        return;
    const auto order = m_orders->find(outTradeNo);
    if (!order || isFinal(order->state))
        return;
    m_watched.insert(outTradeNo, Watch{0, false, ++m_generation, m_clock->now()});
    noteCount();
    scheduleNext(outTradeNo);
}

void StatusPoller::stop(const QString &outTradeNo)
{
    forget(outTradeNo);
}

void StatusPoller::closeNow(const QString &outTradeNo)
{
    if (!m_watched.contains(outTradeNo)) {
        m_watched.insert(outTradeNo, Watch{0, false, ++m_generation, m_clock->now()});
        noteCount();
    }
    close(outTradeNo);
}

void StatusPoller::scheduleNext(const QString &outTradeNo)
{
    auto it = m_watched.find(outTradeNo);
    if (it == m_watched.end() || it->closing)
        return;
    const quint64 generation = it->generation;
    qint64 wait = m_policy.delay(it->attempt++, m_rng, it->since.msecsTo(m_clock->now()));
    // Never sleep past the expiry: the close must happen on time.
    if (const auto order = m_orders->find(outTradeNo); order && order->expiresAt.isValid()) {
        const qint64 untilExpiry = m_clock->now().msecsTo(order->expiresAt);
        wait = qMax<qint64>(0, qMin(wait, untilExpiry));
    }
    m_clock->callAfter(wait, this, [this, outTradeNo, generation] { poll(outTradeNo, generation); });
}

void StatusPoller::poll(const QString &outTradeNo, quint64 generation)
{
    auto it = m_watched.find(outTradeNo);
    if (it == m_watched.end() || it->generation != generation || it->closing)
        return;
    const auto order = m_orders->find(outTradeNo);
    if (!order) {
        forget(outTradeNo);
        return;
    }
    if (order->expiresAt.isValid() && m_clock->now() >= order->expiresAt) {
        close(outTradeNo);
        return;
    }
    queryAndApply(outTradeNo, [this, outTradeNo](bool final) {
        if (final)
            finish(outTradeNo);
        else
            scheduleNext(outTradeNo);
    });
}

void StatusPoller::queryAndApply(const QString &outTradeNo, std::function<void(bool final)> then)
{
    const auto order = m_orders->find(outTradeNo);
    if (!order) {
        then(true);
        return;
    }
    // A code-pay create may still be on its way: until the deadline "no such
    // order" proves nothing (a cancel then reverses it); after it, WeChat Pay
    // never took the order.
    const bool codePayInFlight = order->kind == OrderKind::CodePay
        && (!order->expiresAt.isValid() || m_clock->now() < order->expiresAt);
    auto failed = [this, outTradeNo, then, codePayInFlight](const ApiError &error) {
        if (error.is(QStringLiteral("ORDER_NOT_EXIST")) && !codePayInFlight) {
            // WeChat Pay never took this order: nobody can pay it.
            auto closed = m_orders->closeUnsent(outTradeNo, QStringLiteral("query: ORDER_NOT_EXIST"),
                                                QStringLiteral("poller"));
            if (closed && closed->outcome == ApplyResult::Applied) {
                report(outTradeNo);
                then(true);
                return;
            }
        }
        qCInfo(lcPoller) << "query of" << outTradeNo << "failed:" << error.toString();
        emit queryFailed(outTradeNo, error.message);
        then(false);
    };
    auto applied = [this, outTradeNo, then](const Result<ApplyResult> &result) {
        if (!result) {
            qCWarning(lcPoller) << "cannot store the result for" << outTradeNo << ":" << result.error().message;
            emit queryFailed(outTradeNo, result.error().message);
            then(false);
            return;
        }
        if (result->outcome == ApplyResult::Applied)
            report(outTradeNo);
        const auto o = m_orders->find(outTradeNo);
        then(!o || isFinal(o->state));
    };
    if (order->kind == OrderKind::Combine) {
        m_api->queryCombineOrder(outTradeNo, [this, failed, applied](ApiResult<CombineTransaction> r) {
            if (!r)
                return failed(r.error());
            applied(m_orders->applyCombineTransaction(*r, ResultSource::Query, QStringLiteral("poller")));
        });
    } else {
        m_api->queryByOutTradeNo(outTradeNo, [this, failed, applied](ApiResult<Transaction> r) {
            if (!r)
                return failed(r.error());
            applied(m_orders->applyTransaction(*r, ResultSource::Query, QStringLiteral("poller")));
        });
    }
}

void StatusPoller::close(const QString &outTradeNo)
{
    auto it = m_watched.find(outTradeNo);
    if (it == m_watched.end() || it->closing)
        return;
    it->closing = true;
    const auto order = m_orders->find(outTradeNo);
    if (!order) {
        forget(outTradeNo);
        return;
    }
    // Whatever the close answers (204, ORDERPAID, a timeout), the query after it decides.
    auto thenQuery = [this, outTradeNo](const QString &closeOutcome) {
        qCInfo(lcPoller) << "closed" << outTradeNo << ":" << closeOutcome;
        queryAndApply(outTradeNo, [this, outTradeNo](bool final) {
            if (final)
                return finish(outTradeNo);
            // Not final yet (the close did not reach WeChat Pay): try again shortly.
            closeAgainLater(outTradeNo);
        });
    };
    if (order->kind == OrderKind::CodePay) {
        // A reverse refunds a paid order: ask first. What is paid stays paid;
        // only what is still unpaid or unknown is reversed.
        queryAndApply(outTradeNo, [this, outTradeNo, thenQuery](bool final) {
            if (final)
                return finish(outTradeNo);
            reverse(outTradeNo, thenQuery);
        });
        return;
    }
    if (order->kind == OrderKind::Combine) {
        CombineCloseRequest request;
        request.combineAppid = m_api->credentials().appid;
        request.combineOutTradeNo = outTradeNo;
        for (const OrderRecord &sub : m_orders->subOrders(order->id))
            request.subOrders.append({sub.mchid, sub.outTradeNo});
        m_api->closeCombineOrder(request, [thenQuery](ApiResult<ApiClient::Done> r) {
            thenQuery(r ? QStringLiteral("204") : r.error().toString());
        });
    } else {
        m_api->closeOrder(outTradeNo, [thenQuery](ApiResult<ApiClient::Done> r) {
            thenQuery(r ? QStringLiteral("204") : r.error().toString());
        });
    }
}

void StatusPoller::finish(const QString &outTradeNo)
{
    forget(outTradeNo);
    const auto o = m_orders->find(outTradeNo);
    emit finished(outTradeNo, o ? o->state : OrderState::Closed);
}

void StatusPoller::closeAgainLater(const QString &outTradeNo)
{
    auto w = m_watched.find(outTradeNo);
    if (w == m_watched.end())
        return;
    w->closing = false;
    const quint64 generation = w->generation;
    m_clock->callAfter(m_policy.capMs, this, [this, outTradeNo, generation] {
        auto again = m_watched.find(outTradeNo);
        if (again != m_watched.end() && again->generation == generation)
            close(outTradeNo);
    });
}

void StatusPoller::reverse(const QString &outTradeNo, std::function<void(const QString &)> thenQuery)
{
    const auto order = m_orders->find(outTradeNo);
    if (order && isFinal(order->state)) {
        // Paid (or failed) meanwhile: what the cashier sees is what happened.
        finish(outTradeNo);
        return;
    }
    m_api->reverseOrder(outTradeNo, [this, outTradeNo, thenQuery](ApiResult<ApiClient::Done> r) {
        if (r) {
            // Reversed, but of what? The payment may have landed between the
            // query and the reverse, and then the reverse gave the money back:
            // the query after it says which (REVOKED, with a transaction_id if
            // it was paid), and the store books what it says.
            thenQuery(QStringLiteral("reversed"));
            return;
        }
        if (r.error().is(QStringLiteral("ORDER_NOT_EXIST"))) {
            // Past the deadline and WeChat Pay never saw it: nobody can be charged.
            auto closed = m_orders->closeUnsent(outTradeNo, QStringLiteral("reverse: ORDER_NOT_EXIST"),
                                                QStringLiteral("poller"));
            if (closed && closed->outcome == ApplyResult::Applied) {
                report(outTradeNo);
                finish(outTradeNo);
                return;
            }
        }
        // No answer (or an unexpected one): shortly the order is queried again
        // and, still open, reversed again; the reverse is repeated until it answers.
        qCInfo(lcPoller) << "reverse of" << outTradeNo << "failed:" << r.error().toString();
        emit queryFailed(outTradeNo, r.error().message);
        closeAgainLater(outTradeNo);
    });
}

void StatusPoller::report(const QString &outTradeNo)
{
    if (const auto o = m_orders->find(outTradeNo))
        emit updated(outTradeNo, o->state, o->tradeState);
}

void StatusPoller::forget(const QString &outTradeNo)
{
    m_watched.remove(outTradeNo);
    noteCount();
}

void StatusPoller::noteCount()
{
    if (m_watched.size() == m_reportedCount)
        return;
    m_reportedCount = m_watched.size();
    emit watchedCountChanged(int(m_reportedCount));
}

} // namespace paydesk
