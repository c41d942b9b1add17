// SPDX-License-Identifier: MIT
#include "tradebill.h"

#include "wechattime.h"

#include <algorithm>
#include <zlib.h>

namespace paydesk::sandbox {

namespace {

// A value as the bill writes it: behind a backtick; a line break or the
// separator inside a value would break every parser, so they are blanked.
QByteArray cell(const QString &value)
{
    QString clean = value;
    clean.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    clean.replace(QStringLiteral(",`"), QStringLiteral(", "));
    return '`' + clean.toUtf8();
}

QByteArray row(const QList<QString> &values)
{
    QByteArray line;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            line.append(',');
        line.append(cell(values.at(i)));
    }
    return line;
}

// Every column any of the three bill types has, in the REFUND bill's order
// (the widest); each type lists a subsequence of it.
enum Column {
    TradeTime,
    AppId,
    MchId,
    SubMchId,
    DeviceId,
    TransactionId,
    OutTradeNo,
    OpenId,
    TradeType,
    TradeState,
    BankType,
    Currency,
    Settlement,
    Coupon,
    RefundApplied,
    RefundSucceeded,
    RefundId,
    OutRefundNo,
    RefundAmount,
    RechargeRefund,
    RefundType,
    RefundStatus,
    Description,
    Attach,
    Fee,
    Rate,
    OrderAmount,
    RequestedRefund,
    RateNote,
    ColumnCount
};

const char *const ColumnNames[ColumnCount] = {
    "交易时间",     "公众账号ID",     "商户号",       "特约商户号",   "设备号",       "微信订单号",
    "商户订单号",   "用户标识",       "交易类型",     "交易状态",     "付款银行",     "货币种类",
    "应结订单金额", "代金券金额",     "退款申请时间", "退款成功时间", "微信退款单号", "商户退款单号",
    "退款金额",     "充值券退款金额", "退款类型",     "退款状态",     "商品名称",     "商户数据包",
    "手续费",       "费率",           "订单金额",     "申请退款金额", "费率备注",
};

const QList<Column> &columnsOf(TradeBillWriter::BillType type)
{
    static const QList<Column> all
        = { TradeTime, AppId,       MchId,        SubMchId,       DeviceId,        TransactionId, OutTradeNo,
            OpenId,    TradeType,   TradeState,   BankType,       Currency,        Settlement,    Coupon,
            RefundId,  OutRefundNo, RefundAmount, RechargeRefund, RefundType,      RefundStatus,  Description,
            Attach,    Fee,         Rate,         OrderAmount,    RequestedRefund, RateNote };
    static const QList<Column> success
        = { TradeTime,   AppId,     MchId,      SubMchId, DeviceId,    TransactionId, OutTradeNo,
            OpenId,      TradeType, TradeState, BankType, Currency,    Settlement,    Coupon,
            Description, Attach,    Fee,        Rate,     OrderAmount, RateNote };
    static const QList<Column> refund = [] {
        QList<Column> c;
        for (int i = 0; i < ColumnCount; ++i)
            c << Column(i);
        return c;
    }();
    switch (type) {
    case TradeBillWriter::BillType::Success:
        return success;
    case TradeBillWriter::BillType::Refund:
        return refund;
    case TradeBillWriter::BillType::All:
        break;
    }
    return all;
}

} // namespace

QByteArray TradeBillWriter::header(BillType type)
{
    QByteArray line;
    for (const Column c : columnsOf(type)) {
        if (!line.isEmpty())
            line.append(',');
        line.append(ColumnNames[c]);
    }
    return line;
}

QByteArray TradeBillWriter::summaryCaption()
{
    return QStringLiteral(
               "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        .toUtf8();
}

qint64 TradeBillWriter::feeOf(qint64 fen)
{
    // Rounded half up to the fen.
    return (fen * FeeRatePerMille + 500) / 1000;
}

std::optional<TradeBillWriter::BillType> TradeBillWriter::billType(const QString &name)
{
    if (name == QLatin1String("ALL"))
        return BillType::All;
    if (name == QLatin1String("SUCCESS"))
        return BillType::Success;
    if (name == QLatin1String("REFUND"))
        return BillType::Refund;
    return std::nullopt;
}

QByteArray TradeBillWriter::write(QList<TradeBillEntry> entries, BillType type)
{
    entries.removeIf([type](const TradeBillEntry &e) {
        return (type == BillType::Success && e.kind != TradeBillEntry::Payment)
            || (type == BillType::Refund && e.kind != TradeBillEntry::Refund);
    });
    std::stable_sort(entries.begin(), entries.end(),
                     [](const TradeBillEntry &a, const TradeBillEntry &b) { return a.time < b.time; });
    const QString rate
        = QStringLiteral("%1.%2%").arg(FeeRatePerMille / 10).arg(FeeRatePerMille % 10 * 10, 2, 10, QLatin1Char('0'));
    const QList<Column> &columns = columnsOf(type);
    const QByteArray crlf = "\r\n";
    QByteArray out = "\xEF\xBB\xBF";
    out += header(type) + crlf;
    qint64 settlementTotal = 0, refundTotal = 0, feeTotal = 0, orderTotal = 0, requestedRefundTotal = 0;
    QString values[ColumnCount];
    QList<QString> cells;
    cells.reserve(columns.size());
    for (const TradeBillEntry &e : std::as_const(entries)) {
        const bool refund = e.kind == TradeBillEntry::Refund;
        const qint64 settlement = refund ? 0 : e.orderTotal;
        const qint64 refunded = refund ? e.refundAmount : 0;
        const qint64 fee = refund ? -feeOf(e.refundAmount) : feeOf(e.orderTotal);
        settlementTotal += settlement;
        refundTotal += refunded;
        feeTotal += fee;
        orderTotal += settlement;
        requestedRefundTotal += refunded;
        // The REFUND bill dates a row by the payment and says when the refund
        // was asked for and when it succeeded; the ALL bill by the refund.
        const qint64 tradeTime = type == BillType::Refund && e.paymentTime > 0 ? e.paymentTime : e.time;
        values[TradeTime] = WechatTime::billTimestamp(tradeTime);
        values[AppId] = e.appid;
        values[MchId] = e.mchid;
        values[SubMchId] = QStringLiteral("0");
        values[DeviceId] = e.deviceId;
        values[TransactionId] = e.transactionId;
        values[OutTradeNo] = e.outTradeNo;
        values[OpenId] = e.openid;
        values[TradeType] = e.tradeType;
        values[TradeState] = refund ? QStringLiteral("REFUND") : QStringLiteral("SUCCESS");
        values[BankType] = e.bankType;
        values[Currency] = e.currency;
        values[Settlement] = WechatTime::yuan(settlement);
        values[Coupon] = WechatTime::yuan(0);
        values[RefundApplied] = refund ? WechatTime::billTimestamp(e.time) : QString();
        values[RefundSucceeded]
            = refund && e.refundSuccessTime > 0 ? WechatTime::billTimestamp(e.refundSuccessTime) : QString();
        values[RefundId] = refund ? e.refundId : QStringLiteral("0");
        values[OutRefundNo] = refund ? e.outRefundNo : QStringLiteral("0");
        values[RefundAmount] = WechatTime::yuan(refunded);
        values[RechargeRefund] = WechatTime::yuan(0);
        values[RefundType] = refund ? QStringLiteral("ORIGINAL") : QString();
        values[RefundStatus] = refund ? e.refundStatus : QString();
        values[Description] = e.description;
        values[Attach] = e.attach;
        values[Fee] = WechatTime::yuan(fee, 5);
        values[Rate] = rate;
        values[OrderAmount] = WechatTime::yuan(settlement);
        values[RequestedRefund] = WechatTime::yuan(refunded);
        values[RateNote] = QString();
        cells.clear();
        for (const Column c : columns)
            cells << values[c];
        out += row(cells) + crlf;
    }
    out += summaryCaption() + crlf;
    // The fee total has five decimals, like the rows' fees.
    out += row({ QString::number(entries.size()), WechatTime::yuan(settlementTotal), WechatTime::yuan(refundTotal),
                 WechatTime::yuan(0), WechatTime::yuan(feeTotal, 5), WechatTime::yuan(orderTotal),
                 WechatTime::yuan(requestedRefundTotal) })
        + crlf;
    return out;
}

QByteArray TradeBillWriter::gzip(const QByteArray &data)
{
    z_stream stream = {};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}

} // namespace paydesk::sandbox
