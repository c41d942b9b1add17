// SPDX-License-Identifier: MIT
// PinVault as a manager meets it: the right PIN opens, a wrong one says how
// many tries are left, five wrong lock the role for five minutes (also across
// a restart) and longer each time it happens again, every check is in the
// audit log, old cheaper hashes are upgraded, named users have PINs of their
// own, and what is stored is a salted hash (600,000 PBKDF2 rounds), never the PIN.

#include "config/pinvault.h"
#include "clock.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtConcurrent>

#include <openssl/evp.h>

#include <memory>

using namespace paydesk;

namespace {

struct Terminal
{
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<ManualClock> clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 5, 20), QTime(9, 0), Qt::UTC));
    std::unique_ptr<PinVault> vault;

    Terminal() { open(); }

    void open()
    {
        db = std::move(Database::open(dir.filePath(QStringLiteral("paydesk.sqlite"))).value());
        audit = std::make_unique<AuditLog>(db.get());
        vault = std::make_unique<PinVault>(db.get(), audit.get(), clock.get());
    }

    // As if PayDesk had been closed and started again.
    void restart()
    {
        vault.reset();
        audit.reset();
        db.reset();
        open();
    }

    QJsonObject stored(const QString &role) const
    {
        QSqlQuery q(db->connection());
        q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
        q.addBindValue(QString(QStringLiteral("pin.") + role));
        if (!q.exec() || !q.next())
            return {};
        return QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    }

    QStringList auditRows() const
    {
        QStringList rows;
        QSqlQuery q(db->connection());
        q.exec(QStringLiteral("SELECT action, subject, details FROM audit_log ORDER BY id"));
        while (q.next())
            rows << QStringLiteral("%1 %2 %3").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
        return rows;
    }

    // "actor action subject" for every authorisation entry.
    QStringList authorisations() const
    {
        QStringList rows;
        QSqlQuery q(db->connection());
        q.exec(QStringLiteral("SELECT actor, action, subject FROM audit_log "
                              "WHERE action IN ('pin_authorised', 'pin_refused') ORDER BY id"));
        while (q.next())
            rows << QStringLiteral("%1 %2 %3").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
        return rows;
    }

    void writeRaw(const QString &key, const QJsonObject &value)
    {
        QSqlQuery q(db->connection());
        q.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
        q.addBindValue(key);
        q.addBindValue(QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact)));
        QVERIFY(q.exec());
    }

    void lockOut(const QString &role)
    {
        for (int i = 0; i < PinVault::MaxFailures; ++i)
            (void)vault->check(role, QStringLiteral("0000"));
    }
};

const QString Manager = QStringLiteral("manager");
const QString Cashier = QStringLiteral("cashier");

} // namespace

class TestPinVault : public QObject
{
    Q_OBJECT

private slots:
    void rightPinOpens()
    {
        Terminal t;
        QVERIFY(!t.vault->hasPin(Manager));
        auto set = t.vault->setPin(Manager, QStringLiteral("2468"));
        QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().message));
        QVERIFY(t.vault->hasPin(Manager));
        QVERIFY(!t.vault->hasPin(Cashier));
        QVERIFY(t.vault->check(Manager, QStringLiteral("2468")).ok());
        QCOMPARE(t.vault->attemptsLeft(Manager), PinVault::MaxFailures);
    }

    void wrongPinSaysAttemptsLeft()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        for (int left = PinVault::MaxFailures - 1; left >= 1; --left) {
            auto r = t.vault->check(Manager, QStringLiteral("1357"));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("wrong_pin"));
            QVERIFY2(r.error().message.contains(QStringLiteral("%1 attempt").arg(left)), qPrintable(r.error().message));
            QCOMPARE(t.vault->attemptsLeft(Manager), left);
        }
        // A right PIN before the last attempt wipes the count.
        QVERIFY(t.vault->check(Manager, QStringLiteral("2468")).ok());
        QCOMPARE(t.vault->attemptsLeft(Manager), PinVault::MaxFailures);
    }

    void fiveWrongLockForFiveMinutes()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        QVERIFY(t.vault->setPin(Cashier, QStringLiteral("1111")).ok());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(t.vault->check(Manager, QStringLiteral("0000")).error().code, QStringLiteral("wrong_pin"));
        auto fifth = t.vault->check(Manager, QStringLiteral("0000"));
        QCOMPARE(fifth.error().code, QStringLiteral("locked_out"));
        QVERIFY2(fifth.error().message.contains(QStringLiteral("5:00")), qPrintable(fifth.error().message));
        QCOMPARE(t.vault->lockoutRemainingSeconds(Manager), qint64(300));
        QCOMPARE(t.vault->attemptsLeft(Manager), 0);

        // Locked: even the right PIN is refused, and the cashier is not affected.
        auto right = t.vault->check(Manager, QStringLiteral("2468"));
        QCOMPARE(right.error().code, QStringLiteral("locked_out"));
        QVERIFY(t.vault->check(Cashier, QStringLiteral("1111")).ok());

        t.clock->advance(4 * 60 * 1000 + 59 * 1000);
        auto almost = t.vault->check(Manager, QStringLiteral("2468"));
        QCOMPARE(almost.error().code, QStringLiteral("locked_out"));
        QVERIFY2(almost.error().message.contains(QStringLiteral("0:01")), qPrintable(almost.error().message));

        t.clock->advance(1000);
        QCOMPARE(t.vault->lockoutRemainingSeconds(Manager), qint64(0));
        QCOMPARE(t.vault->attemptsLeft(Manager), PinVault::MaxFailures);
        QVERIFY(t.vault->check(Manager, QStringLiteral("2468")).ok());

        QVERIFY(t.auditRows().filter(QStringLiteral("pin_locked_out pin.manager")).size() == 1);
        QVERIFY(t.audit->verify().intact);
    }

    void lockoutEndsThenCountsAfresh()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        for (int i = 0; i < 5; ++i)
            (void)t.vault->check(Manager, QStringLiteral("0000"));
        t.clock->advance(301 * 1000);
        auto wrong = t.vault->check(Manager, QStringLiteral("0000"));
        QCOMPARE(wrong.error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(t.vault->attemptsLeft(Manager), 4);
    }

    void lockoutSurvivesRestart()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        for (int i = 0; i < 3; ++i)
            (void)t.vault->check(Manager, QStringLiteral("0000"));
        t.restart();
        QCOMPARE(t.vault->attemptsLeft(Manager), 2);
        (void)t.vault->check(Manager, QStringLiteral("0000"));
        (void)t.vault->check(Manager, QStringLiteral("0000"));
        t.clock->advance(60 * 1000);
        t.restart();
        QCOMPARE(t.vault->check(Manager, QStringLiteral("2468")).error().code, QStringLiteral("locked_out"));
        QCOMPARE(t.vault->lockoutRemainingSeconds(Manager), qint64(240));
    }

    void clockSetBackDoesNotStretchLock()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        for (int i = 0; i < 5; ++i)
            (void)t.vault->check(Manager, QStringLiteral("0000"));
        // Someone sets the system time back a day: the lock stays five minutes at most.
        t.clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 5, 19), QTime(9, 0), Qt::UTC));
        t.vault = std::make_unique<PinVault>(t.db.get(), t.audit.get(), t.clock.get());
        QVERIFY(t.vault->lockoutRemainingSeconds(Manager) <= PinVault::LockoutSeconds);
    }

    void storedIsSaltedHashNotPin()
    {
        Terminal t;
        const QString pin = QStringLiteral("24681357");
        QVERIFY(t.vault->setPin(Manager, pin).ok());
        const QJsonObject first = t.stored(Manager);
        QCOMPARE(first.value(QLatin1String("iterations")).toInt(), 600000);
        const QByteArray salt1 = QByteArray::fromBase64(first.value(QLatin1String("salt")).toString().toLatin1());
        const QByteArray hash1 = QByteArray::fromBase64(first.value(QLatin1String("hash")).toString().toLatin1());
        QCOMPARE(salt1.size(), 16);
        QCOMPARE(hash1.size(), 32);
        QVERIFY(!QJsonDocument(first).toJson().contains(pin.toLatin1()));

        // Setting the same PIN again draws a new salt, so the hash differs too.
        QVERIFY(t.vault->setPin(Manager, pin).ok());
        const QJsonObject second = t.stored(Manager);
        QVERIFY(second.value(QLatin1String("salt")) != first.value(QLatin1String("salt")));
        QVERIFY(second.value(QLatin1String("hash")) != first.value(QLatin1String("hash")));
        QVERIFY(t.vault->check(Manager, pin).ok());

        // Two roles with the same PIN do not share a hash either.
        QVERIFY(t.vault->setPin(Cashier, pin).ok());
        QVERIFY(t.stored(Cashier).value(QLatin1String("hash")) != second.value(QLatin1String("hash")));

        const QStringList audit = t.auditRows();
        QCOMPARE(audit.filter(QStringLiteral("pin_set pin.manager")).size(), 2);
        QCOMPARE(audit.filter(QStringLiteral("pin_set pin.cashier")).size(), 1);
        for (const QString &row : audit)
            QVERIFY2(!row.contains(pin), qPrintable(row));
        QVERIFY(t.audit->verify().intact);
    }

    void badPinFormats_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::newRow("empty") << QString();
        QTest::newRow("three digits") << QStringLiteral("123");
        QTest::newRow("nine digits") << QStringLiteral("123456789");
        QTest::newRow("letter") << QStringLiteral("12a4");
        QTest::newRow("space") << QStringLiteral(" 1234");
        QTest::newRow("sign") << QStringLiteral("-1234");
        QTest::newRow("full-width digits") << QStringLiteral("１２３４");
        QTest::newRow("arabic-indic digits") << QString::fromUtf8("\u0661\u0662\u0663\u0664");
    }

    void badPinFormats()
    {
        QFETCH(QString, pin);
        Terminal t;
        auto r = t.vault->setPin(Manager, pin);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("bad_pin"));
        QVERIFY2(r.error().message.contains(QStringLiteral("digits")), qPrintable(r.error().message));
        QVERIFY(!t.vault->hasPin(Manager));
        QVERIFY(t.auditRows().isEmpty());
    }

    void goodPinLengths_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::newRow("four") << QStringLiteral("0000");
        QTest::newRow("eight") << QStringLiteral("98765432");
    }

    void goodPinLengths()
    {
        QFETCH(QString, pin);
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, pin).ok());
        QVERIFY(t.vault->check(Manager, pin).ok());
    }

    void unknownRoleAndNoPin()
    {
        Terminal t;
        QCOMPARE(t.vault->setPin(QStringLiteral("owner"), QStringLiteral("1234")).error().code,
                 QStringLiteral("unknown_role"));
        QCOMPARE(t.vault->check(QStringLiteral("owner"), QStringLiteral("1234")).error().code,
                 QStringLiteral("unknown_role"));
        QCOMPARE(t.vault->check(Cashier, QStringLiteral("1234")).error().code, QStringLiteral("no_pin"));
    }

    void lockoutGrowsUntilARightPin()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        // 5 minutes, then 15, then an hour, and never more than an hour.
        const qint64 expected[] = {300, 900, 3600, 3600};
        const char *shown[] = {"5:00", "15:00", "60:00", "60:00"};
        for (int round = 0; round < 4; ++round) {
            for (int i = 0; i < PinVault::MaxFailures - 1; ++i)
                QCOMPARE(t.vault->check(Manager, QStringLiteral("0000")).error().code, QStringLiteral("wrong_pin"));
            auto locked = t.vault->check(Manager, QStringLiteral("0000"));
            QCOMPARE(locked.error().code, QStringLiteral("locked_out"));
            QVERIFY2(locked.error().message.contains(QLatin1String(shown[round])), qPrintable(locked.error().message));
            QCOMPARE(t.vault->lockoutRemainingSeconds(Manager), expected[round]);
            if (round == 1) {
                // The longer lock survives a restart like the first one.
                t.restart();
                QCOMPARE(t.vault->lockoutRemainingSeconds(Manager), expected[round]);
            }
            t.clock->advance(expected[round] * 1000);
            QCOMPARE(t.vault->attemptsLeft(Manager), PinVault::MaxFailures);
        }
        // A right PIN ends the series: the next lockout is five minutes again.
        QVERIFY(t.vault->check(Manager, QStringLiteral("2468")).ok());
        t.lockOut(Manager);
        QCOMPARE(t.vault->lockoutRemainingSeconds(Manager), qint64(300));
        QCOMPARE(t.auditRows().filter(QStringLiteral("pin_locked_out pin.manager")).size(), 5);
        QVERIFY(t.audit->verify().intact);
    }

    void everyAuthorisationIsAudited()
    {
        Terminal t;
        const QString pin = QStringLiteral("97531");
        QVERIFY(t.vault->setPin(Manager, pin).ok());
        QVERIFY(t.vault->check(Manager, pin).ok());
        QVERIFY(!t.vault->check(Manager, QStringLiteral("11111")).ok());
        t.lockOut(Manager);
        QCOMPARE(t.vault->check(Manager, pin).error().code, QStringLiteral("locked_out")); // refused, not hashed
        const QStringList rows = t.authorisations();
        QCOMPARE(rows.size(), 1 + 1 + 5 + 1);
        QCOMPARE(rows.first(), QStringLiteral("manager pin_authorised pin.manager"));
        QCOMPARE(rows.filter(QStringLiteral("manager pin_refused pin.manager")).size(), 7);
        for (const QString &row : t.auditRows()) {
            QVERIFY2(!row.contains(pin), qPrintable(row));
            QVERIFY2(!row.contains(QStringLiteral("11111")), qPrintable(row));
        }
        QVERIFY(t.audit->verify().intact);
    }

    void olderHashIsVerifiedThenUpgraded()
    {
        Terminal t;
        // As PayDesk stored PINs before: 210,000 rounds.
        const QByteArray salt = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        QByteArray hash(32, Qt::Uninitialized);
        QCOMPARE(PKCS5_PBKDF2_HMAC("4321", 4, reinterpret_cast<const unsigned char *>(salt.constData()), 16, 210000,
                                   EVP_sha256(), 32, reinterpret_cast<unsigned char *>(hash.data())),
                 1);
        t.writeRaw(QStringLiteral("pin.manager"), QJsonObject{{QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())},
                                                             {QStringLiteral("iterations"), 210000},
                                                             {QStringLiteral("hash"), QString::fromLatin1(hash.toBase64())}});
        // A wrong PIN leaves the old record as it is.
        QCOMPARE(t.vault->check(Manager, QStringLiteral("1234")).error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(t.stored(Manager).value(QLatin1String("iterations")).toInt(), 210000);
        // The right one opens and is stored again at today's count, with a new salt.
        QVERIFY(t.vault->check(Manager, QStringLiteral("4321")).ok());
        const QJsonObject upgraded = t.stored(Manager);
        QCOMPARE(upgraded.value(QLatin1String("iterations")).toInt(), PinVault::Iterations);
        QVERIFY(upgraded.value(QLatin1String("salt")).toString() != QString::fromLatin1(salt.toBase64()));
        QVERIFY(t.vault->check(Manager, QStringLiteral("4321")).ok());
        QVERIFY(!t.vault->check(Manager, QStringLiteral("1234")).ok());
        QCOMPARE(t.auditRows().filter(QStringLiteral("re-hashed with 600000 iterations (was 210000)")).size(), 1);
    }

    void checkInThreeStepsHashesOffThread()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("2468")).ok());
        auto challenge = t.vault->prepareCheck(Manager);
        QVERIFY(challenge.ok());
        QThread *hashedOn = nullptr;
        QFuture<PinAttempt> future = QtConcurrent::run([c = *challenge, &hashedOn] {
            hashedOn = QThread::currentThread();
            return PinVault::hashAttempt(c, QStringLiteral("2468"));
        });
        future.waitForFinished();
        QVERIFY(hashedOn && hashedOn != QThread::currentThread());
        QVERIFY(t.vault->completeCheck(*challenge, future.result()).ok());

        // A PIN set anew between the steps: the old hash decides nothing.
        auto stale = t.vault->prepareCheck(Manager);
        QVERIFY(stale.ok());
        const PinAttempt attempt = PinVault::hashAttempt(*stale, QStringLiteral("2468"));
        QVERIFY(t.vault->setPin(Manager, QStringLiteral("1357")).ok());
        QCOMPARE(t.vault->completeCheck(*stale, attempt).error().code, QStringLiteral("pin_changed"));
        QCOMPARE(t.vault->attemptsLeft(Manager), PinVault::MaxFailures);
    }

    void namedUsers()
    {
        Terminal t;
        QVERIFY(t.vault->addUser(QStringLiteral("li.na"), Manager, QStringLiteral("8642"), QStringLiteral("installer")).ok());
        QVERIFY(t.vault->addUser(QStringLiteral("王芳"), Cashier, QStringLiteral("1122")).ok());
        QCOMPARE(t.vault->addUser(QStringLiteral("li.na"), Cashier, QStringLiteral("1111")).error().code,
                 QStringLiteral("user_exists"));
        QCOMPARE(t.vault->addUser(QStringLiteral("li na"), Cashier, QStringLiteral("1111")).error().code,
                 QStringLiteral("bad_name"));
        QCOMPARE(t.vault->addUser(QStringLiteral("zhou"), QStringLiteral("owner"), QStringLiteral("1111")).error().code,
                 QStringLiteral("unknown_role"));
        QCOMPARE(t.vault->addUser(QStringLiteral("zhou"), Cashier, QStringLiteral("12")).error().code,
                 QStringLiteral("bad_pin"));

        QCOMPARE(t.vault->users().size(), 2);
        QCOMPARE(t.vault->users(Manager).size(), 1);
        QCOMPARE(t.vault->users(Manager).first().name, QStringLiteral("li.na"));
        QCOMPARE(t.vault->user(QStringLiteral("王芳"))->role, Cashier);
        // A user is not a role PIN: the manager role itself still has none.
        QVERIFY(!t.vault->hasPin(Manager));

        auto role = t.vault->checkUser(QStringLiteral("li.na"), QStringLiteral("8642"));
        QVERIFY(role.ok());
        QCOMPARE(*role, Manager);
        QCOMPARE(t.vault->checkUser(QStringLiteral("nobody"), QStringLiteral("8642")).error().code,
                 QStringLiteral("unknown_user"));

        // A user's lockout is theirs alone.
        for (int i = 0; i < PinVault::MaxFailures; ++i)
            (void)t.vault->checkUser(QStringLiteral("li.na"), QStringLiteral("0000"));
        QCOMPARE(t.vault->userLockoutRemainingSeconds(QStringLiteral("li.na")), qint64(300));
        QVERIFY(t.vault->checkUser(QStringLiteral("王芳"), QStringLiteral("1122")).ok());

        // A new PIN for the user, and the lock goes with the old one.
        QVERIFY(t.vault->setUserPin(QStringLiteral("li.na"), QStringLiteral("5555")).ok());
        QCOMPARE(t.vault->userAttemptsLeft(QStringLiteral("li.na")), PinVault::MaxFailures);
        QVERIFY(t.vault->checkUser(QStringLiteral("li.na"), QStringLiteral("5555")).ok());
        QCOMPARE(t.vault->checkUser(QStringLiteral("li.na"), QStringLiteral("8642")).error().code,
                 QStringLiteral("wrong_pin"));
        QCOMPARE(t.vault->setUserPin(QStringLiteral("nobody"), QStringLiteral("5555")).error().code,
                 QStringLiteral("unknown_user"));

        const QStringList rows = t.authorisations();
        QVERIFY(rows.contains(QStringLiteral("li.na pin_authorised user.li.na")));
        QVERIFY(rows.contains(QStringLiteral("王芳 pin_authorised user.王芳")));
        QCOMPARE(t.auditRows().filter(QStringLiteral("user_added user.li.na role=manager")).size(), 1);
        for (const QString &row : t.auditRows())
            QVERIFY2(!row.contains(QStringLiteral("8642")) && !row.contains(QStringLiteral("5555")), qPrintable(row));
        QVERIFY(t.audit->verify().intact);
    }

    void removePin()
    {
        Terminal t;
        QVERIFY(t.vault->setPin(Cashier, QStringLiteral("1234")).ok());
        QVERIFY(t.vault->removePin(Cashier).ok());
        QVERIFY(!t.vault->hasPin(Cashier));
        QCOMPARE(t.vault->check(Cashier, QStringLiteral("1234")).error().code, QStringLiteral("no_pin"));
    }
};

QTEST_GUILESS_MAIN(TestPinVault)
#include "tst_pinvault.moc"
