// SPDX-License-Identifier: MIT
#include "pdfsigner.h"

#include "crypto/opensslutil_p.h"

#include <QMap>
#include <QRegularExpression>

#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace paydesk {

using namespace crypto_detail;

namespace {

// Room for the DER CMS: an RSA-4096 or SM2 signature, the certificate and the
// signed attributes take 2-3 KB; 8 KB leaves room for a longer chain later.
constexpr int ContentsBytes = 8192;
// "[0 " + three 10-digit numbers: filled in place, so offsets never move.
constexpr int ByteRangeDigits = 10;

// GM/T 0010's SignerInfo signatureAlgorithm for SM2 (sm2sign, GM/T 0006).
constexpr const char *Sm2SignatureOid = "1.2.156.10197.1.301.1";

struct CmsDeleter { void operator()(CMS_ContentInfo *c) const { CMS_ContentInfo_free(c); } };
struct X509Deleter { void operator()(X509 *x) const { X509_free(x); } };
struct StoreDeleter { void operator()(X509_STORE *s) const { X509_STORE_free(s); } };
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using StorePtr = std::unique_ptr<X509_STORE, StoreDeleter>;

Error malformed(const QString &what)
{
    return makeError(QStringLiteral("unsupported_pdf"),
                     QStringLiteral("cannot sign this PDF: %1 (PayDesk signs the PDFs it renders itself)").arg(what));
}

// The PDF's cross-reference as QPdfWriter writes it: classic tables, followed
// through /Prev, newest entry of each object wins.
struct XrefInfo
{
    QMap<int, qint64> offsets;
    int size = 0;
    QByteArray root;  // "2 0 R"
    QByteArray info;  // "1 0 R" or empty
    QByteArray id;    // "[<...> <...>]" or empty
    qint64 startxref = -1;
};

QByteArray trailerValue(const QByteArray &dict, const char *pattern)
{
    const QRegularExpression re(QString::fromLatin1(pattern));
    const auto match = re.match(QString::fromLatin1(dict));
    return match.hasMatch() ? match.captured(1).toLatin1() : QByteArray();
}

Result<XrefInfo> readXref(const QByteArray &pdf)
{
    XrefInfo info;
    const qsizetype sx = pdf.lastIndexOf("startxref");
    if (sx < 0)
        return malformed(QStringLiteral("no startxref"));
    bool ok = false;
    info.startxref = pdf.mid(sx + 9, 32).trimmed().split('\n').value(0).trimmed().toLongLong(&ok);
    if (!ok)
        return malformed(QStringLiteral("unreadable startxref"));

    qint64 at = info.startxref;
    for (int sections = 0; at >= 0 && sections < 64; ++sections) {
        if (at >= pdf.size() || !pdf.mid(at, 4).startsWith("xref"))
            return malformed(QStringLiteral("no classic xref table at offset %1 (cross-reference streams are not "
                                            "supported)").arg(at));
        const qsizetype trailerAt = pdf.indexOf("trailer", at);
        if (trailerAt < 0)
            return malformed(QStringLiteral("no trailer"));
        const QList<QByteArray> tokens = pdf.mid(at + 4, trailerAt - at - 4).simplified().split(' ');
        for (qsizetype i = 0; i + 1 < tokens.size();) {
            const int first = tokens.at(i).toInt();
            const int count = tokens.at(i + 1).toInt();
            i += 2;
            for (int n = 0; n < count && i + 2 < tokens.size() + 0; ++n, i += 3) {
                if (tokens.at(i + 2) == "n" && !info.offsets.contains(first + n))
                    info.offsets.insert(first + n, tokens.at(i).toLongLong());
            }
        }
        const qsizetype dictEnd = pdf.indexOf("startxref", trailerAt);
        const QByteArray dict = pdf.mid(trailerAt, dictEnd < 0 ? 2048 : dictEnd - trailerAt);
        if (info.size == 0) {
            info.size = trailerValue(dict, R"(/Size\s+(\d+))").toInt();
            info.root = trailerValue(dict, R"(/Root\s+(\d+\s+\d+\s+R))");
            info.info = trailerValue(dict, R"(/Info\s+(\d+\s+\d+\s+R))");
            info.id = trailerValue(dict, R"(/ID\s*(\[[^\]]*\]))");
        }
        const QByteArray prev = trailerValue(dict, R"(/Prev\s+(\d+))");
        at = prev.isEmpty() ? -1 : prev.toLongLong();
    }
    if (info.size <= 0 || info.root.isEmpty())
        return malformed(QStringLiteral("the trailer names no /Size or /Root"));
    return info;
}

int objectNumber(const QByteArray &reference)
{
    return reference.simplified().split(' ').value(0).toInt();
}

// The dictionary of a plain (non-stream) object, "<< ... >>".
Result<QByteArray> objectDictionary(const QByteArray &pdf, const XrefInfo &xref, int number)
{
    const qint64 at = xref.offsets.value(number, -1);
    if (at < 0)
        return malformed(QStringLiteral("object %1 is not in the xref").arg(number));
    const qsizetype end = pdf.indexOf("endobj", at);
    const qsizetype open = pdf.indexOf("<<", at);
    if (end < 0 || open < 0 || open > end)
        return malformed(QStringLiteral("object %1 is not a dictionary").arg(number));
    const QByteArray body = pdf.mid(open, end - open).trimmed();
    if (body.contains("stream") || !body.endsWith(">>"))
        return malformed(QStringLiteral("object %1 is not a plain dictionary").arg(number));
    return body;
}

QByteArray withEntry(QByteArray dict, const QByteArray &entry)
{
    dict.insert(dict.lastIndexOf(">>"), entry + '\n');
    return dict;
}

// PDF text strings: UTF-16BE with a byte-order mark, as hex, so a store name
// in Chinese survives any reader.
QByteArray textString(const QString &text)
{
    QByteArray utf16("\xFE\xFF", 2);
    for (const QChar c : text) {
        utf16.append(char(c.unicode() >> 8));
        utf16.append(char(c.unicode() & 0xFF));
    }
    return '<' + utf16.toHex().toUpper() + '>';
}

QByteArray pdfDate(const QDateTime &when)
{
    return "(D:" + when.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + "Z)";
}

X509Ptr toX509(const Certificate &certificate)
{
    const QByteArray pem = certificate.toPem();
    BioPtr bio = memoryBio(pem);
    return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

QDateTime signingTimeOf(CMS_SignerInfo *si)
{
    const int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (index < 0)
        return {};
    X509_ATTRIBUTE *attribute = CMS_signed_get_attr(si, index);
    ASN1_TYPE *value = X509_ATTRIBUTE_get0_type(attribute, 0);
    if (!value || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
        return {};
    struct tm tm = {};
    if (ASN1_TIME_to_tm(reinterpret_cast<const ASN1_TIME *>(value->value.asn1_string), &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     Qt::UTC);
}

} // namespace

PdfSigner::PdfSigner(ReceiptKey key) : m_key(std::move(key)) {}

Result<QByteArray> PdfSigner::sign(const QByteArray &original, const Details &details) const
{
    if (m_key.isNull() || m_key.certificate().isNull())
        return makeError(QStringLiteral("no_key"), QStringLiteral("the receipt key or its certificate is missing"));
    auto xref = readXref(original);
    if (!xref)
        return xref.error();

    const int rootNumber = objectNumber(xref->root);
    auto root = objectDictionary(original, *xref, rootNumber);
    if (!root)
        return root.error();
    if (root->contains("/AcroForm"))
        return malformed(QStringLiteral("it already has a form (/AcroForm)"));

    // The first page, for the widget's /P and the page's /Annots.
    int pageNumber = -1;
    QByteArray page;
    {
        const QByteArray pagesRef = trailerValue(*root, R"(/Pages\s+(\d+\s+\d+\s+R))");
        int node = objectNumber(pagesRef);
        for (int depth = 0; depth < 16 && node > 0; ++depth) {
            auto dict = objectDictionary(original, *xref, node);
            if (!dict)
                return dict.error();
            if (QRegularExpression(QStringLiteral(R"(/Type\s*/Page\b(?!s))")).match(QString::fromLatin1(*dict)).hasMatch()) {
                pageNumber = node;
                page = *dict;
                break;
            }
            node = objectNumber(trailerValue(*dict, R"(/Kids\s*\[\s*(\d+\s+\d+\s+R))"));
        }
    }
    if (pageNumber < 0)
        return malformed(QStringLiteral("no page found"));

    QByteArray out = original;
    if (!out.endsWith('\n'))
        out.append('\n');

    const int fieldNumber = xref->size;
    const int sigNumber = xref->size + 1;
    const int formNumber = xref->size + 2;
    QMap<int, qint64> written;

    const auto writeObject = [&](int number, const QByteArray &body) {
        written.insert(number, out.size());
        out += QByteArray::number(number) + " 0 obj\n" + body + "\nendobj\n";
    };

    const QByteArray fieldRef = QByteArray::number(fieldNumber) + " 0 R";
    writeObject(fieldNumber, "<< /Type /Annot /Subtype /Widget /FT /Sig /T " + textString(QStringLiteral("Receipt signature"))
                                 + " /V " + QByteArray::number(sigNumber) + " 0 R /F 132 /Rect [0 0 0 0] /P "
                                 + QByteArray::number(pageNumber) + " 0 R >>");

    const QDateTime when = details.signingTime.isValid() ? details.signingTime : QDateTime::currentDateTimeUtc();
    QByteArray sig = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached\n/ByteRange [0 "
        + QByteArray(ByteRangeDigits, '0') + ' ' + QByteArray(ByteRangeDigits, '0') + ' '
        + QByteArray(ByteRangeDigits, '0') + "]\n/Contents <";
    const qsizetype sigAt = out.size() + QByteArray::number(sigNumber).size() + 7; // after "N 0 obj\n"
    const qsizetype contentsStart = sigAt + sig.size() - 1; // the '<'
    sig += QByteArray(2 * ContentsBytes, '0') + ">\n/M " + pdfDate(when);
    if (!details.name.isEmpty())
        sig += " /Name " + textString(details.name);
    if (!details.reason.isEmpty())
        sig += " /Reason " + textString(details.reason);
    if (!details.location.isEmpty())
        sig += " /Location " + textString(details.location);
    sig += " >>";
    writeObject(sigNumber, sig);
    const qsizetype contentsEnd = contentsStart + 2 * ContentsBytes + 2; // just past the '>'
    Q_ASSERT(out.at(contentsStart) == '<' && out.at(contentsEnd - 1) == '>');

    writeObject(formNumber, "<< /Fields [" + fieldRef + "] /SigFlags 3 >>");
    writeObject(rootNumber, withEntry(*root, "/AcroForm " + QByteArray::number(formNumber) + " 0 R"));
    // QPdfWriter writes /Annots as a reference to an array object (often
    // empty); other writers inline it. The widget joins the array either way.
    const QRegularExpression annotsRef(QStringLiteral(R"(/Annots\s+(\d+)\s+\d+\s+R)"));
    const QRegularExpression annotsInline(QStringLiteral(R"(/Annots\s*\[)"));
    if (const auto ref = annotsRef.match(QString::fromLatin1(page)); ref.hasMatch()) {
        const int arrayNumber = ref.captured(1).toInt();
        const qint64 arrayAt = xref->offsets.value(arrayNumber, -1);
        const qsizetype objAt = arrayAt < 0 ? -1 : original.indexOf("obj", arrayAt);
        const qsizetype endAt = objAt < 0 ? -1 : original.indexOf("endobj", objAt);
        QByteArray array = endAt < 0 ? QByteArray() : original.mid(objAt + 3, endAt - objAt - 3).trimmed();
        if (!array.startsWith('[') || !array.endsWith(']'))
            return malformed(QStringLiteral("the first page's /Annots is not an array"));
        array.insert(1, fieldRef + ' ');
        writeObject(arrayNumber, array);
    } else if (const auto inlined = annotsInline.match(QString::fromLatin1(page)); inlined.hasMatch()) {
        page.insert(inlined.capturedEnd(), fieldRef + ' ');
        writeObject(pageNumber, page);
    } else {
        writeObject(pageNumber, withEntry(page, "/Annots [" + fieldRef + "]"));
    }

    // The new cross-reference section: one subsection per run of numbers.
    const qsizetype xrefAt = out.size();
    out += "xref\n0 1\n0000000000 65535 f \n";
    for (auto it = written.cbegin(); it != written.cend();) {
        auto run = it;
        int count = 0;
        while (run != written.cend() && run.key() == it.key() + count) {
            ++run;
            ++count;
        }
        out += QByteArray::number(it.key()) + ' ' + QByteArray::number(count) + '\n';
        for (; it != run; ++it)
            out += QByteArray::number(it.value()).rightJustified(10, '0') + " 00000 n \n";
    }
    out += "trailer\n<< /Size " + QByteArray::number(formNumber + 1) + " /Root " + xref->root;
    if (!xref->info.isEmpty())
        out += " /Info " + xref->info;
    if (!xref->id.isEmpty())
        out += " /ID " + xref->id;
    out += " /Prev " + QByteArray::number(xref->startxref) + " >>\nstartxref\n" + QByteArray::number(xrefAt)
        + "\n%%EOF\n";

    // The byte ranges are known now; write them in place (same width).
    const qint64 tail = out.size() - contentsEnd;
    QByteArray ranges = "0 " + QByteArray::number(contentsStart) + ' ' + QByteArray::number(contentsEnd) + ' '
        + QByteArray::number(tail);
    const QByteArray placeholder = "0 " + QByteArray(ByteRangeDigits, '0') + ' ' + QByteArray(ByteRangeDigits, '0')
        + ' ' + QByteArray(ByteRangeDigits, '0');
    const qsizetype rangeAt = out.indexOf(placeholder, sigAt);
    if (rangeAt < 0 || rangeAt > contentsStart)
        return malformed(QStringLiteral("internal: byte range placeholder lost"));
    out.replace(rangeAt, placeholder.size(), ranges.leftJustified(placeholder.size(), ' '));

    X509Ptr cert = toX509(m_key.certificate());
    if (!cert)
        return makeError(QStringLiteral("bad_certificate"), lastOpenSslError());
    BioPtr data(BIO_new(BIO_s_mem()));
    BIO_write(data.get(), out.constData(), int(contentsStart));
    BIO_write(data.get(), out.constData() + contentsEnd, int(tail));
    ERR_clear_error();
    // Detached and binary: the bytes are signed exactly as they are, no MIME
    // canonicalisation; no S/MIME capabilities, which mean nothing in a PDF.
    const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags | CMS_PARTIAL));
    CMS_SignerInfo *signer = cms ? CMS_add1_signer(cms.get(), cert.get(), m_key.handle(), nullptr, flags) : nullptr;
    if (signer && m_key.algorithm() == ReceiptKey::Algorithm::Sm2) {
        // OpenSSL 3.0's CMS leaves the signature algorithm of an SM2 signer
        // unset. GM/T 0010 names it sm2sign, 1.2.156.10197.1.301.1: not
        // OpenSSL's NID_sm2, which is 1.2.156.10197.1.301, the SM2 algorithm
        // family (the OID of the key, not of the signature).
        X509_ALGOR *signatureAlgorithm = nullptr;
        CMS_SignerInfo_get0_algs(signer, nullptr, nullptr, nullptr, &signatureAlgorithm);
        ASN1_OBJECT *sm2Sign = OBJ_txt2obj(Sm2SignatureOid, 1);
        if (!signatureAlgorithm || !sm2Sign
            || X509_ALGOR_set0(signatureAlgorithm, sm2Sign, V_ASN1_UNDEF, nullptr) != 1) {
            ASN1_OBJECT_free(sm2Sign);
            return makeError(QStringLiteral("sign_failed"),
                             QStringLiteral("cannot name the SM2 signature algorithm: %1").arg(lastOpenSslError()));
        }
    }
    if (!signer || CMS_final(cms.get(), data.get(), nullptr, flags) != 1)
        return makeError(QStringLiteral("sign_failed"), QStringLiteral("CMS signing failed: %1").arg(lastOpenSslError()));
    BioPtr der(BIO_new(BIO_s_mem()));
    if (i2d_CMS_bio(der.get(), cms.get()) != 1)
        return makeError(QStringLiteral("sign_failed"), lastOpenSslError());
    const QByteArray hex = bioContents(der.get()).toHex().toUpper();
    if (hex.size() > 2 * ContentsBytes)
        return makeError(QStringLiteral("sign_failed"), QStringLiteral("the signature is larger than its placeholder"));
    out.replace(contentsStart + 1, hex.size(), hex);
    return out;
}

Result<PdfSignatureInfo> PdfSigner::verify(const QByteArray &pdf, const Certificate &expectedSigner)
{
    const qsizetype at = pdf.lastIndexOf("/ByteRange");
    if (at < 0)
        return makeError(QStringLiteral("not_signed"), QStringLiteral("the PDF carries no signature"));
    const qsizetype open = pdf.indexOf('[', at);
    const qsizetype close = pdf.indexOf(']', at);
    const QList<QByteArray> numbers = pdf.mid(open + 1, close - open - 1).simplified().split(' ');
    if (open < 0 || close < open || numbers.size() != 4)
        return makeError(QStringLiteral("byte_range"), QStringLiteral("the signature's /ByteRange is unreadable"));
    const qint64 a = numbers.at(0).toLongLong(), b = numbers.at(1).toLongLong();
    const qint64 c = numbers.at(2).toLongLong(), d = numbers.at(3).toLongLong();
    // The signed bytes must be the whole file but the /Contents hex string:
    // anything appended or left out is a change the signature does not cover.
    if (a != 0 || b <= 0 || c <= b || d < 0 || c + d != pdf.size() || pdf.at(b) != '<' || pdf.at(c - 1) != '>')
        return makeError(QStringLiteral("byte_range"),
                         QStringLiteral("the signature does not cover the whole file: it was changed or extended "
                                        "after signing"));
    if (!pdf.left(b).trimmed().endsWith("/Contents"))
        return makeError(QStringLiteral("byte_range"), QStringLiteral("the signed gap is not the signature's /Contents"));
    const QByteArray hex = pdf.mid(b + 1, c - b - 2);
    for (const char ch : hex) {
        if (!std::isxdigit(static_cast<unsigned char>(ch)))
            return makeError(QStringLiteral("bad_signature"), QStringLiteral("the signature's /Contents is not hex"));
    }
    const QByteArray der = QByteArray::fromHex(hex);
    BioPtr derBio = memoryBio(der);
    ERR_clear_error();
    CmsPtr cms(d2i_CMS_bio(derBio.get(), nullptr));
    if (!cms)
        return makeError(QStringLiteral("bad_signature"), QStringLiteral("the signature is not a CMS structure"));

    BioPtr data(BIO_new(BIO_s_mem()));
    BIO_write(data.get(), pdf.constData(), int(b));
    BIO_write(data.get(), pdf.constData() + c, int(d));
    StorePtr store(X509_STORE_new());
    // The receipt key is the store's own, self-signed: the chain is not what
    // is checked here (see expectedSigner), the bytes are.
    if (CMS_verify(cms.get(), nullptr, store.get(), data.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1)
        return makeError(QStringLiteral("bad_signature"),
                         QStringLiteral("the receipt's signature does not match its content: it was altered (%1)")
                             .arg(lastOpenSslError()));

    PdfSignatureInfo info;
    STACK_OF(X509) *signers = CMS_get0_signers(cms.get());
    X509 *signer = signers && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : nullptr;
    if (signer) {
        BioPtr pem(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509(pem.get(), signer);
        info.certificatePem = bioContents(pem.get());
        if (auto certificate = Certificate::fromPem(info.certificatePem)) {
            info.signerName = certificate->subjectCommonName();
            info.certificateSerial = certificate->serialHex();
        }
        if (EVP_PKEY *key = X509_get0_pubkey(signer))
            info.keyType = QString::fromLatin1(EVP_PKEY_get0_type_name(key));
    }
    sk_X509_free(signers);
    STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms.get());
    if (CMS_SignerInfo *si = infos ? sk_CMS_SignerInfo_value(infos, 0) : nullptr) {
        info.signingTime = signingTimeOf(si);
        X509_ALGOR *digest = nullptr;
        CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, nullptr);
        if (digest) {
            const ASN1_OBJECT *object = nullptr;
            X509_ALGOR_get0(&object, nullptr, nullptr, digest);
            info.digest = QString::fromLatin1(OBJ_nid2sn(OBJ_obj2nid(object))).toUpper();
        }
    }
    if (!expectedSigner.isNull() && expectedSigner.toPem() != info.certificatePem)
        return makeError(QStringLiteral("untrusted_signer"),
                         QStringLiteral("the receipt is signed by %1 (serial %2), not by this store's receipt key")
                             .arg(info.signerName, info.certificateSerial));
    return info;
}

} // namespace paydesk
