// SPDX-License-Identifier: MIT
// Issue #7, robustness: the store's disk fills up, the database turns
// read-only or stays locked by another program, the clock jumps. Each time
// the cashier gets a message that says what happened and what to do, nothing
// is sent to WeChat Pay that the store could not record, and no payment is lost.

#include "config/merchantprofile.h"
#include "clock.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "payments/resolver.h"
#include "payments/statuspoller.h"
#include "sandboxserver.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "testfixtures.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace paydesk;
using namespace paydesk::sandbox;

namespace {

const QString Merchant = QStringLiteral("1900000109");
const QString AppId = QStringLiteral("wxd678efh567hg6787");

struct World
{
    testing::TestWorld keys;
    QTemporaryDir dir;
    std::unique_ptr<SandboxServer> sandbox;
    std::unique_ptr<PaymentTerminal> terminal;
    MerchantProfile profile;
    PaymentTerminal::Options options;

    explicit World(Clock *clock = nullptr, int expirySeconds = 300)
    {
        SandboxServer::Options o;
        o.seed = 17;
        sandbox = std::make_unique<SandboxServer>(o);
        if (auto started = sandbox->start(); !started)
            qFatal("sandbox did not start: %s", qPrintable(started.error().message));
        MerchantRegistration m;
        m.mchid = Merchant;
        m.appid = AppId;
        m.name = QStringLiteral("Test Store");
        m.apiV3Key = keys.apiV3Key;
        m.certificate = keys.merchant.certificate;
        if (auto r = sandbox->registerMerchant(m); !r)
            qFatal("cannot register merchant: %s", qPrintable(r.error().message));

        profile.training = true;
        profile.mchid = Merchant;
        profile.appid = AppId;
        profile.terminalId = QStringLiteral("T01");
        profile.notifyUrl = QStringLiteral("https://example.invalid/notify");
        profile.baseDirectory = dir.path();
        options.databasePath = dir.filePath(QStringLiteral("paydesk.sqlite"));
        options.baseUrl = sandbox->baseUrl().toString();
        options.timeoutMs = 3000;
        options.expirySeconds = expirySeconds;
        options.paymentPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
        options.refundPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
        options.clock = clock;
    }

    Result<std::unique_ptr<PaymentTerminal>> openTerminal()
    {
        MerchantCredentials c = keys.credentials(false, false);
        c.platformKeys = sandbox->platformKeys();
        return PaymentTerminal::open(profile, c, options);
    }

    void open()
    {
        auto opened = openTerminal();
        if (!opened)
            qFatal("terminal did not open: %s", qPrintable(opened.error().message));
        terminal = std::move(opened).value();
    }

    PaymentTerminal &t() { return *terminal; }

    int customer(const QString &action, const QString &no)
    {
        return sandbox->control("POST", QStringLiteral("/sandbox/customer/") + action,
                                QJsonObject { { QStringLiteral("out_trade_no"), no } })
            .status;
    }

    OrderState state(const QString &no) { return t().orders()->find(no)->state; }

    int sandboxOrderCount()
    {
        return int(sandbox->control("GET", QStringLiteral("/sandbox/orders"))
                       .body.object().value(QLatin1String("orders")).toArray().size());
    }

    QJsonObject sandboxOrder(const QString &no)
    {
        const auto reply = sandbox->control("GET", QStringLiteral("/sandbox/orders?out_trade_no=") + no);
        const QJsonArray list = reply.body.object().value(QLatin1String("orders")).toArray();
        return list.isEmpty() ? QJsonObject() : list.first().toObject();
    }

    int count(const QString &sql, const QVariantList &values = {})
    {
        auto r = execSql(t().database()->connection(), sql, values);
        return (r && r->next()) ? r->value(0).toInt() : -1;
    }

    Result<QSqlQuery> sql(const QString &statement) { return execSql(t().database()->connection(), statement); }

    QString pendingSale(qint64 fen)
    {
        auto no = t().payments()->startNativeSale(fen, QStringLiteral("咖啡"), QStringLiteral("cashier-1"));
        if (!no)
            qFatal("sale failed: %s", qPrintable(no.error().message));
        if (!QTest::qWaitFor([&] { return state(*no) == OrderState::Pending; }, 5000))
            qFatal("order %s never became Pending", qPrintable(*no));
        return *no;
    }

    QString paidSale(qint64 fen)
    {
        const QString no = pendingSale(fen);
        if (customer(QStringLiteral("pay"), no) != 200)
            qFatal("customer could not pay %s", qPrintable(no));
        if (!QTest::qWaitFor([&] { return state(no) == OrderState::Paid; }, 5000))
            qFatal("order %s never became Paid", qPrintable(no));
        return no;
    }
};

// What a cashier needs from a store error: what happened, to which file, and what to do.
bool namesFileAndFix(const QString &message, const QString &path, const QString &what, const QString &fix)
{
    return message.contains(QFileInfo(path).absoluteFilePath()) && message.contains(what, Qt::CaseInsensitive)
        && message.contains(fix, Qt::CaseInsensitive);
}

} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT

private slots:
    void diskFullRefusesNewSalesAndKeepsPayments();
    void readOnlyDatabaseIsReported();
    void readOnlyFileRefusesToOpen();
    void lockedDatabaseFailsInBoundedTime();
    void clockJumpForwardClosesAtExpiryOnce();
    void clockJumpBackwardKeepsPolling();
};

void TestRobustness::diskFullRefusesNewSalesAndKeepsPayments()
{
    World w;
    w.open();
    const QString paid1 = w.paidSale(1200);
    const QString paid2 = w.paidSale(800);
    const QString waiting = w.pendingSale(2500); // the customer is still scanning
    QVERIFY(w.t().poller()->isWatching(waiting));

    // Simulate the disk filling up: SQLite may not grow the file past a few
    // more pages, and a filler takes those (free pages included). A write that
    // still fits into half-empty pages would not notice a full disk, so every
    // audited write (all order changes are audited) also stores a page-sized
    // blob: from now on each write needs fresh space, as on a real full disk.
    QVERIFY(w.sql(QStringLiteral("CREATE TABLE robustness_filler (b BLOB)")));
    const int pages = w.count(QStringLiteral("PRAGMA page_count"));
    QVERIFY(w.sql(QStringLiteral("PRAGMA max_page_count=%1").arg(pages + 8)));
    QString fillError;
    for (int i = 0; i < 100; ++i) {
        auto r = w.sql(QStringLiteral("INSERT INTO robustness_filler(b) VALUES (zeroblob(3000))"));
        if (!r) {
            fillError = r.error().code;
            break;
        }
    }
    QCOMPARE(fillError, QStringLiteral("disk_full"));
    QVERIFY(w.sql(QStringLiteral("CREATE TEMP TRIGGER robustness_needs_space AFTER INSERT ON main.audit_log "
                                 "BEGIN INSERT INTO robustness_filler(b) VALUES (zeroblob(8192)); END")));

    const int sandboxOrders = w.sandboxOrderCount();
    QSignalSpy finished(w.t().payments(), &PaymentService::saleFinished);
    auto refused = w.t().payments()->startNativeSale(990, QStringLiteral("tea"), QStringLiteral("cashier-1"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("disk_full"));
    QVERIFY2(namesFileAndFix(refused.error().message, w.options.databasePath, QStringLiteral("full"),
                             QStringLiteral("free space")),
             qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(QLatin1String("Nothing was saved")), qPrintable(refused.error().message));
    QTest::qWait(300); // anything sent would have reached the sandbox by now
    QCOMPARE(w.sandboxOrderCount(), sandboxOrders);
    QCOMPARE(finished.size(), 0);

    // What was already stored still reads back.
    QCOMPARE(w.state(paid1), OrderState::Paid);
    QCOMPARE(w.state(paid2), OrderState::Paid);
    QCOMPARE(w.t().orders()->find(paid1)->amountTotal, 1200);

    // The customer pays while the disk is full: the result cannot be stored,
    // the order stays Pending (not lost, not guessed) and the poller keeps asking.
    QSignalSpy failures(w.t().poller(), &StatusPoller::queryFailed);
    QCOMPARE(w.customer(QStringLiteral("pay"), waiting), 200);
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, 5000);
    const QString failure = failures.last().at(1).toString();
    QVERIFY2(failure.contains(QLatin1String("full")), qPrintable(failure));
    QCOMPARE(w.state(waiting), OrderState::Pending);
    QVERIFY(w.t().poller()->isWatching(waiting));
    QCOMPARE(w.sandboxOrder(waiting).value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));

    // The terminal is restarted once space is back (the size limit and the
    // trigger belong to the old connection): the Resolver settles the payment.
    w.terminal.reset();
    w.open();
    QCOMPARE(w.state(waiting), OrderState::Pending);
    QVERIFY(w.t().resolver()->runOnce() >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(w.state(waiting), OrderState::Paid, 5000);
    QCOMPARE(w.t().orders()->find(waiting)->transactionId,
             w.sandboxOrder(waiting).value(QLatin1String("transaction_id")).toString());
    QCOMPARE(w.count(QStringLiteral("SELECT COUNT(*) FROM payments")), 3);

    // And a new sale works again.
    const QString after = w.paidSale(700);
    QCOMPARE(w.state(after), OrderState::Paid);
}

void TestRobustness::readOnlyDatabaseIsReported()
{
    World w;
    w.open();
    const QString paid = w.paidSale(1500);

    // The database turns read-only under a running terminal (a remount, a
    // permissions change). query_only makes SQLite refuse writes exactly as it
    // does for a read-only file, and works when the test runs as root.
    QVERIFY(w.sql(QStringLiteral("PRAGMA query_only=ON")));
    const int sandboxOrders = w.sandboxOrderCount();
    auto refused = w.t().payments()->startNativeSale(990, QStringLiteral("tea"), QStringLiteral("cashier-1"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("database_read_only"));
    QVERIFY2(namesFileAndFix(refused.error().message, w.options.databasePath, QStringLiteral("read-only"),
                             QStringLiteral("writable")),
             qPrintable(refused.error().message));
    QTest::qWait(300);
    QCOMPARE(w.sandboxOrderCount(), sandboxOrders);
    QCOMPARE(w.state(paid), OrderState::Paid);

    QVERIFY(w.sql(QStringLiteral("PRAGMA query_only=OFF")));
    QCOMPARE(w.state(w.paidSale(600)), OrderState::Paid);
}

void TestRobustness::readOnlyFileRefusesToOpen()
{
#ifdef Q_OS_UNIX
    if (::geteuid() == 0)
        QSKIP("running as root: file permissions do not stop root from writing");
#endif
    World w;
    w.open();
    const QString paid = w.paidSale(1500);
    w.terminal.reset();

    // The file, its folder (for -wal/-shm) and everything in it read-only.
    const QString path = w.options.databasePath;
    const auto readOnly = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    const QDir folder(w.dir.path());
    for (const QString &name : folder.entryList(QDir::Files))
        QFile::setPermissions(folder.filePath(name), readOnly);
    QFile::setPermissions(w.dir.path(), readOnly | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther);
    auto restore = qScopeGuard([&] {
        QFile::setPermissions(w.dir.path(), readOnly | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        for (const QString &name : folder.entryList(QDir::Files))
            QFile::setPermissions(folder.filePath(name), readOnly | QFileDevice::WriteOwner);
    });

    auto opened = w.openTerminal();
    if (opened) {
        // SQLite opened it read-only: then the first write must say so.
        w.terminal = std::move(opened).value();
        QCOMPARE(w.state(paid), OrderState::Paid);
        auto refused = w.t().payments()->startNativeSale(990, QStringLiteral("tea"), QStringLiteral("c"));
        QVERIFY(!refused);
        QVERIFY2(namesFileAndFix(refused.error().message, path, QStringLiteral("read-only"), QStringLiteral("writable")),
                 qPrintable(refused.error().message));
        w.terminal.reset();
    } else {
        const QString message = opened.error().message;
        QVERIFY2(message.contains(QFileInfo(path).absoluteFilePath()) || message.contains(w.dir.path()),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("read-only"), Qt::CaseInsensitive)
                     || message.contains(QLatin1String("writable"), Qt::CaseInsensitive)
                     || message.contains(QLatin1String("permission"), Qt::CaseInsensitive),
                 qPrintable(message));
    }

    restore.dismiss();
    QFile::setPermissions(w.dir.path(), readOnly | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    for (const QString &name : folder.entryList(QDir::Files))
        QFile::setPermissions(folder.filePath(name), readOnly | QFileDevice::WriteOwner);
    w.open();
    QCOMPARE(w.state(paid), OrderState::Paid);
    QCOMPARE(w.state(w.paidSale(600)), OrderState::Paid);
}

void TestRobustness::lockedDatabaseFailsInBoundedTime()
{
    World w;
    w.open();
    const QString paid = w.paidSale(1500);

    // Another program holds the write lock (a second PayDesk that skipped the
    // lock file, a backup tool, sqlite3 in a shell).
    const QString name = QStringLiteral("robustness-locker-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        other.setDatabaseName(w.options.databasePath);
        QVERIFY(other.open());
        QSqlQuery begin(other);
        QVERIFY2(begin.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(begin.lastError().text()));

        const int sandboxOrders = w.sandboxOrderCount();
        QElapsedTimer timer;
        timer.start();
        auto refused = w.t().payments()->startNativeSale(990, QStringLiteral("tea"), QStringLiteral("cashier-1"));
        const qint64 waited = timer.elapsed();
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("database_locked"));
        QVERIFY2(namesFileAndFix(refused.error().message, w.options.databasePath, QStringLiteral("busy"),
                                 QStringLiteral("try again")),
                 qPrintable(refused.error().message));
        // Database sets a 5 s busy timeout: it waited for the other program, then gave up.
        QVERIFY2(waited >= 4000 && waited < 10000, qPrintable(QString::number(waited)));
        QTest::qWait(300);
        QCOMPARE(w.sandboxOrderCount(), sandboxOrders);
        QCOMPARE(w.state(paid), OrderState::Paid); // WAL: readers are not blocked

        QSqlQuery end(other);
        QVERIFY(end.exec(QStringLiteral("ROLLBACK")));
        other.close();
    }
    QSqlDatabase::removeDatabase(name);

    QCOMPARE(w.state(w.paidSale(600)), OrderState::Paid);
}

void TestRobustness::clockJumpForwardClosesAtExpiryOnce()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    World w(&clock, 120);
    w.open();
    QSignalSpy finished(w.t().poller(), &StatusPoller::finished);
    const QString unpaid = w.pendingSale(500);
    const QString paid = w.pendingSale(900);
    QCOMPARE(w.customer(QStringLiteral("pay"), paid), 200);

    // The clock jumps ten minutes ahead (NTP catching up after a long sleep).
    clock.advance(10 * 60 * 1000);
    QVERIFY(clock.now() > w.t().orders()->find(unpaid)->expiresAt);
    QVERIFY(QTest::qWaitFor([&] {
        clock.advance(0); // fire whatever became due while the answers came in
        return w.state(unpaid) == OrderState::Closed && w.state(paid) == OrderState::Paid;
    }, 10000));

    QCOMPARE(w.sandboxOrder(unpaid).value(QLatin1String("trade_state")).toString(), QStringLiteral("CLOSED"));
    QCOMPARE(w.t().orders()->find(paid)->transactionId,
             w.sandboxOrder(paid).value(QLatin1String("transaction_id")).toString());
    // Closed once: one state change in the audit trail, one "finished" each.
    QCOMPARE(w.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE subject = ? AND action = 'order.state' "
                                    "AND details LIKE '%-> Closed%'"),
                     { unpaid }),
             1);
    QTest::qWait(200);
    clock.advance(60 * 1000);
    QTest::qWait(200);
    QCOMPARE(finished.size(), 2);
    QCOMPARE(w.t().poller()->watchedCount(), 0);
    QCOMPARE(w.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE subject = ? AND action = 'order.state' "
                                    "AND details LIKE '%-> Closed%'"),
                     { unpaid }),
             1);
}

void TestRobustness::clockJumpBackwardKeepsPolling()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    World w(&clock, 300);
    w.open();
    const QString no = w.pendingSale(1800);
    // Let the poller ask once, so a poll is scheduled against the old time.
    clock.advance(100);
    QTest::qWait(300);
    clock.advance(0);

    // The clock jumps an hour back (a wrong RTC corrected the other way).
    clock.advance(-60 * 60 * 1000);
    QCOMPARE(w.customer(QStringLiteral("pay"), no), 200);

    // The poller must neither stop nor spin: every step runs the next due
    // callback, the queue never grows, and the payment arrives in few steps.
    int steps = 0;
    int maxPending = 0;
    while (w.state(no) != OrderState::Paid && steps < 60) {
        QTest::qWait(50);
        maxPending = qMax(maxPending, clock.pending());
        clock.runNext();
        ++steps;
    }
    QCOMPARE(w.state(no), OrderState::Paid);
    QVERIFY2(maxPending <= 3, qPrintable(QString::number(maxPending)));
    QVERIFY(!w.t().poller()->isWatching(no));
    QCOMPARE(w.count(QStringLiteral("SELECT COUNT(*) FROM payments")), 1);
    QCOMPARE(w.sandboxOrder(no).value(QLatin1String("trade_state")).toString(), QStringLiteral("SUCCESS"));
}

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
