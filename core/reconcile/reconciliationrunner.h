// SPDX-License-Identifier: MIT
#pragma once

#include "reconciliationresult.h"
#include "result.h"

#include <QDate>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <optional>

namespace paydesk {

class ApiClient;
class OrderRepository;

// One reconciliation run for a day, start to end, without blocking the thread
// it lives on (the GUI thread):
//   1. download the ALL bill through ApiClient (which checks SHA1 and
//      gunzips), retrying a failed or damaged download a few times;
//   2. parse and compare on a worker thread (QtConcurrent) that opens its own
//      connection to the database file — a Database is one connection per
//      thread — reporting progress;
//   3. for every order that is only in the bill: query WeChat Pay by
//      out_trade_no and, when it confirms the payment, import it through
//      OrderRepository (create + applyTransaction, audited), so the store
//      learns about money it had missed. Anything else is reported with what to do.
// A bill that does not exist because nothing happened that day
// (NO_STATEMENT_EXIST) is compared as an empty bill.
class ReconciliationRunner : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int downloadAttempts = 3; // on top of ApiClient's own retries (a damaged file, a 5xx streak)
        int retryDelayMs = 2000;
        bool importOnlyInBill = true; // needs an OrderRepository
        QString actor = QStringLiteral("reconcile");
        QString billType = QStringLiteral("ALL");
        // The terminal whose store this is: only its own rows are compared and
        // imported; other tills' rows of the merchant are counted apart.
        QString terminalId;
    };

    // `databasePath` is the terminal's database file (not ":memory:": the
    // worker opens it again). `orders` writes imports on this thread; null: report only.
    ReconciliationRunner(ApiClient *api, const QString &databasePath, OrderRepository *orders, Options options,
                         QObject *parent = nullptr);
    ReconciliationRunner(ApiClient *api, const QString &databasePath, OrderRepository *orders,
                         QObject *parent = nullptr);
    ~ReconciliationRunner() override;

    bool isRunning() const { return m_running; }
    // false when a run is already under way.
    bool start(QDate day);
    // Steps 2 and 3 for a bill already at hand (a file from `bill download`).
    bool startWithBill(QDate day, const QByteArray &content);

    const Options &options() const { return m_options; }

signals:
    // stage: "download", "compare", "import"; percent 0-100 over the whole run.
    void progress(int percent, const QString &stage);
    void finished(const paydesk::ReconciliationResult &result);
    void failed(const QString &code, const QString &message);

private:
    struct WorkerOutput;
    void download(int attempt);
    void compare(const QByteArray &content, bool emptyBill);
    void onCompared();
    void importNext(int index);
    void finish();
    void fail(const QString &code, const QString &message);

    ApiClient *m_api;
    QString m_databasePath;
    OrderRepository *m_orders;
    Options m_options;
    bool m_running = false;
    QDate m_day;
    ReconciliationResult m_result;
    QFutureWatcher<std::shared_ptr<WorkerOutput>> *m_watcher = nullptr;
};

} // namespace paydesk
