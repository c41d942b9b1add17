// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/secretbytes.h"
#include "secretstore.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <memory>

namespace paydesk {

// The fallback where no OS keychain is reachable (a bare terminal without a
// desktop session): every secret in one file, secrets.bin, readable only by
// the user (0600), encrypted with AES-256-GCM under a key derived from the
// installer's passphrase by PBKDF2-HMAC-SHA256 (600,000 iterations, 16-byte
// random salt).
//
// File format, version 1 (all of the header is authenticated as associated data):
//   "PDSECRET" | version u8 = 1 | kdf u8 = 1 (PBKDF2-HMAC-SHA256) | iterations u32 BE
//   | salt[16] | check[16] | nonce[12] | ciphertext | tag[16]
// `check` is HMAC-SHA256(key, "paydesk secrets passphrase check v1") cut to 16
// bytes: it tells a wrong passphrase from a damaged file, and gives a guesser
// nothing the tag would not. The plaintext is JSON {"secrets":{name: base64}}.
//
// The whole file is decrypted once, at open(); reads are then served from
// memory and each write re-encrypts the file with a fresh nonce (atomically,
// QSaveFile). The derivation takes a noticeable fraction of a second on
// purpose: open() belongs on a worker thread in a GUI.
class FileSecretStore : public SecretStore
{
    Q_OBJECT

public:
    static constexpr int DefaultIterations = 600000;
    static constexpr int MinimumPassphraseLength = 8;

    ~FileSecretStore() override;

    // Decrypts `path`; a file that does not exist yet starts an empty store
    // (written on the first write). Wrong passphrase, damaged or tampered
    // file, unknown version: refused with a message that says which.
    static Result<std::unique_ptr<FileSecretStore>> open(const QString &path, const QByteArray &passphrase,
                                                         QObject *parent = nullptr);
    // PAYDESK_SECRET_PASSPHRASE (UTF-8), or empty.
    static QByteArray passphraseFromEnvironment();
    // What to tell the installer whenever this backend is in use.
    static QString fallbackWarning(const QString &path);

    Kind kind() const override { return Kind::EncryptedFile; }
    QString location() const override { return m_path; }
    QString path() const { return m_path; }
    QStringList names() const { return m_secrets.keys(); }
    bool contains(const QString &name) const { return m_secrets.contains(name); }

    // Synchronous: the file store never waits on anything but its own disk.
    Result<QByteArray> read(const QString &name) override;
    Result<void> write(const QString &name, const QByteArray &secret);
    Result<void> remove(const QString &name);

    // The asynchronous SecretStore API, answered from the event loop.
    void read(const QString &name, ReadCallback done) override;
    void write(const QString &name, const QByteArray &secret, DoneCallback done) override;
    void remove(const QString &name, DoneCallback done) override;

private:
    FileSecretStore(const QString &path, QObject *parent);
    Result<void> save();
    Result<void> refreshFromDisk();
    Result<void> decryptInto(const QByteArray &file, QMap<QString, SecretBytes> *secrets) const;

    QString m_path;
    int m_iterations = DefaultIterations;
    QByteArray m_salt;
    SecretBytes m_key; // derived, 32 bytes
    QByteArray m_lastWritten; // the file as this store last read or wrote it
    QMap<QString, SecretBytes> m_secrets; // each wiped when the last copy goes
};

} // namespace paydesk
