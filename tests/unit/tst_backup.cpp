// SPDX-License-Identifier: MIT
// Scheduled backups (BackupScheduler) and the terminal that schedules them
// (PaymentTerminal): real SQLite files, real worker threads.

#include "clock.h"
#include "payments/paymentservice.h"
#include "payments/paymentterminal.h"
#include "store/auditlog.h"
#include "store/backupscheduler.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "testfixtures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

namespace {

// A store with `count` orders and their audit entries.
void fillStore(const QString &path, int count)
{
    auto db = Database::open(path);
    QVERIFY2(db, db ? "" : qPrintable(db.error().message));
    AuditLog audit(db->get());
    OrderRepository orders(db->get(), &audit);
    for (int i = 0; i < count; ++i) {
        NewOrder order;
        order.outTradeNo = QStringLiteral("BK%1").arg(i, 6, 10, QLatin1Char('0'));
        order.mchid = QStringLiteral("1900000109");
        order.description = QStringLiteral("backup test %1").arg(i);
        order.amountTotal = 100 + i;
        order.expiresAt = QDateTime::currentDateTimeUtc().addSecs(300);
        auto created = orders.create(order, QStringLiteral("test"));
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    }
}

qint64 countRows(Database &db, const QString &table)
{
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table);
    return q.next() ? q.value(0).toLongLong() : -1;
}

void touchBackup(const QString &folder, const QString &stamp)
{
    QDir().mkpath(folder);
    QFile f(QDir(folder).filePath(QStringLiteral("paydesk-%1.sqlite").arg(stamp)));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("old backup");
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

private slots:
    void backupIsACopyWithTheSameRows();
    void backupRunsInTheBackground();
    void keepsOnlyTheNewestN();
    void secondStartWithinADayDoesNothing();
    void backsUpAgainOnceADayHasPassed();
    void unwritableFolderFailsClearly();
    void terminalSchedulesBackups();
    void terminalDefaultDatabasePath();
};

void TestBackup::backupIsACopyWithTheSameRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    fillStore(path, 25);
    const QString folder = dir.filePath(QStringLiteral("backups"));

    BackupScheduler backups(path, folder, 3);
    QSignalSpy done(&backups, &BackupScheduler::backedUp);
    backups.start();
    QVERIFY(done.wait(20000));
    const QString file = done.first().first().toString();
    QCOMPARE(QFileInfo(file).absolutePath(), QFileInfo(folder).absoluteFilePath());
    QVERIFY(QFileInfo(file).fileName().startsWith(QLatin1String("paydesk-")));

    // A valid SQLite database (quick_check passes on open) with every row.
    auto copy = Database::open(file);
    QVERIFY2(copy, copy ? "" : qPrintable(copy.error().message));
    auto original = Database::open(path);
    QVERIFY(original);
    QCOMPARE(countRows(**copy, QStringLiteral("orders")), 25);
    QCOMPARE(countRows(**copy, QStringLiteral("audit_log")), countRows(**original, QStringLiteral("audit_log")));
    QCOMPARE((*copy)->schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(AuditLog(copy->get()).verify().intact);
    QVERIFY(OrderRepository(copy->get(), nullptr).find(QStringLiteral("BK000024")).has_value());
}

void TestBackup::backupRunsInTheBackground()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    fillStore(path, 5);
    BackupScheduler backups(path, dir.filePath(QStringLiteral("backups")), 3);
    QSignalSpy done(&backups, &BackupScheduler::backedUp);
    backups.start();
    // start() returned with the copy still under way: it only reports back through the event loop.
    QVERIFY(backups.isBusy());
    QCOMPARE(done.size(), 0);
    QVERIFY(done.wait(20000));
    QVERIFY(!backups.isBusy());
}

void TestBackup::keepsOnlyTheNewestN()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    fillStore(path, 3);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    for (const char *stamp : { "20200101-000000", "20200102-000000", "20200103-000000", "20200104-000000" })
        touchBackup(folder, QString::fromLatin1(stamp));
    // Not a backup: never removed.
    touchBackup(folder, QStringLiteral("x"));
    QFile::rename(QDir(folder).filePath(QStringLiteral("paydesk-x.sqlite")), QDir(folder).filePath(QStringLiteral("notes.txt")));

    BackupScheduler backups(path, folder, 3);
    auto written = backups.backupNow();
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    const QStringList files = BackupScheduler::backupFiles(folder);
    QCOMPARE(files.size(), 3);
    QCOMPARE(files.at(0), *written); // newest first
    QVERIFY(files.at(1).endsWith(QLatin1String("paydesk-20200104-000000.sqlite")));
    QVERIFY(files.at(2).endsWith(QLatin1String("paydesk-20200103-000000.sqlite")));
    QVERIFY(QFileInfo::exists(QDir(folder).filePath(QStringLiteral("notes.txt"))));
}

void TestBackup::secondStartWithinADayDoesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    fillStore(path, 2);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    {
        BackupScheduler first(path, folder, 5);
        QSignalSpy done(&first, &BackupScheduler::backedUp);
        first.start();
        QVERIFY(done.wait(20000));
    }
    const QStringList before = BackupScheduler::backupFiles(folder);
    QCOMPARE(before.size(), 1);
    const QDateTime modified = QFileInfo(before.first()).lastModified();

    // The app restarts an hour later (its clock says so): the backup is recent, nothing happens.
    ManualClock clock(QDateTime::currentDateTimeUtc().addSecs(3600));
    BackupScheduler second(path, folder, 5, &clock);
    QSignalSpy done(&second, &BackupScheduler::backedUp);
    QSignalSpy upToDate(&second, &BackupScheduler::upToDate);
    QSignalSpy failed(&second, &BackupScheduler::failed);
    second.start();
    QCOMPARE(upToDate.size(), 1);
    QCOMPARE(upToDate.first().first().toString(), before.first());
    QVERIFY(!second.isBusy());
    QTest::qWait(200);
    QCOMPARE(done.size(), 0);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(BackupScheduler::backupFiles(folder), before);
    QCOMPARE(QFileInfo(before.first()).lastModified(), modified);
}

void TestBackup::backsUpAgainOnceADayHasPassed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    fillStore(path, 2);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    // Yesterday's backup, 23 hours old when the terminal starts.
    const QDateTime start = QDateTime::currentDateTimeUtc();
    touchBackup(folder, start.addSecs(-23 * 3600).toString(QStringLiteral("yyyyMMdd-HHmmss")));

    ManualClock clock(start);
    BackupScheduler backups(path, folder, 5, &clock);
    QSignalSpy done(&backups, &BackupScheduler::backedUp);
    QSignalSpy upToDate(&backups, &BackupScheduler::upToDate);
    backups.start();
    QCOMPARE(upToDate.size(), 1);
    QCOMPARE(done.size(), 0);
    // The hourly check after 24 h finds it a day old and backs up (in the worker).
    clock.advance(30 * 60 * 1000);
    QCOMPARE(upToDate.size(), 1); // no check before the hour is up
    clock.advance(30 * 60 * 1000);
    QVERIFY(done.wait(20000));
    QCOMPARE(done.size(), 1);
    QCOMPARE(BackupScheduler::backupFiles(folder).size(), 2);
    QCOMPARE(BackupScheduler::newestBackupTime(folder).date(), start.date());
    backups.stop();
    clock.advance(5 * 3600 * 1000);
    QTest::qWait(100);
    QCOMPARE(done.size(), 1); // stopped: no more checks
}

void TestBackup::unwritableFolderFailsClearly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("paydesk.sqlite"));
    fillStore(path, 1);
    // A folder inside a file cannot exist, whoever runs the test (root ignores permissions).
    QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString folder = dir.filePath(QStringLiteral("not-a-folder/backups"));

    BackupScheduler backups(path, folder, 3);
    QSignalSpy failed(&backups, &BackupScheduler::failed);
    QSignalSpy done(&backups, &BackupScheduler::backedUp);
    backups.start();
    QVERIFY(failed.wait(20000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(folder), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("writable backup folder")), qPrintable(message));
    QCOMPARE(done.size(), 0);

    auto now = backups.backupNow();
    QVERIFY(!now);
    QCOMPARE(now.error().code, QStringLiteral("backup_failed"));
}

void TestBackup::terminalSchedulesBackups()
{
    testing::TestWorld world;
    QTemporaryDir dir;
    MerchantProfile profile;
    profile.training = true;
    profile.mchid = QStringLiteral("1900000109");
    profile.appid = QStringLiteral("wxd678efh567hg6787");
    profile.terminalId = QStringLiteral("T01");
    profile.notifyUrl = QStringLiteral("https://example.invalid/notify");
    profile.baseDirectory = dir.path();

    PaymentTerminal::Options options;
    options.databasePath = dir.filePath(QStringLiteral("paydesk.sqlite"));
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    options.backupKeep = 2;
    options.baseUrl = QStringLiteral("http://127.0.0.1:9"); // nothing is sent in this test
    auto terminal = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY2(terminal, terminal ? "" : qPrintable(terminal.error().message));
    PaymentTerminal &t = **terminal;
    QVERIFY(t.backups());
    QVERIFY(!t.listener());
    QVERIFY(t.database() && t.audit() && t.orders() && t.refunds() && t.api() && t.clock() && t.poller()
            && t.payments() && t.refundService() && t.resolver());
    QCOMPARE(t.payments()->settings().terminalId, QStringLiteral("T01"));
    QVERIFY(t.payments()->settings().training);
    QCOMPARE(t.backups()->keep(), 2);

    QSignalSpy done(t.backups(), &BackupScheduler::backedUp);
    t.startBackgroundWork();
    QVERIFY(done.wait(20000));
    QCOMPARE(BackupScheduler::backupFiles(options.backupFolder).size(), 1);

    // Without a folder, no scheduler; an in-memory store cannot have one.
    options.backupFolder.clear();
    options.databasePath = dir.filePath(QStringLiteral("second.sqlite"));
    auto plain = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY(plain);
    QVERIFY(!(*plain)->backups());
    options.databasePath = QStringLiteral(":memory:");
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    auto memory = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY(!memory);
    options.databasePath.clear();
    QVERIFY(!PaymentTerminal::open(profile, world.credentials(), options));
}

void TestBackup::terminalDefaultDatabasePath()
{
    MerchantProfile training;
    training.training = true;
    training.baseDirectory = QStringLiteral("/srv/paydesk-training");
    QCOMPARE(PaymentTerminal::defaultDatabasePath(training), QStringLiteral("/srv/paydesk-training/paydesk.sqlite"));
    MerchantProfile real;
    real.baseDirectory = QStringLiteral("/etc/paydesk");
    QVERIFY(PaymentTerminal::defaultDatabasePath(real).endsWith(QLatin1String("/paydesk.sqlite")));
    QVERIFY(!PaymentTerminal::defaultDatabasePath(real).startsWith(QLatin1String("/etc/paydesk")));
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
