// SPDX-License-Identifier: MIT
// Receipts as the customer, the auditor and the printer see them: a paid
// training order from a real SQLite store, rendered to PDF and checked with
// poppler's own tools (pdftotext, pdfsig, pdftoppm), the ESC/POS bytes a
// thermal printer receives, and the PNG export's size.

#include "config/filesecretstore.h"
#include "fakeescposprinter.h"
#include "receipt/escposprinter.h"
#include "receipt/escposrenderer.h"
#include "receipt/pdfsigner.h"
#include "receipt/receipt.h"
#include "receipt/receiptkey.h"
#include "receipt/receiptpainter.h"
#include "receipt/receiptpdfrenderer.h"
#include "receipt/receiptrepository.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/cms.h>
#include <openssl/objects.h>
#include <optional>

using namespace paydesk;

namespace {

const QString StoreName = QStringLiteral("微光咖啡馆");
const QString OutTradeNo = QStringLiteral("TRAINING-0120261130101500a1B2c3D");
const QString TransactionId = QStringLiteral("4200000000202611301234567890");
const QString OutRefundNo = QStringLiteral("R20261130101600x9Y8");

struct Tool
{
    int exitCode = -1;
    QString out;
};

Tool run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

bool hasTool(const QString &name)
{
    return !QStandardPaths::findExecutable(name).isEmpty();
}

} // namespace

class TestReceipt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void receiptFromStore();
    void refusesUnpaidAndUnknownOrders();
    void pdfTextIsExtractable();
    void pdfSignatureValidThenBroken();
    void pdfPageIs80mmWide();
    void a4Layout();
    void refundReceipt();
    void sm2SignatureVerifies();
    void signerInfoNamesTheDocumentedAlgorithms_data();
    void signerInfoNamesTheDocumentedAlgorithms();
    void receiptKeyKeptPrivate();
    void receiptKeyMovesIntoSecretStore();
    void storedReceiptReprintsByteForByte();
    void escPosTextStream();
    void escPosLinesFitThePaper_data();
    void escPosLinesFitThePaper();
    void escPosRasterStream();
    void pngExportUnder200KB();
    void printsOverTcp();
    void printsToDeviceFile();
    void unreachablePrinterFails();

private:
    Receipt saleReceipt() const;
    QString writeFile(const QString &name, const QByteArray &bytes) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<OrderRepository> m_orders;
    std::unique_ptr<RefundRepository> m_refunds;
    std::optional<ReceiptKey> m_key;
};

void TestReceipt::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // PAYDESK_KEEP_RECEIPTS=1 keeps the PDFs and images to look at.
    if (qEnvironmentVariableIsSet("PAYDESK_KEEP_RECEIPTS")) {
        m_dir.setAutoRemove(false);
        qInfo("receipts kept in %s", qPrintable(m_dir.path()));
    }
    auto opened = Database::open(m_dir.filePath(QStringLiteral("paydesk.sqlite")));
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    m_db = std::move(opened.value());
    m_audit = std::make_unique<AuditLog>(m_db.get());
    m_orders = std::make_unique<OrderRepository>(m_db.get(), m_audit.get());
    m_refunds = std::make_unique<RefundRepository>(m_db.get(), m_audit.get());

    // A training sale of ￥12.34 with two items, paid, then ￥2.00 refunded.
    NewOrder order;
    order.outTradeNo = OutTradeNo;
    order.mchid = QStringLiteral("1900000109");
    order.description = QStringLiteral("拿铁、可颂");
    order.amountTotal = 1234;
    order.training = true;
    order.terminalId = QStringLiteral("TRAINING-01");
    order.cashier = QStringLiteral("王芳");
    order.itemsJson = QStringLiteral(R"([{"name":"拿铁","price":517,"quantity":2},{"name":"可颂","price":"2.00","quantity":1}])");
    QVERIFY(m_orders->create(order, QStringLiteral("test")));

    Transaction paid;
    paid.mchid = order.mchid;
    paid.outTradeNo = OutTradeNo;
    paid.tradeState = QStringLiteral("SUCCESS");
    paid.transactionId = TransactionId;
    paid.amount.total = 1234;
    paid.amount.payerTotal = 1234;
    paid.payer.openid = QStringLiteral("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    paid.successTime = QDateTime::currentDateTimeUtc();
    auto applied = m_orders->applyTransaction(paid, ResultSource::Query, QStringLiteral("test"));
    QVERIFY(applied && applied->outcome == ApplyResult::Applied);

    QVERIFY(m_refunds->create(OutTradeNo, OutRefundNo, 200, QStringLiteral("少一个可颂"), QStringLiteral("店长")));
    Refund refund;
    refund.outRefundNo = OutRefundNo;
    refund.outTradeNo = OutTradeNo;
    refund.refundId = QStringLiteral("50000000382019052709732678859");
    refund.status = QStringLiteral("SUCCESS");
    refund.refund = 200;
    refund.total = 1234;
    refund.successTime = QDateTime::currentDateTimeUtc();
    auto refunded = m_refunds->applyRefund(refund, ResultSource::Query, QStringLiteral("test"));
    QVERIFY2(refunded && refunded->outcome == ApplyResult::Applied, refunded ? qPrintable(refunded->message) : "error");

    auto key = ReceiptKey::generate(StoreName);
    QVERIFY2(key, key ? "" : qPrintable(key.error().message));
    m_key = *key;
}

Receipt TestReceipt::saleReceipt() const
{
    auto receipt = Receipt::fromStore(m_orders.get(), m_refunds.get(), OutTradeNo, StoreName);
    if (!receipt)
        qFatal("no receipt: %s", qPrintable(receipt.error().message));
    return *receipt;
}

QString TestReceipt::writeFile(const QString &name, const QByteArray &bytes) const
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestReceipt::receiptFromStore()
{
    const Receipt r = saleReceipt();
    QCOMPARE(r.kind, Receipt::Kind::Sale);
    QCOMPARE(r.storeName, StoreName);
    QCOMPARE(r.terminalId, QStringLiteral("TRAINING-01"));
    QCOMPARE(r.cashier, QStringLiteral("王芳"));
    QCOMPARE(r.amount, 1234);
    QCOMPARE(r.refundedTotal, 200);
    QCOMPARE(r.transactionId, TransactionId);
    QVERIFY(r.training);
    QCOMPARE(r.items.size(), 2);
    QCOMPARE(r.items.at(0).quantity, 2);
    QCOMPARE(r.items.at(0).unitPrice, 517);
    QCOMPARE(r.items.at(1).unitPrice, 200); // "2.00" yuan
    QCOMPARE(r.refunds.size(), 1);
    QCOMPARE(Receipt::yuan(1234), QStringLiteral("￥12.34"));
    QCOMPARE(Receipt::yuan(-5), QStringLiteral("-￥0.05"));
    QVERIFY(r.qrPayload().contains(TransactionId));

    // TRAINING is the first and the last line.
    const QList<ReceiptLine> lines = r.lines();
    QVERIFY(lines.first().left.contains(QLatin1String("TRAINING")));
    QVERIFY(lines.last().left.contains(QLatin1String("TRAINING")));
}

void TestReceipt::refusesUnpaidAndUnknownOrders()
{
    auto unknown = Receipt::fromStore(m_orders.get(), m_refunds.get(), QStringLiteral("NOPE"), StoreName);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, QStringLiteral("unknown_order"));

    NewOrder open;
    open.outTradeNo = QStringLiteral("TRAINING-01UNPAID");
    open.mchid = QStringLiteral("1900000109");
    open.description = QStringLiteral("test");
    open.amountTotal = 100;
    QVERIFY(m_orders->create(open, QStringLiteral("test")));
    auto unpaid = Receipt::fromStore(m_orders.get(), m_refunds.get(), open.outTradeNo, StoreName);
    QVERIFY(!unpaid);
    QCOMPARE(unpaid.error().code, QStringLiteral("not_paid"));

    auto noRefund = Receipt::fromStore(m_orders.get(), m_refunds.get(), OutTradeNo, StoreName, QStringLiteral("R-NONE"));
    QVERIFY(!noRefund);
    QCOMPARE(noRefund.error().code, QStringLiteral("unknown_refund"));
}

void TestReceipt::pdfTextIsExtractable()
{
    if (!hasTool(QStringLiteral("pdftotext")))
        QSKIP("pdftotext (poppler-utils) is not installed");
    auto pdf = ReceiptPdfRenderer::render(saleReceipt());
    QVERIFY2(pdf, pdf ? "" : qPrintable(pdf.error().message));
    auto signedPdf = PdfSigner(*m_key).sign(*pdf);
    QVERIFY2(signedPdf, signedPdf ? "" : qPrintable(signedPdf.error().message));
    const QString path = writeFile(QStringLiteral("sale.pdf"), *signedPdf);

    const Tool text = run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    QCOMPARE(text.exitCode, 0);
    for (const QString &expected : {StoreName, QStringLiteral("12.34"), OutTradeNo, TransactionId,
                                    QStringLiteral("TRAINING"), QStringLiteral("合计"), QStringLiteral("拿铁"),
                                    QStringLiteral("王芳"), QStringLiteral("10.34") /* net after the refund */,
                                    QStringLiteral("微信支付") /* 支, not the radical ⽀ */})
        QVERIFY2(text.out.contains(expected), qPrintable(QStringLiteral("%1 missing from:\n%2").arg(expected, text.out)));

    // Fonts embedded (no reader needs Noto installed), with a ToUnicode map.
    if (hasTool(QStringLiteral("pdffonts"))) {
        const Tool fonts = run(QStringLiteral("pdffonts"), {path});
        QVERIFY(fonts.out.contains(QLatin1String("NotoSansCJK")));
        for (const QString &line : fonts.out.split(QLatin1Char('\n')).mid(2)) {
            if (line.trimmed().isEmpty())
                continue;
            QVERIFY2(line.contains(QRegularExpression(QStringLiteral(R"(\byes\s+\w+\s+yes\b)"))), qPrintable(line));
        }
    }
}

void TestReceipt::pdfSignatureValidThenBroken()
{
    auto pdf = ReceiptPdfRenderer::render(saleReceipt());
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*m_key).sign(*pdf, {StoreName, QStringLiteral("收款凭证"), QStringLiteral("TRAINING-01"), {}});
    QVERIFY(signedPdf);
    QVERIFY(signedPdf->startsWith(*pdf)); // an incremental update: the original bytes untouched

    auto info = PdfSigner::verify(*signedPdf, m_key->certificate());
    QVERIFY2(info, info ? "" : qPrintable(info.error().message));
    QCOMPARE(info->signerName, StoreName);
    QCOMPARE(info->digest, QStringLiteral("SHA256"));
    QVERIFY(qAbs(info->signingTime.secsTo(QDateTime::currentDateTimeUtc())) < 120);

    const bool pdfsig = hasTool(QStringLiteral("pdfsig"));
    if (pdfsig) {
        const Tool check = run(QStringLiteral("pdfsig"), {writeFile(QStringLiteral("signed.pdf"), *signedPdf)});
        QVERIFY2(check.out.contains(QLatin1String("Signature Validation: Signature is Valid.")), qPrintable(check.out));
        QVERIFY2(check.out.contains(QLatin1String("adbe.pkcs7.detached")), qPrintable(check.out));
        QVERIFY2(check.out.contains(QLatin1String("Total document signed")), qPrintable(check.out));
    }

    // One byte changed inside the signed range: in the page content, in the trailer.
    for (const qsizetype at : {qsizetype(pdf->size() / 2), signedPdf->size() - 10}) {
        QByteArray tampered = *signedPdf;
        tampered[at] = char(tampered.at(at) ^ 0x01);
        auto broken = PdfSigner::verify(tampered);
        QVERIFY(!broken);
        QCOMPARE(broken.error().code, QStringLiteral("bad_signature"));
        if (pdfsig) {
            const Tool check = run(QStringLiteral("pdfsig"), {writeFile(QStringLiteral("tampered.pdf"), tampered)});
            QVERIFY2(!check.out.contains(QLatin1String("Signature is Valid")), qPrintable(check.out));
        }
    }

    // Anything appended after signing is outside the signature.
    auto extended = PdfSigner::verify(*signedPdf + "% more\n");
    QVERIFY(!extended);
    QCOMPARE(extended.error().code, QStringLiteral("byte_range"));

    // Another store's key: valid bytes, wrong signer.
    auto otherKey = ReceiptKey::generate(QStringLiteral("别的店"));
    QVERIFY(otherKey);
    auto other = PdfSigner(*otherKey).sign(*pdf);
    QVERIFY(other);
    QVERIFY(PdfSigner::verify(*other));
    auto wrongSigner = PdfSigner::verify(*other, m_key->certificate());
    QVERIFY(!wrongSigner);
    QCOMPARE(wrongSigner.error().code, QStringLiteral("untrusted_signer"));

    QVERIFY(!PdfSigner::verify(*pdf));
    QCOMPARE(PdfSigner::verify(*pdf).error().code, QStringLiteral("not_signed"));
}

void TestReceipt::pdfPageIs80mmWide()
{
    if (!hasTool(QStringLiteral("pdftoppm")))
        QSKIP("pdftoppm (poppler-utils) is not installed");
    auto pdf = ReceiptPdfRenderer::render(saleReceipt());
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*m_key).sign(*pdf);
    QVERIFY(signedPdf);
    const QString path = writeFile(QStringLiteral("roll.pdf"), *signedPdf);
    const QString prefix = m_dir.filePath(QStringLiteral("roll"));
    QCOMPARE(run(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("100"),
                                             QStringLiteral("-singlefile"), path, prefix}).exitCode, 0);
    const QImage page(prefix + QStringLiteral(".png"));
    QVERIFY(!page.isNull());
    // 80 mm at 100 dpi is 315 px; the page box is whole points (227 pt), so 316 after rounding up.
    QVERIFY2(qAbs(page.width() - 315) <= 1, qPrintable(QString::number(page.width())));
    QVERIFY(page.height() > page.width()); // one long roll page

    // Something is printed near both side margins, nothing on them (4 mm = 16 px).
    const QImage grey = page.convertToFormat(QImage::Format_Grayscale8);
    int inkLeft = grey.width(), inkRight = 0;
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *line = grey.constScanLine(y);
        for (int x = 0; x < grey.width(); ++x) {
            if (line[x] < 128) {
                inkLeft = qMin(inkLeft, x);
                inkRight = qMax(inkRight, x);
            }
        }
    }
    QVERIFY2(inkLeft >= 14 && inkLeft <= 24, qPrintable(QString::number(inkLeft)));
    QVERIFY2(inkRight <= 301 && inkRight >= 290, qPrintable(QString::number(inkRight)));
}

void TestReceipt::a4Layout()
{
    auto pdf = ReceiptPdfRenderer::render(saleReceipt(), ReceiptPdfRenderer::Layout::A4);
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*m_key).sign(*pdf);
    QVERIFY(signedPdf);
    QVERIFY(PdfSigner::verify(*signedPdf));
    if (!hasTool(QStringLiteral("pdfinfo")))
        return;
    const Tool info = run(QStringLiteral("pdfinfo"), {writeFile(QStringLiteral("a4.pdf"), *signedPdf)});
    QVERIFY2(info.out.contains(QLatin1String("(A4)")), qPrintable(info.out));
    const Tool text = run(QStringLiteral("pdftotext"), {m_dir.filePath(QStringLiteral("a4.pdf")), QStringLiteral("-")});
    QVERIFY(text.out.contains(StoreName));
    QVERIFY(text.out.contains(QLatin1String("TRAINING")));
}

void TestReceipt::refundReceipt()
{
    auto receipt = Receipt::fromStore(m_orders.get(), m_refunds.get(), OutTradeNo, StoreName, OutRefundNo);
    QVERIFY(receipt);
    QCOMPARE(receipt->kind, Receipt::Kind::Refund);
    QCOMPARE(receipt->cashier, QStringLiteral("店长"));
    QVERIFY(receipt->refundRowId > 0);
    auto pdf = ReceiptPdfRenderer::render(*receipt);
    QVERIFY(pdf);
    if (!hasTool(QStringLiteral("pdftotext")))
        return;
    const Tool text = run(QStringLiteral("pdftotext"), {writeFile(QStringLiteral("refund.pdf"), *pdf), QStringLiteral("-")});
    for (const QString &expected : {QStringLiteral("退款凭证"), OutRefundNo, QStringLiteral("2.00"),
                                    QStringLiteral("少一个可颂"), QStringLiteral("TRAINING")})
        QVERIFY2(text.out.contains(expected), qPrintable(expected + QStringLiteral(" missing:\n") + text.out));
}

void TestReceipt::sm2SignatureVerifies()
{
    auto key = ReceiptKey::generate(StoreName, ReceiptKey::Algorithm::Sm2);
    QVERIFY2(key, key ? "" : qPrintable(key.error().message));
    QCOMPARE(key->algorithm(), ReceiptKey::Algorithm::Sm2);
    auto pdf = ReceiptPdfRenderer::render(saleReceipt());
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*key).sign(*pdf);
    QVERIFY2(signedPdf, signedPdf ? "" : qPrintable(signedPdf.error().message));
    auto info = PdfSigner::verify(*signedPdf, key->certificate());
    QVERIFY2(info, info ? "" : qPrintable(info.error().message));
    QCOMPARE(info->digest, QStringLiteral("SM3"));
    QCOMPARE(info->keyType, QStringLiteral("SM2"));
    QByteArray tampered = *signedPdf;
    tampered[pdf->size() / 3] = char(tampered.at(pdf->size() / 3) ^ 0x20);
    QVERIFY(!PdfSigner::verify(tampered));
}

namespace {

struct SignerAlgorithms
{
    QString digest; // dotted OIDs, as in the DER
    QString signature;
    QString error;
};

QString dotted(const X509_ALGOR *algorithm)
{
    const ASN1_OBJECT *object = nullptr;
    X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
    char text[128] = {};
    if (!object || OBJ_obj2txt(text, sizeof text, object, 1) <= 0)
        return QString();
    return QString::fromLatin1(text);
}

// The first SignerInfo's digest and signature algorithms, read with OpenSSL's
// CMS API from the /Contents of a signed PDF (independently of PdfSigner).
SignerAlgorithms signerAlgorithmsOf(const QByteArray &pdf)
{
    SignerAlgorithms out;
    const qsizetype contents = pdf.lastIndexOf("/Contents <");
    const qsizetype end = contents < 0 ? -1 : pdf.indexOf('>', contents);
    if (end < 0) {
        out.error = QStringLiteral("no /Contents");
        return out;
    }
    const qsizetype start = contents + int(sizeof "/Contents <") - 1;
    const QByteArray der = QByteArray::fromHex(pdf.mid(start, end - start));
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(nullptr, &p, long(der.size()));
    if (!cms) {
        out.error = QStringLiteral("not a CMS structure");
        return out;
    }
    STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
    if (CMS_SignerInfo *si = infos && sk_CMS_SignerInfo_num(infos) == 1 ? sk_CMS_SignerInfo_value(infos, 0) : nullptr) {
        X509_ALGOR *digest = nullptr, *signature = nullptr;
        CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, &signature);
        out.digest = digest ? dotted(digest) : QString();
        out.signature = signature ? dotted(signature) : QString();
    } else {
        out.error = QStringLiteral("not exactly one SignerInfo");
    }
    CMS_ContentInfo_free(cms);
    return out;
}

} // namespace

void TestReceipt::signerInfoNamesTheDocumentedAlgorithms_data()
{
    QTest::addColumn<int>("algorithm"); // ReceiptKey::Algorithm
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QString>("signature");
    // docs/receipts.md: SHA-256 with RSA; SM3 with SM2, GM/T 0010's sm2sign.
    QTest::newRow("RSA") << int(ReceiptKey::Algorithm::Rsa) << QStringLiteral("2.16.840.1.101.3.4.2.1")
                         << QStringLiteral("1.2.840.113549.1.1.1");
    QTest::newRow("SM2") << int(ReceiptKey::Algorithm::Sm2) << QStringLiteral("1.2.156.10197.1.401")
                         << QStringLiteral("1.2.156.10197.1.301.1");
}

void TestReceipt::signerInfoNamesTheDocumentedAlgorithms()
{
    QFETCH(int, algorithm);
    auto key = ReceiptKey::generate(StoreName, ReceiptKey::Algorithm(algorithm));
    QVERIFY2(key, key ? "" : qPrintable(key.error().message));
    auto pdf = ReceiptPdfRenderer::render(saleReceipt());
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*key).sign(*pdf);
    QVERIFY2(signedPdf, signedPdf ? "" : qPrintable(signedPdf.error().message));
    const SignerAlgorithms found = signerAlgorithmsOf(*signedPdf);
    QVERIFY2(found.error.isEmpty(), qPrintable(found.error));
    QTEST(found.digest, "digest");
    QTEST(found.signature, "signature");
    QVERIFY(PdfSigner::verify(*signedPdf, key->certificate())); // and it still verifies
}

void TestReceipt::receiptKeyKeptPrivate()
{
    const QString folder = m_dir.filePath(QStringLiteral("data/receipt-key"));
    auto made = ReceiptKey::openOrCreate(folder, StoreName);
    QVERIFY2(made, made ? "" : qPrintable(made.error().message));
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QString keyFile = folder + QStringLiteral("/receipt_key.pem");
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    for (const QString &file : QStringList{keyFile, folder + QStringLiteral("/receipt_cert.pem")}) {
        QVERIFY((QFile::permissions(file) & ownerOnly) == ownerOnly);
        QVERIFY2(!(QFile::permissions(file) & (others | QFileDevice::ExeOwner)), qPrintable(file));
    }
    QVERIFY(!(QFile::permissions(folder) & others));

    // Opened again: the same key, so old receipts keep verifying against it.
    auto again = ReceiptKey::openOrCreate(folder, QStringLiteral("ignored"));
    QVERIFY(again);
    QCOMPARE(again->certificate().toPem(), made->certificate().toPem());
    QCOMPARE(again->certificate().subjectCommonName(), StoreName);

    QFile::setPermissions(keyFile, ownerOnly | QFileDevice::ReadOther);
    auto exposed = ReceiptKey::open(folder);
    QVERIFY(!exposed);
    QCOMPARE(exposed.error().code, QStringLiteral("key_permissions"));
    QFile::setPermissions(keyFile, ownerOnly);
}

void TestReceipt::receiptKeyMovesIntoSecretStore()
{
    // One PEM text holds key and certificate; a certificate of another key is refused.
    auto rsa = ReceiptKey::generate(StoreName);
    auto sm2 = ReceiptKey::generate(StoreName, ReceiptKey::Algorithm::Sm2);
    QVERIFY(rsa && sm2);
    for (const ReceiptKey *key : { &*rsa, &*sm2 }) {
        auto back = ReceiptKey::fromPem(key->toPem(), QStringLiteral("test"));
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->algorithm(), key->algorithm());
        QCOMPARE(back->certificate().toPem(), key->certificate().toPem());
    }
    const QByteArray rsaPem = rsa->toPem();
    const QByteArray foreign = rsaPem.left(rsaPem.indexOf("-----BEGIN CERTIFICATE-----")) + sm2->certificate().toPem();
    auto mismatched = ReceiptKey::fromPem(foreign, QStringLiteral("test"));
    QVERIFY(!mismatched);
    QCOMPARE(mismatched.error().code, QStringLiteral("key_mismatch"));
    QCOMPARE(ReceiptKey::fromPem(rsa->certificate().toPem(), QStringLiteral("test")).error().code,
             QStringLiteral("bad_receipt_key"));

    // A folder's key moves into the encrypted secret store unchanged; the folder is then removed.
    const QString folder = m_dir.filePath(QStringLiteral("moving/receipt-key"));
    auto made = ReceiptKey::openOrCreate(folder, StoreName);
    QVERIFY(made);
    auto store = FileSecretStore::open(m_dir.filePath(QStringLiteral("moving/secrets.bin")), "receipt passphrase");
    QVERIFY2(store, store ? "" : qPrintable(store.error().message));
    const QString name = SecretStore::receiptKeyName(QStringLiteral("1900000109"));
    std::optional<Result<ReceiptKey>> imported;
    ReceiptKey::importInto(store->get(), name, folder, StoreName, [&](Result<ReceiptKey> key) { imported = key; });
    QTRY_VERIFY(imported.has_value());
    QVERIFY2(*imported, *imported ? "" : qPrintable(imported->error().message));
    QCOMPARE((*imported)->certificate().toPem(), made->certificate().toPem());
    QVERIFY(ReceiptKey::removeFolder(folder));
    QVERIFY(!QFileInfo::exists(folder));

    auto loaded = ReceiptKey::fromSecretStore(store->get(), name);
    QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().message));
    QCOMPARE(loaded->certificate().toPem(), made->certificate().toPem());
    QVERIFY(loaded->folder().isEmpty());
    // It signs receipts that verify against the same certificate.
    auto pdf = ReceiptPdfRenderer::render(saleReceipt());
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*loaded).sign(*pdf, {});
    QVERIFY(signedPdf);
    QVERIFY(PdfSigner::verify(*signedPdf, made->certificate()));

    // No folder: a new key is made and kept in the store only.
    const QString none = m_dir.filePath(QStringLiteral("moving/none"));
    imported.reset();
    ReceiptKey::importInto(store->get(), SecretStore::receiptKeyName(QStringLiteral("s2")), none, StoreName,
                           [&](Result<ReceiptKey> key) { imported = key; });
    QTRY_VERIFY(imported.has_value());
    QVERIFY(*imported);
    QVERIFY(!QFileInfo::exists(none));
    QCOMPARE((*imported)->certificate().subjectCommonName(), StoreName);

    // A secret that is not a receipt key is refused with a clear error.
    QVERIFY(store->get()->write(QStringLiteral("receipt-key/junk"), "not a key").ok());
    auto junk = ReceiptKey::fromSecretStore(store->get(), QStringLiteral("receipt-key/junk"));
    QVERIFY(!junk);
    QCOMPARE(junk.error().code, QStringLiteral("bad_receipt_key"));
}

void TestReceipt::storedReceiptReprintsByteForByte()
{
    const Receipt receipt = saleReceipt();
    auto pdf = ReceiptPdfRenderer::render(receipt);
    QVERIFY(pdf);
    auto signedPdf = PdfSigner(*m_key).sign(*pdf);
    QVERIFY(signedPdf);
    ReceiptRepository repository(m_db.get());
    auto saved = repository.save(receipt.orderId, 0, QStringLiteral("sale"), QStringLiteral("pdf-80mm"), *signedPdf);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    auto refundPdf = ReceiptPdfRenderer::render(*Receipt::fromStore(m_orders.get(), m_refunds.get(), OutTradeNo,
                                                                    StoreName, OutRefundNo));
    QVERIFY(refundPdf);
    const qint64 refundRow = m_refunds->find(OutRefundNo)->id;
    QVERIFY(repository.save(receipt.orderId, refundRow, QStringLiteral("refund"), QStringLiteral("pdf-80mm"), *refundPdf));

    const auto back = repository.latest(receipt.orderId, 0, QStringLiteral("pdf-80mm"));
    QVERIFY(back);
    QCOMPARE(back->content, *signedPdf);
    QCOMPARE(back->kind, QStringLiteral("sale"));
    QVERIFY(PdfSigner::verify(back->content, m_key->certificate()));
    QCOMPARE(repository.latest(receipt.orderId, refundRow, QStringLiteral("pdf-80mm"))->content, *refundPdf);
    QVERIFY(!repository.latest(receipt.orderId, 0, QStringLiteral("pdf-a4")));
    QCOMPARE(repository.forOrder(receipt.orderId).size(), 2);
    QCOMPARE(repository.find(saved->id)->content, *signedPdf);
}

void TestReceipt::escPosTextStream()
{
    EscPosRenderer::Options options;
    options.openDrawer = true;
    const QByteArray bytes = EscPosRenderer(options).render(saleReceipt());

    QVERIFY(bytes.startsWith(QByteArray("\x1B\x40\x1C\x26", 4))); // ESC @, then FS & (Chinese mode)
    QVERIFY(bytes.contains(QByteArray("\xBA\xCF\xBC\xC6", 4)));   // 合计 in GB18030
    QVERIFY(bytes.contains(QByteArray("\xCE\xA2\xB9\xE2", 4)));   // 微光
    QVERIFY(!bytes.contains(QStringLiteral("合计").toUtf8()));     // never UTF-8
    QVERIFY(bytes.contains(OutTradeNo.toLatin1()));
    QVERIFY(bytes.contains("TRAINING"));
    QVERIFY(bytes.contains(QByteArray("\x1B\x45\x01", 3)));         // bold
    QVERIFY(bytes.contains(QByteArray("\x1D\x21\x11", 3)));         // double size
    QVERIFY(bytes.contains(QByteArray("\x1B\x61\x01", 3)));         // centred
    // QR code: model 2, then the payload stored and printed.
    QVERIFY(bytes.contains(QByteArray("\x1D\x28\x6B\x04\x00\x31\x41\x32\x00", 9)));
    const QByteArray payload = saleReceipt().qrPayload().toUtf8();
    const int storeLength = int(payload.size()) + 3;
    const QByteArray store = QByteArray("\x1D\x28\x6B", 3) + char(storeLength & 0xFF) + char(storeLength >> 8)
        + QByteArray("\x31\x50\x30", 3) + payload;
    QVERIFY(bytes.contains(store));
    QVERIFY(bytes.contains(QByteArray("\x1D\x28\x6B\x03\x00\x31\x51\x30", 8)));
    // Ends: feed, cut, then the drawer kick.
    QVERIFY(bytes.endsWith(QByteArray("\x1B\x64\x03\x1D\x56\x42\x00\x1B\x70\x00\x19\xFA", 12)));

    options.openDrawer = false;
    options.cut = false;
    const QByteArray plain = EscPosRenderer(options).render(saleReceipt());
    QVERIFY(!plain.contains(QByteArray("\x1D\x56", 2)));
    QVERIFY(!plain.contains(QByteArray("\x1B\x70", 2)));
}

void TestReceipt::escPosLinesFitThePaper_data()
{
    QTest::addColumn<int>("paper");
    QTest::addColumn<int>("columns");
    QTest::newRow("58 mm") << 58 << 32;
    QTest::newRow("80 mm") << 80 << 48;
}

void TestReceipt::escPosLinesFitThePaper()
{
    QFETCH(int, paper);
    QFETCH(int, columns);
    EscPosRenderer::Options options;
    options.paperMillimetres = paper;
    const EscPosRenderer renderer(options);
    QCOMPARE(renderer.columns(), columns);
    const QByteArray bytes = renderer.render(saleReceipt());
    // Between commands, every printed line (GB18030: 2 bytes = 2 columns) fits.
    int longest = 0;
    bool sawTotalLine = false;
    bool large = false; // GS ! stays in force until the next GS !
    for (const QByteArray &segment : bytes.split('\n')) {
        if (segment.contains(QByteArray("\x1D\x21\x11", 3)))
            large = true;
        else if (segment.contains(QByteArray("\x1D\x21\x00", 3)))
            large = false;
        // Strip the leading commands of the line (ESC a n, ESC E n, GS ! n, FS ! n).
        QByteArray text = segment;
        while (text.size() >= 3 && (text.at(0) == 0x1B || text.at(0) == 0x1D || text.at(0) == 0x1C)
               && (text.at(1) == 'a' || text.at(1) == 'E' || text.at(1) == '!'))
            text.remove(0, 3);
        if (text.contains('\x1D') || text.contains('\x1B') || text.contains('\x1C'))
            continue; // a QR code or the end commands
        longest = qMax(longest, int(text.size()) * (large ? 2 : 1));
        // The total in double size: 合计 and the amount on one line (80 mm) or
        // the amount on the next (58 mm), always ending at the right edge.
        if (large && text.endsWith("12.34"))
            sawTotalLine = int(text.size()) == columns / 2 && (paper == 58 || text.startsWith("\xBA\xCF\xBC\xC6"));
    }
    QVERIFY2(longest <= columns, qPrintable(QString::number(longest)));
    QVERIFY(sawTotalLine);
}

void TestReceipt::escPosRasterStream()
{
    EscPosRenderer::Options options;
    options.raster = true;
    const QByteArray bytes = EscPosRenderer(options).render(saleReceipt());
    QVERIFY(bytes.startsWith(QByteArray("\x1B\x40", 2)));
    QVERIFY(!bytes.contains(QByteArray("\x1C\x26", 2)));    // no Chinese mode: the printer has no font
    // GS v 0, normal density, 72 bytes (576 dots) wide, bands of at most 128 rows.
    const QByteArray header("\x1D\x76\x30\x00\x48\x00", 6);
    QVERIFY(bytes.contains(header));
    qsizetype at = bytes.indexOf(header);
    int rows = 0;
    int bands = 0;
    while (at >= 0) {
        const int band = uchar(bytes.at(at + 6)) | (uchar(bytes.at(at + 7)) << 8);
        QVERIFY(band > 0 && band <= 128);
        rows += band;
        ++bands;
        at = bytes.indexOf(header, at + 8 + 72 * band);
    }
    QVERIFY(bands > 3);
    QVERIFY(rows > 800); // a receipt is longer than 10 cm at 203 dpi
    QVERIFY(bytes.endsWith(QByteArray("\x1D\x56\x42\x00", 4)));

    options.paperMillimetres = 58;
    QVERIFY(EscPosRenderer(options).render(saleReceipt()).contains(QByteArray("\x1D\x76\x30\x00\x30\x00", 6)));
}

void TestReceipt::pngExportUnder200KB()
{
    // A long receipt: forty items.
    Receipt receipt = saleReceipt();
    for (int i = 0; i < 40; ++i)
        receipt.items.append({QStringLiteral("手冲咖啡 %1 号").arg(i), 1, 2800});
    auto png = ReceiptPainter(receipt).toPng();
    QVERIFY2(png, png ? "" : qPrintable(png.error().message));
    QVERIFY2(png->size() < 200 * 1024, qPrintable(QString::number(png->size())));
    QImage image;
    QVERIFY(image.loadFromData(*png, "PNG"));
    QCOMPARE(image.width(), 945); // 80 mm at 300 dpi
    QVERIFY(image.allGray());
    writeFile(QStringLiteral("export.png"), *png);
}

void TestReceipt::printsOverTcp()
{
    testing::FakeEscPosPrinter printer;
    QVERIFY(printer.isListening());

    const QByteArray bytes = EscPosRenderer().render(saleReceipt());
    auto target = EscPosPrinter::parseTarget(printer.target());
    QVERIFY(target);
    EscPosPrinter sender;
    QSignalSpy finished(&sender, &EscPosPrinter::finished);
    sender.send(*target, bytes);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).toLongLong(), bytes.size());
    QVERIFY(finished.first().at(1).value<Error>().code.isEmpty());
    QTRY_COMPARE(printer.closed, 1);
    QCOMPARE(printer.received(), bytes);
}

void TestReceipt::printsToDeviceFile()
{
    const QString device = m_dir.filePath(QStringLiteral("lp0"));
    QFile touch(device);
    QVERIFY(touch.open(QIODevice::WriteOnly));
    touch.close();
    auto target = EscPosPrinter::parseTarget(device);
    QVERIFY(target);
    QCOMPARE(target->kind, EscPosPrinter::Target::Device);
    const QByteArray bytes = EscPosRenderer().render(saleReceipt());
    EscPosPrinter sender;
    QSignalSpy finished(&sender, &EscPosPrinter::finished);
    sender.send(*target, bytes);
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.first().at(1).value<Error>().code.isEmpty());
    QFile written(device);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), bytes);

    auto missing = EscPosPrinter::parseTarget(m_dir.filePath(QStringLiteral("no/such/lp9")));
    sender.send(*missing, bytes);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.last().at(1).value<Error>().code, QStringLiteral("printer_device"));
}

void TestReceipt::unreachablePrinterFails()
{
    QTcpServer closedPort;
    QVERIFY(closedPort.listen(QHostAddress::LocalHost));
    const quint16 port = closedPort.serverPort();
    closedPort.close(); // nothing listens there now
    EscPosPrinter sender;
    QSignalSpy finished(&sender, &EscPosPrinter::finished);
    sender.send(*EscPosPrinter::parseTarget(QStringLiteral("127.0.0.1:%1").arg(port)), EscPosRenderer::initialize());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(1).value<Error>().code, QStringLiteral("printer_unreachable"));
    QVERIFY(!EscPosPrinter::parseTarget(QString()));
}

QTEST_MAIN(TestReceipt)
#include "tst_receipt.moc"
