// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/certificate.h"
#include "receiptkey.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace paydesk {

// What a valid signature says about itself.
struct PdfSignatureInfo
{
    QString signerName;        // the certificate's common name
    QString certificateSerial; // upper-case hex
    QByteArray certificatePem;
    QDateTime signingTime;     // the CMS signing-time attribute, UTC
    QString digest;            // "SHA256", "SM3"
    QString keyType;           // "RSA", "SM2"
};

// Signs a PDF inside the file, as PDF readers expect: an incremental update
// appends a signature field (AcroForm, invisible widget on the first page) and
// a /Sig dictionary (/Adobe.PPKLite, /adbe.pkcs7.detached) whose /Contents is a
// detached CMS SignedData over the two /ByteRange spans — the whole file but
// the /Contents hex string itself. The original bytes stay untouched, so
// `pdfsig` reports the signature valid, and any later change breaks it.
//
// Works on the classic cross-reference tables QPdfWriter writes (not on
// cross-reference streams).
class PdfSigner
{
public:
    struct Details
    {
        QString name;     // /Name: who signed
        QString reason;   // /Reason
        QString location; // /Location
        QDateTime signingTime; // now when invalid
    };

    // RSA keys sign with SHA-256, SM2 keys with SM3.
    explicit PdfSigner(ReceiptKey key);

    Result<QByteArray> sign(const QByteArray &pdf, const Details &details = {}) const;

    // Checks the last signature: its /ByteRange covers the whole file except
    // its /Contents, and the CMS signature is valid over those bytes for the
    // certificate inside it. With `expectedSigner`, that certificate must be
    // exactly this one (the store's receipt certificate). Error codes:
    // not_signed, byte_range (the file was changed or extended after
    // signing), bad_signature, untrusted_signer.
    static Result<PdfSignatureInfo> verify(const QByteArray &pdf, const Certificate &expectedSigner = {});

private:
    ReceiptKey m_key;
};

} // namespace paydesk
