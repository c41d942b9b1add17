// SPDX-License-Identifier: MIT
// One PayDesk per store database: DatabaseLock on its own, across processes
// (a helper child holds the lock, then is killed), and inside
// PaymentTerminal::open.
#include "payments/paymentterminal.h"
#include "store/database.h"
#include "store/databaselock.h"
#include "testfixtures.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

using namespace paydesk;

namespace {

// Run as a child with this variable set to a database path: take the lock,
// say so on stdout, and hold it until killed.
const char *const HoldLockVariable = "PAYDESK_TEST_HOLD_LOCK";

int holdLock(const QString &databasePath)
{
    auto lock = DatabaseLock::acquire(databasePath);
    if (!lock) {
        std::fprintf(stdout, "failed %s\n", qPrintable(lock.error().message));
        std::fflush(stdout);
        return 1;
    }
    std::fprintf(stdout, "locked %lld\n", static_cast<long long>(QCoreApplication::applicationPid()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

} // namespace

class TestDatabaseLock : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void secondLockRefusedWithHolder();
    void sameFileUnderAnotherName();
    void releasedOnDestroy();
    void memoryNeedsNoLock();
    void lockHeldByAnotherProcess();
    void oldLockOfLiveProcessStillHolds();
    void staleLockOfKilledProcessTakenOver();
    void terminalHoldsLockForItsLife();

private:
    // Starts the helper child holding the lock on `db`; returns once it holds it.
    bool startHolder(QProcess &child, const QString &db);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestDatabaseLock::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("store/paydesk.sqlite"));
}

bool TestDatabaseLock::startHolder(QProcess &child, const QString &db)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(HoldLockVariable), db);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    if (!child.waitForStarted(10000))
        return false;
    QByteArray out;
    while (!out.contains('\n') && child.waitForReadyRead(10000))
        out += child.readAllStandardOutput();
    if (!out.startsWith("locked ")) {
        qWarning("helper: %s", out.constData());
        return false;
    }
    return true;
}

void TestDatabaseLock::secondLockRefusedWithHolder()
{
    auto first = DatabaseLock::acquire(m_db);
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    QVERIFY((*first)->isHeld());
    QVERIFY(QFileInfo::exists(m_db + QStringLiteral(".lock")));
    QCOMPARE((*first)->lockFilePath(), DatabaseLock::lockFilePath(m_db));

    // Same process, second owner: refused like any other PayDesk. The message
    // is what the cashier reads: who holds it and what to do.
    auto second = DatabaseLock::acquire(m_db);
    QVERIFY(!second);
    QCOMPARE(second.error().code, QStringLiteral("database_locked"));
    const QString message = second.error().message;
    QVERIFY2(message.startsWith(QStringLiteral("PayDesk is already running on this store database (pid %1 on ")
                                    .arg(QCoreApplication::applicationPid())),
             qPrintable(message));
    QVERIFY2(message.contains(QSysInfo::machineHostName()), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral(", tst_databaselock): close it first")), qPrintable(message));
    QVERIFY2(message.contains(QFileInfo(m_db).fileName()), qPrintable(message));
    QVERIFY((*first)->isHeld());
}

void TestDatabaseLock::sameFileUnderAnotherName()
{
    auto first = DatabaseLock::acquire(m_db);
    QVERIFY(first);
    // "store/../store/paydesk.sqlite" is the same file: the same lock.
    const QString detour = m_dir->filePath(QStringLiteral("store/../store/paydesk.sqlite"));
    auto second = DatabaseLock::acquire(detour);
    QVERIFY(!second);
    QCOMPARE(second.error().code, QStringLiteral("database_locked"));
    // A symlink to an existing database is also the same file.
    QVERIFY(QFile(m_db).open(QIODevice::WriteOnly));
    const QString link = m_dir->filePath(QStringLiteral("link.sqlite"));
    QVERIFY(QFile::link(m_db, link));
    QVERIFY(!DatabaseLock::acquire(link));
    // Another database in the same folder is not.
    QVERIFY(DatabaseLock::acquire(m_dir->filePath(QStringLiteral("store/other.sqlite"))));
}

void TestDatabaseLock::releasedOnDestroy()
{
    {
        auto first = DatabaseLock::acquire(m_db);
        QVERIFY(first);
    }
    QVERIFY(!QFileInfo::exists(m_db + QStringLiteral(".lock")));
    auto again = DatabaseLock::acquire(m_db);
    QVERIFY(again);

    // As a QObject child it goes with its parent.
    QObject owner;
    std::move(again).value().release()->setParent(&owner);
    QVERIFY(!DatabaseLock::acquire(m_db));
    delete owner.findChild<DatabaseLock *>();
    QVERIFY(DatabaseLock::acquire(m_db));
}

void TestDatabaseLock::memoryNeedsNoLock()
{
    auto a = DatabaseLock::acquire(QStringLiteral(":memory:"));
    auto b = DatabaseLock::acquire(QStringLiteral(":memory:"));
    QVERIFY(a && b);
    QVERIFY(!(*a)->isHeld());
}

void TestDatabaseLock::lockHeldByAnotherProcess()
{
    QProcess child;
    QVERIFY(startHolder(child, m_db));
    auto mine = DatabaseLock::acquire(m_db);
    QVERIFY(!mine);
    QCOMPARE(mine.error().code, QStringLiteral("database_locked"));
    QVERIFY2(mine.error().message.contains(QStringLiteral("(pid %1 on ").arg(child.processId())),
             qPrintable(mine.error().message));
    child.kill();
    child.waitForFinished();
}

void TestDatabaseLock::oldLockOfLiveProcessStillHolds()
{
    // QLockFile's default would call a lock older than 30 s stale; a till
    // holds its database for days.
    QProcess child;
    QVERIFY(startHolder(child, m_db));
    QFile lockFile(m_db + QStringLiteral(".lock"));
    QVERIFY(lockFile.open(QIODevice::ReadWrite));
    QVERIFY(lockFile.setFileTime(QDateTime::currentDateTime().addDays(-3), QFileDevice::FileModificationTime));
    lockFile.close();
    QVERIFY(QFileInfo(lockFile.fileName()).lastModified() < QDateTime::currentDateTime().addDays(-2));
    auto mine = DatabaseLock::acquire(m_db);
    QVERIFY(!mine);
    QCOMPARE(mine.error().code, QStringLiteral("database_locked"));
    child.kill();
    child.waitForFinished();
}

void TestDatabaseLock::staleLockOfKilledProcessTakenOver()
{
    QProcess child;
    QVERIFY(startHolder(child, m_db));
    const qint64 childPid = child.processId();
    child.kill(); // SIGKILL: no destructor runs, the lock file stays
    QVERIFY(child.waitForFinished());
    const QString lockPath = m_db + QStringLiteral(".lock");
    QVERIFY(QFileInfo::exists(lockPath));
    {
        QFile leftOver(lockPath);
        QVERIFY(leftOver.open(QIODevice::ReadOnly));
        QCOMPARE(leftOver.readLine().trimmed().toLongLong(), childPid);
    }

    auto mine = DatabaseLock::acquire(m_db);
    QVERIFY2(mine, mine ? "" : qPrintable(mine.error().message));
    QFile taken(lockPath);
    QVERIFY(taken.open(QIODevice::ReadOnly));
    QCOMPARE(taken.readLine().trimmed().toLongLong(), QCoreApplication::applicationPid());
}

void TestDatabaseLock::terminalHoldsLockForItsLife()
{
    testing::TestWorld world;
    MerchantProfile profile;
    profile.training = true;
    profile.mchid = QStringLiteral("1900000109");
    profile.appid = QStringLiteral("wxd678efh567hg6787");
    profile.terminalId = QStringLiteral("T01");
    profile.notifyUrl = QStringLiteral("https://example.invalid/notify");
    profile.baseDirectory = m_dir->path();
    PaymentTerminal::Options options;
    options.databasePath = m_db;
    options.baseUrl = QStringLiteral("http://127.0.0.1:9"); // nothing is sent

    auto first = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    auto second = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY(!second);
    QCOMPARE(second.error().code, QStringLiteral("database_locked"));
    QVERIFY(second.error().message.startsWith(QStringLiteral("PayDesk is already running on this store database")));
    // The refused second start left the first one's store alone.
    QVERIFY((*first)->database()->schemaVersion() > 0);

    // Closing the terminal lets the next one in.
    first.value().reset();
    QVERIFY(!QFileInfo::exists(m_db + QStringLiteral(".lock")));
    auto reopened = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().message));
    reopened.value().reset();

    // Another process holding it keeps the terminal out, until it dies.
    QProcess child;
    QVERIFY(startHolder(child, m_db));
    auto blocked = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY(!blocked);
    QVERIFY2(blocked.error().message.contains(QStringLiteral("(pid %1 on ").arg(child.processId())),
             qPrintable(blocked.error().message));
    child.kill();
    child.waitForFinished();
    auto afterCrash = PaymentTerminal::open(profile, world.credentials(), options);
    QVERIFY2(afterCrash, afterCrash ? "" : qPrintable(afterCrash.error().message));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString holdPath = qEnvironmentVariable(HoldLockVariable);
    if (!holdPath.isEmpty())
        return holdLock(holdPath);
    TestDatabaseLock test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_databaselock.moc"
