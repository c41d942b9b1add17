// SPDX-License-Identifier: MIT
#pragma once

#include "apitypes.h"
#include "merchantcredentials.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <variant>

class QNetworkAccessManager;

namespace paydesk {

// Asynchronous WeChat Pay APIv3 client for one merchant; one instance is reused
// for every call (it owns one QNetworkAccessManager).
//
// Every request body is serialised once, signed (RequestSigner) and sent as
// those bytes; a merchant with a WeChat Pay public key sends its id as
// Wechatpay-Serial, which asks WeChat Pay to sign the answers with that key. Every 2xx answer is verified (ResponseVerifier) before anything
// reads it; an unknown Wechatpay-Serial triggers one certificate refresh and a
// second verification. Transport errors, timeouts, 5xx and 429 are retried with
// exponential backoff and full jitter, with the same identifiers; 4xx never.
//
// Callbacks always run later from the event loop of the client's thread, never
// from inside the call that started them (validation errors included), and
// exactly once; a client destroyed with calls in flight drops their callbacks.
//
// outcomeUnknown is set for POSTs only (a GET changes nothing): after the last
// attempt failed by transport error, timeout or 5xx (not 429, and not when the
// connection was refused, so nothing was sent), and for a 2xx whose signature or
// body cannot be trusted or read. Requests are validated before anything is
// sent (ApiError INVALID_ARGUMENT naming the field); empty appid/mchid fields
// are filled from the credentials, and a mchid other than theirs is refused.
//
// Certificates: with no platform certificate yet (or when WeChat Pay signs with
// one not yet known), the /v3/certificates answer is verified with a certificate
// it carries, as the official SDKs do on first download. Safe because every
// certificate arrives AES-GCM-sealed with the APIv3 key. Merchants with
// certificates (or no keys at all) are refreshed every certificateRefreshHours.
class ApiClient : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl baseUrl = QUrl(QStringLiteral("https://api.mch.weixin.qq.com"));
        int timeoutMs = 10000;         // per attempt
        int maxAttempts = 4;           // 1 = no retry
        int initialBackoffMs = 250;    // first retry waits up to this (full jitter)
        int maxBackoffMs = 4000;       // cap of one wait
        QByteArray userAgent;          // default "PayDesk/<version> (Qt; OpenSSL)"
        qint64 verifyWindowSeconds = 300;
        int certificateRefreshHours = 12;
        // The clock signatures are checked against; tests inject a skewed one.
        std::function<QDateTime()> clock;
    };

    template<typename T>
    using Callback = std::function<void(ApiResult<T>)>;
    using Done = std::monostate;

    ApiClient(MerchantCredentials credentials, Options options, QObject *parent = nullptr);
    ~ApiClient() override;

    const MerchantCredentials &credentials() const;
    const Options &options() const;
    const PlatformKeys &platformKeys() const;

    // Section 6 of ../shared/wechatpay-v3.md.
    void createNativeOrder(const NativeOrderRequest &request, Callback<CodeUrlResult> done);
    void queryByOutTradeNo(const QString &outTradeNo, Callback<Transaction> done);
    void queryByTransactionId(const QString &transactionId, Callback<Transaction> done);
    void closeOrder(const QString &outTradeNo, Callback<Done> done);
    void createCombineOrder(const CombineOrderRequest &request, Callback<CodeUrlResult> done);
    void queryCombineOrder(const QString &combineOutTradeNo, Callback<CombineTransaction> done);
    void closeCombineOrder(const CombineCloseRequest &request, Callback<Done> done);
    // Code pay (付款码, docs/codepay.md): SUCCESS with the transaction, or
    // USERPAYING (HTTP 202, or an error body with code USERPAYING) when the
    // customer must enter a password. Any other answer is an ApiError; after
    // outcomeUnknown the order must be queried and, if still open, reversed.
    void createCodePay(const CodePayRequest &request, Callback<CodePayResult> done);
    // POST .../out-trade-no/{no}/reverse (撤销, code pay only): closes an unpaid
    // order, and refunds a paid one. 200 (or 204) means done.
    void reverseOrder(const QString &outTradeNo, Callback<Done> done);
    void createRefund(const RefundRequest &request, Callback<Refund> done);
    void queryRefund(const QString &outRefundNo, Callback<Refund> done);
    // Asks for the bill, downloads download_url at once (signed GET), gunzips
    // when requested, and checks SHA1 before returning the content.
    void downloadTradeBill(const TradeBillRequest &request, Callback<TradeBill> done);
    // GET /v3/certificates: decrypts each with the APIv3 key, adds them to the
    // platform keys (keeping every valid one). 404 RESOURCE_NOT_EXISTS/NOT_FOUND
    // means a public-key-only merchant: returns an empty list, not an error.
    void refreshCertificates(Callback<QList<PlatformCertificateInfo>> done);

signals:
    void certificatesRefreshed(int count);
    // The server's clock is this far from ours (from a stale-timestamp failure
    // or the Date header); past 300 s every signature fails.
    void clockSkewDetected(qint64 seconds);
    void reachabilityChanged(bool reachable);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace paydesk
