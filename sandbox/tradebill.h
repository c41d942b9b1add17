// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace paydesk::sandbox {

// One row of a trade bill: a payment, or a refund of one.
struct TradeBillEntry
{
    enum Kind { Payment, Refund };
    Kind kind = Payment;
    qint64 time = 0; // the payment's success time, or the refund's application time
    QString appid;
    QString mchid;
    QString deviceId;
    QString transactionId;
    QString outTradeNo;
    QString openid;
    QString tradeType = QStringLiteral("NATIVE");
    QString bankType;
    QString currency = QStringLiteral("CNY");
    qint64 orderTotal = 0; // fen
    QString refundId;
    QString outRefundNo;
    qint64 refundAmount = 0; // fen
    QString refundStatus; // SUCCESS, PROCESSING, ABNORMAL
    QString description;
    QString attach;
};

// Writes the trade bill file in WeChat Pay's format (wechatpay-v3.md section 8):
// UTF-8 with a BOM, the 27-column header, one row per entry with every value
// behind a backtick, the summary caption and the summary row, CRLF line ends
// and a final CRLF. Amounts are yuan with two decimals; the fee (0.60%,
// rounded to the fen) is written with five, negative on refund rows.
class TradeBillWriter
{
public:
    static constexpr int FeeRatePerMille = 6; // 0.60%

    static QByteArray header();
    static QByteArray summaryCaption();
    static QByteArray write(QList<TradeBillEntry> entries);
    static qint64 feeOf(qint64 fen);

    // gzip (RFC 1952) through zlib, as the bill is served with tar_type=GZIP.
    static QByteArray gzip(const QByteArray &data);
};

} // namespace paydesk::sandbox
