// SPDX-License-Identifier: MIT
#pragma once

#include "secretstore.h"

#include <QHash>

namespace paydesk {

// Secrets in the OS keychain through QtKeychain: Windows Credential Manager,
// the Secret Service (GNOME Keyring, KWallet) over D-Bus on Linux, the macOS
// Keychain. Entries are service "PayDesk", key = the secret's name.
//
// Every call is a QtKeychain job, answered from the event loop; nothing here
// waits. What has been read or written is kept in memory so read(name) can
// serve it synchronously afterwards. QtKeychain's "insecure fallback"
// (plaintext QSettings) is never enabled: without a keychain, use
// FileSecretStore.
//
// A locked keychain that nothing unlocks (no prompt can be shown) fails at
// once with "keychain_locked", never "secret_not_found": on Linux libsecret
// cannot tell the two apart, so the Secret Service is asked directly.
//
// Built without QtKeychain (PAYDESK_USE_KEYCHAIN=OFF or the package missing),
// the class exists but every call fails with "keychain_unavailable".
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    static constexpr const char *DefaultService = "PayDesk";

    explicit KeychainSecretStore(QObject *parent = nullptr);
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    static bool isCompiledIn();
    // Whether a keychain answers at all: no D-Bus session bus (a bare
    // terminal), no Secret Service, a keychain that does not answer within
    // `timeoutMs` all give false, with the reason for people. `done` runs on
    // `context`'s thread, later.
    static void probe(QObject *context, int timeoutMs, std::function<void(bool available, QString reason)> done,
                      const QString &service = QString::fromLatin1(DefaultService));

    Kind kind() const override { return Kind::Keychain; }
    QString location() const override;
    QString service() const { return m_service; }

    Result<QByteArray> read(const QString &name) override;
    void read(const QString &name, ReadCallback done) override;
    void write(const QString &name, const QByteArray &secret, DoneCallback done) override;
    void remove(const QString &name, DoneCallback done) override;

private:
    QString m_service;
    QHash<QString, QByteArray> m_cache;
};

} // namespace paydesk
