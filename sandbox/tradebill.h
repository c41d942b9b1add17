// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace paydesk::sandbox {

// One row of a trade bill: a payment, or a refund of one.
struct TradeBillEntry
{
    enum Kind { Payment, Refund };
    Kind kind = Payment;
    qint64 time = 0; // the payment's success time, or the refund's application time
    qint64 paymentTime = 0; // refund rows: the payment's success time (交易时间 of the REFUND bill); 0: time
    qint64 refundSuccessTime = 0; // refund rows: when it succeeded (退款成功时间); 0: not (yet)
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
// UTF-8 with a BOM, the header of the bill type, one row per entry with every
// value behind a backtick, the summary caption and the summary row, CRLF line
// ends and a final CRLF. Amounts are yuan with two decimals; the fee (0.60%,
// rounded to the fen) is written with five, negative on refund rows, and so is
// the summary's fee total.
//
// The three types have different columns, as WeChat Pay writes them (the
// fixtures of WxJava's WxPayBillResultTest and gunsluo/wechatpay-go): ALL has
// 27; SUCCESS has 20, without the refund columns (微信退款单号 .. 退款状态,
// 申请退款金额); REFUND has 29, ALL's plus 退款申请时间 and 退款成功时间 after
// 代金券金额, and its 交易时间 is the payment's time. The summary caption is
// the same seven names in all three.
class TradeBillWriter
{
public:
    static constexpr int FeeRatePerMille = 6; // 0.60%

    enum class BillType { All, Success, Refund };

    static QByteArray header(BillType type = BillType::All);
    static QByteArray summaryCaption();
    // Entries the type does not list (refunds in a SUCCESS bill, payments in a
    // REFUND bill) are left out.
    static QByteArray write(QList<TradeBillEntry> entries, BillType type = BillType::All);
    static qint64 feeOf(qint64 fen);
    // "ALL", "SUCCESS", "REFUND" as in bill_type; nullopt for anything else.
    static std::optional<BillType> billType(const QString &name);

    // gzip (RFC 1952) through zlib, as the bill is served with tar_type=GZIP.
    static QByteArray gzip(const QByteArray &data);
};

} // namespace paydesk::sandbox
