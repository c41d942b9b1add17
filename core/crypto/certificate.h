// SPDX-License-Identifier: MIT
#pragma once

#include "privatekey.h"
#include "publickey.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

typedef struct x509_st X509;

namespace paydesk {

// An X.509 certificate: the merchant API certificate (apiclient_cert.pem) or a
// WeChat Pay platform certificate. Cheap to copy.
class Certificate
{
public:
    Certificate() = default;

    static Result<Certificate> fromPem(const QByteArray &pem);
    static Result<Certificate> fromFile(const QString &path);

    // A certificate for `subjectKey`, signed by `issuerKey` (self-signed when
    // `issuer` is null). Used by the sandbox and by tests to make their own fixtures.
    struct Options
    {
        QString commonName;
        QString organization;
        QByteArray serial;          // raw big-endian bytes; random 20 bytes when empty
        QDateTime notBefore;        // now - 1 day when invalid
        QDateTime notAfter;         // notBefore + 5 years when invalid
    };
    static Result<Certificate> create(const PublicKey &subjectKey, const PrivateKey &issuerKey,
                                      const Options &options, const Certificate &issuer = {});

    bool isNull() const { return !m_cert; }
    QByteArray toPem() const;

    // Upper-case hex of the serial's bytes, leading zero byte kept ("0A1B..."),
    // which is how WeChat Pay and its Go SDK print it.
    QString serialHex() const;
    QDateTime notBefore() const;
    QDateTime notAfter() const;
    bool isValidAt(const QDateTime &when) const;
    QString subjectCommonName() const;
    PublicKey publicKey() const;

    // Serials compare as numbers written in hex: case and leading zeros do not
    // matter ("0a1b" == "A1B"), so the Java SDK's spelling matches too.
    static QString normalizeSerial(QString serial);

private:
    std::shared_ptr<X509> m_cert;
};

} // namespace paydesk
