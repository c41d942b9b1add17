// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace paydesk {

class SecretStore;

// The store's receipt signing key and its self-signed certificate. Made with
// OpenSSL the first time a receipt is signed and kept in a folder of its own:
// the folder 0700, `receipt_key.pem` (PKCS#8) and `receipt_cert.pem` 0600, so
// only the PayDesk user can sign receipts in the store's name. A key file that
// is readable by others is refused, not silently used.
//
// A terminal that keeps its secrets in the SecretStore (the OS keychain or the
// encrypted file, docs/secrets.md) keeps the receipt key there instead, as one
// secret `receipt-key/<mchid>` holding the key and its certificate (toPem(),
// fromPem()); the profile names it (receipt_key_secret).
//
// RSA 2048 (SHA-256) by default, which every PDF reader verifies; SM2 (SM3)
// where a Chinese national algorithm is required (verified by PdfSigner::verify
// and `paydesk-cli receipt verify`; poppler does not know SM2). The key is
// held here rather than in PrivateKey, which is the RSA-only merchant API key.
class ReceiptKey
{
public:
    enum class Algorithm { Rsa, Sm2 };

    // Loads the key from `folder`, creating folder, key and certificate
    // (for `storeName`, with `algorithm`) when there is none yet.
    static Result<ReceiptKey> openOrCreate(const QString &folder, const QString &storeName,
                                           Algorithm algorithm = Algorithm::Rsa);
    // Loads only; "no_receipt_key" when the folder holds none.
    static Result<ReceiptKey> open(const QString &folder);
    // A new key and certificate in memory (tests, and the first step of openOrCreate).
    static Result<ReceiptKey> generate(const QString &storeName, Algorithm algorithm = Algorithm::Rsa);

    // The folder PayDesk uses beside a database file: `<its folder>/receipt-key`.
    static QString folderBeside(const QString &databasePath);

    // The key and its certificate as one PEM text (PKCS#8 key, then the
    // certificate): what the secret store keeps. Holds the private key: wipe
    // it (OPENSSL_cleanse) when done with it.
    QByteArray toPem() const;
    // Reads that text back; the certificate must belong to the key.
    static Result<ReceiptKey> fromPem(const QByteArray &pem, const QString &source);
    // The secret `name` from `secrets`, which must serve it synchronously
    // (preloaded, see SecretStore::preload).
    static Result<ReceiptKey> fromSecretStore(SecretStore *secrets, const QString &name);

    // Moves the store's receipt key into `secrets` as `name`: the key in
    // `folder` when it holds one (so receipts signed before stay verifiable
    // with the same certificate), else a new one for `storeName`. The secret
    // is read back and compared before `done` gets the key. The folder is left
    // as it is: remove it with removeFolder() once the profile names the secret.
    static void importInto(SecretStore *secrets, const QString &name, const QString &folder,
                           const QString &storeName, std::function<void(Result<ReceiptKey>)> done);
    // Overwrites and removes the key and certificate files of `folder`, then the folder.
    static Result<void> removeFolder(const QString &folder);

    bool isNull() const { return !m_key; }
    EVP_PKEY *handle() const { return m_key.get(); }
    const Certificate &certificate() const { return m_certificate; }
    Algorithm algorithm() const { return m_algorithm; }
    QString folder() const { return m_folder; } // empty when not from a folder

    Result<void> save(const QString &folder) const;

private:
    static Result<ReceiptKey> assemble(std::shared_ptr<EVP_PKEY> key, const Certificate &certificate,
                                       const QString &source);

    std::shared_ptr<EVP_PKEY> m_key;
    Certificate m_certificate;
    Algorithm m_algorithm = Algorithm::Rsa;
    QString m_folder;
};

} // namespace paydesk
