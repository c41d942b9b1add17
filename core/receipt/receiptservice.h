// SPDX-License-Identifier: MIT
#pragma once

#include "receipt.h"
#include "receiptkey.h"
#include "receiptpdfrenderer.h"
#include "receiptrepository.h"
#include "result.h"

#include <QString>

namespace paydesk {

class Database;
class OrderRepository;
class RefundRepository;

// A sale's or refund's electronic receipt, issued once and kept: the first
// request renders the PDF, signs it with the store's receipt key and stores
// it; every later one (a reprint, an export) gives back the same signed bytes,
// offline. Used by the cashier's "Print receipt", history's reprint and
// `paydesk-cli receipt pdf`.
class ReceiptService
{
public:
    // `keyFolder` empty: ReceiptKey::folderBeside(the database).
    ReceiptService(Database *database, const OrderRepository *orders, const RefundRepository *refunds,
                   QString storeName, QString keyFolder = {},
                   ReceiptKey::Algorithm algorithm = ReceiptKey::Algorithm::Rsa);

    // Signs with `key` (the one the secret store keeps, ReceiptKey::fromSecretStore)
    // instead of the key folder's; a null key means the folder again.
    void setKey(const ReceiptKey &key) { m_key = key; }

    struct Issued
    {
        Receipt receipt;
        StoredReceipt stored;
        bool reprint = false; // the stored receipt was returned, nothing new was signed
    };

    // `outRefundNo` empty: the sale receipt. `fresh`: sign a new one even if one is stored.
    Result<Issued> pdf(const QString &outTradeNo, const QString &outRefundNo = {},
                       ReceiptPdfRenderer::Layout layout = ReceiptPdfRenderer::Layout::Roll80mm,
                       bool fresh = false) const;
    // The receipt as data (for printing it to a system or ESC/POS printer).
    Result<Receipt> receipt(const QString &outTradeNo, const QString &outRefundNo = {}) const;

    static QString formatName(ReceiptPdfRenderer::Layout layout);

private:
    Database *m_database;
    const OrderRepository *m_orders;
    const RefundRepository *m_refunds;
    QString m_storeName;
    QString m_keyFolder;
    ReceiptKey::Algorithm m_algorithm;
    ReceiptKey m_key;
};

} // namespace paydesk
