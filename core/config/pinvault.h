// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;

// A named person who may authorise with their own PIN (paydesk-cli user add).
struct PinUser
{
    QString name;
    QString role; // "manager" or "cashier"
};

// What a PIN check needs from the store, read on the Database's thread, so
// the slow hash can run on another (PinDialog hashes in a worker).
struct PinChallenge
{
    QString subject;  // the role, or the user's name
    bool user = false;
    QString role;
    QByteArray salt;
    int iterations = 0;
    QByteArray expected;
};

// The worker's half of a check: the hash of the PIN typed and, when the stored
// hash is older than today's iteration count, a fresh salt and hash to store
// if the PIN turns out right. Never holds the PIN itself.
struct PinAttempt
{
    QByteArray derived;
    QByteArray upgradeSalt;
    QByteArray upgradeHash;
    QString error; // OpenSSL failed; the check is refused, not counted
};

// The terminal's PINs: one per role ("manager", "cashier") and optionally one
// per named user, kept in the store's settings table as a salted
// PBKDF2-HMAC-SHA256 hash ({"salt","iterations","hash"}, base64) under
// "pin.<role>" or "user.<name>" (with its "role"), never the PIN itself.
//
// Guessing is slowed twice. Each check costs a PBKDF2 run of Iterations
// (600,000: OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on
// a till). And MaxFailures wrong PINs in a row lock that role or user out, for
// longer each time it happens again without a right PIN in between:
// 5 minutes, then 15, then 60 (the cap: a manager must still be able to open
// the till the same shift). The count, the lock and the number of lockouts
// live in the database ("pinlock.<role>", "pinlock.user.<name>"), so
// restarting PayDesk hands out no fresh attempts. A right PIN resets it all;
// the end of a lockout gives five new attempts but keeps the lockout count.
//
// Stored hashes keep their own iteration count and are still verified with
// it; a right PIN against an older, cheaper hash is re-hashed at Iterations.
//
// Audited (never the PIN): setting, changing and removing a PIN, adding and
// removing a user, every check (pin_authorised / pin_refused, actor = the
// role or user name) and every lockout. One PinVault belongs to the thread of
// its Database; only hashAttempt() may run elsewhere.
class PinVault
{
public:
    static constexpr int MinLength = 4;
    static constexpr int MaxLength = 8;
    static constexpr int MaxFailures = 5;
    static constexpr qint64 LockoutSeconds = 5 * 60; // the first lockout
    static constexpr qint64 MaxLockoutSeconds = 60 * 60;
    // New hashes use this; stored hashes keep their own count, so it can grow.
    static constexpr int Iterations = 600000;
    static constexpr int SaltBytes = 16;
    static constexpr int MaxNameLength = 32;

    // `clock` (not owned) may be null: the system clock.
    PinVault(Database *db, AuditLog *audit, Clock *clock = nullptr);

    static QString managerRole();
    static QString cashierRole();
    static QStringList roles();
    // Empty when `pin` is acceptable, else why not (for people).
    static QString validatePin(const QString &pin);
    // Empty when `name` can name a user, else why not.
    static QString validateUserName(const QString &name);
    // How long the `lockout`-th lockout in a row lasts (1: the first).
    static qint64 lockoutSecondsFor(int lockout);

    // Errors: unknown_role, bad_pin (not 4-8 digits), or a store error.
    // `actor` is who did it, for the audit log.
    Result<void> setPin(const QString &role, const QString &pin, const QString &actor = QStringLiteral("terminal"));
    Result<void> removePin(const QString &role, const QString &actor = QStringLiteral("terminal"));
    bool hasPin(const QString &role) const;

    // Named users. Errors: bad_name, user_exists, unknown_user, unknown_role, bad_pin, or a store error.
    Result<void> addUser(const QString &name, const QString &role, const QString &pin,
                         const QString &actor = QStringLiteral("terminal"));
    Result<void> setUserPin(const QString &name, const QString &pin, const QString &actor = QStringLiteral("terminal"));
    Result<void> removeUser(const QString &name, const QString &actor = QStringLiteral("terminal"));
    std::optional<PinUser> user(const QString &name) const;
    QList<PinUser> users(const QString &role = {}) const; // by name; every role when empty

    // Errors: wrong_pin (the message says how many attempts are left),
    // locked_out (the message says for how long), no_pin, unknown_role,
    // pin_corrupt, or a store error. While locked out even the right PIN is
    // refused, and the check does not count. Blocks for one PBKDF2 run.
    Result<void> check(const QString &role, const QString &pin);
    // The same for a named user; returns the user's role.
    Result<QString> checkUser(const QString &name, const QString &pin);

    // check() in three steps, for callers that must not block (PinDialog):
    // prepare on this thread, hashAttempt() anywhere, complete on this thread.
    // prepare fails as check() would without hashing (locked_out, no_pin, ...).
    Result<PinChallenge> prepareCheck(const QString &role);
    Result<PinChallenge> prepareUserCheck(const QString &name);
    static PinAttempt hashAttempt(const PinChallenge &challenge, const QString &pin);
    // Errors as check(), plus pin_changed when the PIN was set anew meanwhile.
    Result<void> completeCheck(const PinChallenge &challenge, const PinAttempt &attempt);

    // For a dialog that wants to show the state before the user types.
    int attemptsLeft(const QString &role) const;
    int userAttemptsLeft(const QString &name) const;
    // Seconds until the lock ends; 0 when not locked.
    qint64 lockoutRemainingSeconds(const QString &role) const;
    qint64 userLockoutRemainingSeconds(const QString &name) const;

    // "4:59"
    static QString formatDuration(qint64 seconds);

private:
    struct Subject
    {
        QString name; // role or user name
        bool user = false;
        QString pinKey() const;
        QString lockKey() const;
        QString label() const; // "manager PIN", "PIN of user li.na"
    };
    struct LockState
    {
        int failures = 0;
        int lockouts = 0;       // lockouts in a row without a right PIN
        QDateTime lockedUntil;  // invalid: not locked
    };
    QDateTime now() const;
    Result<QString> readSetting(const QString &key) const;
    Result<void> writeSetting(const QString &key, const QString &value);
    LockState lockState(const Subject &subject) const;
    Result<void> writeLockState(const Subject &subject, const LockState &state);
    qint64 remainingSeconds(const Subject &subject) const;
    int attemptsLeftFor(const Subject &subject) const;
    Result<PinChallenge> prepare(const Subject &subject);
    Result<void> refuse(const Subject &subject, const QString &why);
    Result<void> storeHash(const Subject &subject, const QString &role, const QString &pin, const QString &action,
                           const QString &actor);

    Database *m_db;
    AuditLog *m_audit;
    Clock *m_clock;
};

} // namespace paydesk
