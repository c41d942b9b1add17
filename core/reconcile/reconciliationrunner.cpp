// SPDX-License-Identifier: MIT
#include "reconciliationrunner.h"

#include "reconciler.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "wechatpay/apiclient.h"

#include <QLoggingCategory>
#include <QPromise>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace paydesk {

Q_DECLARE_LOGGING_CATEGORY(lcReconcile)

struct ReconciliationRunner::WorkerOutput
{
    std::optional<ReconciliationResult> result;
    Error error;
};

ReconciliationRunner::ReconciliationRunner(ApiClient *api, const QString &databasePath, OrderRepository *orders,
                                           QObject *parent)
    : ReconciliationRunner(api, databasePath, orders, Options(), parent)
{
}

ReconciliationRunner::ReconciliationRunner(ApiClient *api, const QString &databasePath, OrderRepository *orders,
                                           Options options, QObject *parent)
    : QObject(parent), m_api(api), m_databasePath(databasePath), m_orders(orders), m_options(std::move(options))
{
    qRegisterMetaType<paydesk::ReconciliationResult>();
    m_watcher = new QFutureWatcher<std::shared_ptr<WorkerOutput>>(this);
    connect(m_watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { emit progress(10 + value * 80 / 100, QStringLiteral("compare")); });
    connect(m_watcher, &QFutureWatcherBase::finished, this, &ReconciliationRunner::onCompared);
}

ReconciliationRunner::~ReconciliationRunner()
{
    // The worker holds nothing of ours but its own connection; let it end
    // before the watcher goes.
    m_watcher->waitForFinished();
}

bool ReconciliationRunner::start(QDate day)
{
    if (m_running || !day.isValid())
        return false;
    m_running = true;
    m_day = day;
    emit progress(0, QStringLiteral("download"));
    download(1);
    return true;
}

bool ReconciliationRunner::startWithBill(QDate day, const QByteArray &content)
{
    if (m_running || !day.isValid())
        return false;
    m_running = true;
    m_day = day;
    emit progress(10, QStringLiteral("compare"));
    compare(content, false);
    return true;
}

void ReconciliationRunner::download(int attempt)
{
    TradeBillRequest request;
    request.billDate = m_day;
    request.billType = m_options.billType;
    request.gzip = true;
    QPointer<ReconciliationRunner> self(this);
    m_api->downloadTradeBill(request, [self, attempt](ApiResult<TradeBill> bill) {
        if (!self)
            return;
        if (bill) {
            emit self->progress(10, QStringLiteral("download"));
            return self->compare(bill->content, false);
        }
        const ApiError &e = bill.error();
        if (e.is(QStringLiteral("NO_STATEMENT_EXIST")))
            return self->compare({}, true);
        if (e.is(QStringLiteral("STATEMENT_CREATING"))) {
            return self->fail(e.code,
                              QStringLiteral("WeChat Pay's bill for %1 is not ready yet (it is available from "
                                             "10:00 China time the next day): try again later")
                                  .arg(self->m_day.toString(Qt::ISODate)));
        }
        const bool again = (e.retryable || e.is(QStringLiteral("HASH_MISMATCH")) || e.httpStatus == 0)
            && attempt < self->m_options.downloadAttempts;
        qCWarning(lcReconcile, "bill download for %s failed (attempt %d): %s",
                  qPrintable(self->m_day.toString(Qt::ISODate)), attempt, qPrintable(e.toString()));
        if (!again) {
            return self->fail(e.code,
                              QStringLiteral("the bill for %1 could not be downloaded: %2")
                                  .arg(self->m_day.toString(Qt::ISODate), e.toString()));
        }
        QTimer::singleShot(self->m_options.retryDelayMs, self, [self, attempt] {
            if (self)
                self->download(attempt + 1);
        });
    });
}

void ReconciliationRunner::compare(const QByteArray &content, bool emptyBill)
{
    const QString path = m_databasePath;
    const QDate day = m_day;
    const QString mchid = m_api->credentials().mchid;
    const QString terminalId = m_options.terminalId;
    m_watcher->setFuture(QtConcurrent::run(
        [path, day, mchid, terminalId, content, emptyBill](QPromise<std::shared_ptr<WorkerOutput>> &promise) {
            auto out = std::make_shared<WorkerOutput>();
            promise.setProgressRange(0, 100);
            auto db = Database::open(path);
            if (!db) {
                out->error = db.error();
            } else {
                Reconciler reconciler(db->get(), terminalId);
                auto progress = [&promise](int percent) {
                    promise.setProgressValue(percent);
                };
                auto result = emptyBill ? reconciler.compare(ParsedBill(), day, mchid, progress)
                                        : reconciler.reconcile(content, day, mchid, progress);
                if (result)
                    out->result = std::move(result).value();
                else
                    out->error = result.error();
            }
            promise.addResult(out);
        }));
}

void ReconciliationRunner::onCompared()
{
    const auto future = m_watcher->future();
    if (future.resultCount() == 0)
        return fail(QStringLiteral("reconcile_failed"), QStringLiteral("the comparison ended without a result"));
    const std::shared_ptr<WorkerOutput> out = future.result();
    if (!out->result)
        return fail(out->error.code, out->error.message);
    m_result = std::move(*out->result);
    emit progress(90, QStringLiteral("import"));
    importNext(0);
}

void ReconciliationRunner::importNext(int index)
{
    if (!m_options.importOnlyInBill || !m_orders)
        return finish();
    while (index < m_result.differences.size() && m_result.differences.at(index).kind != DifferenceKind::OnlyInBill)
        ++index;
    if (index >= m_result.differences.size())
        return finish();
    const QString no = m_result.differences.at(index).outTradeNo;
    QPointer<ReconciliationRunner> self(this);
    m_api->queryByOutTradeNo(no, [self, index, no](ApiResult<Transaction> answer) {
        if (!self)
            return;
        Difference &d = self->m_result.differences[index];
        if (!answer) {
            d.resolution = answer.error().is(QStringLiteral("ORDER_NOT_EXIST"))
                ? QStringLiteral("WeChat Pay's query does not know order %1 although the bill lists it: "
                                 "report it to WeChat Pay support")
                      .arg(no)
                : QStringLiteral("could not confirm by query (%1): run the reconciliation again later")
                      .arg(answer.error().toString());
            return self->importNext(index + 1);
        }
        const Transaction &t = *answer;
        if (t.tradeState != QLatin1String("SUCCESS") && t.tradeState != QLatin1String("REFUND")) {
            d.resolution
                = QStringLiteral("the query says %1, not paid: nothing imported; check with WeChat Pay support")
                      .arg(t.tradeState);
            return self->importNext(index + 1);
        }
        NewOrder order;
        order.outTradeNo = no;
        // A code-pay (付款码) sale is MICROPAY in the bill and the query.
        order.kind = t.tradeType == QLatin1String("MICROPAY") ? OrderKind::CodePay : OrderKind::Native;
        order.mchid = t.mchid.isEmpty() ? self->m_api->credentials().mchid : t.mchid;
        order.description
            = QStringLiteral("Imported from WeChat Pay's bill of %1").arg(self->m_day.toString(Qt::ISODate));
        order.amountTotal = t.amount.total;
        auto created = self->m_orders->create(order, self->m_options.actor);
        if (!created) {
            d.resolution = QStringLiteral("confirmed by query, but not imported: %1").arg(created.error().message);
            return self->importNext(index + 1);
        }
        auto applied = self->m_orders->applyTransaction(t, ResultSource::Query, self->m_options.actor);
        if (applied && applied->outcome == ApplyResult::Applied) {
            d.resolved = true;
            d.resolution
                = QStringLiteral("confirmed by query (%1, %2) and imported as paid").arg(t.tradeState, t.transactionId);
            d.localAmount = t.amount.total;
            d.localState = orderStateName(applied->after);
        } else {
            d.resolution = QStringLiteral("confirmed by query, but the store refused it: %1")
                               .arg(applied ? applied->message : applied.error().message);
        }
        self->importNext(index + 1);
    });
}

void ReconciliationRunner::finish()
{
    m_running = false;
    emit progress(100, QStringLiteral("done"));
    emit finished(m_result);
}

void ReconciliationRunner::fail(const QString &code, const QString &message)
{
    m_running = false;
    emit failed(code, message);
}

} // namespace paydesk
