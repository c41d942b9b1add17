// SPDX-License-Identifier: MIT
// Reconciliation of a big merchant's day: a 100,000-row trade bill in WeChat
// Pay's format (95,000 payments, 5,000 refunds) against a store that holds the
// matching orders and refunds. Times PayDesk's parse + compare (Reconciler, the
// median of 5) and the same through ReconciliationRunner (worker thread, its
// own database connection), then runs wechatpay-axios-plugin's
// Formatter.castCsvBill on the same file with node in the same run and prints
// the ratio. Goal: <= 1 s, and >= 5x the plugin (which only parses).
//
// bill_bench [--rows N] [--node NODE --npm NPM --node-source DIR --work-dir DIR --script FILE]
// (reconcile.cmake passes the node arguments when node and npm were found).

#include "reconcile/chinaday.h"
#include "reconcile/reconciler.h"
#include "reconcile/reconciliationrunner.h"
#include "store/database.h"
#include "tradebill.h"
#include "wechatpay/apiclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>
#include <algorithm>
#include <cstdio>
#include <random>

using namespace paydesk;

namespace {

const QString Mchid = QStringLiteral("1900000109");
const QDate Day(2024, 5, 20);

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

QString storeTime(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

// The bill and, through plain SQL in one transaction (a fixture, not the
// writer path: 100,000 audited writes would take minutes), the same day in the store.
QByteArray makeDay(Database &db, int rows)
{
    std::mt19937 rng(20240520);
    std::uniform_int_distribution<qint64> amount(1, 200000);
    const qint64 dayStart = ChinaDay::start(Day).toSecsSinceEpoch();
    const int refunds = rows / 20;
    const int payments = rows - refunds;
    QList<sandbox::TradeBillEntry> entries;
    entries.reserve(rows);

    auto ok = db.writeTransaction<int>([&]() -> Result<int> {
        QSqlQuery order(db.connection());
        order.prepare(QStringLiteral(
            "INSERT INTO orders (out_trade_no, kind, mchid, description, amount_total, state, trade_state, "
            "transaction_id, refunded_total, cashier, created_at, updated_at, paid_at) "
            "VALUES (?, 'native', ?, ?, ?, ?, 'SUCCESS', ?, ?, 'bench', ?, ?, ?)"));
        QSqlQuery refund(db.connection());
        refund.prepare(QStringLiteral("INSERT INTO refunds (order_id, out_refund_no, refund_id, amount, status, "
                                      "created_at, updated_at, success_time) VALUES (?, ?, ?, ?, 'SUCCESS', ?, ?, ?)"));
        for (int i = 0; i < payments; ++i) {
            sandbox::TradeBillEntry e;
            e.time = dayStart + 8 * 3600 + qint64(i) * 12 * 3600 / payments;
            e.appid = QStringLiteral("wxd678efh567hg6787");
            e.mchid = Mchid;
            e.transactionId = QStringLiteral("42000000012024052%1").arg(i, 9, 10, QLatin1Char('0'));
            e.outTradeNo = QStringLiteral("PD240520%1").arg(i, 8, 10, QLatin1Char('0'));
            e.openid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNj%1").arg(i % 9973, 5, 10, QLatin1Char('0'));
            e.bankType = QStringLiteral("OTHERS");
            e.orderTotal = amount(rng);
            e.description = QStringLiteral("咖啡, 大杯 #%1").arg(i);
            const bool refunded = i < refunds;
            const qint64 refundAmount = refunded ? qMax<qint64>(1, e.orderTotal / 3) : 0;
            order.addBindValue(e.outTradeNo);
            order.addBindValue(Mchid);
            order.addBindValue(e.description);
            order.addBindValue(e.orderTotal);
            order.addBindValue(refunded ? QStringLiteral("PartiallyRefunded") : QStringLiteral("Paid"));
            order.addBindValue(e.transactionId);
            order.addBindValue(refundAmount);
            order.addBindValue(storeTime(e.time - 30));
            order.addBindValue(storeTime(e.time));
            order.addBindValue(storeTime(e.time));
            if (!order.exec())
                return makeError(QStringLiteral("bench"), order.lastError().text());
            const qint64 orderId = order.lastInsertId().toLongLong();
            entries.append(e);
            if (refunded) {
                sandbox::TradeBillEntry r = e;
                r.kind = sandbox::TradeBillEntry::Refund;
                r.time = e.time + 600;
                r.outRefundNo = QStringLiteral("RF240520%1").arg(i, 8, 10, QLatin1Char('0'));
                r.refundId = QStringLiteral("50300000012024052%1").arg(i, 9, 10, QLatin1Char('0'));
                r.refundAmount = refundAmount;
                r.refundStatus = QStringLiteral("SUCCESS");
                refund.addBindValue(orderId);
                refund.addBindValue(r.outRefundNo);
                refund.addBindValue(r.refundId);
                refund.addBindValue(refundAmount);
                refund.addBindValue(storeTime(r.time));
                refund.addBindValue(storeTime(r.time));
                refund.addBindValue(storeTime(r.time + 5));
                if (!refund.exec())
                    return makeError(QStringLiteral("bench"), refund.lastError().text());
                entries.append(r);
            }
        }
        return 0;
    });
    if (!ok)
        qFatal("cannot fill the store: %s", qPrintable(ok.error().message));
    return sandbox::TradeBillWriter::write(entries);
}

bool runChecked(const QString &program, const QStringList &args, const QString &workDir, QByteArray *out)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(program, args);
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return false;
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        { QStringLiteral("rows"), QStringLiteral("Bill rows."), QStringLiteral("N"), QStringLiteral("100000") });
    parser.addOption(
        { QStringLiteral("runs"), QStringLiteral("Timed runs."), QStringLiteral("N"), QStringLiteral("5") });
    for (const char *o : { "node", "npm", "node-source", "work-dir", "script" })
        parser.addOption({ QString::fromLatin1(o), QString::fromLatin1(o), QStringLiteral("PATH") });
    parser.process(app);
    const int rows = parser.value(QStringLiteral("rows")).toInt();
    const int runs = qMax(1, parser.value(QStringLiteral("runs")).toInt());

    QTemporaryDir dir;
    const QString dbPath = dir.filePath(QStringLiteral("bench.sqlite"));
    const QString billPath = dir.filePath(QStringLiteral("tradebill.csv"));
    QByteArray bill;
    {
        auto db = Database::open(dbPath);
        if (!db)
            qFatal("%s", qPrintable(db.error().message));
        QElapsedTimer t;
        t.start();
        bill = makeDay(**db, rows);
        std::printf("fixture: %d-row bill (%.1f MB) and matching store in %lld ms\n", rows, bill.size() / 1e6,
                    t.elapsed());
        QFile f(billPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(bill) != bill.size())
            qFatal("cannot write %s", qPrintable(billPath));
    }

    // 1. Reconciler on this thread: read the file, parse, compare.
    auto db = Database::open(dbPath);
    if (!db)
        qFatal("%s", qPrintable(db.error().message));
    QList<double> times;
    ReconciliationResult last;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        QFile f(billPath);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read the bill");
        const QByteArray content = f.readAll();
        auto result = Reconciler(db->get(), QStringLiteral("PD")).reconcile(content, Day, Mchid);
        times << t.nsecsElapsed() / 1e6;
        if (!result)
            qFatal("reconcile failed: %s", qPrintable(result.error().message));
        last = *result;
    }
    const double cppMedian = median(times);
    std::printf("paydesk reconcile (read + parse + compare), runs ms:");
    for (double v : times)
        std::printf(" %.1f", v);
    std::printf("\n  median %.1f ms: %d rows, %d matched, %d refunds matched, %lld differences\n", cppMedian,
                last.billRows, last.matched, last.matchedRefunds, qint64(last.differences.size()));
    if (!last.clean() || last.matched + last.matchedRefunds != rows)
        qFatal("the bench day should reconcile clean");

    // 2. The same through the runner: worker thread, its own connection, progress signals.
    MerchantCredentials credentials;
    credentials.mchid = Mchid;
    ApiClient api(credentials, ApiClient::Options());
    ReconciliationRunner runner(&api, dbPath, nullptr);
    QList<double> runnerTimes;
    int progressSignals = 0;
    QObject::connect(&runner, &ReconciliationRunner::progress, [&](int, const QString &) { ++progressSignals; });
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        bool done = false;
        QMetaObject::Connection c = QObject::connect(&runner, &ReconciliationRunner::finished,
                                                     [&](const ReconciliationResult &) { done = true; });
        t.start();
        runner.startWithBill(Day, bill);
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        runnerTimes << t.nsecsElapsed() / 1e6;
        QObject::disconnect(c);
    }
    std::printf("paydesk ReconciliationRunner (worker thread, own connection), median %.1f ms, %d progress signals\n",
                median(runnerTimes), progressSignals);

    // 3. wechatpay-axios-plugin on the same file.
    const QString node = parser.value(QStringLiteral("node"));
    if (node.isEmpty()) {
        std::printf("node not given: no comparison with wechatpay-axios-plugin\n");
        return cppMedian <= 1000 ? 0 : 1;
    }
    const QString workDir = parser.value(QStringLiteral("work-dir"));
    QDir().mkpath(workDir);
    const QString source = parser.value(QStringLiteral("node-source"));
    for (const QString &name : { QStringLiteral("package.json"), QStringLiteral("package-lock.json") }) {
        QFile::remove(workDir + QLatin1Char('/') + name);
        QFile::copy(source + QLatin1Char('/') + name, workDir + QLatin1Char('/') + name);
    }
    if (!QFile::exists(workDir + QStringLiteral("/node_modules/wechatpay-axios-plugin/package.json"))) {
        std::printf("npm ci in %s (the pinned wechatpay-axios-plugin)\n", qPrintable(workDir));
        std::fflush(stdout);
        if (!runChecked(parser.value(QStringLiteral("npm")),
                        { QStringLiteral("ci"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund") }, workDir,
                        nullptr))
            qFatal("npm ci failed: check the network or npm's registry settings");
    }
    QByteArray out;
    if (!runChecked(node, { parser.value(QStringLiteral("script")), workDir, billPath, QString::number(runs) }, workDir,
                    &out))
        qFatal("node bill_bench.mjs failed");
    const QJsonObject js = QJsonDocument::fromJson(out.trimmed()).object();
    const double nodeMedian = js.value(QLatin1String("median_ms")).toDouble();
    std::printf("wechatpay-axios-plugin Formatter.castCsvBill (read + parse only): %s\n", out.trimmed().constData());
    if (js.value(QLatin1String("rows")).toInt() != rows)
        qFatal("the plugin read %d rows, expected %d", js.value(QLatin1String("rows")).toInt(), rows);
    std::printf("ratio plugin/paydesk: %.1fx (goal >= 5x); paydesk median %.1f ms (goal <= 1000 ms)\n",
                nodeMedian / cppMedian, cppMedian);
    return cppMedian <= 1000 && nodeMedian / cppMedian >= 5 ? 0 : 1;
}
