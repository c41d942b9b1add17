// SPDX-License-Identifier: MIT
#include "tradebillparser.h"

#include <QIODevice>
#include <QTimeZone>
#include <cstring>

namespace paydesk {

namespace {

constexpr qint64 ChinaOffsetSeconds = 8 * 3600;

// The bill's column names (wechatpay-v3.md section 8), as UTF-8.
struct Name
{
    const char *utf8;
};

QByteArrayView view(const char *utf8)
{
    return QByteArrayView(utf8, qsizetype(std::strlen(utf8)));
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

// Header and summary caption: plain comma-separated names.
void splitPlain(QByteArrayView text, QList<QByteArrayView> &out)
{
    out.clear();
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ',') {
            out.append(trimmed(text.sliced(start, i - start)));
            start = i + 1;
        }
    }
}

// Data rows: every value starts with a backtick and values are separated by
// ",`". Splitting on the pair (not on every comma) keeps a comma inside a
// product name in its value.
bool splitTicked(QByteArrayView text, QList<QByteArrayView> &out)
{
    out.clear();
    if (text.isEmpty() || text.front() != '`')
        return false;
    const char *p = text.data() + 1;
    const char *end = text.data() + text.size();
    const char *start = p;
    while (p < end) {
        const char *comma = static_cast<const char *>(std::memchr(p, ',', size_t(end - p)));
        if (!comma)
            break;
        if (comma + 1 < end && comma[1] == '`') {
            out.append(QByteArrayView(start, comma - start));
            start = comma + 2;
            p = start;
        } else {
            p = comma + 1;
        }
    }
    out.append(QByteArrayView(start, end - start));
    return true;
}

int digits(QByteArrayView v, qsizetype at, int count)
{
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const char c = v[at + i];
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

// "2024-05-20 13:29:35" in China time to seconds since the epoch, without a
// QDateTime per row (a 100,000-row bill would spend most of its time there).
std::optional<qint64> parseChinaTime(QByteArrayView v)
{
    if (v.size() != 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' || v[16] != ':')
        return std::nullopt;
    const int y = digits(v, 0, 4), mo = digits(v, 5, 2), d = digits(v, 8, 2);
    const int h = digits(v, 11, 2), mi = digits(v, 14, 2), s = digits(v, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    const QDate date(y, mo, d);
    if (!date.isValid())
        return std::nullopt;
    static const qint64 epochDay = QDate(1970, 1, 1).toJulianDay();
    return (date.toJulianDay() - epochDay) * 86400 + h * 3600 + mi * 60 + s - ChinaOffsetSeconds;
}

QString utf8(QByteArrayView v)
{
    return QString::fromUtf8(v);
}

QString head(QByteArrayView v, qsizetype n)
{
    return QString::fromUtf8(v.first(qMin(n, v.size())));
}

QString yuanText(qint64 fen)
{
    const qint64 m = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(m / 100)
        .arg(m % 100, 2, 10, QLatin1Char('0'));
}

} // namespace

QDateTime BillRow::chinaTime() const
{
    return QDateTime::fromSecsSinceEpoch(time, QTimeZone(int(ChinaOffsetSeconds)));
}

struct TradeBillParser::Columns
{
    int time = -1, appid = -1, mchid = -1, subMchid = -1, deviceId = -1, transactionId = -1, outTradeNo = -1,
        openid = -1, tradeType = -1, tradeState = -1, bankType = -1, currency = -1, settlement = -1, coupon = -1,
        refundId = -1, outRefundNo = -1, refundAmount = -1, rechargeRefund = -1, refundType = -1, refundStatus = -1,
        description = -1, attach = -1, fee = -1, rate = -1, orderAmount = -1, requestedRefund = -1,
        refundRequestTime = -1, refundSuccessTime = -1;
    // Summary
    int sCount = -1, sSettlement = -1, sRefund = -1, sRecharge = -1, sFee = -1, sOrder = -1, sRequested = -1;
    QStringList headerNames;
    QStringList summaryNames;
};

TradeBillParser::TradeBillParser() : m_col(std::make_shared<Columns>())
{
    m_fields.reserve(32);
}

Error TradeBillParser::error(const QString &message) const
{
    return makeError(QStringLiteral("bill_format"), QStringLiteral("trade bill line %1: %2").arg(m_line).arg(message));
}

std::optional<qint64> TradeBillParser::parseDecimal(QByteArrayView v, int scale)
{
    v = trimmed(v);
    bool negative = false;
    if (!v.isEmpty() && (v.front() == '-' || v.front() == '+')) {
        negative = v.front() == '-';
        v = v.sliced(1);
    }
    if (v.isEmpty())
        return std::nullopt;
    qint64 whole = 0;
    qsizetype i = 0;
    int intDigits = 0;
    for (; i < v.size() && v[i] != '.'; ++i) {
        const char c = v[i];
        if (c < '0' || c > '9' || ++intDigits > 15)
            return std::nullopt;
        whole = whole * 10 + (c - '0');
    }
    int decimals = 0;
    qint64 fraction = 0;
    if (i < v.size()) { // at '.'
        ++i;
        if (i == v.size())
            return std::nullopt; // "12." is not an amount WeChat Pay writes
        for (; i < v.size(); ++i) {
            const char c = v[i];
            if (c < '0' || c > '9' || ++decimals > scale)
                return std::nullopt;
            fraction = fraction * 10 + (c - '0');
        }
    } else if (intDigits == 0) {
        return std::nullopt;
    }
    if (intDigits == 0)
        return std::nullopt; // ".5"
    for (int k = decimals; k < scale; ++k)
        fraction *= 10;
    qint64 unit = 1;
    for (int k = 0; k < scale; ++k)
        unit *= 10;
    const qint64 value = whole * unit + fraction;
    return negative ? -value : value;
}

Result<void> TradeBillParser::feed(QByteArrayView chunk)
{
    if (chunk.isEmpty())
        return {};
    m_sawBytes = true;
    // A line that started in an earlier piece is completed first.
    if (!m_carry.isEmpty()) {
        const qsizetype nl = chunk.indexOf('\n');
        if (nl < 0) {
            m_carry.append(chunk.data(), chunk.size());
            return {};
        }
        m_carry.append(chunk.data(), nl);
        const QByteArray complete = std::move(m_carry);
        m_carry.clear();
        if (auto r = line(complete); !r)
            return r;
        chunk = chunk.sliced(nl + 1);
    }
    const char *p = chunk.data();
    const char *end = p + chunk.size();
    while (p < end) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        if (!nl) {
            m_carry = QByteArray(p, end - p);
            break;
        }
        if (auto r = line(QByteArrayView(p, nl - p)); !r)
            return r;
        p = nl + 1;
    }
    return {};
}

Result<void> TradeBillParser::line(QByteArrayView text)
{
    ++m_line;
    if (!text.isEmpty() && text.back() == '\r')
        text.chop(1);
    if (m_line == 1 && text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    if (trimmed(text).isEmpty())
        return {};
    switch (m_stage) {
    case Stage::Header:
        return header(text);
    case Stage::Rows:
        if (text.front() == '`')
            return row(text);
        {
            // The summary caption: plain names, the first is 总交易单数.
            splitPlain(text, m_fields);
            Columns &c = *m_col;
            c.summaryNames.clear();
            for (int i = 0; i < m_fields.size(); ++i) {
                const QByteArrayView n = m_fields.at(i);
                c.summaryNames << QString::fromUtf8(n);
                if (n == view("总交易单数"))
                    c.sCount = i;
                else if (n == view("应结订单总金额"))
                    c.sSettlement = i;
                else if (n == view("退款总金额"))
                    c.sRefund = i;
                else if (n == view("充值券退款总金额"))
                    c.sRecharge = i;
                else if (n == view("手续费总金额"))
                    c.sFee = i;
                else if (n == view("订单总金额"))
                    c.sOrder = i;
                else if (n == view("申请退款总金额"))
                    c.sRequested = i;
            }
            if (c.sCount < 0 || c.sSettlement < 0 || c.sRefund < 0) {
                return error(QStringLiteral("expected a trade row (starting with `) or the summary caption "
                                            "(总交易单数,应结订单总金额,退款总金额,...), found \"%1\"")
                                 .arg(head(text, 60)));
            }
            m_summaryColumns = int(m_fields.size());
            m_stage = Stage::SummaryRow;
            return {};
        }
    case Stage::SummaryRow:
        return summaryRow(text);
    case Stage::Done:
        return error(QStringLiteral("unexpected text after the summary row: \"%1\"").arg(head(text, 60)));
    }
    return {};
}

Result<void> TradeBillParser::header(QByteArrayView text)
{
    splitPlain(text, m_fields);
    Columns &c = *m_col;
    struct Map
    {
        const char *name;
        int Columns::*slot;
    };
    static const Map map[] = {
        { "交易时间", &Columns::time },
        { "公众账号ID", &Columns::appid },
        { "商户号", &Columns::mchid },
        { "特约商户号", &Columns::subMchid },
        { "子商户号", &Columns::subMchid },
        { "设备号", &Columns::deviceId },
        { "微信订单号", &Columns::transactionId },
        { "商户订单号", &Columns::outTradeNo },
        { "用户标识", &Columns::openid },
        { "交易类型", &Columns::tradeType },
        { "交易状态", &Columns::tradeState },
        { "付款银行", &Columns::bankType },
        { "货币种类", &Columns::currency },
        { "应结订单金额", &Columns::settlement },
        { "代金券金额", &Columns::coupon },
        { "微信退款单号", &Columns::refundId },
        { "商户退款单号", &Columns::outRefundNo },
        { "退款金额", &Columns::refundAmount },
        { "充值券退款金额", &Columns::rechargeRefund },
        { "退款类型", &Columns::refundType },
        { "退款状态", &Columns::refundStatus },
        { "商品名称", &Columns::description },
        { "商户数据包", &Columns::attach },
        { "手续费", &Columns::fee },
        { "费率", &Columns::rate },
        { "订单金额", &Columns::orderAmount },
        { "申请退款金额", &Columns::requestedRefund },
        { "退款申请时间", &Columns::refundRequestTime }, // REFUND bill only
        { "退款成功时间", &Columns::refundSuccessTime }, // REFUND bill only
    };
    for (int i = 0; i < m_fields.size(); ++i) {
        QByteArrayView n = m_fields.at(i);
        if (n.startsWith('`'))
            n = n.sliced(1);
        c.headerNames << QString::fromUtf8(n);
        for (const Map &m : map) {
            if (n == view(m.name) && c.*(m.slot) < 0)
                c.*(m.slot) = i;
        }
    }
    QStringList missing;
    const std::pair<int, const char *> required[]
        = { { c.time, "交易时间" },         { c.mchid, "商户号" },        { c.transactionId, "微信订单号" },
            { c.outTradeNo, "商户订单号" }, { c.tradeState, "交易状态" }, { c.settlement, "应结订单金额" } };
    for (const auto &[index, name] : required) {
        if (index < 0)
            missing << QString::fromUtf8(name);
    }
    if (!missing.isEmpty()) {
        return error(QStringLiteral("not a trade bill header: no column %1 (found \"%2\")")
                         .arg(missing.join(QStringLiteral(", ")), head(text, 80)));
    }
    m_columns = int(m_fields.size());
    m_lastValues = QList<QString>(m_columns);
    m_stage = Stage::Rows;
    return {};
}

Result<void> TradeBillParser::row(QByteArrayView text)
{
    splitTicked(text, m_fields);
    if (m_fields.size() != m_columns) {
        return error(QStringLiteral("%1 values, the header has %2 columns").arg(m_fields.size()).arg(m_columns));
    }
    const Columns &c = *m_col;
    auto field = [&](int index) {
        return index < 0 ? QByteArrayView() : m_fields.at(index);
    };
    // Most columns repeat from row to row (appid, mchid, NATIVE, SUCCESS,
    // CNY, 0.60%, ...): reusing the previous row's string (implicitly shared)
    // saves most of the allocations of a 100,000-row bill.
    auto str = [&](int index) -> QString {
        if (index < 0)
            return QString();
        const QByteArrayView v = m_fields.at(index);
        QString &last = m_lastValues[index];
        // Equal lengths mean `last` is ASCII (UTF-8 decoding shortens anything
        // else), so a Latin-1 comparison of the bytes is exact.
        if (!last.isNull() && last.size() == v.size() && last == QLatin1StringView(v.data(), v.size()))
            return last;
        last = utf8(v);
        return last;
    };
    QString failure;
    auto amount = [&](int index, int scale, bool required) -> qint64 {
        if (index < 0 || !failure.isEmpty())
            return 0;
        const QByteArrayView v = m_fields.at(index);
        if (v.isEmpty() && !required)
            return 0;
        const auto parsed = parseDecimal(v, scale);
        if (!parsed) {
            failure = QStringLiteral("%1: \"%2\" is not an amount in yuan (at most %3 decimals)")
                          .arg(c.headerNames.value(index), QString::fromUtf8(v))
                          .arg(scale);
            return 0;
        }
        return *parsed;
    };

    BillRow r;
    r.line = m_line;
    const auto time = parseChinaTime(field(c.time));
    if (!time) {
        return error(QStringLiteral("交易时间: \"%1\" is not a time like 2024-05-20 13:29:35")
                         .arg(QString::fromUtf8(field(c.time))));
    }
    r.time = *time;
    r.tradeState = str(c.tradeState);
    r.kind = r.tradeState == QLatin1String("REFUND") ? BillRow::Refund : BillRow::Payment;
    r.appid = str(c.appid);
    r.mchid = str(c.mchid);
    r.subMchid = str(c.subMchid);
    r.deviceId = str(c.deviceId);
    r.transactionId = str(c.transactionId);
    r.outTradeNo = str(c.outTradeNo);
    r.openid = str(c.openid);
    r.tradeType = str(c.tradeType);
    r.bankType = str(c.bankType);
    r.currency = str(c.currency);
    r.settlementAmount = amount(c.settlement, 2, true);
    r.couponAmount = amount(c.coupon, 2, false);
    r.refundAmount = amount(c.refundAmount, 2, r.kind == BillRow::Refund);
    r.rechargeCouponRefund = amount(c.rechargeRefund, 2, false);
    r.fee = amount(c.fee, 5, false);
    r.orderAmount = amount(c.orderAmount, 2, false);
    r.requestedRefund = amount(c.requestedRefund, 2, false);
    if (!failure.isEmpty())
        return error(failure);
    if (c.orderAmount < 0)
        r.orderAmount = r.kind == BillRow::Payment ? r.settlementAmount + r.couponAmount : 0;
    if (r.kind == BillRow::Refund) {
        if (c.outRefundNo < 0 || c.refundAmount < 0)
            return error(QStringLiteral("a refund row, but the bill has no 商户退款单号 or 退款金额 column"));
        r.refundId = str(c.refundId);
        r.outRefundNo = str(c.outRefundNo);
        r.refundType = str(c.refundType);
        r.refundStatus = str(c.refundStatus);
        // An optional time: absent column or empty value is 0, anything else
        // must be a time.
        auto refundTime = [&](int index, const char *name, qint64 *out) -> bool {
            const QByteArrayView v = field(index);
            if (v.isEmpty())
                return true;
            const auto t = parseChinaTime(v);
            if (!t) {
                failure = QStringLiteral("%1: \"%2\" is not a time like 2024-05-20 13:29:35")
                              .arg(QString::fromUtf8(name), QString::fromUtf8(v));
                return false;
            }
            *out = *t;
            return true;
        };
        if (!refundTime(c.refundRequestTime, "退款申请时间", &r.refundRequestTime)
            || !refundTime(c.refundSuccessTime, "退款成功时间", &r.refundSuccessTime))
            return error(failure);
        if (r.outRefundNo.isEmpty() || r.outRefundNo == QLatin1String("0"))
            return error(QStringLiteral("a refund row without 商户退款单号"));
        ++m_bill.refunds;
    } else {
        ++m_bill.payments;
    }
    if (r.outTradeNo.isEmpty())
        return error(QStringLiteral("商户订单号 is empty"));
    r.description = str(c.description);
    r.attach = str(c.attach);
    r.rate = str(c.rate);
    m_bill.rows.append(std::move(r));
    return {};
}

Result<void> TradeBillParser::summaryRow(QByteArrayView text)
{
    if (!splitTicked(text, m_fields))
        splitPlain(text, m_fields);
    if (m_fields.size() != m_summaryColumns) {
        return error(
            QStringLiteral("the summary row has %1 values, its caption %2").arg(m_fields.size()).arg(m_summaryColumns));
    }
    const Columns &c = *m_col;
    BillSummary &s = m_bill.summary;
    s.line = m_line;
    QString failure;
    auto amount = [&](int index, int scale) -> qint64 {
        if (index < 0 || !failure.isEmpty())
            return 0;
        const auto parsed = parseDecimal(m_fields.at(index), scale);
        if (!parsed) {
            failure = QStringLiteral("%1: \"%2\" is not a number")
                          .arg(c.summaryNames.value(index), QString::fromUtf8(m_fields.at(index)));
            return 0;
        }
        return *parsed;
    };
    s.tradeCount = amount(c.sCount, 0);
    s.settlementTotal = amount(c.sSettlement, 2);
    s.refundTotal = amount(c.sRefund, 2);
    s.rechargeCouponRefundTotal = amount(c.sRecharge, 2);
    s.feeTotal = amount(c.sFee, 5);
    s.orderTotal = amount(c.sOrder, 2);
    s.requestedRefundTotal = amount(c.sRequested, 2);
    if (!failure.isEmpty())
        return error(failure);
    m_hasSummary = true;
    m_stage = Stage::Done;
    return {};
}

Result<ParsedBill> TradeBillParser::finish()
{
    if (!m_carry.isEmpty()) {
        const QByteArray last = std::move(m_carry);
        m_carry.clear();
        if (auto r = line(last); !r)
            return r.error();
    }
    if (!m_sawBytes || m_stage == Stage::Header)
        return makeError(QStringLiteral("bill_empty"), QStringLiteral("the trade bill is empty: no header row"));
    if (!m_hasSummary) {
        return makeError(QStringLiteral("bill_truncated"),
                         QStringLiteral("trade bill ends at line %1 without its summary (总交易单数 ...): "
                                        "the file is cut short, download it again")
                             .arg(m_line));
    }
    // The summary must say what the rows say: the one check that catches a
    // truncated or edited file whose every line still looks right.
    qint64 settlement = 0, refunds = 0, recharge = 0, fee = 0, order = 0, requested = 0;
    for (const BillRow &r : std::as_const(m_bill.rows)) {
        settlement += r.settlementAmount;
        refunds += r.refundAmount;
        recharge += r.rechargeCouponRefund;
        fee += r.fee;
        order += r.orderAmount;
        requested += r.requestedRefund;
    }
    const Columns &c = *m_col;
    const BillSummary &s = m_bill.summary;
    QStringList wrong;
    auto check = [&](bool present, const char *name, qint64 summary, qint64 rows, bool fen) {
        if (present && summary != rows) {
            wrong << QStringLiteral("%1 says %2, the rows add up to %3")
                         .arg(QString::fromUtf8(name), fen ? yuanText(summary) : QString::number(summary),
                              fen ? yuanText(rows) : QString::number(rows));
        }
    };
    check(true, "总交易单数", s.tradeCount, m_bill.rows.size(), false);
    check(true, "应结订单总金额", s.settlementTotal, settlement, true);
    check(true, "退款总金额", s.refundTotal, refunds, true);
    check(c.sRecharge >= 0, "充值券退款总金额", s.rechargeCouponRefundTotal, recharge, true);
    check(c.sOrder >= 0 && c.orderAmount >= 0, "订单总金额", s.orderTotal, order, true);
    check(c.sRequested >= 0 && c.requestedRefund >= 0, "申请退款总金额", s.requestedRefundTotal, requested, true);
    // Row fees and WeChat Pay's total carry five decimals; older files wrote
    // the total with two: allow the rounding of such a total (half a fen) and
    // nothing more.
    if (c.sFee >= 0 && c.fee >= 0 && qAbs(s.feeTotal - fee) > 500) {
        wrong << QStringLiteral("手续费总金额 says %1, the rows add up to %2")
                     .arg(QString::number(double(s.feeTotal) / 100000.0, 'f', 5),
                          QString::number(double(fee) / 100000.0, 'f', 5));
    }
    if (!wrong.isEmpty()) {
        return makeError(QStringLiteral("bill_summary_mismatch"),
                         QStringLiteral("trade bill line %1: the summary does not match the rows: %2")
                             .arg(s.line)
                             .arg(wrong.join(QStringLiteral("; "))));
    }
    return std::move(m_bill);
}

Result<ParsedBill> TradeBillParser::parse(QByteArrayView content, const Progress &progress)
{
    TradeBillParser parser;
    // In slices, so progress can be reported; a slice boundary inside a line
    // is what feed() is for.
    constexpr qsizetype Slice = 1 << 20;
    for (qsizetype at = 0; at < content.size(); at += Slice) {
        if (auto r = parser.feed(content.sliced(at, qMin(Slice, content.size() - at))); !r)
            return r.error();
        if (progress)
            progress(qMin(at + Slice, content.size()), content.size());
    }
    return parser.finish();
}

Result<ParsedBill> TradeBillParser::parse(QIODevice *device, const Progress &progress)
{
    if (!device || !device->isReadable())
        return makeError(QStringLiteral("bill_unreadable"), QStringLiteral("the trade bill cannot be read"));
    TradeBillParser parser;
    const qint64 total = device->isSequential() ? -1 : device->size();
    qint64 done = 0;
    QByteArray buffer(1 << 16, Qt::Uninitialized);
    for (;;) {
        const qint64 n = device->read(buffer.data(), buffer.size());
        if (n < 0)
            return makeError(QStringLiteral("bill_unreadable"),
                             QStringLiteral("reading the trade bill failed: %1").arg(device->errorString()));
        if (n == 0 && (device->atEnd() || !device->waitForReadyRead(30000)))
            break;
        if (auto r = parser.feed(QByteArrayView(buffer.constData(), n)); !r)
            return r.error();
        done += n;
        if (progress)
            progress(done, total);
    }
    return parser.finish();
}

} // namespace paydesk
