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

} // namespace

QByteArray TradeBillWriter::header()
{
    return QStringLiteral(
               "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
               "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
               "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
        .toUtf8();
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

QByteArray TradeBillWriter::write(QList<TradeBillEntry> entries)
{
    std::stable_sort(entries.begin(), entries.end(),
                     [](const TradeBillEntry &a, const TradeBillEntry &b) { return a.time < b.time; });
    const QString rate
        = QStringLiteral("%1.%2%").arg(FeeRatePerMille / 10).arg(FeeRatePerMille % 10 * 10, 2, 10, QLatin1Char('0'));
    const QByteArray crlf = "\r\n";
    QByteArray out = "\xEF\xBB\xBF";
    out += header() + crlf;
    qint64 settlementTotal = 0, refundTotal = 0, feeTotal = 0, orderTotal = 0, requestedRefundTotal = 0;
    for (const TradeBillEntry &e : entries) {
        const bool refund = e.kind == TradeBillEntry::Refund;
        const qint64 settlement = refund ? 0 : e.orderTotal;
        const qint64 refunded = refund ? e.refundAmount : 0;
        const qint64 fee = refund ? -feeOf(e.refundAmount) : feeOf(e.orderTotal);
        settlementTotal += settlement;
        refundTotal += refunded;
        feeTotal += fee;
        orderTotal += settlement;
        requestedRefundTotal += refunded;
        out += row({
                   WechatTime::billTimestamp(e.time),
                   e.appid,
                   e.mchid,
                   QStringLiteral("0"),
                   e.deviceId,
                   e.transactionId,
                   e.outTradeNo,
                   e.openid,
                   e.tradeType,
                   refund ? QStringLiteral("REFUND") : QStringLiteral("SUCCESS"),
                   e.bankType,
                   e.currency,
                   WechatTime::yuan(settlement),
                   WechatTime::yuan(0),
                   refund ? e.refundId : QStringLiteral("0"),
                   refund ? e.outRefundNo : QStringLiteral("0"),
                   WechatTime::yuan(refunded),
                   WechatTime::yuan(0),
                   refund ? QStringLiteral("ORIGINAL") : QString(),
                   refund ? e.refundStatus : QString(),
                   e.description,
                   e.attach,
                   WechatTime::yuan(fee, 5),
                   rate,
                   WechatTime::yuan(settlement),
                   WechatTime::yuan(refunded),
                   QString(),
               })
            + crlf;
    }
    out += summaryCaption() + crlf;
    out += row({ QString::number(entries.size()), WechatTime::yuan(settlementTotal), WechatTime::yuan(refundTotal),
                 WechatTime::yuan(0), WechatTime::yuan(feeTotal), WechatTime::yuan(orderTotal),
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
