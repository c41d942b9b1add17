// SPDX-License-Identifier: MIT
#include "certificate.h"

#include "opensslutil_p.h"
#include "securerandom.h"

#include <QFile>
#include <QTimeZone>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace paydesk {

using namespace crypto_detail;

namespace {

std::shared_ptr<X509> shareX509(X509 *cert)
{
    return std::shared_ptr<X509>(cert, [](X509 *c) { X509_free(c); });
}

QDateTime fromAsn1Time(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

bool setName(X509_NAME *name, const char *field, const QString &value)
{
    if (value.isEmpty())
        return true;
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      int(utf8.size()), -1, 0) == 1;
}

} // namespace

Result<Certificate> Certificate::fromPem(const QByteArray &pem)
{
    ERR_clear_error();
    auto bio = memoryBio(pem);
    X509 *cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (!cert) {
        return makeError(QStringLiteral("bad_certificate"),
                         QStringLiteral("not a PEM X.509 certificate (%1)").arg(lastOpenSslError()));
    }
    Certificate result;
    result.m_cert = shareX509(cert);
    return result;
}

Result<Certificate> Certificate::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(QStringLiteral("file_unreadable"),
                         QStringLiteral("cannot read certificate %1: %2").arg(path, file.errorString()));
    }
    return fromPem(file.readAll());
}

Result<Certificate> Certificate::create(const PublicKey &subjectKey, const PrivateKey &issuerKey,
                                        const Options &options, const Certificate &issuer)
{
    if (subjectKey.isNull() || issuerKey.isNull())
        return makeError(QStringLiteral("no_key"), QStringLiteral("certificate needs a subject and an issuer key"));

    auto cert = shareX509(X509_new());
    X509_set_version(cert.get(), 2);

    QByteArray serial = options.serial.isEmpty() ? SecureRandom::bytes(20) : options.serial;
    if (options.serial.isEmpty())
        serial[0] = char(serial[0] & 0x7f); // positive, as RFC 5280 wants
    BIGNUM *bn = BN_bin2bn(reinterpret_cast<const unsigned char *>(serial.constData()), int(serial.size()), nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);

    const QDateTime notBefore = options.notBefore.isValid()
        ? options.notBefore : QDateTime::currentDateTimeUtc().addDays(-1);
    const QDateTime notAfter = options.notAfter.isValid() ? options.notAfter : notBefore.addYears(5);
    ASN1_TIME_set(X509_getm_notBefore(cert.get()), time_t(notBefore.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(cert.get()), time_t(notAfter.toSecsSinceEpoch()));

    X509_set_pubkey(cert.get(), subjectKey.handle());
    X509_NAME *subject = X509_get_subject_name(cert.get());
    if (!setName(subject, "O", options.organization) || !setName(subject, "CN", options.commonName))
        return makeError(QStringLiteral("bad_certificate"), lastOpenSslError());
    X509_set_issuer_name(cert.get(), issuer.isNull() ? subject : X509_get_subject_name(issuer.m_cert.get()));

    if (X509_sign(cert.get(), issuerKey.handle(), EVP_sha256()) <= 0)
        return makeError(QStringLiteral("sign_failed"), lastOpenSslError());

    Certificate result;
    result.m_cert = cert;
    return result;
}

QByteArray Certificate::toPem() const
{
    if (!m_cert)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), m_cert.get());
    return bioContents(bio.get());
}

QString Certificate::serialHex() const
{
    if (!m_cert)
        return {};
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(m_cert.get()), nullptr);
    char *hex = BN_bn2hex(bn);
    QString result = QString::fromLatin1(hex).toUpper();
    OPENSSL_free(hex);
    BN_free(bn);
    return result;
}

QDateTime Certificate::notBefore() const
{
    return m_cert ? fromAsn1Time(X509_get0_notBefore(m_cert.get())) : QDateTime();
}

QDateTime Certificate::notAfter() const
{
    return m_cert ? fromAsn1Time(X509_get0_notAfter(m_cert.get())) : QDateTime();
}

bool Certificate::isValidAt(const QDateTime &when) const
{
    return m_cert && notBefore() <= when && when <= notAfter();
}

QString Certificate::subjectCommonName() const
{
    if (!m_cert)
        return {};
    X509_NAME *name = X509_get_subject_name(m_cert.get());
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return {};
    QString result = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return result;
}

PublicKey Certificate::publicKey() const
{
    if (!m_cert)
        return {};
    EVP_PKEY *key = X509_get_pubkey(m_cert.get()); // new reference
    return key ? PublicKey::adopt(sharePkey(key)) : PublicKey();
}

QString Certificate::normalizeSerial(QString serial)
{
    serial = serial.trimmed().toUpper();
    qsizetype zeros = 0;
    while (zeros < serial.size() - 1 && serial.at(zeros) == QLatin1Char('0'))
        ++zeros;
    return serial.mid(zeros);
}

} // namespace paydesk
