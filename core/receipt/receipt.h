// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace paydesk {

class OrderRepository;
class RefundRepository;

struct ReceiptItem
{
    QString name;
    qint64 quantity = 1;
    qint64 unitPrice = -1; // fen; -1 when the item list did not say
};

struct ReceiptRefund
{
    QString outRefundNo;
    QString refundId;
    qint64 amount = 0; // fen
    QString status;    // Created PROCESSING SUCCESS CLOSED ABNORMAL
    QString reason;
    QDateTime at;
};

// One line of a receipt as every renderer sees it (PDF, image, ESC/POS): the
// layout is decided once here so a reprint on any printer says the same thing.
struct ReceiptLine
{
    enum Kind {
        Text,  // `left`, wrapped, aligned by `align`
        Pair,  // `left` at the left edge, `right` at the right edge
        Rule,  // a separator
        QrCode // the receipt's QR code (Receipt::qrPayload)
    };
    enum Align { Left, Center, Right };
    Kind kind = Text;
    QString left;
    QString right;
    Align align = Left;
    bool bold = false;
    bool large = false; // double size on ESC/POS, 1.5× on paper
};

// What a receipt says, filled from the store: a sale (with the refunds made
// since) or one refund. A value: cheap to copy, no ties to the store once made.
// Training receipts say TRAINING at the top and the bottom, so a training
// slip can never pass for a real one.
class Receipt
{
public:
    enum class Kind { Sale, Refund };

    // The sale receipt of `outTradeNo`, or with `outRefundNo` the receipt of
    // that refund of it. Terminal and cashier come from the stored order.
    static Result<Receipt> fromStore(const OrderRepository *orders, const RefundRepository *refunds,
                                     const QString &outTradeNo, const QString &storeName,
                                     const QString &outRefundNo = {});

    Kind kind = Kind::Sale;
    QString storeName;
    QString terminalId;
    QString cashier;
    QDateTime time; // paid (sale) or refunded (refund); local time on paper
    QString description;
    QList<ReceiptItem> items;
    qint64 amount = 0;        // the order's total, fen
    qint64 refundedTotal = 0; // what went back (sale receipts)
    QString paymentMethod;
    QString outTradeNo;
    QString transactionId;
    QList<ReceiptRefund> refunds; // a sale's refunds; a refund receipt's one refund
    bool training = false;
    qint64 orderId = 0;  // the store's row ids, for ReceiptRepository
    qint64 refundRowId = 0;

    // "￥12.34": the full-width sign is in GB2312, so thermal printers have it.
    static QString yuan(qint64 fen);
    // The QR code's text: enough to find the payment again at WeChat Pay.
    QString qrPayload() const;
    QList<ReceiptLine> lines() const;

    static QList<ReceiptItem> parseItems(const QString &itemsJson);
};

} // namespace paydesk
