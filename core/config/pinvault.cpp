// SPDX-License-Identifier: MIT
#include "pinvault.h"

#include "crypto/secretbytes.h"
#include "crypto/securerandom.h"
#include "clock.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <openssl/crypto.h>
#include <openssl/evp.h>

Q_LOGGING_CATEGORY(lcPin, "paydesk.pin")

namespace paydesk {

namespace {

constexpr int HashBytes = 32; // SHA-256 output; more would only slow us, not an attacker
// Bounds for a stored iteration count: below, the row was tampered with or
// damaged; above, a check would freeze the till.
constexpr int MinStoredIterations = 10000;
constexpr int MaxStoredIterations = 10000000;

const QString UserPrefix = QStringLiteral("user.");

Result<QByteArray> pbkdf2(const QString &pin, const QByteArray &salt, int iterations)
{
    // The PIN's bytes are wiped when the hash is made (the QString is the caller's).
    const SecretBytes secret = SecretBytes::fromUtf8(pin);
    QByteArray out(HashBytes, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(secret.bytes().constData(), int(secret.size()),
                          reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                          EVP_sha256(), HashBytes, reinterpret_cast<unsigned char *>(out.data()))
        != 1) {
        return makeError(QStringLiteral("crypto_failed"), QStringLiteral("PBKDF2 failed in OpenSSL"));
    }
    return out;
}

bool sameHash(const QByteArray &a, const QByteArray &b)
{
    return a.size() == HashBytes && b.size() == HashBytes && CRYPTO_memcmp(a.constData(), b.constData(), HashBytes) == 0;
}

Result<void> checkRole(const QString &role)
{
    if (!PinVault::roles().contains(role))
        return makeError(QStringLiteral("unknown_role"),
                         QStringLiteral("unknown role \"%1\": use \"manager\" or \"cashier\"").arg(role));
    return {};
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parse(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

QString PinVault::Subject::pinKey() const
{
    return user ? UserPrefix + name : QStringLiteral("pin.") + name;
}

QString PinVault::Subject::lockKey() const
{
    return user ? QStringLiteral("pinlock.user.") + name : QStringLiteral("pinlock.") + name;
}

QString PinVault::Subject::label() const
{
    return user ? QStringLiteral("PIN of user %1").arg(name) : QStringLiteral("%1 PIN").arg(name);
}

PinVault::PinVault(Database *db, AuditLog *audit, Clock *clock) : m_db(db), m_audit(audit), m_clock(clock) {}

QString PinVault::managerRole()
{
    return QStringLiteral("manager");
}

QString PinVault::cashierRole()
{
    return QStringLiteral("cashier");
}

QStringList PinVault::roles()
{
    return {managerRole(), cashierRole()};
}

QString PinVault::validatePin(const QString &pin)
{
    if (pin.size() < MinLength || pin.size() > MaxLength)
        return QStringLiteral("a PIN has %1 to %2 digits; this one has %3").arg(MinLength).arg(MaxLength).arg(pin.size());
    for (const QChar c : pin) {
        // Only ASCII digits: QChar::isDigit() would let in full-width and
        // Arabic-Indic digits that a keypad cannot type back.
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return QStringLiteral("a PIN has digits only (0-9)");
    }
    return {};
}

QString PinVault::validateUserName(const QString &name)
{
    if (name.isEmpty() || name.size() > MaxNameLength)
        return QStringLiteral("a user name has 1 to %1 characters").arg(MaxNameLength);
    for (const QChar c : name) {
        // Letters of any script (store staff have Chinese names), digits and
        // a few separators; no spaces, so a name reads the same in the audit log.
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('_') && c != QLatin1Char('-'))
            return QStringLiteral("a user name has letters, digits, '.', '_' and '-' only");
    }
    return {};
}

qint64 PinVault::lockoutSecondsFor(int lockout)
{
    if (lockout <= 1)
        return LockoutSeconds;
    if (lockout == 2)
        return 15 * 60;
    return MaxLockoutSeconds;
}

QString PinVault::formatDuration(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QDateTime PinVault::now() const
{
    return m_clock ? m_clock->now().toUTC() : QDateTime::currentDateTimeUtc();
}

Result<QString> PinVault::readSetting(const QString &key) const
{
    auto q = execSql(m_db->connection(), QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!q)
        return q.error();
    if (!q->next())
        return QString(); // null: absent
    QString value = q->value(0).toString();
    if (value.isNull())
        value = QStringLiteral("");
    return value;
}

Result<void> PinVault::writeSetting(const QString &key, const QString &value)
{
    Result<QSqlQuery> q = value.isNull()
        ? execSql(m_db->connection(), QStringLiteral("DELETE FROM settings WHERE key = ?"), {key})
        : execSql(m_db->connection(),
                  QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                  {key, value});
    if (!q)
        return q.error();
    return {};
}

PinVault::LockState PinVault::lockState(const Subject &subject) const
{
    LockState state;
    auto stored = readSetting(subject.lockKey());
    if (!stored || stored->isEmpty())
        return state;
    const QJsonObject o = parse(*stored);
    state.failures = o.value(QLatin1String("failures")).toInt();
    state.lockouts = o.value(QLatin1String("lockouts")).toInt(o.contains(QLatin1String("locked_until")) ? 1 : 0);
    state.lockedUntil = QDateTime::fromString(o.value(QLatin1String("locked_until")).toString(), Qt::ISODateWithMs);
    if (state.lockedUntil.isValid()) {
        const QDateTime current = now();
        if (current >= state.lockedUntil) {
            // The lock has run out: a fresh set of attempts, but the next
            // lockout (without a right PIN first) lasts longer.
            state.failures = 0;
            state.lockedUntil = QDateTime();
            return state;
        }
        // A clock set back must not stretch a five-minute lock into hours.
        const qint64 length = lockoutSecondsFor(state.lockouts);
        if (current.secsTo(state.lockedUntil) > length)
            state.lockedUntil = current.addSecs(length);
    }
    return state;
}

Result<void> PinVault::writeLockState(const Subject &subject, const LockState &state)
{
    if (state.failures == 0 && state.lockouts == 0 && !state.lockedUntil.isValid())
        return writeSetting(subject.lockKey(), QString());
    QJsonObject lock{{QStringLiteral("failures"), state.failures}, {QStringLiteral("lockouts"), state.lockouts}};
    if (state.lockedUntil.isValid())
        lock.insert(QStringLiteral("locked_until"), state.lockedUntil.toString(Qt::ISODateWithMs));
    return writeSetting(subject.lockKey(), compact(lock));
}

qint64 PinVault::remainingSeconds(const Subject &subject) const
{
    const LockState state = lockState(subject);
    if (!state.lockedUntil.isValid())
        return 0;
    // Rounded up: "0:00" while still locked would read as a bug.
    const qint64 ms = now().msecsTo(state.lockedUntil);
    return qMax<qint64>(1, (ms + 999) / 1000);
}

int PinVault::attemptsLeftFor(const Subject &subject) const
{
    const LockState state = lockState(subject);
    if (state.lockedUntil.isValid())
        return 0;
    return qMax(0, MaxFailures - state.failures);
}

int PinVault::attemptsLeft(const QString &role) const
{
    return attemptsLeftFor(Subject{role, false});
}

int PinVault::userAttemptsLeft(const QString &name) const
{
    return attemptsLeftFor(Subject{name, true});
}

qint64 PinVault::lockoutRemainingSeconds(const QString &role) const
{
    return remainingSeconds(Subject{role, false});
}

qint64 PinVault::userLockoutRemainingSeconds(const QString &name) const
{
    return remainingSeconds(Subject{name, true});
}

Result<void> PinVault::storeHash(const Subject &subject, const QString &role, const QString &pin, const QString &action,
                                 const QString &actor)
{
    if (const QString why = validatePin(pin); !why.isEmpty())
        return makeError(QStringLiteral("bad_pin"), QStringLiteral("%1 not set: %2").arg(subject.label(), why));

    const QByteArray salt = SecureRandom::bytes(SaltBytes);
    auto hash = pbkdf2(pin, salt, Iterations);
    if (!hash)
        return hash.error();
    QJsonObject record{{QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())},
                       {QStringLiteral("iterations"), Iterations},
                       {QStringLiteral("hash"), QString::fromLatin1(hash->toBase64())}};
    if (subject.user)
        record.insert(QStringLiteral("role"), role);

    auto written = m_db->writeTransaction<qint64>([&]() -> Result<qint64> {
        if (subject.user) {
            // Checked under the write lock: two installers adding the same name at once get one user.
            auto existing = readSetting(subject.pinKey());
            if (!existing)
                return existing.error();
            const bool exists = !existing->isEmpty();
            if (action == QLatin1String("user_added") && exists)
                return makeError(QStringLiteral("user_exists"),
                                 QStringLiteral("user %1 exists already: change the PIN with `user pin`").arg(subject.name));
            if (action != QLatin1String("user_added") && !exists)
                return makeError(QStringLiteral("unknown_user"),
                                 QStringLiteral("no user %1: add one with `user add`").arg(subject.name));
        }
        if (auto w = writeSetting(subject.pinKey(), compact(record)); !w)
            return w.error();
        // A new PIN starts with a clean slate.
        if (auto w = writeSetting(subject.lockKey(), QString()); !w)
            return w.error();
        return m_audit->append(actor, action, subject.pinKey(),
                               QStringLiteral("role=%1 pbkdf2-sha256 iterations=%2").arg(role).arg(Iterations));
    });
    if (!written)
        return written.error();
    qCInfo(lcPin) << action << subject.pinKey();
    return {};
}

Result<void> PinVault::setPin(const QString &role, const QString &pin, const QString &actor)
{
    if (auto r = checkRole(role); !r)
        return r;
    return storeHash(Subject{role, false}, role, pin, QStringLiteral("pin_set"), actor);
}

Result<void> PinVault::removePin(const QString &role, const QString &actor)
{
    if (auto r = checkRole(role); !r)
        return r;
    const Subject subject{role, false};
    auto written = m_db->writeTransaction<qint64>([&]() -> Result<qint64> {
        if (auto w = writeSetting(subject.pinKey(), QString()); !w)
            return w.error();
        if (auto w = writeSetting(subject.lockKey(), QString()); !w)
            return w.error();
        return m_audit->append(actor, QStringLiteral("pin_removed"), subject.pinKey(), QStringLiteral("role=%1").arg(role));
    });
    if (!written)
        return written.error();
    return {};
}

bool PinVault::hasPin(const QString &role) const
{
    if (!checkRole(role))
        return false;
    auto stored = readSetting(Subject{role, false}.pinKey());
    return stored && !stored->isEmpty();
}

Result<void> PinVault::addUser(const QString &name, const QString &role, const QString &pin, const QString &actor)
{
    if (const QString why = validateUserName(name); !why.isEmpty())
        return makeError(QStringLiteral("bad_name"), QStringLiteral("user \"%1\" not added: %2").arg(name.left(40), why));
    if (auto r = checkRole(role); !r)
        return r;
    return storeHash(Subject{name, true}, role, pin, QStringLiteral("user_added"), actor);
}

Result<void> PinVault::setUserPin(const QString &name, const QString &pin, const QString &actor)
{
    const auto existing = user(name);
    if (!existing)
        return makeError(QStringLiteral("unknown_user"), QStringLiteral("no user %1: add one with `user add`").arg(name));
    return storeHash(Subject{name, true}, existing->role, pin, QStringLiteral("pin_set"), actor);
}

Result<void> PinVault::removeUser(const QString &name, const QString &actor)
{
    if (!user(name))
        return makeError(QStringLiteral("unknown_user"), QStringLiteral("no user %1").arg(name));
    const Subject subject{name, true};
    auto written = m_db->writeTransaction<qint64>([&]() -> Result<qint64> {
        if (auto w = writeSetting(subject.pinKey(), QString()); !w)
            return w.error();
        if (auto w = writeSetting(subject.lockKey(), QString()); !w)
            return w.error();
        return m_audit->append(actor, QStringLiteral("user_removed"), subject.pinKey(), QString());
    });
    if (!written)
        return written.error();
    return {};
}

std::optional<PinUser> PinVault::user(const QString &name) const
{
    if (!validateUserName(name).isEmpty())
        return std::nullopt;
    auto stored = readSetting(Subject{name, true}.pinKey());
    if (!stored || stored->isEmpty())
        return std::nullopt;
    return PinUser{name, parse(*stored).value(QLatin1String("role")).toString()};
}

QList<PinUser> PinVault::users(const QString &role) const
{
    QList<PinUser> list;
    auto q = execSql(m_db->connection(),
                     QStringLiteral("SELECT key, value FROM settings WHERE key LIKE 'user.%' ORDER BY key"), {});
    if (!q)
        return list;
    while (q->next()) {
        PinUser u{q->value(0).toString().mid(UserPrefix.size()),
                  parse(q->value(1).toString()).value(QLatin1String("role")).toString()};
        if (role.isEmpty() || u.role == role)
            list << u;
    }
    return list;
}

Result<void> PinVault::refuse(const Subject &subject, const QString &why)
{
    auto logged = m_db->writeTransaction<qint64>([&]() -> Result<qint64> {
        return m_audit->append(subject.name, QStringLiteral("pin_refused"), subject.pinKey(), why);
    });
    if (!logged)
        return logged.error();
    return {};
}

Result<PinChallenge> PinVault::prepare(const Subject &subject)
{
    const qint64 remaining = remainingSeconds(subject);
    if (remaining > 0) {
        // Refused without hashing and without counting; still an authorisation asked for.
        if (auto logged = refuse(subject, QStringLiteral("locked, %1 s left").arg(remaining)); !logged)
            return logged.error();
        return makeError(QStringLiteral("locked_out"), QStringLiteral("too many wrong PINs: the %1 is locked for %2")
                                                           .arg(subject.label(), formatDuration(remaining)));
    }

    auto stored = readSetting(subject.pinKey());
    if (!stored)
        return stored.error();
    if (stored->isEmpty()) {
        if (subject.user)
            return makeError(QStringLiteral("unknown_user"), QStringLiteral("no user %1").arg(subject.name));
        return makeError(QStringLiteral("no_pin"),
                         QStringLiteral("no %1 PIN is set: set one in the settings").arg(subject.name));
    }
    const QJsonObject record = parse(*stored);
    PinChallenge c;
    c.subject = subject.name;
    c.user = subject.user;
    c.role = subject.user ? record.value(QLatin1String("role")).toString() : subject.name;
    c.salt = QByteArray::fromBase64(record.value(QLatin1String("salt")).toString().toLatin1());
    c.expected = QByteArray::fromBase64(record.value(QLatin1String("hash")).toString().toLatin1());
    c.iterations = record.value(QLatin1String("iterations")).toInt();
    if (c.salt.isEmpty() || c.expected.size() != HashBytes || c.iterations < MinStoredIterations
        || c.iterations > MaxStoredIterations) {
        qCWarning(lcPin) << "stored PIN record" << subject.pinKey() << "is damaged";
        return makeError(QStringLiteral("pin_corrupt"),
                         QStringLiteral("the stored %1 is damaged: set it again").arg(subject.label()));
    }
    return c;
}

Result<PinChallenge> PinVault::prepareCheck(const QString &role)
{
    if (auto r = checkRole(role); !r)
        return r.error();
    return prepare(Subject{role, false});
}

Result<PinChallenge> PinVault::prepareUserCheck(const QString &name)
{
    if (!validateUserName(name).isEmpty())
        return makeError(QStringLiteral("unknown_user"), QStringLiteral("no user %1").arg(name.left(40)));
    return prepare(Subject{name, true});
}

PinAttempt PinVault::hashAttempt(const PinChallenge &challenge, const QString &pin)
{
    // Wrong-format input is hashed and counted like any wrong PIN, so the
    // answer does not tell a guesser anything about the format.
    PinAttempt attempt;
    auto derived = pbkdf2(pin, challenge.salt, challenge.iterations);
    if (!derived) {
        attempt.error = derived.error().message;
        return attempt;
    }
    attempt.derived = *derived;
    // An old, cheaper hash is replaced while the PIN is at hand; only a right
    // PIN is worth the second run.
    if (challenge.iterations < Iterations && sameHash(attempt.derived, challenge.expected)) {
        attempt.upgradeSalt = SecureRandom::bytes(SaltBytes);
        auto upgraded = pbkdf2(pin, attempt.upgradeSalt, Iterations);
        if (upgraded)
            attempt.upgradeHash = *upgraded;
        else
            attempt.upgradeSalt.clear();
    }
    return attempt;
}

Result<void> PinVault::completeCheck(const PinChallenge &challenge, const PinAttempt &attempt)
{
    if (!attempt.error.isEmpty())
        return makeError(QStringLiteral("crypto_failed"), attempt.error);
    const Subject subject{challenge.subject, challenge.user};
    const bool right = sameHash(attempt.derived, challenge.expected);

    enum class Kind { Authorised, Wrong, LockedNow, AlreadyLocked, Changed };
    struct Outcome
    {
        Kind kind = Kind::Authorised;
        int left = 0;
        qint64 lockSeconds = 0;
    };
    auto outcome = m_db->writeTransaction<Outcome>([&]() -> Result<Outcome> {
        // Re-read inside the write lock: the PIN may have been set anew, and
        // another check may have counted (or locked) meanwhile.
        auto stored = readSetting(subject.pinKey());
        if (!stored)
            return stored.error();
        const QJsonObject record = parse(*stored);
        if (QByteArray::fromBase64(record.value(QLatin1String("hash")).toString().toLatin1()) != challenge.expected
            || QByteArray::fromBase64(record.value(QLatin1String("salt")).toString().toLatin1()) != challenge.salt)
            return Outcome{Kind::Changed};
        LockState state = lockState(subject);
        if (state.lockedUntil.isValid()) {
            const qint64 secs = qMax<qint64>(1, (now().msecsTo(state.lockedUntil) + 999) / 1000);
            if (auto a = m_audit->append(subject.name, QStringLiteral("pin_refused"), subject.pinKey(),
                                         QStringLiteral("locked, %1 s left").arg(secs));
                !a)
                return a.error();
            return Outcome{Kind::AlreadyLocked, 0, secs};
        }
        if (right) {
            if (auto w = writeLockState(subject, LockState{}); !w)
                return w.error();
            QString details = QStringLiteral("role=%1").arg(challenge.role);
            if (attempt.upgradeHash.size() == HashBytes && !attempt.upgradeSalt.isEmpty()) {
                QJsonObject upgraded = record;
                upgraded.insert(QStringLiteral("salt"), QString::fromLatin1(attempt.upgradeSalt.toBase64()));
                upgraded.insert(QStringLiteral("iterations"), Iterations);
                upgraded.insert(QStringLiteral("hash"), QString::fromLatin1(attempt.upgradeHash.toBase64()));
                if (auto w = writeSetting(subject.pinKey(), compact(upgraded)); !w)
                    return w.error();
                details += QStringLiteral(", re-hashed with %1 iterations (was %2)").arg(Iterations).arg(challenge.iterations);
            }
            if (auto a = m_audit->append(subject.name, QStringLiteral("pin_authorised"), subject.pinKey(), details); !a)
                return a.error();
            return Outcome{Kind::Authorised};
        }
        state.failures += 1;
        Outcome o{Kind::Wrong, MaxFailures - state.failures};
        if (state.failures >= MaxFailures) {
            state.lockouts += 1;
            o.kind = Kind::LockedNow;
            o.lockSeconds = lockoutSecondsFor(state.lockouts);
            state.lockedUntil = now().addSecs(o.lockSeconds);
            if (auto a = m_audit->append(QStringLiteral("terminal"), QStringLiteral("pin_locked_out"), subject.pinKey(),
                                         QStringLiteral("%1 after %2 wrong PINs (lockout %3 in a row), for %4 s")
                                             .arg(subject.name)
                                             .arg(state.failures)
                                             .arg(state.lockouts)
                                             .arg(o.lockSeconds));
                !a)
                return a.error();
        }
        if (auto a = m_audit->append(subject.name, QStringLiteral("pin_refused"), subject.pinKey(),
                                     QStringLiteral("wrong PIN, %1 attempt(s) left").arg(qMax(0, o.left)));
            !a)
            return a.error();
        if (auto w = writeLockState(subject, state); !w)
            return w.error();
        return o;
    });
    if (!outcome)
        return outcome.error();
    switch (outcome->kind) {
    case Kind::Authorised:
        return {};
    case Kind::Changed:
        return makeError(QStringLiteral("pin_changed"),
                         QStringLiteral("the %1 was changed meanwhile: enter it again").arg(subject.label()));
    case Kind::AlreadyLocked:
    case Kind::LockedNow:
        if (outcome->kind == Kind::LockedNow)
            qCWarning(lcPin) << subject.pinKey() << "locked out for" << outcome->lockSeconds << "s";
        return makeError(QStringLiteral("locked_out"), QStringLiteral("too many wrong PINs: the %1 is locked for %2")
                                                           .arg(subject.label(), formatDuration(outcome->lockSeconds)));
    case Kind::Wrong:
        break;
    }
    return makeError(QStringLiteral("wrong_pin"),
                     QStringLiteral("wrong %1: %2 attempt(s) left").arg(subject.label()).arg(outcome->left));
}

Result<void> PinVault::check(const QString &role, const QString &pin)
{
    auto challenge = prepareCheck(role);
    if (!challenge)
        return challenge.error();
    return completeCheck(*challenge, hashAttempt(*challenge, pin));
}

Result<QString> PinVault::checkUser(const QString &name, const QString &pin)
{
    auto challenge = prepareUserCheck(name);
    if (!challenge)
        return challenge.error();
    if (auto done = completeCheck(*challenge, hashAttempt(*challenge, pin)); !done)
        return done.error();
    return challenge->role;
}

} // namespace paydesk
