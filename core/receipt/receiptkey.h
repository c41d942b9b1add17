// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace paydesk {

// The store's receipt signing key and its self-signed certificate. Made with
// OpenSSL the first time a receipt is signed and kept in a folder of its own:
// the folder 0700, `receipt_key.pem` (PKCS#8) and `receipt_cert.pem` 0600, so
// only the PayDesk user can sign receipts in the store's name. A key file that
// is readable by others is refused, not silently used.
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

    bool isNull() const { return !m_key; }
    EVP_PKEY *handle() const { return m_key.get(); }
    const Certificate &certificate() const { return m_certificate; }
    Algorithm algorithm() const { return m_algorithm; }
    QString folder() const { return m_folder; }

    Result<void> save(const QString &folder) const;

private:
    std::shared_ptr<EVP_PKEY> m_key;
    Certificate m_certificate;
    Algorithm m_algorithm = Algorithm::Rsa;
    QString m_folder;
};

} // namespace paydesk
