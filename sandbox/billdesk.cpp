// SPDX-License-Identifier: MIT
#include "billdesk.h"

#include "crypto/securerandom.h"
#include "jsonfields.h"
#include "sandboxcontext.h"
#include "tradebill.h"
#include "wechattime.h"

#include <QCryptographicHash>
#include <QDate>
#include <QDateTime>
#include <QUrl>

namespace paydesk::sandbox {

namespace {
constexpr qint64 kDownloadLifetime = 5 * 60;
} // namespace

BillDesk::BillDesk(SandboxContext *context) : m_context(context) { }

QByteArray BillDesk::tradeBillFile(const QString &mchid, const QString &billDate, const QString &billType) const
{
    const bool payments = billType == QLatin1String("ALL") || billType == QLatin1String("SUCCESS");
    const bool refunds = billType == QLatin1String("ALL") || billType == QLatin1String("REFUND");
    QList<TradeBillEntry> entries;
    for (const LedgerEntry &e : m_context->store->ledger(mchid, billDate)) {
        const auto order = m_context->store->order(e.mchid, e.outTradeNo);
        if (!order)
            continue;
        TradeBillEntry entry;
        entry.time = e.at;
        entry.appid = order->appid;
        entry.mchid = order->mchid;
        entry.deviceId = order->deviceId;
        entry.transactionId = order->transactionId;
        entry.outTradeNo = order->outTradeNo;
        entry.openid = order->openid;
        entry.bankType = order->bankType;
        entry.currency = order->currency;
        entry.orderTotal = order->total;
        entry.description = order->description;
        entry.attach = order->attach;
        entry.tradeType = order->isCodePay() ? QStringLiteral("MICROPAY") : QStringLiteral("NATIVE");
        if (e.kind == QLatin1String("PAYMENT")) {
            if (!payments)
                continue;
            entry.kind = TradeBillEntry::Payment;
        } else {
            const auto refund = m_context->store->refund(e.mchid, e.outRefundNo);
            // A closed refund moved no money.
            if (!refunds || !refund || refund->status == QLatin1String("CLOSED"))
                continue;
            entry.kind = TradeBillEntry::Refund;
            entry.refundId = refund->refundId;
            entry.outRefundNo = refund->outRefundNo;
            entry.refundAmount = refund->refund;
            entry.refundStatus = refund->status;
            entry.paymentTime = order->successTime;
            if (refund->status == QLatin1String("SUCCESS"))
                entry.refundSuccessTime = refund->successTime;
        }
        entries.append(entry);
    }
    if (entries.isEmpty())
        return {};
    return TradeBillWriter::write(entries,
                                  TradeBillWriter::billType(billType).value_or(TradeBillWriter::BillType::All));
}

HttpResponse BillDesk::tradeBill(const Merchant &merchant, const HttpRequest &request)
{
    bool present = false;
    const QString billDate = request.queryValue(QStringLiteral("bill_date"), &present);
    const QDate date = QDate::fromString(billDate, Qt::ISODate);
    if (!present || !date.isValid() || billDate.size() != 10) {
        return Errors::paramError(QStringLiteral("bill_date格式错误，应为YYYY-MM-DD"),
                                  { { QStringLiteral("field"), QStringLiteral("bill_date") },
                                    { QStringLiteral("value"), billDate },
                                    { QStringLiteral("issue"), QStringLiteral("required, YYYY-MM-DD") },
                                    { QStringLiteral("location"), QStringLiteral("query") } });
    }
    QString billType = request.queryValue(QStringLiteral("bill_type"), &present);
    if (!present)
        billType = QStringLiteral("ALL");
    if (billType != QLatin1String("ALL") && billType != QLatin1String("SUCCESS")
        && billType != QLatin1String("REFUND")) {
        return Errors::paramError(
            QStringLiteral("bill_type取值错误"),
            { { QStringLiteral("field"), QStringLiteral("bill_type") },
              { QStringLiteral("value"), billType },
              { QStringLiteral("issue"), QStringLiteral("the sandbox serves ALL, SUCCESS and REFUND") },
              { QStringLiteral("location"), QStringLiteral("query") } });
    }
    const QString tarType = request.queryValue(QStringLiteral("tar_type"), &present);
    if (present && tarType != QLatin1String("GZIP")) {
        return Errors::paramError(QStringLiteral("tar_type取值错误，仅支持GZIP"),
                                  { { QStringLiteral("field"), QStringLiteral("tar_type") },
                                    { QStringLiteral("value"), tarType },
                                    { QStringLiteral("location"), QStringLiteral("query") } });
    }
    const bool gzip = present;

    const qint64 now = m_context->clock.now();
    const QDateTime nowChina = QDateTime::fromSecsSinceEpoch(now, WechatTime::chinaZone());
    const QDate today = nowChina.date();
    if (date > today)
        return Errors::paramError(QStringLiteral("账单日期不能晚于当前日期"));
    if (date < today.addMonths(-3))
        return Errors::paramError(QStringLiteral("只能下载三个月以内的账单"));
    // A day's bill is ready from 10:00 the next day (China time).
    const QDateTime ready(date.addDays(1), QTime(10, 0), WechatTime::chinaZone());
    if (!m_context->settings.immediateBills && nowChina < ready) {
        return HttpResponse::error(400, QStringLiteral("STATEMENT_CREATING"),
                                   QStringLiteral("账单生成中，请在%1之后再下载").arg(ready.toString(Qt::ISODate)));
    }

    const QByteArray content = tradeBillFile(merchant.record.mchid, billDate, billType);
    if (content.isEmpty())
        return HttpResponse::error(400, QStringLiteral("NO_STATEMENT_EXIST"), QStringLiteral("账单文件不存在"));

    const QString token = QString::fromLatin1(SecureRandom::alphanumeric(40));
    auto saved = m_context->store->insert(QStringLiteral("bill_tokens"),
                                          { { QStringLiteral("token"), token },
                                            { QStringLiteral("mchid"), merchant.record.mchid },
                                            { QStringLiteral("gzip"), gzip ? 1 : 0 },
                                            { QStringLiteral("content"), content },
                                            { QStringLiteral("expires_at"), now + kDownloadLifetime } });
    if (!saved)
        return Errors::systemError();
    // Back to the sandbox under the name the client used.
    const QByteArray host = request.header("host");
    QString base = m_context->baseUrl;
    if (!host.isEmpty())
        base = QUrl(m_context->baseUrl).scheme() + QStringLiteral("://") + QString::fromLatin1(host);
    QString url = base + QStringLiteral("/v3/billdownload/file?token=") + token;
    if (gzip)
        url += QStringLiteral("&tartype=gzip");
    return HttpResponse::json(
        200,
        QJsonObject { { QStringLiteral("hash_type"), QStringLiteral("SHA1") },
                      { QStringLiteral("hash_value"),
                        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha1).toHex()) },
                      { QStringLiteral("download_url"), url } });
}

HttpResponse BillDesk::download(const Merchant &merchant, const HttpRequest &request)
{
    const QString token = request.queryValue(QStringLiteral("token"));
    const auto row = m_context->store->selectOne(QStringLiteral("SELECT * FROM bill_tokens WHERE token=?"), { token });
    HttpResponse response;
    if (!row || row->value(QStringLiteral("mchid")).toString() != merchant.record.mchid) {
        response = Errors::invalidRequest(QStringLiteral("下载地址无效"));
    } else if (m_context->clock.now() > row->value(QStringLiteral("expires_at")).toLongLong()) {
        response = Errors::invalidRequest(QStringLiteral("下载地址已过期，请重新申请账单"));
    } else {
        const QByteArray content = row->value(QStringLiteral("content")).toByteArray();
        const bool gzip = row->value(QStringLiteral("gzip")).toInt() != 0;
        response.status = 200;
        response.body = gzip ? TradeBillWriter::gzip(content) : content;
        response.setHeader("Content-Type", gzip ? "application/x-gzip" : "application/octet-stream");
        // The file is not signed and carries no Request-ID: clients check the SHA1.
        response.sign = false;
        response.requestId = false;
        return response;
    }
    return response;
}

} // namespace paydesk::sandbox
