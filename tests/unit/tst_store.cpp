// SPDX-License-Identifier: MIT
// The SQLite store: schema, the one writer path, refunds within the remainder,
// the audit chain, damage detection and backups. Real SQLite files throughout.

#include "redaction.h"
#include "reconcile/shiftreport.h"
#include "store/auditlog.h"
#include "store/businessday.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "store/schema.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

using namespace paydesk;

namespace {

struct Store
{
    std::unique_ptr<Database> db;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OrderRepository> orders;
    std::unique_ptr<RefundRepository> refunds;

    explicit Store(const QString &path)
    {
        auto opened = Database::open(path);
        if (!opened)
            qFatal("cannot open store: %s", qPrintable(opened.error().message));
        db = std::move(opened.value());
        audit = std::make_unique<AuditLog>(db.get());
        orders = std::make_unique<OrderRepository>(db.get(), audit.get());
        refunds = std::make_unique<RefundRepository>(db.get(), audit.get());
    }
};

NewOrder nativeOrder(const QString &outTradeNo, qint64 amount = 1234)
{
    NewOrder o;
    o.outTradeNo = outTradeNo;
    o.mchid = QStringLiteral("1900000109");
    o.description = QStringLiteral("咖啡 x2");
    o.amountTotal = amount;
    return o;
}

Transaction transaction(const QString &outTradeNo, const QString &state, qint64 amount = 1234,
                        const QString &transactionId = QStringLiteral("4200000000202405201234567890"))
{
    Transaction t;
    t.mchid = QStringLiteral("1900000109");
    t.outTradeNo = outTradeNo;
    t.tradeState = state;
    t.amount.total = amount;
    if (state == QLatin1String("SUCCESS") || state == QLatin1String("REFUND")) {
        t.transactionId = transactionId;
        t.payer.openid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        t.amount.payerTotal = amount;
        t.successTime = QDateTime::currentDateTimeUtc();
    }
    return t;
}

Refund refundResult(const QString &outRefundNo, const QString &status, qint64 amount)
{
    Refund r;
    r.outRefundNo = outRefundNo;
    r.refundId = QStringLiteral("50000000382019052709732678859") + outRefundNo.right(1);
    r.status = status;
    r.refund = amount;
    return r;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void opensWithLatestSchemaAndWal();
    void upgradesAnOlderStoreKeepingEverything();
    void upgradeGivesEachPaymentItsBusinessDay();
    void transitions_data();
    void transitions();
    void closedBecomesPaidOnlyByQuery();
    void codePayReversal_data();
    void codePayReversal();
    void refusesResultsThatDoNotFit();
    void duplicateOutTradeNoRefused();
    void combinedOrderFollowsSubOrders();
    void refundsNeverExceedTotal();
    void concurrentRefundsFromTwoConnections();
    void refundLifecycle();
    void auditChainDetectsTampering();
    void openidNeverStoredInFull();
    void damagedFileIsKeptAndReported();
    void backupKeepsNewest();
    void survivesReopen();
};

void TestStore::opensWithLatestSchemaAndWal()
{
    QTemporaryDir dir;
    Store s(dir.filePath(QStringLiteral("paydesk.sqlite")));
    QCOMPARE(s.db->schemaVersion(), Database::latestSchemaVersion());
    QSqlQuery q(s.db->connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2); // FULL
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

// A store written by PayDesk at schema version 3 (before the partial
// indexes): opening it migrates it in place, and what it held is all there and
// found by the new indexes.
void TestStore::upgradesAnOlderStoreKeepingEverything()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    {
        QSqlDatabase old = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("schema3"));
        old.setDatabaseName(path);
        QVERIFY(old.open());
        QSqlQuery q(old);
        for (int version = 0; version < 3; ++version) {
            for (const QString &statement : schema::migrations().at(version))
                QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        }
        const char *rows[] = {
            "INSERT INTO orders (id, out_trade_no, kind, mchid, description, amount_total, state, created_at, "
            "updated_at, paid_at) VALUES (1, 'PD-PAID', 'native', '1900000109', 'Tea', 500, 'PartiallyRefunded', "
            "'2026-11-29T02:00:00.000Z', '2026-11-29T02:00:00.000Z', '2026-11-29T02:00:01.000Z')",
            "INSERT INTO orders (id, out_trade_no, kind, mchid, description, amount_total, state, created_at, "
            "updated_at) VALUES (2, 'PD-OPEN', 'native', '1900000109', 'Tea', 700, 'Pending', "
            "'2026-11-29T03:00:00.000Z', '2026-11-29T03:00:00.000Z')",
            "INSERT INTO refunds (order_id, out_refund_no, amount, status, created_at, updated_at) "
            "VALUES (1, 'RF-OPEN', 100, 'PROCESSING', '2026-11-29T04:00:00.000Z', '2026-11-29T04:00:00.000Z')",
            "PRAGMA user_version=3",
        };
        for (const char *sql : rows)
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("schema3"));

    Store s(path);
    QCOMPARE(s.db->schemaVersion(), Database::latestSchemaVersion());
    const QList<OrderRecord> open = s.orders->unresolved();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().outTradeNo, QStringLiteral("PD-OPEN"));
    const QList<RefundRecord> openRefunds = s.refunds->unresolved();
    QCOMPARE(openRefunds.size(), 1);
    QCOMPARE(openRefunds.first().outRefundNo, QStringLiteral("RF-OPEN"));
    QVERIFY(s.orders->find(QStringLiteral("PD-PAID")));

    QSqlQuery q(s.db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")));
    QStringList indexes;
    while (q.next())
        indexes << q.value(0).toString();
    for (const char *name : { "orders_state", "refunds_open", "refunds_settled", "orders_parent", "orders_paid", "receipts_order" })
        QVERIFY2(indexes.contains(QLatin1String(name)), name);
    QVERIFY(q.exec(QStringLiteral("PRAGMA index_info(orders_state)")));
    QStringList columns;
    while (q.next())
        columns << q.value(2).toString();
    QCOMPARE(columns, QStringList({ QStringLiteral("state"), QStringLiteral("created_at") }));
}

// A store at schema version 4, with a day closed at 22:00 China time and a
// sale paid after that close (the Z report printed then did not count it):
// migration 5 gives every payment and successful refund its business day, the
// late sale the next one, and the reports read them on their new indexes.
void TestStore::upgradeGivesEachPaymentItsBusinessDay()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    {
        QSqlDatabase old = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("schema4"));
        old.setDatabaseName(path);
        QVERIFY(old.open());
        QSqlQuery q(old);
        for (int version = 0; version < 4; ++version) {
            for (const QString &statement : schema::migrations().at(version))
                QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        }
        const auto order = [](int id, const char *no, int amount, const char *state, const char *paidAt) {
            return QStringLiteral("INSERT INTO orders (id, out_trade_no, kind, mchid, description, amount_total, state, "
                                  "created_at, updated_at, paid_at) VALUES (%1, '%2', 'native', '1900000109', 'Tea', %3, "
                                  "'%4', '2026-11-29T01:00:00.000Z', '2026-11-29T01:00:00.000Z', %5)")
                .arg(id)
                .arg(QLatin1String(no))
                .arg(amount)
                .arg(QLatin1String(state), paidAt ? QStringLiteral("'%1'").arg(QLatin1String(paidAt)) : QStringLiteral("NULL"));
        };
        const QStringList rows = {
            // 10:00 China time on the 29th, before the close.
            order(1, "T1_DAY", 500, "PartiallyRefunded", "2026-11-29T02:00:01.000Z"),
            // 22:30 on the 29th, after the close at 22:00.
            order(2, "T1_LATE", 700, "Paid", "2026-11-29T14:30:00.000Z"),
            // 00:30 on the 30th.
            order(3, "T1_NEXT", 900, "Paid", "2026-11-29T16:30:00.000Z"),
            order(4, "T1_OPEN", 300, "Pending", nullptr),
            QStringLiteral("INSERT INTO refunds (order_id, out_refund_no, amount, status, created_at, updated_at, "
                           "success_time) VALUES (1, 'RF-DAY', 100, 'SUCCESS', '2026-11-29T03:00:00.000Z', "
                           "'2026-11-29T03:00:05.000Z', '2026-11-29T03:00:04.000Z')"),
            QStringLiteral("INSERT INTO refunds (order_id, out_refund_no, amount, status, created_at, updated_at) "
                           "VALUES (1, 'RF-OPEN', 50, 'PROCESSING', '2026-11-29T15:00:00.000Z', "
                           "'2026-11-29T15:00:00.000Z')"),
            QStringLiteral("INSERT INTO day_closings (day, closed_at, closed_by, payments, gross, refund_count, "
                           "refunds, net, report_json) VALUES ('2026-11-29', '2026-11-29T14:00:00.000Z', 'manager', "
                           "1, 500, 1, 100, 400, '{}')"),
            QStringLiteral("PRAGMA user_version=4"),
        };
        for (const QString &sql : rows)
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text() + QLatin1Char(' ') + sql));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("schema4"));

    Store s(path);
    QCOMPARE(s.db->schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(s.orders->find(QStringLiteral("T1_DAY"))->businessDay, QDate(2026, 11, 29));
    QCOMPARE(s.orders->find(QStringLiteral("T1_LATE"))->businessDay, QDate(2026, 11, 30));
    QCOMPARE(s.orders->find(QStringLiteral("T1_NEXT"))->businessDay, QDate(2026, 11, 30));
    QVERIFY(!s.orders->find(QStringLiteral("T1_OPEN"))->businessDay.isValid());
    QCOMPARE(s.orders->find(QStringLiteral("T1_OPEN"))->amountTotal, qint64(300)); // everything else kept
    QSqlQuery q(s.db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT out_refund_no, business_day FROM refunds ORDER BY id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toString(), QStringLiteral("2026-11-29"));
    QVERIFY(q.next());
    QVERIFY(q.value(1).isNull());

    ShiftReport reports(s.db.get(), s.audit.get());
    auto next = reports.build(ShiftReportData::X, QDate(2026, 11, 30));
    QVERIFY(next);
    QCOMPARE(next->totals.payments, qint64(2));
    QCOMPARE(next->totals.gross, qint64(700 + 900));
    auto day = reports.build(ShiftReportData::X, QDate(2026, 11, 29));
    QCOMPARE(day->totals.gross, qint64(500));
    QCOMPARE(day->totals.refunds, qint64(100));
    // A payment recorded now for the closed 29th belongs to the next open day.
    QCOMPARE(BusinessDay::of(s.db->connection(), QDateTime(QDate(2026, 11, 29), QTime(12, 0), QTimeZone(8 * 3600))).value(),
             QDate(2026, 11, 30));

    for (const char *index : { "orders_business_day", "refunds_business_day" }) {
        QVERIFY(q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '%1'")
                           .arg(QLatin1String(index))));
        QVERIFY2(q.next(), index);
    }
    // The reports' reads are on those indexes, not a scan of every order.
    QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM orders o WHERE o.business_day = '2026-11-30' "
                                  "AND o.kind <> 'combine' AND +o.state IN ('Paid', 'PartiallyRefunded', 'Refunded')")));
    QString plan;
    while (q.next())
        plan += q.value(3).toString();
    QVERIFY2(plan.contains(QLatin1String("orders_business_day")), qPrintable(plan));
}

// One row per transition: the stored state, a result, where it came from, and
// what the store must do with it.
void TestStore::transitions_data()
{
    QTest::addColumn<QStringList>("before"); // trade states applied first (by query)
    QTest::addColumn<QString>("result");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("after");

    const int query = int(ResultSource::Query);
    const int notification = int(ResultSource::Notification);
    QTest::newRow("created + NOTPAY") << QStringList{} << "NOTPAY" << query << int(ApplyResult::Applied) << "Pending";
    QTest::newRow("created + SUCCESS") << QStringList{} << "SUCCESS" << notification << int(ApplyResult::Applied) << "Paid";
    QTest::newRow("pending + USERPAYING") << QStringList{"NOTPAY"} << "USERPAYING" << query << int(ApplyResult::Applied) << "Pending";
    QTest::newRow("pending + same NOTPAY") << QStringList{"NOTPAY"} << "NOTPAY" << query << int(ApplyResult::Unchanged) << "Pending";
    QTest::newRow("paid + duplicate SUCCESS") << QStringList{"SUCCESS"} << "SUCCESS" << notification << int(ApplyResult::Unchanged) << "Paid";
    QTest::newRow("paid + older NOTPAY") << QStringList{"SUCCESS"} << "NOTPAY" << query << int(ApplyResult::Stale) << "Paid";
    QTest::newRow("paid + CLOSED") << QStringList{"SUCCESS"} << "CLOSED" << query << int(ApplyResult::Stale) << "Paid";
    QTest::newRow("pending + CLOSED") << QStringList{"NOTPAY"} << "CLOSED" << query << int(ApplyResult::Applied) << "Closed";
    QTest::newRow("pending + PAYERROR") << QStringList{"NOTPAY"} << "PAYERROR" << query << int(ApplyResult::Applied) << "Failed";
    QTest::newRow("closed + NOTPAY") << QStringList{"CLOSED"} << "NOTPAY" << query << int(ApplyResult::Stale) << "Closed";
    QTest::newRow("closed + SUCCESS by notification") << QStringList{"CLOSED"} << "SUCCESS" << notification << int(ApplyResult::Refused) << "Closed";
    QTest::newRow("closed + SUCCESS by query") << QStringList{"CLOSED"} << "SUCCESS" << query << int(ApplyResult::Applied) << "Paid";
    QTest::newRow("pending + REFUND (paid then refunded)") << QStringList{"NOTPAY"} << "REFUND" << query << int(ApplyResult::Applied) << "Paid";
    QTest::newRow("unknown trade_state") << QStringList{} << "WHATEVER" << query << int(ApplyResult::Refused) << "Created";
}

void TestStore::transitions()
{
    QFETCH(QStringList, before);
    QFETCH(QString, result);
    QFETCH(int, source);
    QFETCH(int, outcome);
    QFETCH(QString, after);

    QTemporaryDir dir;
    Store s(dir.filePath(QStringLiteral("t.sqlite")));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0001")), QStringLiteral("cashier-1")));
    for (const QString &state : before)
        QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0001"), state), ResultSource::Query, QStringLiteral("poller")));

    auto applied = s.orders->applyTransaction(transaction(QStringLiteral("PD0001"), result), ResultSource(source),
                                              QStringLiteral("poller"));
    QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
    QCOMPARE(int(applied->outcome), outcome);
    QCOMPARE(orderStateName(s.orders->find(QStringLiteral("PD0001"))->state), after);

    // Money is recorded once, whatever arrives twice.
    QSqlQuery q(s.db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM payments")) && q.next());
    QCOMPARE(q.value(0).toInt(), after == QLatin1String("Paid") ? 1 : 0);
}

void TestStore::closedBecomesPaidOnlyByQuery()
{
    Store s(QStringLiteral(":memory:"));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0002")), QStringLiteral("c")));
    QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0002"), QStringLiteral("CLOSED")), ResultSource::Query, QStringLiteral("c")));
    auto byNotification = s.orders->applyTransaction(transaction(QStringLiteral("PD0002"), QStringLiteral("SUCCESS")),
                                                     ResultSource::Notification, QStringLiteral("listener"));
    QCOMPARE(byNotification->outcome, ApplyResult::Refused);
    auto byQuery = s.orders->applyTransaction(transaction(QStringLiteral("PD0002"), QStringLiteral("SUCCESS")),
                                              ResultSource::Query, QStringLiteral("resolver"));
    QCOMPARE(byQuery->outcome, ApplyResult::Applied);
    QCOMPARE(s.orders->find(QStringLiteral("PD0002"))->state, OrderState::Paid);
}

void TestStore::codePayReversal_data()
{
    // Trade states applied first and the result, "REVOKED+" meaning REVOKED
    // with the payment's transaction_id (paid, then reversed: the money went back).
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QString>("result");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("after");
    QTest::addColumn<bool>("paid"); // a payment and a reversal refund of the whole amount are booked

    const int query = int(ResultSource::Query);
    const int create = int(ResultSource::CreateAnswer);
    QTest::newRow("userpaying + REVOKED: nobody paid")
        << QStringList{"USERPAYING"} << "REVOKED" << query << int(ApplyResult::Applied) << "Closed" << false;
    QTest::newRow("userpaying + REVOKED paid") << QStringList{"USERPAYING"} << "REVOKED+" << query
                                               << int(ApplyResult::Applied) << "Refunded" << true;
    QTest::newRow("created + REVOKED paid") << QStringList{} << "REVOKED+" << query << int(ApplyResult::Applied)
                                            << "Refunded" << true;
    QTest::newRow("paid + REVOKED paid") << QStringList{"SUCCESS"} << "REVOKED+" << query << int(ApplyResult::Applied)
                                         << "Refunded" << true;
    QTest::newRow("closed as reversed + REVOKED paid, by query")
        << QStringList{"REVOKED"} << "REVOKED+" << query << int(ApplyResult::Applied) << "Refunded" << true;
    QTest::newRow("closed + REVOKED paid, not by query")
        << QStringList{"REVOKED"} << "REVOKED+" << create << int(ApplyResult::Refused) << "Closed" << false;
    QTest::newRow("reversal booked + the same answer again")
        << QStringList{"REVOKED+"} << "REVOKED+" << query << int(ApplyResult::Unchanged) << "Refunded" << true;
}

void TestStore::codePayReversal()
{
    QFETCH(QStringList, before);
    QFETCH(QString, result);
    QFETCH(int, source);
    QFETCH(int, outcome);
    QFETCH(QString, after);
    QFETCH(bool, paid);

    const QString no = QStringLiteral("PD0009");
    auto answer = [&](const QString &state) {
        const bool reversedPayment = state == QLatin1String("REVOKED+");
        Transaction t = transaction(no, reversedPayment ? QStringLiteral("SUCCESS") : state);
        t.tradeState = reversedPayment ? QStringLiteral("REVOKED") : state;
        t.tradeType = QStringLiteral("MICROPAY");
        return t;
    };
    Store s(QStringLiteral(":memory:"));
    NewOrder order = nativeOrder(no);
    order.kind = OrderKind::CodePay;
    QVERIFY(s.orders->create(order, QStringLiteral("cashier-1")));
    for (const QString &state : before)
        QVERIFY(s.orders->applyTransaction(answer(state), ResultSource::Query, QStringLiteral("poller")));

    auto applied = s.orders->applyTransaction(answer(result), ResultSource(source), QStringLiteral("poller"));
    QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
    QCOMPARE(int(applied->outcome), outcome);
    const auto stored = *s.orders->find(no);
    QCOMPARE(orderStateName(stored.state), after);

    // Paid then reversed: one payment, one refund of the whole amount, and
    // refunded_total their sum, as WeChat Pay's books have it.
    QSqlQuery q(s.db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM payments")) && q.next());
    QCOMPARE(q.value(0).toInt(), paid ? 1 : 0);
    const QList<RefundRecord> refunds = s.refunds->forOrder(stored.id);
    QCOMPARE(refunds.size(), paid ? 1 : 0);
    QCOMPARE(stored.refundedTotal, paid ? stored.amountTotal : 0);
    if (paid) {
        QCOMPARE(stored.tradeState, QStringLiteral("REVOKED"));
        QCOMPARE(stored.transactionId, QStringLiteral("4200000000202405201234567890"));
        QCOMPARE(refunds.first().outRefundNo, reversalRefundNo(no));
        QCOMPARE(refunds.first().status, QStringLiteral("SUCCESS"));
        QCOMPARE(refunds.first().amount, stored.amountTotal);
        QVERIFY(refunds.first().successTime.isValid());
        QVERIFY(stored.paidAt.isValid());
    }
}

void TestStore::refusesResultsThatDoNotFit()
{
    Store s(QStringLiteral(":memory:"));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0003"), 500), QStringLiteral("c")));
    auto wrongAmount = s.orders->applyTransaction(transaction(QStringLiteral("PD0003"), QStringLiteral("SUCCESS"), 5),
                                                  ResultSource::Query, QStringLiteral("c"));
    QCOMPARE(wrongAmount->outcome, ApplyResult::Refused);
    QVERIFY(wrongAmount->message.contains(QLatin1String("amount")));

    Transaction otherMerchant = transaction(QStringLiteral("PD0003"), QStringLiteral("SUCCESS"), 500);
    otherMerchant.mchid = QStringLiteral("1900000999");
    QCOMPARE(s.orders->applyTransaction(otherMerchant, ResultSource::Query, QStringLiteral("c"))->outcome, ApplyResult::Refused);

    QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0003"), QStringLiteral("SUCCESS"), 500),
                                       ResultSource::Query, QStringLiteral("c")));
    auto otherTransaction = s.orders->applyTransaction(
        transaction(QStringLiteral("PD0003"), QStringLiteral("SUCCESS"), 500, QStringLiteral("4200000000209999999999999999")),
        ResultSource::Query, QStringLiteral("c"));
    QCOMPARE(otherTransaction->outcome, ApplyResult::Refused);

    auto unknown = s.orders->applyTransaction(transaction(QStringLiteral("NOPE01"), QStringLiteral("SUCCESS")),
                                              ResultSource::Query, QStringLiteral("c"));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, QStringLiteral("unknown_order"));
}

void TestStore::duplicateOutTradeNoRefused()
{
    Store s(QStringLiteral(":memory:"));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0004")), QStringLiteral("c")));
    auto again = s.orders->create(nativeOrder(QStringLiteral("PD0004")), QStringLiteral("c"));
    QVERIFY(!again);
    QCOMPARE(again.error().code, QStringLiteral("duplicate"));
}

void TestStore::combinedOrderFollowsSubOrders()
{
    Store s(QStringLiteral(":memory:"));
    NewOrder combined;
    combined.outTradeNo = QStringLiteral("PDC0001");
    combined.kind = OrderKind::Combine;
    combined.mchid = QStringLiteral("1900000109");
    combined.description = QStringLiteral("合单");
    combined.amountTotal = 300;
    NewOrder a = nativeOrder(QStringLiteral("PDC0001A"), 100);
    a.mchid = QStringLiteral("1900000110");
    NewOrder b = nativeOrder(QStringLiteral("PDC0001B"), 200);
    b.mchid = QStringLiteral("1900000111");
    combined.subOrders = {a, b};
    auto created = s.orders->create(combined, QStringLiteral("c"));
    QVERIFY(created);
    QCOMPARE(s.orders->subOrders(created->id).size(), 2);
    QVERIFY(s.orders->markPending(QStringLiteral("PDC0001"), QStringLiteral("weixin://wxpay/bizpayurl?pr=x"), QStringLiteral("c")));
    QCOMPARE(s.orders->find(QStringLiteral("PDC0001A"))->state, OrderState::Pending);

    CombineTransaction t;
    t.combineOutTradeNo = QStringLiteral("PDC0001");
    t.combinePayerOpenid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    for (const auto &[no, mchid, amount, tid] : {std::tuple{"PDC0001A", "1900000110", 100, "4200000001"},
                                                 std::tuple{"PDC0001B", "1900000111", 200, "4200000002"}}) {
        CombineSubOrder sub;
        sub.outTradeNo = QLatin1String(no);
        sub.mchid = QLatin1String(mchid);
        sub.totalAmount = amount;
        sub.tradeState = QStringLiteral("SUCCESS");
        sub.transactionId = QLatin1String(tid);
        t.subOrders << sub;
    }
    auto applied = s.orders->applyCombineTransaction(t, ResultSource::Query, QStringLiteral("poller"));
    QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
    QCOMPARE(applied->after, OrderState::Paid);
    QCOMPARE(s.orders->find(QStringLiteral("PDC0001B"))->transactionId, QStringLiteral("4200000002"));
    QCOMPARE(s.orders->applyCombineTransaction(t, ResultSource::Notification, QStringLiteral("listener"))->outcome,
             ApplyResult::Unchanged);

    // The parent cannot be refunded; its sub-orders can.
    QCOMPARE(s.refunds->create(QStringLiteral("PDC0001"), QStringLiteral("R1"), 50, {}, QStringLiteral("m")).error().code,
             QStringLiteral("refund_sub_order"));
    QVERIFY(s.refunds->create(QStringLiteral("PDC0001B"), QStringLiteral("R1"), 200, {}, QStringLiteral("m")));
}

void TestStore::refundsNeverExceedTotal()
{
    Store s(QStringLiteral(":memory:"));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0005"), 1000), QStringLiteral("c")));
    auto notPaid = s.refunds->create(QStringLiteral("PD0005"), QStringLiteral("R5-1"), 100, {}, QStringLiteral("m"));
    QCOMPARE(notPaid.error().code, QStringLiteral("not_paid"));

    QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0005"), QStringLiteral("SUCCESS"), 1000),
                                       ResultSource::Query, QStringLiteral("c")));
    QVERIFY(s.refunds->create(QStringLiteral("PD0005"), QStringLiteral("R5-1"), 600, QStringLiteral("退货"), QStringLiteral("m")));
    QCOMPARE(*s.refunds->refundableRemainder(QStringLiteral("PD0005")), 400);
    auto over = s.refunds->create(QStringLiteral("PD0005"), QStringLiteral("R5-2"), 401, {}, QStringLiteral("m"));
    QVERIFY(!over);
    QCOMPARE(over.error().code, QStringLiteral("over_refund"));
    QVERIFY(s.refunds->create(QStringLiteral("PD0005"), QStringLiteral("R5-2"), 400, {}, QStringLiteral("m")));
    QCOMPARE(s.refunds->create(QStringLiteral("PD0005"), QStringLiteral("R5-2"), 1, {}, QStringLiteral("m")).error().code,
             QStringLiteral("over_refund"));
    // A CLOSED refund gives its amount back.
    QVERIFY(s.refunds->applyRefund(refundResult(QStringLiteral("R5-2"), QStringLiteral("CLOSED"), 400),
                                   ResultSource::Query, QStringLiteral("poller")));
    QCOMPARE(*s.refunds->refundableRemainder(QStringLiteral("PD0005")), 400);
}

void TestStore::concurrentRefundsFromTwoConnections()
{
    // Two terminals' threads, each with its own connection to the same file,
    // race to refund the last 600 of a 1000 fen order: exactly one wins.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("race.sqlite"));
    {
        Store s(path);
        QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0006"), 1000), QStringLiteral("c")));
        QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0006"), QStringLiteral("SUCCESS"), 1000),
                                           ResultSource::Query, QStringLiteral("c")));
        QVERIFY(s.refunds->create(QStringLiteral("PD0006"), QStringLiteral("R6-0"), 400, {}, QStringLiteral("m")));
    }
    QAtomicInt wins = 0;
    QAtomicInt refusals = 0;
    QList<QThread *> threads;
    for (int i = 0; i < 4; ++i) {
        threads << QThread::create([&, i] {
            Store s(path);
            auto r = s.refunds->create(QStringLiteral("PD0006"), QStringLiteral("R6-%1").arg(i + 1), 600, {},
                                       QStringLiteral("manager-%1").arg(i));
            if (r)
                wins.fetchAndAddOrdered(1);
            else if (r.error().code == QLatin1String("over_refund"))
                refusals.fetchAndAddOrdered(1);
        });
    }
    for (QThread *t : threads)
        t->start();
    for (QThread *t : threads) {
        QVERIFY(t->wait(20000));
        delete t;
    }
    QCOMPARE(wins.loadRelaxed(), 1);
    QCOMPARE(refusals.loadRelaxed(), 3);
}

void TestStore::refundLifecycle()
{
    Store s(QStringLiteral(":memory:"));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0007"), 1000), QStringLiteral("c")));
    QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0007"), QStringLiteral("SUCCESS"), 1000),
                                       ResultSource::Query, QStringLiteral("c")));
    QVERIFY(s.refunds->create(QStringLiteral("PD0007"), QStringLiteral("R7-1"), 300, {}, QStringLiteral("m")));
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-1"), QStringLiteral("PROCESSING"), 300),
                                    ResultSource::CreateAnswer, QStringLiteral("m"))->outcome, ApplyResult::Applied);
    QCOMPARE(s.refunds->unresolved().size(), 1);
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-1"), QStringLiteral("SUCCESS"), 300),
                                    ResultSource::Notification, QStringLiteral("listener"))->outcome, ApplyResult::Applied);
    // The same success again changes nothing: the refunded total grows once.
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-1"), QStringLiteral("SUCCESS"), 300),
                                    ResultSource::Query, QStringLiteral("poller"))->outcome, ApplyResult::Unchanged);
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-1"), QStringLiteral("PROCESSING"), 300),
                                    ResultSource::Query, QStringLiteral("poller"))->outcome, ApplyResult::Stale);
    auto order = s.orders->find(QStringLiteral("PD0007"));
    QCOMPARE(order->refundedTotal, 300);
    QCOMPARE(order->state, OrderState::PartiallyRefunded);

    QVERIFY(s.refunds->create(QStringLiteral("PD0007"), QStringLiteral("R7-2"), 700, {}, QStringLiteral("m")));
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-2"), QStringLiteral("ABNORMAL"), 700),
                                    ResultSource::Query, QStringLiteral("poller"))->outcome, ApplyResult::Applied);
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-2"), QStringLiteral("SUCCESS"), 700),
                                    ResultSource::Query, QStringLiteral("poller"))->outcome, ApplyResult::Applied);
    QCOMPARE(s.orders->find(QStringLiteral("PD0007"))->state, OrderState::Refunded);
    QCOMPARE(s.refunds->applyRefund(refundResult(QStringLiteral("R7-2"), QStringLiteral("SUCCESS"), 1),
                                    ResultSource::Query, QStringLiteral("poller"))->outcome, ApplyResult::Refused);
}

void TestStore::auditChainDetectsTampering()
{
    QTemporaryDir dir;
    Store s(dir.filePath(QStringLiteral("audit.sqlite")));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0008")), QStringLiteral("cashier-1")));
    QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0008"), QStringLiteral("NOTPAY")), ResultSource::Query, QStringLiteral("poller")));
    QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0008"), QStringLiteral("SUCCESS")), ResultSource::Query, QStringLiteral("poller")));
    auto intact = s.audit->verify();
    QVERIFY(intact.intact);
    QCOMPARE(intact.entries, 3);

    QSqlQuery q(s.db->connection());
    QVERIFY(q.exec(QStringLiteral("UPDATE audit_log SET actor = 'someone-else' WHERE id = 2")));
    auto edited = s.audit->verify();
    QVERIFY(!edited.intact);
    QCOMPARE(edited.firstBrokenId, 2);

    Store t(dir.filePath(QStringLiteral("audit2.sqlite")));
    for (int i = 0; i < 3; ++i)
        QVERIFY(t.audit->append(QStringLiteral("m"), QStringLiteral("x"), QStringLiteral("s%1").arg(i)));
    QSqlQuery d(t.db->connection());
    QVERIFY(d.exec(QStringLiteral("DELETE FROM audit_log WHERE id = 2")));
    auto removed = t.audit->verify();
    QVERIFY(!removed.intact);
    QCOMPARE(removed.firstBrokenId, 3);
}

void TestStore::openidNeverStoredInFull()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("privacy.sqlite"));
    {
        Store s(path);
        QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0009")), QStringLiteral("c")));
        QVERIFY(s.orders->applyTransaction(transaction(QStringLiteral("PD0009"), QStringLiteral("SUCCESS")), ResultSource::Query, QStringLiteral("c")));
        QVERIFY(s.audit->append(QStringLiteral("c"), QStringLiteral("note"), QStringLiteral("PD0009"),
                                QStringLiteral("{\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}")));
        QCOMPARE(s.orders->find(QStringLiteral("PD0009"))->payerMasked, Redaction::maskOpenid(QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")));
    }
    QByteArray bytes;
    for (const QString &f : QDir(dir.path()).entryList(QDir::Files)) {
        QFile file(dir.filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes += file.readAll();
    }
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!bytes.contains("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
}

void TestStore::damagedFileIsKeptAndReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.sqlite"));
    {
        Store s(path);
        for (int i = 0; i < 200; ++i)
            QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD1%1").arg(i, 5, 10, QLatin1Char('0'))), QStringLiteral("c")));
        QSqlQuery q(s.db->connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    QVERIFY(size > 8192);
    file.seek(size / 2);
    file.write(QByteArray(4096, '\x5a'));
    file.close();

    auto reopened = Database::open(path);
    QVERIFY(!reopened);
    QCOMPARE(reopened.error().code, QStringLiteral("database_damaged"));
    const QStringList copies = QDir(dir.path()).entryList({QStringLiteral("damaged.sqlite.damaged-*")});
    QCOMPARE(copies.size(), 1);
    QVERIFY(reopened.error().message.contains(copies.first()));
    QVERIFY(QFile::exists(path)); // never silently recreated
}

void TestStore::backupKeepsNewest()
{
    QTemporaryDir dir;
    Store s(dir.filePath(QStringLiteral("live.sqlite")));
    QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0010")), QStringLiteral("c")));
    const QString folder = dir.filePath(QStringLiteral("backups"));
    QDir().mkpath(folder);
    for (const char *old : {"paydesk-20240101-000000.sqlite", "paydesk-20240102-000000.sqlite", "paydesk-20240103-000000.sqlite"}) {
        QFile f(QDir(folder).filePath(QLatin1String(old)));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    auto backup = s.db->backup(folder, 2);
    QVERIFY2(backup, backup ? "" : qPrintable(backup.error().message));
    const QStringList kept = QDir(folder).entryList(QDir::Files, QDir::Name);
    QCOMPARE(kept.size(), 2);
    QVERIFY(kept.contains(QFileInfo(*backup).fileName()));
    Store restored(*backup);
    QVERIFY(restored.orders->find(QStringLiteral("PD0010")));
}

void TestStore::survivesReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("reopen.sqlite"));
    {
        Store s(path);
        QVERIFY(s.orders->create(nativeOrder(QStringLiteral("PD0011")), QStringLiteral("c")));
        QVERIFY(s.orders->markPending(QStringLiteral("PD0011"), QStringLiteral("weixin://wxpay/bizpayurl?pr=abc"), QStringLiteral("c")));
    }
    Store again(path);
    const auto order = again.orders->find(QStringLiteral("PD0011"));
    QVERIFY(order);
    QCOMPARE(order->state, OrderState::Pending);
    QCOMPARE(order->codeUrl, QStringLiteral("weixin://wxpay/bizpayurl?pr=abc"));
    QCOMPARE(again.orders->unresolved().size(), 1);
    QCOMPARE(again.db->schemaVersion(), Database::latestSchemaVersion());
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
