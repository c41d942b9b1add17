// SPDX-License-Identifier: MIT
#include "apitypes.h"

#include "jsonreader_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace paydesk {

using wechatpay_detail::JsonReader;

namespace {

const QString InvalidArgument = QStringLiteral("INVALID_ARGUMENT");

Error invalid(const QString &message)
{
    return makeError(InvalidArgument, message);
}

QString normalizedCode(const QString &code)
{
    QString c = code.toUpper();
    c.remove(QLatin1Char('_'));
    return c;
}

bool allCharsIn(const QString &value, QStringView extra)
{
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        const bool alnum = (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

// WeChat Pay counts characters and accepts only 1-3 byte UTF-8 (no emoji): with
// characters outside the BMP refused, QString::size() is the character count.
std::optional<Error> checkText(const QString &field, const QString &value, qsizetype max, bool required)
{
    if (value.isEmpty()) {
        if (required)
            return invalid(QStringLiteral("%1 is required").arg(field));
        return std::nullopt;
    }
    for (const QChar c : value) {
        if (c.isSurrogate()) {
            return invalid(QStringLiteral("%1 contains a character WeChat Pay does not accept (an emoji or "
                                          "another character outside the Basic Multilingual Plane): remove it")
                               .arg(field));
        }
    }
    if (value.size() > max) {
        return invalid(QStringLiteral("%1 is %2 characters long; WeChat Pay accepts at most %3")
                           .arg(field).arg(value.size()).arg(max));
    }
    return std::nullopt;
}

std::optional<Error> checkOutTradeNo(const QString &field, const QString &value)
{
    if (!isValidOutTradeNo(value)) {
        return invalid(QStringLiteral("%1 \"%2\" must be 6 to 32 characters of 0-9, A-Z, a-z, _ - | *")
                           .arg(field, value.left(40)));
    }
    return std::nullopt;
}

std::optional<Error> checkAmount(const QString &field, qint64 fen)
{
    if (fen <= 0)
        return invalid(QStringLiteral("%1 must be a positive amount in fen, not %2").arg(field).arg(fen));
    return std::nullopt;
}

std::optional<Error> checkNotifyUrl(const QString &field, const QString &value, bool required)
{
    if (value.isEmpty()) {
        if (required)
            return invalid(QStringLiteral("%1 is required").arg(field));
        return std::nullopt;
    }
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        return invalid(QStringLiteral("%1 \"%2\" is not an absolute https URL").arg(field, value.left(80)));
    }
    if (url.hasQuery())
        return invalid(QStringLiteral("%1 must not carry a query string (WeChat Pay refuses it)").arg(field));
    if (value.size() > 255)
        return invalid(QStringLiteral("%1 is longer than 255 characters").arg(field));
    return std::nullopt;
}

std::optional<Error> checkSceneInfo(const SceneInfo &scene)
{
    if (scene.isEmpty() && scene.storeName.isEmpty())
        return std::nullopt;
    if (scene.payerClientIp.isEmpty())
        return invalid(QStringLiteral("scene_info.payer_client_ip is required when scene_info is given"));
    if (scene.payerClientIp.size() > 45)
        return invalid(QStringLiteral("scene_info.payer_client_ip is longer than 45 characters"));
    if (auto e = checkText(QStringLiteral("scene_info.device_id"), scene.deviceId, 32, false))
        return e;
    if (scene.storeId.isEmpty() && !scene.storeName.isEmpty())
        return invalid(QStringLiteral("scene_info.store_info.id is required when a store name is given"));
    return std::nullopt;
}

QJsonObject sceneInfoJson(const SceneInfo &scene)
{
    QJsonObject o{{QStringLiteral("payer_client_ip"), scene.payerClientIp}};
    if (!scene.deviceId.isEmpty())
        o.insert(QStringLiteral("device_id"), scene.deviceId);
    if (!scene.storeId.isEmpty()) {
        QJsonObject store{{QStringLiteral("id"), scene.storeId}};
        if (!scene.storeName.isEmpty())
            store.insert(QStringLiteral("name"), scene.storeName);
        o.insert(QStringLiteral("store_info"), store);
    }
    return o;
}

void insertIfSet(QJsonObject &o, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(key, value);
}

void insertIfSet(QJsonObject &o, const QString &key, const QDateTime &value)
{
    if (value.isValid())
        o.insert(key, formatWechatTime(value));
}

template<typename T>
ApiResult<T> finish(const JsonReader &reader, T value)
{
    if (!reader.ok())
        return reader.error();
    return value;
}

} // namespace

// ---- ApiError ---------------------------------------------------------------

bool ApiError::is(const QString &otherCode) const
{
    return normalizedCode(code) == normalizedCode(otherCode);
}

QJsonObject ApiError::toJson() const
{
    QJsonObject o{
        {QStringLiteral("http_status"), httpStatus},
        {QStringLiteral("code"), code},
        {QStringLiteral("message"), message},
        {QStringLiteral("retryable"), retryable},
        {QStringLiteral("outcome_unknown"), outcomeUnknown},
    };
    if (!detail.isEmpty())
        o.insert(QStringLiteral("detail"), detail);
    if (!requestId.isEmpty())
        o.insert(QStringLiteral("request_id"), requestId);
    return o;
}

QString ApiError::toString() const
{
    QString text = code.isEmpty() ? QStringLiteral("error") : code;
    if (httpStatus != 0)
        text += QStringLiteral(" (HTTP %1)").arg(httpStatus);
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    const QString field = detail.value(QLatin1String("field")).toString();
    const QString issue = detail.value(QLatin1String("issue")).toString();
    if (!field.isEmpty() || !issue.isEmpty())
        text += QStringLiteral(" [%1%2%3]").arg(field, field.isEmpty() || issue.isEmpty() ? QString() : QStringLiteral(": "), issue);
    if (!requestId.isEmpty())
        text += QStringLiteral(" (Request-ID %1)").arg(requestId);
    if (outcomeUnknown)
        text += QStringLiteral("; the outcome is unknown: query before deciding");
    return text;
}

// ---- identifiers and times ----------------------------------------------------

bool isValidOutTradeNo(const QString &value)
{
    return value.size() >= 6 && value.size() <= 32 && allCharsIn(value, u"_-|*");
}

bool isValidOutRefundNo(const QString &value)
{
    return !value.isEmpty() && value.size() <= 64 && allCharsIn(value, u"_-|*@");
}

bool isValidTransactionId(const QString &value)
{
    return !value.isEmpty() && value.size() <= 32 && allCharsIn(value, u"");
}

bool isValidAuthCode(const QString &value)
{
    if (value.size() != 18 || value.at(0) != QLatin1Char('1') || value.at(1) < QLatin1Char('0')
        || value.at(1) > QLatin1Char('5'))
        return false;
    for (const QChar c : value) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

QDateTime parseWechatTime(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int ms = m.captured(7).isEmpty() ? 0 : m.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
    if (!date.isValid() || !time.isValid())
        return {};
    if (!m.captured(8).isEmpty())
        return QDateTime(date, time, Qt::UTC);
    const int hours = m.captured(10).toInt();
    const int minutes = m.captured(11).toInt();
    if (hours > 23 || minutes > 59)
        return {};
    const int offset = (m.captured(9) == QLatin1String("-") ? -1 : 1) * (hours * 3600 + minutes * 60);
    return QDateTime(date, time, Qt::OffsetFromUTC, offset);
}

// Written in the QDateTime's own offset, never converted: a local China time
// gives +08:00, a UTC one +00:00 (not "Z", which WeChat Pay's examples never use).
// Milliseconds are dropped: WeChat Pay works in seconds.
QString formatWechatTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const int offset = time.offsetFromUtc();
    const int absolute = qAbs(offset);
    return time.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss"))
        + (offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        + QStringLiteral("%1:%2").arg(absolute / 3600, 2, 10, QLatin1Char('0')).arg((absolute % 3600) / 60, 2, 10, QLatin1Char('0'));
}

// ---- Native order -------------------------------------------------------------

Result<void> NativeOrderRequest::validate() const
{
    if (appid.isEmpty())
        return invalid(QStringLiteral("appid is required"));
    if (mchid.isEmpty())
        return invalid(QStringLiteral("mchid is required"));
    if (auto e = checkText(QStringLiteral("description"), description, 127, true))
        return *e;
    if (auto e = checkOutTradeNo(QStringLiteral("out_trade_no"), outTradeNo))
        return *e;
    if (auto e = checkText(QStringLiteral("attach"), attach, 128, false))
        return *e;
    if (auto e = checkNotifyUrl(QStringLiteral("notify_url"), notifyUrl, true))
        return *e;
    if (auto e = checkText(QStringLiteral("goods_tag"), goodsTag, 32, false))
        return *e;
    if (auto e = checkAmount(QStringLiteral("amount.total"), amountTotal))
        return *e;
    if (currency.isEmpty())
        return invalid(QStringLiteral("amount.currency is required (CNY)"));
    if (auto e = checkSceneInfo(sceneInfo))
        return *e;
    return {};
}

QJsonObject NativeOrderRequest::toJson() const
{
    QJsonObject o{
        {QStringLiteral("appid"), appid},
        {QStringLiteral("mchid"), mchid},
        {QStringLiteral("description"), description},
        {QStringLiteral("out_trade_no"), outTradeNo},
        {QStringLiteral("notify_url"), notifyUrl},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), amountTotal},
                                               {QStringLiteral("currency"), currency}}},
    };
    insertIfSet(o, QStringLiteral("time_expire"), timeExpire);
    insertIfSet(o, QStringLiteral("attach"), attach);
    insertIfSet(o, QStringLiteral("goods_tag"), goodsTag);
    if (!sceneInfo.payerClientIp.isEmpty())
        o.insert(QStringLiteral("scene_info"), sceneInfoJson(sceneInfo));
    return o;
}

// ---- CodePayRequest ---------------------------------------------------------------

Result<void> CodePayRequest::validate() const
{
    if (appid.isEmpty())
        return invalid(QStringLiteral("appid is required"));
    if (mchid.isEmpty())
        return invalid(QStringLiteral("mchid is required"));
    if (auto e = checkText(QStringLiteral("description"), description, 127, true))
        return *e;
    if (auto e = checkOutTradeNo(QStringLiteral("out_trade_no"), outTradeNo))
        return *e;
    if (auto e = checkText(QStringLiteral("attach"), attach, 128, false))
        return *e;
    if (auto e = checkText(QStringLiteral("goods_tag"), goodsTag, 32, false))
        return *e;
    // The code itself is never echoed: it is a one-time credential of the customer.
    if (!isValidAuthCode(authCode)) {
        return invalid(QStringLiteral("payer.auth_code is not a WeChat payment code (18 digits starting 10-15, "
                                      "got %1 characters): scan the code in the customer's WeChat again")
                           .arg(authCode.size()));
    }
    if (auto e = checkAmount(QStringLiteral("amount.total"), amountTotal))
        return *e;
    if (currency.isEmpty())
        return invalid(QStringLiteral("amount.currency is required (CNY)"));
    if (deviceIp.isEmpty() || deviceIp.size() > 45)
        return invalid(QStringLiteral("scene_info.device_ip is required (the terminal's IP address)"));
    if (auto e = checkText(QStringLiteral("scene_info.store_info.out_id"), storeOutId, 32, true))
        return *e;
    if (auto e = checkText(QStringLiteral("scene_info.device_id"), deviceId, 32, false))
        return *e;
    return {};
}

QJsonObject CodePayRequest::toJson() const
{
    QJsonObject store{{QStringLiteral("out_id"), storeOutId}};
    insertIfSet(store, QStringLiteral("name"), storeName);
    QJsonObject scene{{QStringLiteral("device_ip"), deviceIp}, {QStringLiteral("store_info"), store}};
    insertIfSet(scene, QStringLiteral("device_id"), deviceId);
    QJsonObject o{
        {QStringLiteral("appid"), appid},
        {QStringLiteral("mchid"), mchid},
        {QStringLiteral("description"), description},
        {QStringLiteral("out_trade_no"), outTradeNo},
        {QStringLiteral("payer"), QJsonObject{{QStringLiteral("auth_code"), authCode}}},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total"), amountTotal},
                                               {QStringLiteral("currency"), currency}}},
        {QStringLiteral("scene_info"), scene},
    };
    insertIfSet(o, QStringLiteral("attach"), attach);
    insertIfSet(o, QStringLiteral("goods_tag"), goodsTag);
    return o;
}

// ---- Transaction ----------------------------------------------------------------

ApiResult<Transaction> Transaction::fromJson(const QJsonObject &object)
{
    JsonReader r(object, QStringLiteral("transaction"));
    Transaction t;
    t.appid = r.optionalString("appid");
    t.mchid = r.requiredString("mchid");
    t.outTradeNo = r.requiredString("out_trade_no");
    t.transactionId = r.optionalString("transaction_id");
    t.tradeType = r.optionalString("trade_type");
    t.tradeState = r.requiredString("trade_state");
    t.tradeStateDesc = r.optionalString("trade_state_desc");
    t.bankType = r.optionalString("bank_type");
    t.attach = r.optionalString("attach");
    t.successTime = r.optionalTime("success_time");
    t.payer.openid = r.object("payer", false).optionalString("openid");

    // A paid order has a transaction id and an amount; money is never guessed.
    const bool paid = t.tradeState == QLatin1String("SUCCESS") || t.tradeState == QLatin1String("REFUND");
    JsonReader amount = r.object("amount", paid);
    t.amount.total = paid ? amount.requiredInteger("total") : amount.optionalInteger("total").value_or(0);
    t.amount.payerTotal = amount.optionalInteger("payer_total");
    const QString currency = amount.optionalString("currency");
    if (!currency.isEmpty())
        t.amount.currency = currency;
    t.amount.payerCurrency = amount.optionalString("payer_currency");
    if (paid && t.transactionId.isEmpty())
        r.fail(QStringLiteral("/transaction_id is missing although trade_state is %1").arg(t.tradeState));
    t.raw = object;
    return finish(r, std::move(t));
}

// ---- Combined order ---------------------------------------------------------------

Result<void> CombineOrderRequest::validate() const
{
    if (combineAppid.isEmpty())
        return invalid(QStringLiteral("combine_appid is required"));
    if (combineMchid.isEmpty())
        return invalid(QStringLiteral("combine_mchid is required"));
    if (auto e = checkOutTradeNo(QStringLiteral("combine_out_trade_no"), combineOutTradeNo))
        return *e;
    if (subOrders.size() < 2 || subOrders.size() > 10) {
        return invalid(QStringLiteral("sub_orders has %1 sub-orders; a combined order needs 2 to 10")
                           .arg(subOrders.size()));
    }
    QSet<QString> seen;
    for (qsizetype i = 0; i < subOrders.size(); ++i) {
        const CombineSubOrderRequest &s = subOrders.at(i);
        const QString prefix = QStringLiteral("sub_orders[%1].").arg(i);
        if (s.mchid.isEmpty())
            return invalid(prefix + QStringLiteral("mchid is required"));
        if (auto e = checkText(prefix + QStringLiteral("attach"), s.attach, 128, true))
            return *e;
        if (auto e = checkAmount(prefix + QStringLiteral("amount.total_amount"), s.amountTotal))
            return *e;
        if (s.currency.isEmpty())
            return invalid(prefix + QStringLiteral("amount.currency is required (CNY)"));
        if (auto e = checkOutTradeNo(prefix + QStringLiteral("out_trade_no"), s.outTradeNo))
            return *e;
        if (auto e = checkText(prefix + QStringLiteral("description"), s.description, 127, true))
            return *e;
        const QString key = s.mchid + QLatin1Char('/') + s.outTradeNo;
        if (seen.contains(key))
            return invalid(prefix + QStringLiteral("out_trade_no \"%1\" is used by another sub-order").arg(s.outTradeNo));
        seen.insert(key);
    }
    if (timeStart.isValid() && timeExpire.isValid() && timeExpire <= timeStart)
        return invalid(QStringLiteral("time_expire must be after time_start"));
    if (auto e = checkNotifyUrl(QStringLiteral("notify_url"), notifyUrl, true))
        return *e;
    if (auto e = checkSceneInfo(sceneInfo))
        return *e;
    return {};
}

QJsonObject CombineOrderRequest::toJson() const
{
    QJsonArray subs;
    for (const CombineSubOrderRequest &s : subOrders) {
        subs.append(QJsonObject{
            {QStringLiteral("mchid"), s.mchid},
            {QStringLiteral("attach"), s.attach},
            {QStringLiteral("amount"), QJsonObject{{QStringLiteral("total_amount"), s.amountTotal},
                                                   {QStringLiteral("currency"), s.currency}}},
            {QStringLiteral("out_trade_no"), s.outTradeNo},
            {QStringLiteral("description"), s.description},
        });
    }
    QJsonObject o{
        {QStringLiteral("combine_appid"), combineAppid},
        {QStringLiteral("combine_mchid"), combineMchid},
        {QStringLiteral("combine_out_trade_no"), combineOutTradeNo},
        {QStringLiteral("sub_orders"), subs},
        {QStringLiteral("notify_url"), notifyUrl},
    };
    if (!sceneInfo.payerClientIp.isEmpty()) {
        // Combined orders know payer_client_ip and device_id only.
        QJsonObject scene{{QStringLiteral("payer_client_ip"), sceneInfo.payerClientIp}};
        insertIfSet(scene, QStringLiteral("device_id"), sceneInfo.deviceId);
        o.insert(QStringLiteral("scene_info"), scene);
    }
    insertIfSet(o, QStringLiteral("time_start"), timeStart);
    insertIfSet(o, QStringLiteral("time_expire"), timeExpire);
    return o;
}

ApiResult<CombineTransaction> CombineTransaction::fromJson(const QJsonObject &object)
{
    JsonReader r(object, QStringLiteral("combined order"));
    CombineTransaction t;
    t.combineAppid = r.optionalString("combine_appid");
    t.combineMchid = r.requiredString("combine_mchid");
    t.combineOutTradeNo = r.requiredString("combine_out_trade_no");
    t.combinePayerOpenid = r.object("combine_payer_info", false).optionalString("openid");
    const QList<JsonReader> subs = r.array("sub_orders", true);
    if (r.ok() && subs.isEmpty())
        r.fail(QStringLiteral("/sub_orders is empty"));
    for (JsonReader s : subs) {
        CombineSubOrder sub;
        sub.mchid = s.requiredString("mchid");
        sub.tradeType = s.optionalString("trade_type");
        sub.tradeState = s.requiredString("trade_state");
        sub.bankType = s.optionalString("bank_type");
        sub.attach = s.optionalString("attach");
        sub.successTime = s.optionalTime("success_time");
        sub.transactionId = s.optionalString("transaction_id");
        sub.outTradeNo = s.requiredString("out_trade_no");
        JsonReader amount = s.object("amount", true);
        sub.totalAmount = amount.requiredInteger("total_amount");
        sub.payerAmount = amount.optionalInteger("payer_amount");
        sub.currency = amount.optionalString("currency");
        t.subOrders.append(sub);
    }
    t.raw = object;
    return finish(r, std::move(t));
}

CombineCloseRequest CombineCloseRequest::fromOrder(const CombineOrderRequest &order)
{
    CombineCloseRequest close;
    close.combineAppid = order.combineAppid;
    close.combineOutTradeNo = order.combineOutTradeNo;
    for (const CombineSubOrderRequest &s : order.subOrders)
        close.subOrders.append({s.mchid, s.outTradeNo});
    return close;
}

CombineCloseRequest CombineCloseRequest::fromTransaction(const CombineTransaction &transaction)
{
    CombineCloseRequest close;
    close.combineAppid = transaction.combineAppid;
    close.combineOutTradeNo = transaction.combineOutTradeNo;
    for (const CombineSubOrder &s : transaction.subOrders)
        close.subOrders.append({s.mchid, s.outTradeNo});
    return close;
}

Result<void> CombineCloseRequest::validate() const
{
    if (combineAppid.isEmpty())
        return invalid(QStringLiteral("combine_appid is required"));
    if (auto e = checkOutTradeNo(QStringLiteral("combine_out_trade_no"), combineOutTradeNo))
        return *e;
    if (subOrders.size() < 2 || subOrders.size() > 10) {
        return invalid(QStringLiteral("sub_orders lists %1 sub-orders; closing a combined order must list every "
                                      "one of its 2 to 10 sub-orders (there is no partial close)")
                           .arg(subOrders.size()));
    }
    QSet<QString> seen;
    for (qsizetype i = 0; i < subOrders.size(); ++i) {
        const auto &[mchid, outTradeNo] = subOrders.at(i);
        const QString prefix = QStringLiteral("sub_orders[%1].").arg(i);
        if (mchid.isEmpty())
            return invalid(prefix + QStringLiteral("mchid is required"));
        if (auto e = checkOutTradeNo(prefix + QStringLiteral("out_trade_no"), outTradeNo))
            return *e;
        const QString key = mchid + QLatin1Char('/') + outTradeNo;
        if (seen.contains(key))
            return invalid(prefix + QStringLiteral("out_trade_no \"%1\" is listed twice").arg(outTradeNo));
        seen.insert(key);
    }
    return {};
}

QJsonObject CombineCloseRequest::toJson() const
{
    QJsonArray subs;
    for (const auto &[mchid, outTradeNo] : subOrders)
        subs.append(QJsonObject{{QStringLiteral("mchid"), mchid}, {QStringLiteral("out_trade_no"), outTradeNo}});
    return QJsonObject{{QStringLiteral("combine_appid"), combineAppid}, {QStringLiteral("sub_orders"), subs}};
}

// ---- Refund -----------------------------------------------------------------------

Result<void> RefundRequest::validate() const
{
    if (transactionId.isEmpty() && outTradeNo.isEmpty())
        return invalid(QStringLiteral("a refund needs the order's transaction_id or out_trade_no"));
    if (!transactionId.isEmpty() && !isValidTransactionId(transactionId))
        return invalid(QStringLiteral("transaction_id \"%1\" must be 1 to 32 letters or digits").arg(transactionId.left(40)));
    if (!outTradeNo.isEmpty()) {
        if (auto e = checkOutTradeNo(QStringLiteral("out_trade_no"), outTradeNo))
            return *e;
    }
    if (!isValidOutRefundNo(outRefundNo)) {
        return invalid(QStringLiteral("out_refund_no \"%1\" must be 1 to 64 characters of 0-9, A-Z, a-z, _ - | * @")
                           .arg(outRefundNo.left(70)));
    }
    if (auto e = checkText(QStringLiteral("reason"), reason, 80, false))
        return *e;
    if (auto e = checkNotifyUrl(QStringLiteral("notify_url"), notifyUrl, false))
        return *e;
    if (auto e = checkAmount(QStringLiteral("amount.refund"), refund))
        return *e;
    if (auto e = checkAmount(QStringLiteral("amount.total"), total))
        return *e;
    if (refund > total) {
        return invalid(QStringLiteral("amount.refund (%1 fen) exceeds the order's amount.total (%2 fen)")
                           .arg(refund).arg(total));
    }
    if (currency.isEmpty())
        return invalid(QStringLiteral("amount.currency is required (CNY)"));
    return {};
}

QJsonObject RefundRequest::toJson() const
{
    QJsonObject o{
        {QStringLiteral("out_refund_no"), outRefundNo},
        {QStringLiteral("amount"), QJsonObject{{QStringLiteral("refund"), refund},
                                               {QStringLiteral("total"), total},
                                               {QStringLiteral("currency"), currency}}},
    };
    insertIfSet(o, QStringLiteral("transaction_id"), transactionId);
    insertIfSet(o, QStringLiteral("out_trade_no"), outTradeNo);
    insertIfSet(o, QStringLiteral("reason"), reason);
    insertIfSet(o, QStringLiteral("notify_url"), notifyUrl);
    insertIfSet(o, QStringLiteral("funds_account"), fundsAccount);
    return o;
}

ApiResult<Refund> Refund::fromJson(const QJsonObject &object)
{
    JsonReader r(object, QStringLiteral("refund"));
    Refund f;
    f.refundId = r.requiredString("refund_id");
    f.outRefundNo = r.requiredString("out_refund_no");
    f.transactionId = r.optionalString("transaction_id");
    f.outTradeNo = r.optionalString("out_trade_no");
    f.channel = r.optionalString("channel");
    f.userReceivedAccount = r.optionalString("user_received_account");
    f.successTime = r.optionalTime("success_time");
    f.createTime = r.optionalTime("create_time");
    // The refund call and query say "status", a REFUND.* notification "refund_status".
    f.status = r.has("status") ? r.requiredString("status") : r.requiredString("refund_status");
    f.fundsAccount = r.optionalString("funds_account");
    JsonReader amount = r.object("amount", true);
    f.total = amount.requiredInteger("total");
    f.refund = amount.requiredInteger("refund");
    f.payerTotal = amount.optionalInteger("payer_total").value_or(0);
    f.payerRefund = amount.optionalInteger("payer_refund").value_or(0);
    f.raw = object;
    return finish(r, std::move(f));
}

// ---- Bills --------------------------------------------------------------------------

Result<void> TradeBillRequest::validate() const
{
    if (!billDate.isValid())
        return invalid(QStringLiteral("bill_date is required"));
    static const QStringList types{QStringLiteral("ALL"),         QStringLiteral("SUCCESS"),
                                   QStringLiteral("REFUND"),      QStringLiteral("RECHARGE_REFUND"),
                                   QStringLiteral("ALL_SPECIAL"), QStringLiteral("SUC_SPECIAL"),
                                   QStringLiteral("REF_SPECIAL")};
    if (!types.contains(billType)) {
        return invalid(QStringLiteral("bill_type \"%1\" is not one of %2")
                           .arg(billType.left(40), types.join(QStringLiteral(", "))));
    }
    return {};
}

QByteArray TradeBillRequest::pathAndQuery() const
{
    QByteArray target = "/v3/bill/tradebill?bill_date="
        + billDate.toString(Qt::ISODate).toLatin1()
        + "&bill_type=" + QUrl::toPercentEncoding(billType);
    if (gzip)
        target += "&tar_type=GZIP";
    return target;
}

} // namespace paydesk
