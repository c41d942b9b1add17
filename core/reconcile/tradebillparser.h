// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace paydesk {

// One row of a WeChat Pay trade bill (wechatpay-v3.md section 8): a payment
// (交易状态 SUCCESS) or a refund of one (交易状态 REFUND). Amounts are integer
// fen, parsed from the decimal text exactly; the fee has five decimals in the
// file and is kept in units of 0.00001 yuan.
struct BillRow
{
    enum Kind { Payment, Refund };
    Kind kind = Payment;
    int line = 0; // 1-based line in the file
    qint64 time = 0; // 交易时间 (China time in the file), seconds since the epoch
    QString appid;
    QString mchid;
    QString subMchid; // 特约商户号 ("0" when none)
    QString deviceId;
    QString transactionId;
    QString outTradeNo;
    QString openid;
    QString tradeType;
    QString tradeState; // SUCCESS or REFUND (and whatever else WeChat Pay writes)
    QString bankType;
    QString currency;
    qint64 settlementAmount = 0; // 应结订单金额, fen
    qint64 couponAmount = 0; // 代金券金额, fen
    QString refundId;
    QString outRefundNo;
    qint64 refundAmount = 0; // 退款金额, fen
    qint64 rechargeCouponRefund = 0;
    QString refundType;
    QString refundStatus; // SUCCESS, PROCESSING, ABNORMAL on refund rows
    QString description;
    QString attach;
    qint64 fee = 0; // 手续费, 0.00001 yuan (negative on refund rows)
    QString rate;
    qint64 orderAmount = 0; // 订单金额, fen
    qint64 requestedRefund = 0; // 申请退款金额, fen
    // Only the REFUND bill has these two (on refund rows; 退款成功时间 is empty
    // while the refund is processing): seconds since the epoch, 0 when absent.
    qint64 refundRequestTime = 0; // 退款申请时间
    qint64 refundSuccessTime = 0; // 退款成功时间

    QDateTime chinaTime() const;
};

// The summary block at the end of the bill (总交易单数, 应结订单总金额, ...).
struct BillSummary
{
    qint64 tradeCount = 0;
    qint64 settlementTotal = 0; // fen
    qint64 refundTotal = 0; // fen
    qint64 rechargeCouponRefundTotal = 0;
    qint64 feeTotal = 0; // 0.00001 yuan
    qint64 orderTotal = 0; // fen
    qint64 requestedRefundTotal = 0;
    int line = 0;
};

struct ParsedBill
{
    QList<BillRow> rows;
    BillSummary summary;
    int payments = 0;
    int refunds = 0;
};

// Reads a trade bill as WeChat Pay writes it: UTF-8 (a BOM or not), CRLF or LF,
// the header row (columns are found by name, so the ALL bill's 27 columns, the
// SUCCESS bill's 20 without the refund columns, the REFUND bill's 29 with
// 退款申请时间 and 退款成功时间, and a reordered file read the same), every
// value behind a backtick, then the summary caption and row (the fee total
// with five decimals, or two in older files). The summary is checked against the rows: a bill
// whose totals do not add up is refused, since whatever produced it (a
// truncated download, a hand-edited file) cannot be trusted for money.
//
// Streaming: feed() takes the file in pieces of any size (a line may span
// pieces) and keeps only the rows; finish() checks the summary. Errors name the
// line and the column ("trade bill line 7, 应结订单金额: \"1x.00\" is not an
// amount in yuan").
class TradeBillParser
{
public:
    // done/total bytes; called every few thousand lines.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    TradeBillParser();

    Result<void> feed(QByteArrayView chunk);
    Result<ParsedBill> finish();

    static Result<ParsedBill> parse(QByteArrayView content, const Progress &progress = {});
    static Result<ParsedBill> parse(QIODevice *device, const Progress &progress = {});

    // Exact decimal to an integer of 10^-scale units: "12.34" with scale 2 is
    // 1234. A sign, at most `scale` decimals; nothing else (no exponent, no
    // thousands separator). Never through double.
    static std::optional<qint64> parseDecimal(QByteArrayView text, int scale);

private:
    Result<void> line(QByteArrayView text);
    Result<void> header(QByteArrayView text);
    Result<void> row(QByteArrayView text);
    Result<void> summaryRow(QByteArrayView text);
    Error error(const QString &message) const;

    enum class Stage { Header, Rows, SummaryRow, Done };
    Stage m_stage = Stage::Header;
    int m_line = 0;
    int m_columns = 0;
    int m_summaryColumns = 0;
    QByteArray m_carry;
    bool m_sawBytes = false;
    // Column indices by meaning; -1 when the bill has no such column.
    struct Columns;
    std::shared_ptr<Columns> m_col;
    ParsedBill m_bill;
    bool m_hasSummary = false;
    QList<QByteArrayView> m_fields; // reused to split every row without allocating
    QList<QString> m_lastValues; // per column, the previous row's value
};

} // namespace paydesk
