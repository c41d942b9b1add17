// SPDX-License-Identifier: MIT
// The X/Z report of a day (F5) over a store of N orders (default 1,000,000,
// about a year of sales; one refund per 50 orders), as the GUI thread builds
// it, and the recovery sweep's read of what is not final yet, against the
// least SQL a day report must run: the indexed sum of the day's payments. Then
// both again with schema version 3's indexes (the same file, the same run), to
// show what version 4's partial indexes buy.
// Run: report_bench [orders] [folder]

#include "benchstore.h"
#include "reconcile/shiftreport.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/historyfilter.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace paydesk;
using paydesk::bench::medianMs;

namespace {

void check(QSqlQuery &q, bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "%s: %s\n", what, qPrintable(q.lastError().text()));
        std::exit(1);
    }
}

// Raw bulk insert: the benchmark measures the report's reads. Sales spread
// over the last year up to now; every 50th is refunded (success a minute
// later), every 10th closed unpaid; the last few are still open, as on a
// trading day.
void fill(Database &db, int orders)
{
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("PRAGMA synchronous = OFF"));
    q.exec(QStringLiteral("BEGIN"));
    check(q,
          q.prepare(QStringLiteral(
              "INSERT INTO orders (id, out_trade_no, kind, mchid, description, amount_total, state, trade_state, "
              "refunded_total, cashier, created_at, updated_at, paid_at) "
              "VALUES (?, ?, 'native', '1900000109', 'coffee', ?, ?, ?, ?, 'alice', ?, ?, ?)")),
          "prepare orders");
    QSqlQuery r(db.connection());
    check(r,
          r.prepare(QStringLiteral("INSERT INTO refunds (order_id, out_refund_no, amount, status, requested_by, "
                                   "created_at, updated_at, success_time) VALUES (?, ?, 50, ?, 'manager', ?, ?, ?)")),
          "prepare refunds");
    const QDateTime end = QDateTime::currentDateTimeUtc().addSecs(-60);
    const qint64 step = 365LL * 24 * 3600 * 1000 / orders;
    for (int i = 0; i < orders; ++i) {
        const QDateTime time = end.addMSecs(-qint64(orders - 1 - i) * step);
        const QString at = time.toString(Qt::ISODateWithMs);
        const bool open = i >= orders - 3;
        const bool paid = !open && i % 10 != 0;
        const bool refunded = paid && i % 50 == 1;
        q.addBindValue(i + 1);
        q.addBindValue(QStringLiteral("PD%1").arg(i, 12, 10, QLatin1Char('0')));
        q.addBindValue(100 + (i % 5000));
        q.addBindValue(open ? QStringLiteral("Pending")
                            : !paid ? QStringLiteral("Closed")
                            : refunded ? QStringLiteral("PartiallyRefunded") : QStringLiteral("Paid"));
        q.addBindValue(open ? QStringLiteral("NOTPAY") : paid ? QStringLiteral("SUCCESS") : QStringLiteral("CLOSED"));
        q.addBindValue(refunded ? 50 : 0);
        q.addBindValue(at);
        q.addBindValue(at);
        q.addBindValue(paid ? QVariant(at) : QVariant(QMetaType(QMetaType::QString)));
        check(q, q.exec(), "insert order");
        if (refunded) {
            const QString success = time.addSecs(60).toString(Qt::ISODateWithMs);
            r.addBindValue(i + 1);
            r.addBindValue(QStringLiteral("RF%1").arg(i, 12, 10, QLatin1Char('0')));
            r.addBindValue(QStringLiteral("SUCCESS"));
            r.addBindValue(at);
            r.addBindValue(success);
            r.addBindValue(success);
            check(r, r.exec(), "insert refund");
        }
    }
    q.exec(QStringLiteral("COMMIT")); // no ANALYZE: PayDesk never runs it, the planner goes without statistics
    q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    bench::BenchStore store = bench::openBenchStore(argc, argv, 20000, QStringLiteral("report.sqlite"));
    const int orders = store.orders;
    Database &db = *store.db;
    AuditLog audit(&db);
    ShiftReport reports(&db, &audit);

    QElapsedTimer fillTimer;
    fillTimer.start();
    fill(db, orders);
    std::printf("filled %d orders (%d refunds) in %.1f s\n\n", orders, orders / 50,
                double(fillTimer.elapsed()) / 1000.0);

    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
    qint64 sink = 0;
    auto build = [&] {
        auto report = reports.build(ShiftReportData::Z, today);
        if (!report) {
            std::fprintf(stderr, "report: %s\n", qPrintable(report.error().message));
            std::exit(1);
        }
        sink += report->totals.payments + report->totals.refundCount + report->unresolved.size();
    };
    // The baseline: the day's payments summed on the paid_at index, nothing else.
    const auto dayStart = QDateTime(today, QTime(0, 0), QTimeZone("Asia/Shanghai")).toUTC();
    const QString from = dayStart.toString(Qt::ISODateWithMs);
    const QString to = dayStart.addDays(1).toString(Qt::ISODateWithMs);
    auto baseline = [&] {
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT COUNT(*), SUM(amount_total) FROM orders WHERE paid_at >= ? AND paid_at < ?"));
        q.addBindValue(from);
        q.addBindValue(to);
        if (q.exec() && q.next())
            sink += q.value(0).toLongLong();
    };
    build(); // warm the page cache
    baseline();

    const int runs = 21;
    std::printf("%-62s %10s %12s %8s\n", "operation", "ms", "baseline ms", "ratio");
    auto row = [](const char *name, double ms, double base) {
        std::printf("%-62s %10.3f %12.3f %8.2f\n", name, ms, base, ms / base);
    };
    const double base = medianMs(runs, baseline);
    const double indexed = medianMs(runs, build);
    row("Z report of today (GUI thread), vs the day's payments sum", indexed, base);

    // The recovery sweep's read (at start and every few minutes): what is not final.
    OrderRepository orderRepository(&db, &audit);
    RefundRepository refundRepository(&db, &audit);
    auto sweep = [&] { sink += orderRepository.unresolved().size() + refundRepository.unresolved().size(); };
    const double sweepIndexed = medianMs(runs, sweep);
    row("unresolved orders + refunds (recovery sweep), vs the same sum", sweepIndexed, base);

    // The history's first page (GUI thread) of today's paid sales.
    HistoryFilter paidToday = HistoryFilter::today();
    paidToday.state = OrderState::Paid;
    auto history = [&] { sink += orderRepository.history(paidToday, 50).size(); };
    const double historyIndexed = medianMs(runs, history);
    row("history, first page of today's paid sales, vs the same sum", historyIndexed, base);
    // ... and of a year's failed sales: a rare state (none here) over a long range.
    HistoryFilter failedYear;
    failedYear.from = QDateTime::currentDateTime().addDays(-366);
    failedYear.to = QDateTime::currentDateTime().addDays(1);
    failedYear.state = OrderState::Failed;
    auto rare = [&] { sink += orderRepository.history(failedYear, 50).size(); };
    const double rareIndexed = medianMs(runs, rare);
    row("history, first page of a year's failed sales, vs the same sum", rareIndexed, base);

    // The same on the same file with schema version 3's indexes.
    QSqlQuery drop(db.connection());
    for (const char *sql : { "DROP INDEX refunds_open", "DROP INDEX refunds_settled", "DROP INDEX receipts_order",
                             "DROP INDEX orders_parent", "CREATE INDEX orders_parent ON orders(parent_id)",
                             "DROP INDEX orders_state", "CREATE INDEX orders_state ON orders(state)" }) {
        check(drop, drop.exec(QString::fromLatin1(sql)), sql);
    }
    build();
    const double unindexed = medianMs(runs, build);
    const double sweepUnindexed = medianMs(runs, sweep);
    const double historyUnindexed = medianMs(5, history);
    const double rareUnindexed = medianMs(runs, rare);
    row("Z report with schema 3's indexes, vs the same sum", unindexed, base);
    row("history first page with schema 3's indexes, vs the same sum", historyUnindexed, base);
    row("history, a year's failed sales, with schema 3's indexes", rareUnindexed, base);
    row("recovery sweep with schema 3's indexes, vs the same sum", sweepUnindexed, base);
    row("Z report: schema 3 vs schema 4", unindexed, indexed);
    row("recovery sweep: schema 3 vs schema 4", sweepUnindexed, sweepIndexed);
    row("history first page: schema 3 vs schema 4", historyUnindexed, historyIndexed);
    row("history, a year's failed sales: schema 3 vs schema 4", rareUnindexed, rareIndexed);
    std::printf("\n(%lld)\n", static_cast<long long>(sink % 10));
    return 0;
}
