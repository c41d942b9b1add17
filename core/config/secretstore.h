// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>

namespace paydesk {

// Where a terminal keeps what must never be in the profile, a log or the
// command line: the merchant private key, the APIv3 key, the receipt signing
// key. Secrets are named `<kind>/<id>`: merchant-key/<mchid>,
// apiv3-key/<mchid>, receipt-key/<store>.
//
// Two backends: the OS keychain (KeychainSecretStore: Windows Credential
// Manager, Secret Service on Linux) and, where there is none, one encrypted
// file (FileSecretStore). SecretStoreLocator picks one.
//
// The API is asynchronous because the keychain is (D-Bus, a prompt to unlock
// it): callbacks run later, from the event loop of the store's thread, never
// before the call returns. The synchronous read(name) only serves what is
// already in memory (everything for the file store, what preload() fetched for
// the keychain), so it never blocks the GUI thread.
//
// No message of a store ever contains a secret.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Keychain, EncryptedFile };

    using ReadCallback = std::function<void(Result<QByteArray>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    explicit SecretStore(QObject *parent = nullptr) : QObject(parent) {}
    ~SecretStore() override = default;

    virtual Kind kind() const = 0;
    // For people: "Secret Service (D-Bus)", "/home/pos/.config/PayDesk/paydesk/secrets.bin".
    virtual QString location() const = 0;

    virtual void read(const QString &name, ReadCallback done) = 0;
    virtual void write(const QString &name, const QByteArray &secret, DoneCallback done) = 0;
    virtual void remove(const QString &name, DoneCallback done) = 0;

    // From memory, never waiting. Fails with "secret_not_loaded" when the
    // keychain has not been asked for `name` yet (call preload() first).
    virtual Result<QByteArray> read(const QString &name) = 0;
    // Fetches `names` into memory so read(name) can serve them; one failure
    // (a missing secret, a locked keychain) ends it with that error.
    virtual void preload(const QStringList &names, DoneCallback done);

    // Writes each (name, secret), one after the other, reading each back and
    // comparing: done succeeds only when the store really gives every secret
    // back ("secret_verify_failed" otherwise). Wipes its copies when finished.
    void writeVerified(const QList<QPair<QString, QByteArray>> &items, DoneCallback done);

    // `<kind>/<id>`: kind in [a-z0-9-], id in [A-Za-z0-9._-], at most 128 characters.
    static bool isValidName(const QString &name);
    static QString merchantKeyName(const QString &mchid);
    static QString apiV3KeyName(const QString &mchid);
    static QString receiptKeyName(const QString &store);
    static QString kindName(Kind kind); // "keychain", "file"
    // Overwrites a file that held a secret, then removes it, so the secret is
    // not left whole in free blocks of simple file systems (no promise for
    // SSDs or copy-on-write ones: see docs/secrets.md). False when it remains.
    static bool shredFile(const QString &path);

protected:
    // Runs `call` from the event loop, after the current call has returned.
    void later(std::function<void()> call);
    static Error invalidName(const QString &name);
};

} // namespace paydesk
