// SPDX-License-Identifier: MIT
// Store timings (a CLI timing mode): applyTransaction latency with
// synchronous=FULL, and history queries over N orders (default 1,000,000),
// each against a raw-SQL baseline measured in the same run on the same file.
// Run: store_timing [orders] [folder]

#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace paydesk;

namespace {

struct Percentiles
{
    double p50 = 0;
    double p99 = 0;
};

Percentiles percentiles(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return {samples[samples.size() / 2], samples[size_t(double(samples.size()) * 0.99)]};
}

template<typename F>
Percentiles timeEach(int times, F f)
{
    std::vector<double> ms;
    ms.reserve(size_t(times));
    for (int i = 0; i < times; ++i) {
        QElapsedTimer t;
        t.start();
        f(i);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return percentiles(ms);
}

void fill(Database &db, int orders)
{
    // Raw bulk insert: the benchmark measures reads and the writer path, not the fill.
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("BEGIN"));
    q.prepare(QStringLiteral("INSERT INTO orders (out_trade_no, kind, mchid, description, amount_total, state, "
                             "trade_state, transaction_id, created_at, updated_at) VALUES (?, 'native', '1900000109', "
                             "'coffee', ?, ?, ?, ?, ?, ?)"));
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-365);
    for (int i = 0; i < orders; ++i) {
        const QString at = start.addSecs(qint64(i) * 31).toString(Qt::ISODateWithMs); // ~1 year of sales
        const bool paid = i % 10 != 0;
        q.addBindValue(QStringLiteral("PD%1").arg(i, 12, 10, QLatin1Char('0')));
        q.addBindValue(100 + (i % 5000));
        q.addBindValue(paid ? QStringLiteral("Paid") : QStringLiteral("Closed"));
        q.addBindValue(paid ? QStringLiteral("SUCCESS") : QStringLiteral("CLOSED"));
        q.addBindValue(paid ? QVariant(QStringLiteral("42%1").arg(i, 26, 10, QLatin1Char('0'))) : QVariant(QMetaType(QMetaType::QString)));
        q.addBindValue(at);
        q.addBindValue(at);
        q.exec();
    }
    q.exec(QStringLiteral("COMMIT"));
    q.exec(QStringLiteral("ANALYZE"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int orders = argc > 1 ? std::max(1000, std::atoi(argv[1])) : 1000000;
    QTemporaryDir tmp;
    const QString folder = argc > 2 ? QString::fromLocal8Bit(argv[2]) : tmp.path();
    auto opened = Database::open(folder + QStringLiteral("/timing.sqlite"));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    Database &db = **opened;
    AuditLog audit(&db);
    OrderRepository repo(&db, &audit);

    QElapsedTimer fillTimer;
    fillTimer.start();
    fill(db, orders);
    std::printf("filled %d orders in %.1f s\n\n", orders, double(fillTimer.elapsed()) / 1000.0);

    // applyTransaction: new orders, NOTPAY then SUCCESS, each its own BEGIN IMMEDIATE + fsync.
    const int writes = 300;
    for (int i = 0; i < writes; ++i) {
        NewOrder o;
        o.outTradeNo = QStringLiteral("BENCH%1").arg(i, 8, 10, QLatin1Char('0'));
        o.mchid = QStringLiteral("1900000109");
        o.description = QStringLiteral("bench");
        o.amountTotal = 1000;
        (void)repo.create(o, QStringLiteral("bench"));
    }
    const Percentiles apply = timeEach(writes, [&](int i) {
        Transaction t;
        t.mchid = QStringLiteral("1900000109");
        t.outTradeNo = QStringLiteral("BENCH%1").arg(i, 8, 10, QLatin1Char('0'));
        t.tradeState = QStringLiteral("SUCCESS");
        t.transactionId = QStringLiteral("43%1").arg(i, 26, 10, QLatin1Char('0'));
        t.amount.total = 1000;
        (void)repo.applyTransaction(t, ResultSource::Query, QStringLiteral("bench"));
    });
    // Baseline: one bare UPDATE in its own transaction, same file, same fsync.
    const Percentiles rawUpdate = timeEach(writes, [&](int i) {
        QSqlQuery q(db.connection());
        q.exec(QStringLiteral("BEGIN IMMEDIATE"));
        q.prepare(QStringLiteral("UPDATE orders SET updated_at = ? WHERE out_trade_no = ?"));
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        q.addBindValue(QStringLiteral("BENCH%1").arg(i, 8, 10, QLatin1Char('0')));
        q.exec();
        q.exec(QStringLiteral("COMMIT"));
    });

    const QDateTime mid = QDateTime::currentDateTimeUtc().addDays(-180);
    const int reads = 200;
    const Percentiles dayPage = timeEach(reads, [&](int i) {
        HistoryFilter f;
        f.from = mid.addDays(i % 30);
        f.to = f.from.addDays(1);
        (void)repo.history(f, 100);
        (void)repo.historyCount(f);
    });
    const Percentiles byReference = timeEach(reads, [&](int i) {
        HistoryFilter f;
        f.reference = QStringLiteral("PD%1").arg((i * 4999) % orders, 12, 10, QLatin1Char('0'));
        (void)repo.history(f, 100);
    });
    const Percentiles byTransaction = timeEach(reads, [&](int i) {
        HistoryFilter f;
        f.reference = QStringLiteral("42%1").arg((i * 4999 + 1) % orders, 26, 10, QLatin1Char('0'));
        (void)repo.history(f, 100);
    });
    const Percentiles rawLookup = timeEach(reads, [&](int i) {
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT id FROM orders WHERE out_trade_no = ?"));
        q.addBindValue(QStringLiteral("PD%1").arg((i * 4999) % orders, 12, 10, QLatin1Char('0')));
        q.exec();
        q.next();
    });

    std::printf("%-52s %10s %10s %12s\n", "operation", "p50 ms", "p99 ms", "p50 / base");
    auto row = [](const char *name, Percentiles p, Percentiles base) {
        std::printf("%-52s %10.3f %10.3f %12.2f\n", name, p.p50, p.p99, p.p50 / base.p50);
    };
    row("baseline: bare UPDATE + COMMIT (synchronous=FULL)", rawUpdate, rawUpdate);
    row("applyTransaction NOTPAY->SUCCESS (+payment, audit)", apply, rawUpdate);
    row("baseline: SELECT id WHERE out_trade_no = ?", rawLookup, rawLookup);
    row("history: one day, first 100 rows + count", dayPage, rawLookup);
    row("history: by out_trade_no", byReference, rawLookup);
    row("history: by transaction_id", byTransaction, rawLookup);
    return 0;
}
