// SPDX-License-Identifier: MIT
#include "commands.h"
#include "receipt/pdfsigner.h"
#include "receipt/receipt.h"
#include "receipt/receiptkey.h"
#include "receipt/receiptpainter.h"
#include "receipt/receiptpdfrenderer.h"
#include "receipt/receiptrepository.h"
#include "receipt/receiptservice.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/orderrepository.h"
#include "store/refundrepository.h"

#include <QFile>
#include <QSaveFile>

namespace paydesk::cli {

namespace {

class ReceiptPdfCommand : public Command
{
public:
    QStringList path() const override { return { QStringLiteral("receipt"), QStringLiteral("pdf") }; }
    QString summary() const override
    {
        return QStringLiteral("Write the signed PDF receipt of a stored sale or refund (or a PNG of it).");
    }
    QString synopsis() const override
    {
        return QStringLiteral("--out-trade-no X [--out-refund-no R] --out FILE [--a4 | --width 58|80] [--png] "
                              "[--new] [--key-dir DIR] [--sm2] [--store-name NAME]");
    }
    QString details() const override
    {
        return QStringLiteral(
            "The receipt is issued once and kept in the database: later calls write the same signed\n"
            "bytes (a reprint), unless --new issues a fresh one. The PDF is signed inside (pdfsig shows it)\n"
            "with the store's receipt key: the secret store's when the profile names one there\n"
            "(receipt_key_secret, see secrets import --receipt-key), else the one in --key-dir (default:\n"
            "receipt-key/ beside the database, made on first use, 0600; --sm2 makes an SM2/SM3 key there\n"
            "instead of RSA). --key-dir always means the folder. --png writes an\n"
            "80 mm image under 200 KB instead (WeChat Pay's electronic-receipt upload). The store name\n"
            "comes from --store-name, else the profile's store_name. Needs a GUI-capable Qt for the fonts\n"
            "(QT_QPA_PLATFORM=offscreen works without a display). Prints file, bytes, format, kind,\n"
            "receipt_id, reprint, signer, certificate_serial.");
    }

    void addOptions(QCommandLineParser &parser) override
    {
        parser.addOption({ QStringLiteral("out-trade-no"), QStringLiteral("The stored, paid order."), QStringLiteral("X") });
        parser.addOption({ QStringLiteral("out-refund-no"), QStringLiteral("A refund of it: its refund receipt."),
                           QStringLiteral("R") });
        parser.addOption({ QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE") });
        parser.addOption({ QStringLiteral("a4"), QStringLiteral("A4 pages instead of an 80 mm roll.") });
        parser.addOption({ QStringLiteral("width"), QStringLiteral("Roll width in mm: 80 (default) or 58."),
                           QStringLiteral("MM") });
        parser.addOption({ QStringLiteral("png"), QStringLiteral("A PNG image instead of a PDF.") });
        parser.addOption({ QStringLiteral("new"), QStringLiteral("Issue a new receipt even if one is stored.") });
        parser.addOption({ QStringLiteral("key-dir"), QStringLiteral("Folder of the store's receipt key."),
                           QStringLiteral("DIR") });
        parser.addOption({ QStringLiteral("sm2"), QStringLiteral("Make an SM2 key if the folder has none.") });
        parser.addOption({ QStringLiteral("store-name"), QStringLiteral("The store's name on the receipt."),
                           QStringLiteral("NAME") });
    }

    Result<void, CliError> parse(const QCommandLineParser &parser) override
    {
        auto no = requiredValue(parser, QStringLiteral("out-trade-no"));
        if (!no)
            return no.error();
        auto out = requiredValue(parser, QStringLiteral("out"));
        if (!out)
            return out.error();
        m_outTradeNo = *no;
        m_file = *out;
        m_outRefundNo = parser.value(QStringLiteral("out-refund-no"));
        m_png = parser.isSet(QStringLiteral("png"));
        m_new = parser.isSet(QStringLiteral("new"));
        m_keyDir = parser.value(QStringLiteral("key-dir"));
        m_sm2 = parser.isSet(QStringLiteral("sm2"));
        m_storeName = parser.value(QStringLiteral("store-name"));
        const QString width = parser.value(QStringLiteral("width"));
        if (parser.isSet(QStringLiteral("a4")) && !width.isEmpty())
            return CliError::usage(QStringLiteral("--a4 and --width exclude each other"));
        if (!width.isEmpty() && width != QLatin1String("58") && width != QLatin1String("80"))
            return CliError::usage(QStringLiteral("--width is 58 or 80 (mm), not %1").arg(width));
        m_layout = parser.isSet(QStringLiteral("a4")) ? ReceiptPdfRenderer::Layout::A4
            : width == QLatin1String("58")            ? ReceiptPdfRenderer::Layout::Roll58mm
                                                      : ReceiptPdfRenderer::Layout::Roll80mm;
        if (m_png && m_layout == ReceiptPdfRenderer::Layout::A4)
            return CliError::usage(QStringLiteral("--png draws the roll layout; leave out --a4"));
        return {};
    }

    void run(CliContext &context) override
    {
        auto database = context.database();
        if (!database)
            return context.fail(database.error());
        Database *db = *database;
        AuditLog audit(db);
        const OrderRepository orders(db, &audit);
        const RefundRepository refunds(db, &audit);

        QString storeName = m_storeName;
        if (storeName.isEmpty()) {
            // The profile is optional here: --db alone must be enough to reprint.
            if (auto profile = context.profile())
                storeName = profile->storeName;
        }
        ReceiptService service(db, &orders, &refunds, storeName, m_keyDir,
                               m_sm2 ? ReceiptKey::Algorithm::Sm2 : ReceiptKey::Algorithm::Rsa);
        if (m_keyDir.isEmpty() && !m_png) {
            auto key = context.receiptKeyFromSecretStore();
            if (!key)
                return context.fail(key.error());
            service.setKey(*key);
        }
        auto receipt = service.receipt(m_outTradeNo, m_outRefundNo);
        if (!receipt) {
            CliError e = CliError::store(receipt.error(), { { QStringLiteral("out_trade_no"), m_outTradeNo } });
            e.exitCode = BusinessRefusal;
            return context.fail(e);
        }
        const QString kind = receipt->kind == Receipt::Kind::Sale ? QStringLiteral("sale") : QStringLiteral("refund");
        const QString format = m_png ? QStringLiteral("png-%1").arg(ReceiptPdfRenderer::layoutName(m_layout))
                                     : ReceiptService::formatName(m_layout);
        std::optional<StoredReceipt> stored;
        bool reprint = false;
        QJsonObject out;
        if (m_png) {
            // The PNG export (WeChat Pay's electronic-receipt upload) is not signed; kept like the PDF.
            ReceiptRepository repository(db);
            if (!m_new)
                stored = repository.latest(receipt->orderId, receipt->refundRowId, format);
            reprint = stored.has_value();
            if (!stored) {
                const int mm = m_layout == ReceiptPdfRenderer::Layout::Roll58mm ? 58 : 80;
                auto png = ReceiptPainter(*receipt, ReceiptPainter::rollStyle(mm)).toPng(mm);
                if (!png)
                    return context.fail(CliError::config(png.error()));
                auto saved = repository.save(receipt->orderId, receipt->refundRowId, kind, format, *png);
                if (!saved)
                    return context.fail(CliError::store(saved.error()));
                stored = *saved;
            }
        } else {
            auto issued = service.pdf(m_outTradeNo, m_outRefundNo, m_layout, m_new);
            if (!issued)
                return context.fail(CliError::config(issued.error()));
            stored = issued->stored;
            reprint = issued->reprint;
        }

        QSaveFile file(m_file);
        if (!file.open(QIODevice::WriteOnly) || file.write(stored->content) != stored->content.size() || !file.commit()) {
            CliError e = CliError::usage(QStringLiteral("cannot write %1: %2").arg(m_file, file.errorString()));
            e.code = QStringLiteral("WRITE_FAILED");
            return context.fail(e);
        }
        out.insert(QStringLiteral("file"), m_file);
        out.insert(QStringLiteral("bytes"), stored->content.size());
        out.insert(QStringLiteral("format"), format);
        out.insert(QStringLiteral("kind"), kind);
        out.insert(QStringLiteral("out_trade_no"), m_outTradeNo);
        if (!m_outRefundNo.isEmpty())
            out.insert(QStringLiteral("out_refund_no"), m_outRefundNo);
        out.insert(QStringLiteral("receipt_id"), stored->id);
        out.insert(QStringLiteral("reprint"), reprint);
        out.insert(QStringLiteral("training"), receipt->training);
        if (!m_png) {
            if (auto info = PdfSigner::verify(stored->content)) {
                out.insert(QStringLiteral("signer"), info->signerName);
                out.insert(QStringLiteral("certificate_serial"), info->certificateSerial);
            }
        }
        context.succeed(out);
    }

private:
    QString m_outTradeNo;
    QString m_outRefundNo;
    QString m_file;
    QString m_keyDir;
    QString m_storeName;
    ReceiptPdfRenderer::Layout m_layout = ReceiptPdfRenderer::Layout::Roll80mm;
    bool m_png = false;
    bool m_new = false;
    bool m_sm2 = false;
};

} // namespace

std::unique_ptr<Command> makeReceiptPdfCommand()
{
    return std::make_unique<ReceiptPdfCommand>();
}

} // namespace paydesk::cli
