// SPDX-License-Identifier: MIT
// The history screen's model over N orders (default 1,000,000, about a year of
// sales): opening it (first page and the count/total line), paging to row
// 10,000, a reference search, and an order's audit trail, each against the
// bare store call that does the same SQL work, measured in the same run on the
// same file. Run: history_model_bench [orders] [folder]

#include "benchstore.h"
#include "history/historymodel.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace paydesk;
using paydesk::bench::medianMs;
using paydesk::ui::HistoryModel;

namespace {

QString outTradeNo(int i)
{
    return QStringLiteral("PD%1").arg(i, 12, 10, QLatin1Char('0'));
}

QString transactionId(int i)
{
    return QStringLiteral("42%1").arg(i, 26, 10, QLatin1Char('0'));
}

// Raw bulk insert, the same shape as store_timing's: the benchmark measures
// reads. Sales are spread over the last year up to now; one audit entry each
// (a real store has three or more).
void fill(Database &db, int orders)
{
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("PRAGMA synchronous = OFF"));
    q.exec(QStringLiteral("BEGIN"));
    const bool prepared = q.prepare(QStringLiteral("INSERT INTO orders (out_trade_no, kind, mchid, description, amount_total, state, "
                             "trade_state, transaction_id, refunded_total, cashier, created_at, updated_at) "
                             "VALUES (?, 'native', '1900000109', 'coffee', ?, ?, ?, ?, ?, 'alice', ?, ?)"));
    if (!prepared) {
        std::fprintf(stderr, "prepare: %s\n", qPrintable(q.lastError().text()));
        std::exit(1);
    }
    QSqlQuery a(db.connection());
    a.prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action, subject, details, prev_hash, hash) "
                             "VALUES (?, 'alice', 'order.create', ?, '', '', '')"));
    const QDateTime end = QDateTime::currentDateTimeUtc().addSecs(-60);
    const qint64 step = 365LL * 24 * 3600 * 1000 / orders;
    for (int i = 0; i < orders; ++i) {
        const QString at = end.addMSecs(-qint64(orders - 1 - i) * step).toString(Qt::ISODateWithMs);
        const bool paid = i % 10 != 0;
        const bool refunded = i % 50 == 1;
        const qint64 amount = 100 + (i % 5000);
        q.addBindValue(outTradeNo(i));
        q.addBindValue(amount);
        q.addBindValue(!paid ? QStringLiteral("Closed") : refunded ? QStringLiteral("PartiallyRefunded") : QStringLiteral("Paid"));
        q.addBindValue(paid ? QStringLiteral("SUCCESS") : QStringLiteral("CLOSED"));
        q.addBindValue(paid ? QVariant(transactionId(i)) : QVariant(QMetaType(QMetaType::QString)));
        q.addBindValue(refunded ? 50 : 0);
        q.addBindValue(at);
        q.addBindValue(at);
        a.addBindValue(at);
        a.addBindValue(outTradeNo(i));
        if (!q.exec() || !a.exec()) {
            std::fprintf(stderr, "fill failed at %d: %s %s\n", i, qPrintable(q.lastError().text()),
                         qPrintable(a.lastError().text()));
            std::exit(1);
        }
    }
    q.exec(QStringLiteral("COMMIT"));
    q.exec(QStringLiteral("ANALYZE"));
    q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    bench::BenchStore store = bench::openBenchStore(argc, argv, 20000, QStringLiteral("history.sqlite"));
    const int orders = store.orders;
    Database &db = *store.db;
    AuditLog audit(&db);
    OrderRepository repo(&db, &audit);
    RefundRepository refunds(&db, &audit);

    QElapsedTimer fillTimer;
    fillTimer.start();
    fill(db, orders);
    std::printf("filled %d orders (and %d audit entries) in %.1f s\n\n", orders, orders,
                double(fillTimer.elapsed()) / 1000.0);

    const int page = HistoryModel::DefaultPageSize;
    const int runs = 21;
    HistoryFilter today = HistoryFilter::today();
    HistoryFilter year;
    year.from = QDateTime::currentDateTime().addDays(-366);
    year.to = QDateTime::currentDateTime().addDays(1);
    std::printf("%-66s %10s %12s %8s\n", "operation", "model ms", "baseline ms", "ratio");
    auto row = [](const char *name, double model, double base) {
        std::printf("%-66s %10.3f %12.3f %8.2f\n", name, model, base, model / base);
    };

    // Opening: the first page in the model, plus the count/paid line.
    qint64 sink = 0;
    // The totals are summed on a worker: `waitForTotals` times until they are
    // in, otherwise only what the GUI thread spends (the rows on screen).
    auto open = [&](const HistoryFilter &f, bool waitForTotals = false) {
        HistoryModel model(&repo, &refunds);
        model.setFilter(f);
        // What the first screen shows: 20 rows of every column.
        for (int r = 0; r < std::min(20, model.rowCount()); ++r) {
            for (int c = 0; c < HistoryModel::ColumnCount; ++c)
                sink += model.index(r, c).data().toString().size();
        }
        while (waitForTotals && model.totalsPending())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        sink += model.totals().orders;
    };
    open(today, true); // warm the page cache, so the first measurement is not the disk's
    open(year, true);
    // The model opens on today first (its constructor), then on the filter; time
    // both against two bare first pages, so the ratio is like for like.
    const double openToday = medianMs(runs, [&](int) { open(today); });
    const double baseToday = medianMs(runs, [&](int) {
        sink += repo.history(today, page).size();
        sink += repo.history(today, page).size();
    });
    row("open, today: GUI thread (first page; totals on a worker)", openToday, baseToday);
    const double baseTodayCount = medianMs(runs, [&](int) {
        sink += repo.history(today, page).size();
        sink += repo.history(today, page).size();
        sink += repo.historyCount(today);
    });
    const double openTodayTotals = medianMs(runs, [&](int) { open(today, true); });
    row("open, today, until totals in, vs bare pages + historyCount", openTodayTotals, baseTodayCount);

    const double openYear = medianMs(5, [&](int) { open(year); });
    const double baseYear = medianMs(5, [&](int) {
        sink += repo.history(today, page).size();
        sink += repo.history(year, page).size();
    });
    row("open, whole year: GUI thread (first page; totals on a worker)", openYear, baseYear);
    const double baseYearCount = medianMs(5, [&](int) {
        sink += repo.history(today, page).size();
        sink += repo.history(year, page).size();
        sink += repo.historyCount(year);
    });
    const double baseYearTotals = medianMs(5, [&](int) {
        sink += repo.history(today, page).size();
        sink += repo.history(year, page).size();
        sink += refunds.historyTotals(year)->orders;
    });
    const double openYearTotals = medianMs(5, [&](int) { open(year, true); });
    row("open, whole year, until totals in, vs bare pages + historyCount", openYearTotals, baseYearCount);
    row("open, whole year, until totals in, vs bare pages + historyTotals", openYearTotals, baseYearTotals);
    HistoryModel yearModel(&repo, &refunds);
    yearModel.setFilter(year);
    const double firstPageOnly = medianMs(runs, [&](int) {
        // The rows alone, as the view paints them before anything else.
        HistoryModel model(&repo, nullptr);
        sink += model.rowCount();
    });
    row("construct model on today without totals", firstPageOnly, medianMs(runs, [&](int) {
            sink += repo.history(today, page).size();
            sink += repo.historyCount(today);
        }));

    // Scrolling to row 10,000 of the year, a page at a time (the filter and its
    // totals applied beforehand, untimed: that is "open, whole year" above).
    const int target = 10000;
    std::vector<double> scrollMs;
    for (int run = 0; run < 5; ++run) {
        yearModel.setFilter(year);
        QElapsedTimer t;
        t.start();
        while (yearModel.rowCount() < target && yearModel.canFetchMore({}))
            yearModel.fetchMore({});
        scrollMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(scrollMs.begin(), scrollMs.end());
    const double fetch = scrollMs[scrollMs.size() / 2];
    const double scrollBase = medianMs(5, [&](int) {
        for (int offset = page; offset < target; offset += page)
            sink += repo.history(year, page, offset).size();
    });
    row("fetchMore from row 200 to row 10,000 (year)", fetch, scrollBase);
    const double oneCall = medianMs(5, [&](int) { sink += repo.history(year, target).size(); });
    row("  (vs one bare history(year, 10000) call)", fetch, oneCall);

    // A reference search: an out_trade_no, then a transaction id.
    const double byRef = medianMs(runs * 5, [&](int i) {
        HistoryFilter f;
        f.reference = outTradeNo((i * 4999) % orders);
        f.includeSubOrders = true;
        yearModel.setFilter(f);
        sink += yearModel.rowCount();
    });
    const double byRefBase = medianMs(runs * 5, [&](int i) {
        HistoryFilter f;
        f.reference = outTradeNo((i * 4999) % orders);
        f.includeSubOrders = true;
        sink += repo.history(f, page).size();
    });
    row("setFilter(out_trade_no) (+ count/total)", byRef, byRefBase);
    const double byTx = medianMs(runs * 5, [&](int i) {
        HistoryFilter f;
        f.reference = transactionId((i * 4999 + 1) % orders);
        f.includeSubOrders = true;
        yearModel.setFilter(f);
        sink += yearModel.rowCount();
    });
    const double byTxBase = medianMs(runs * 5, [&](int i) {
        HistoryFilter f;
        f.reference = transactionId((i * 4999 + 1) % orders);
        f.includeSubOrders = true;
        sink += repo.history(f, page).size();
    });
    row("setFilter(transaction_id) (+ count/total)", byTx, byTxBase);

    // The details dialog's audit trail (audit_log has no index on subject).
    const double trail = medianMs(5, [&](int i) {
        sink += audit.entriesFor({outTradeNo((i * 7919) % orders)}).size();
    });
    const double trailBase = medianMs(5, [&](int i) { sink += repo.find(outTradeNo((i * 7919) % orders)) ? 1 : 0; });
    row("AuditLog::entriesFor(one order)  vs  find(out_trade_no)", trail, trailBase);

    std::printf("\n(checksum %lld)\n", static_cast<long long>(sink));
    return 0;
}
