// SPDX-License-Identifier: MIT
#include "receiptservice.h"

#include "pdfsigner.h"
#include "store/database.h"

namespace paydesk {

ReceiptService::ReceiptService(Database *database, const OrderRepository *orders, const RefundRepository *refunds,
                               QString storeName, QString keyFolder, ReceiptKey::Algorithm algorithm)
    : m_database(database)
    , m_orders(orders)
    , m_refunds(refunds)
    , m_storeName(std::move(storeName))
    , m_keyFolder(keyFolder.isEmpty() ? ReceiptKey::folderBeside(database->path()) : std::move(keyFolder))
    , m_algorithm(algorithm)
{
}

QString ReceiptService::formatName(ReceiptPdfRenderer::Layout layout)
{
    return QStringLiteral("pdf-%1").arg(ReceiptPdfRenderer::layoutName(layout));
}

Result<Receipt> ReceiptService::receipt(const QString &outTradeNo, const QString &outRefundNo) const
{
    return Receipt::fromStore(m_orders, m_refunds, outTradeNo, m_storeName, outRefundNo);
}

Result<ReceiptService::Issued> ReceiptService::pdf(const QString &outTradeNo, const QString &outRefundNo,
                                                   ReceiptPdfRenderer::Layout layout, bool fresh) const
{
    auto made = receipt(outTradeNo, outRefundNo);
    if (!made)
        return made.error();
    Issued issued;
    issued.receipt = *made;
    const bool sale = made->kind == Receipt::Kind::Sale;
    const QString kind = sale ? QStringLiteral("sale") : QStringLiteral("refund");
    const QString format = formatName(layout);

    ReceiptRepository repository(m_database);
    if (!fresh) {
        if (auto stored = repository.latest(made->orderId, made->refundRowId, format)) {
            issued.stored = *stored;
            issued.reprint = true;
            return issued;
        }
    }

    auto pdf = ReceiptPdfRenderer::render(*made, layout);
    if (!pdf)
        return pdf.error();
    auto key = m_key.isNull() ? ReceiptKey::openOrCreate(m_keyFolder, m_storeName, m_algorithm)
                              : Result<ReceiptKey>(m_key);
    if (!key)
        return key.error();
    PdfSigner::Details details;
    details.name = m_storeName;
    details.reason = sale ? QStringLiteral("收款凭证 Receipt") : QStringLiteral("退款凭证 Refund receipt");
    details.location = made->terminalId;
    auto signedPdf = PdfSigner(*key).sign(*pdf, details);
    if (!signedPdf)
        return signedPdf.error();
    auto saved = repository.save(made->orderId, made->refundRowId, kind, format, *signedPdf);
    if (!saved)
        return saved.error();
    issued.stored = *saved;
    return issued;
}

} // namespace paydesk
