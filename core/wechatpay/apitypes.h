// SPDX-License-Identifier: MIT
// Typed requests and results of the WeChat Pay APIv3 calls a cashier makes
// (../shared/wechatpay-v3.md section 6). Amounts are integer fen; times are
// QDateTime carrying their offset (RFC 3339 on the wire).
#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

// A failed call. `httpStatus` 0 means no HTTP answer (transport error, timeout,
// or an answer whose signature failed). `retryable` says whether the same call,
// with the same identifiers, may succeed later (5xx, 429, transport).
// `outcomeUnknown` is true when the request may have reached WeChat Pay but no
// trustworthy answer came back: the caller must query before deciding anything.
struct ApiError
{
    int httpStatus = 0;
    QString code;    // WeChat Pay's code (ORDER_NOT_EXIST, ...) or a local one:
                     // TRANSPORT_ERROR, TIMEOUT, INVALID_ARGUMENT, BAD_RESPONSE_SIGNATURE,
                     // MALFORMED_RESPONSE, HASH_MISMATCH, DECRYPT_FAILED (a downloaded
                     // platform certificate does not open with the APIv3 key),
                     // SIGNING_FAILED; HTTP_<status> for an error answer without a code.
                     // BAD_RESPONSE_SIGNATURE carries detail {verify_failure, http_status}.
    QString message;
    QJsonObject detail;
    QString requestId;
    bool retryable = false;
    bool outcomeUnknown = false;

    // Codes are compared with and without underscores (NOTENOUGH == NOT_ENOUGH).
    bool is(const QString &otherCode) const;
    QJsonObject toJson() const;
    QString toString() const;
};

template<typename T>
using ApiResult = Result<T, ApiError>;

struct Amount
{
    qint64 total = 0;              // fen
    QString currency = QStringLiteral("CNY");
    std::optional<qint64> payerTotal;
    QString payerCurrency;
};

struct SceneInfo
{
    QString payerClientIp;
    QString deviceId;
    QString storeId;   // store_info.id
    QString storeName; // store_info.name
    bool isEmpty() const { return payerClientIp.isEmpty() && deviceId.isEmpty() && storeId.isEmpty(); }
};

struct NativeOrderRequest
{
    QString appid;
    QString mchid;
    QString description;  // <= 127 characters
    QString outTradeNo;   // 6-32 of [0-9A-Za-z_-|*]
    QDateTime timeExpire; // optional
    QString attach;       // <= 128
    QString notifyUrl;
    QString goodsTag;
    qint64 amountTotal = 0; // fen, > 0
    QString currency = QStringLiteral("CNY");
    SceneInfo sceneInfo;

    Result<void> validate() const;
    QJsonObject toJson() const;
};

struct CodeUrlResult
{
    QString codeUrl; // weixin://wxpay/bizpayurl?pr=...
};

struct Payer
{
    QString openid;
};

// The answer of a query by out_trade_no / transaction_id, and the decrypted
// resource of a TRANSACTION.SUCCESS notification.
struct Transaction
{
    QString appid;
    QString mchid;
    QString outTradeNo;
    QString transactionId; // empty while unpaid
    QString tradeType;     // NATIVE, MICROPAY, ...
    QString tradeState;    // SUCCESS REFUND NOTPAY USERPAYING CLOSED REVOKED PAYERROR ACCEPT
    QString tradeStateDesc;
    QString bankType;
    QString attach;
    QDateTime successTime;
    Payer payer;
    Amount amount;
    QJsonObject raw; // the JSON as received

    static ApiResult<Transaction> fromJson(const QJsonObject &object);
};

// Code pay (付款码): the cashier scans the payment code the customer shows in
// WeChat. POST /v3/pay/transactions/codepay; see docs/codepay.md.
struct CodePayRequest
{
    QString appid;
    QString mchid;
    QString description;  // <= 127 characters
    QString outTradeNo;   // 6-32 of [0-9A-Za-z_-|*]
    QString attach;       // <= 128
    QString goodsTag;
    QString authCode;     // payer.auth_code: 18 digits starting 10-15
    qint64 amountTotal = 0; // fen, > 0
    QString currency = QStringLiteral("CNY");
    QString deviceIp;     // scene_info.device_ip (required)
    QString deviceId;     // scene_info.device_id
    QString storeOutId;   // scene_info.store_info.out_id (required)
    QString storeName;    // scene_info.store_info.name

    Result<void> validate() const;
    QJsonObject toJson() const;
};

// What the codepay call answered. 200 carries the paid transaction; 202 (and,
// on older wire habits, an error body with code USERPAYING) means the customer
// must enter a password: the order exists, its result comes from queries.
struct CodePayResult
{
    QString tradeState; // SUCCESS or USERPAYING (anything else is treated as unknown)
    Transaction transaction; // filled when the answer carried one (SUCCESS)
    int httpStatus = 0;

    bool paid() const { return tradeState == QLatin1String("SUCCESS"); }
    bool userPaying() const { return tradeState == QLatin1String("USERPAYING"); }
};

struct CombineSubOrderRequest
{
    QString mchid;
    QString attach;
    qint64 amountTotal = 0; // amount.total_amount, fen
    QString currency = QStringLiteral("CNY");
    QString outTradeNo;
    QString description;
};

struct CombineOrderRequest
{
    QString combineAppid;
    QString combineMchid;
    QString combineOutTradeNo;
    SceneInfo sceneInfo;
    QList<CombineSubOrderRequest> subOrders; // 2..10
    QDateTime timeStart;
    QDateTime timeExpire;
    QString notifyUrl;

    Result<void> validate() const;
    QJsonObject toJson() const;
};

struct CombineSubOrder
{
    QString mchid;
    QString tradeType;
    QString tradeState;
    QString bankType;
    QString attach;
    QDateTime successTime;
    QString transactionId;
    QString outTradeNo;
    qint64 totalAmount = 0;
    std::optional<qint64> payerAmount;
    QString currency;
};

struct CombineTransaction
{
    QString combineAppid;
    QString combineMchid;
    QString combineOutTradeNo;
    QString combinePayerOpenid;
    QList<CombineSubOrder> subOrders;
    QJsonObject raw;

    static ApiResult<CombineTransaction> fromJson(const QJsonObject &object);
};

struct CombineCloseRequest
{
    QString combineAppid;
    QString combineOutTradeNo;
    QList<QPair<QString, QString>> subOrders; // (mchid, out_trade_no), every sub-order

    // A close that lists every sub-order of `order` / of the queried `transaction`,
    // as WeChat Pay requires (there is no partial close).
    static CombineCloseRequest fromOrder(const CombineOrderRequest &order);
    static CombineCloseRequest fromTransaction(const CombineTransaction &transaction);

    Result<void> validate() const;
    QJsonObject toJson() const;
};

struct RefundRequest
{
    QString transactionId; // one of transactionId / outTradeNo
    QString outTradeNo;
    QString outRefundNo;   // 1-64 of [0-9A-Za-z_-|*@]
    QString reason;        // <= 80
    QString notifyUrl;
    QString fundsAccount;
    qint64 refund = 0;     // fen, > 0
    qint64 total = 0;      // fen, the order's total
    QString currency = QStringLiteral("CNY");

    Result<void> validate() const;
    QJsonObject toJson() const;
};

// A refund as the refund call, the refund query and a REFUND.* notification give it.
struct Refund
{
    QString refundId;
    QString outRefundNo;
    QString transactionId;
    QString outTradeNo;
    QString channel;
    QString userReceivedAccount;
    QDateTime successTime;
    QDateTime createTime;
    QString status; // PROCESSING SUCCESS CLOSED ABNORMAL (notifications: refund_status)
    QString fundsAccount;
    qint64 total = 0;
    qint64 refund = 0;
    qint64 payerTotal = 0;
    qint64 payerRefund = 0;
    QJsonObject raw;

    static ApiResult<Refund> fromJson(const QJsonObject &object);
};

struct TradeBillRequest
{
    QDate billDate;
    QString billType = QStringLiteral("ALL"); // ALL, SUCCESS, REFUND
    bool gzip = false;
    Result<void> validate() const;
    QByteArray pathAndQuery() const;
};

struct TradeBill
{
    QString hashType;  // SHA1
    QString hashValue;
    QString downloadUrl;
    QByteArray content; // the decompressed file, its SHA1 checked
};

struct PlatformCertificateInfo
{
    QString serialNo;
    QDateTime effectiveTime;
    QDateTime expireTime;
    QByteArray certificatePem; // decrypted
};

// Accepts RFC 3339 with offset, with or without milliseconds.
QDateTime parseWechatTime(const QString &text);
// 2024-05-20T13:29:35+08:00: written in the QDateTime's own offset, never converted
// (+08:00 for China time, +00:00 for a UTC QDateTime, never "Z"); milliseconds dropped.
QString formatWechatTime(const QDateTime &time);

bool isValidOutTradeNo(const QString &value);
bool isValidOutRefundNo(const QString &value);
// 1-32 letters or digits: what can safely go into a query path.
bool isValidTransactionId(const QString &value);
// A WeChat payment code (付款码): 18 digits starting 10, 11, 12, 13, 14 or 15.
bool isValidAuthCode(const QString &value);

} // namespace paydesk
