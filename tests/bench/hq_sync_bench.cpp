// SPDX-License-Identifier: MIT
// PayDesk HQ, measured against a private PostgreSQL cluster:
// - ingest: order records applied by SyncIngest (validation, versioned
//   upsert, one transaction per 200-record batch), against a bare
//   INSERT ... ON CONFLICT of the same rows through the same driver, in the
//   same run. Goal: >= 2,000 orders/s and >= 0.5x of the bare insert.
// - catch-up: a till whose store holds a day of sales it never sent (each
//   sale: its order, payment and two audit entries) enrols and drains its
//   outbox through a real HqServer over loopback. Goal: 2,000 sales <= 5 s.
// `hq_sync_bench [orders] [sales]` (defaults 20000 and 2000).

#include "hqdatabase.h"
#include "hqserver.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "sync/hqclient.h"
#include "sync/hqlink.h"
#include "sync/syncoutbox.h"
#include "sync/syncsender.h"
#include "syncingest.h"
#include "tillregistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>

using namespace paydesk;
using namespace paydesk::hq;

namespace {

constexpr int Batch = 200;
const QString Mchid = QStringLiteral("1900000109");

[[noreturn]] void die(const QString &what)
{
    std::fprintf(stderr, "hq_sync_bench: %s\n", qPrintable(what));
    std::exit(1);
}

QJsonObject orderData(int i, const QString &terminal, const QString &at)
{
    return { { QStringLiteral("out_trade_no"), QStringLiteral("%1_%2").arg(terminal).arg(i, 12, 10, QLatin1Char('0')) },
             { QStringLiteral("kind"), QStringLiteral("native") },
             { QStringLiteral("mchid"), Mchid },
             { QStringLiteral("parent_out_trade_no"), QJsonValue() },
             { QStringLiteral("description"), QStringLiteral("coffee") },
             { QStringLiteral("amount_total"), 100 + i % 5000 },
             { QStringLiteral("refunded_total"), 0 },
             { QStringLiteral("state"), QStringLiteral("Paid") },
             { QStringLiteral("trade_state"), QStringLiteral("SUCCESS") },
             { QStringLiteral("transaction_id"), QStringLiteral("42%1").arg(i, 26, 10, QLatin1Char('0')) },
             { QStringLiteral("training"), 0 },
             { QStringLiteral("terminal_id"), terminal },
             { QStringLiteral("cashier"), QStringLiteral("alice") },
             { QStringLiteral("created_at"), at },
             { QStringLiteral("updated_at"), at },
             { QStringLiteral("paid_at"), at },
             { QStringLiteral("business_day"), at.left(10) } };
}

double bareInsertMs(HqDatabase *db, qint64 tillId, qint64 storeId, int orders, const QString &at)
{
    QElapsedTimer t;
    t.start();
    for (int start = 0; start < orders; start += Batch) {
        auto done = db->transaction<void>([&]() -> Result<void> {
            for (int i = start; i < qMin(orders, start + Batch); ++i) {
                const QJsonObject d = orderData(i, QStringLiteral("B1"), at);
                auto q = pgExec(db->connection(),
                                QStringLiteral("INSERT INTO bare_orders (till_id, store_id, out_trade_no, mchid, kind, "
                                               "parent_out_trade_no, amount_total, refunded_total, state, trade_state, "
                                               "transaction_id, training, terminal_id, cashier, created_at, updated_at, "
                                               "paid_at, business_day, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                               "?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, "
                                               "?::date, ?, ?::jsonb) ON CONFLICT DO NOTHING"),
                                { tillId, storeId, d[QLatin1String("out_trade_no")].toString(), Mchid,
                                  QStringLiteral("native"), QVariant(QMetaType(QMetaType::QString)),
                                  d[QLatin1String("amount_total")].toInt(), 0, QStringLiteral("Paid"),
                                  QStringLiteral("SUCCESS"), d[QLatin1String("transaction_id")].toString(), false,
                                  QStringLiteral("B1"), QStringLiteral("alice"), at, at, at, at.left(10), i + 1,
                                  QString::fromUtf8(QJsonDocument(d).toJson(QJsonDocument::Compact)) });
                if (!q)
                    return q.error();
            }
            return {};
        });
        if (!done)
            die(done.error().message);
    }
    return double(t.nsecsElapsed()) / 1e6;
}

double ingestMs(HqDatabase *db, const TillIdentity &till, int orders, const QString &at)
{
    SyncIngest ingest(db);
    QElapsedTimer t;
    t.start();
    for (int start = 0; start < orders; start += Batch) {
        QJsonArray records;
        for (int i = start; i < qMin(orders, start + Batch); ++i)
            records.append(QJsonObject { { QStringLiteral("seq"), i + 1 },
                                         { QStringLiteral("entity"), QStringLiteral("order") },
                                         { QStringLiteral("id"), i + 1 },
                                         { QStringLiteral("data"), orderData(i, till.tillCode, at) } });
        auto applied = ingest.apply(till, { { QStringLiteral("store"), till.storeCode },
                                            { QStringLiteral("till"), till.tillCode },
                                            { QStringLiteral("last_seq"), qMin(orders, start + Batch) },
                                            { QStringLiteral("records"), records } });
        if (!applied)
            die(applied.error().message);
    }
    return double(t.nsecsElapsed()) / 1e6;
}

// A till's store with `sales` paid sales it never sent.
void fillTill(Database *db, int sales)
{
    AuditLog audit(db);
    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    auto done = db->writeTransaction<void>([&]() -> Result<void> {
        for (int i = 0; i < sales; ++i) {
            const QJsonObject d = orderData(i, QStringLiteral("C1"), at);
            const QString no = d[QLatin1String("out_trade_no")].toString();
            auto o = execSql(db->connection(),
                             QStringLiteral("INSERT INTO orders (out_trade_no, kind, mchid, description, amount_total, "
                                            "state, trade_state, transaction_id, terminal_id, cashier, created_at, "
                                            "updated_at, paid_at, business_day) VALUES (?, 'native', ?, 'coffee', ?, "
                                            "'Paid', 'SUCCESS', ?, 'C1', 'alice', ?, ?, ?, ?)"),
                             { no, Mchid, d[QLatin1String("amount_total")].toInt(),
                               d[QLatin1String("transaction_id")].toString(), at, at, at, at.left(10) });
            if (!o)
                return o.error();
            auto p = execSql(db->connection(),
                             QStringLiteral("INSERT INTO payments (order_id, transaction_id, amount_total, success_time, "
                                            "source, recorded_at) VALUES (?, ?, ?, ?, 'query', ?)"),
                             { o->lastInsertId(), d[QLatin1String("transaction_id")].toString(),
                               d[QLatin1String("amount_total")].toInt(), at, at });
            if (!p)
                return p.error();
            for (const char *action : { "order.created", "order.paid" }) {
                if (auto a = audit.append(QStringLiteral("alice"), QLatin1String(action), no); !a)
                    return a.error();
            }
        }
        return {};
    });
    if (!done)
        die(done.error().message);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int orders = argc > 1 ? std::max(200, std::atoi(argv[1])) : 20000;
    const int sales = argc > 2 ? std::max(10, std::atoi(argv[2])) : 2000;

    testing::PgCluster pg;
    if (const QString e = pg.start(); !e.isEmpty())
        die(e);
    if (const QString e = pg.createDatabase(QStringLiteral("bench")); !e.isEmpty())
        die(e);
    auto opened = HqDatabase::open(QUrl(pg.url(QStringLiteral("bench"))));
    if (!opened)
        die(opened.error().message);
    HqDatabase *db = opened->get();
    TillRegistry tills(db);
    if (auto s = tills.addStore(QStringLiteral("S1"), QStringLiteral("bench"), Mchid); !s)
        die(s.error().message);
    auto enrol = [&](const QString &code) {
        auto issued = tills.issueEnrolmentCode(QStringLiteral("S1"), code);
        if (!issued)
            die(issued.error().message);
        auto e = tills.enroll(issued->code, code, Mchid);
        if (!e)
            die(e.error().message);
        return *e;
    };
    const auto ingestTill = enrol(QStringLiteral("A1"));
    const auto bareTill = enrol(QStringLiteral("B1"));
    const auto catchUpTill = enrol(QStringLiteral("C1"));
    if (auto r = pgExec(db->connection(), QStringLiteral("CREATE TABLE bare_orders (LIKE orders INCLUDING ALL)")); !r)
        die(r.error().message);

    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const double bare = bareInsertMs(db, bareTill.till.tillId, bareTill.till.storeId, orders, at);
    const double ingest = ingestMs(db, ingestTill.till, orders, at);
    const double bareRate = orders / (bare / 1000.0);
    const double ingestRate = orders / (ingest / 1000.0);
    std::printf("ingest of %d orders in batches of %d: SyncIngest %.0f orders/s (%.0f ms), bare INSERT ... ON CONFLICT "
                "%.0f orders/s (%.0f ms): %.2fx of bare (goal >= 0.5x, >= 2000/s)\n",
                orders, Batch, ingestRate, ingest, bareRate, bare, ingestRate / bareRate);

    // Catch-up over HTTP: a real HqServer on loopback, the till's own SyncSender.
    HqServer server(db);
    auto port = server.listen(QHostAddress::LocalHost, 0);
    if (!port)
        die(port.error().message);
    QTemporaryDir dir;
    auto till = Database::open(dir.filePath(QStringLiteral("till.sqlite")));
    if (!till)
        die(till.error().message);
    fillTill(till->get(), sales);
    HqLink link;
    link.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(*port));
    link.storeCode = QStringLiteral("S1");
    link.tillCode = QStringLiteral("C1");
    link.tokenSecret = HqLink::tokenSecretName(link.storeCode, link.tillCode);
    if (auto saved = link.saveAndEnableSync(till->get()); !saved)
        die(saved.error().message);
    const qint64 waiting = *SyncOutbox(till->get()).waiting();
    HqClient client(link.url);
    client.setToken(catchUpTill.token);
    SyncSender sender(till->get(), &client, link);
    QEventLoop loop;
    QElapsedTimer t;
    t.start();
    SyncSender::Report report;
    sender.drain([&](HqResult<SyncSender::Report> done) {
        if (!done)
            die(done.error().toString());
        report = *done;
        loop.quit();
    });
    loop.exec();
    const double catchUp = double(t.nsecsElapsed()) / 1e6;
    auto count = pgExec(db->connection(),
                        QStringLiteral("SELECT count(*) FROM orders WHERE till_id = ?"), { catchUpTill.till.tillId });
    if (!count || !count->next() || count->value(0).toInt() != sales)
        die(QStringLiteral("HQ does not hold the till's %1 sales after the catch-up").arg(sales));
    std::printf("catch-up of %d sales (%lld outbox changes, %d records, %d requests): %.0f ms = %.0f sales/s "
                "(goal: 2000 sales <= 5000 ms)\n",
                sales, qlonglong(waiting), report.records, report.batches, catchUp, sales / (catchUp / 1000.0));
    return 0;
}
