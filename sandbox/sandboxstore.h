// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "sandboxtypes.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <optional>

namespace paydesk::sandbox {

struct PlatformKeyRecord
{
    qint64 id = 0;
    QString kind; // "certificate", "public_key", "tls"
    QString serial; // certificate serial (upper-case hex) or PUB_KEY_ID_...
    QByteArray keyPem; // PKCS#8 private key
    QByteArray certPem;
    qint64 createdAt = 0;
    bool active = false;
};

struct MerchantRecord
{
    QString mchid;
    QString appid;
    QString name;
    QByteArray apiV3Key;
    QByteArray certPem;
    QByteArray publicKeyPem; // the key requests are verified with (from the certificate or given)
    QString serialNo;
    KeyMode keyMode = KeyMode::Certificate;
    QString refundNotifyUrl;
    qint64 createdAt = 0;

    bool canSign() const { return !publicKeyPem.isEmpty() && !serialNo.isEmpty(); }
    QVariantMap toMap() const;
    static MerchantRecord fromMap(const QVariantMap &row);
};

// A Native order, or one sub-order of a combined order (combineOutTradeNo set).
struct OrderRecord
{
    QString mchid;
    QString outTradeNo;
    QString appid;
    QString combineMchid;
    QString combineOutTradeNo;
    QByteArray fingerprint; // canonical JSON of the create body (Native only)
    QString description;
    QString attach;
    QString notifyUrl;
    QString goodsTag;
    QString deviceId;
    qint64 total = 0;
    QString currency = QStringLiteral("CNY");
    qint64 timeExpire = 0; // secs
    qint64 createdAt = 0;
    QString codeUrl;
    qint64 codeUrlAt = 0;
    QString tradeState = QStringLiteral("NOTPAY");
    QString tradeStateDesc;
    QString transactionId;
    QString bankType;
    QString openid;
    qint64 successTime = 0;
    qint64 payerTotal = 0;
    qint64 refunded = 0; // sum of refunds that are not CLOSED
    qint64 refundCount = 0;
    qint64 lastRefundAt = 0; // secs
    qint64 scannedAt = 0;

    bool isSubOrder() const { return !combineOutTradeNo.isEmpty(); }
    // Code pay (MICROPAY): the only kind of order created without a code_url.
    bool isCodePay() const { return codeUrl.isEmpty() && !isSubOrder(); }
    bool isPaid() const;
    QVariantMap toMap() const;
    static OrderRecord fromMap(const QVariantMap &row);
};

struct CombineRecord
{
    QString combineMchid;
    QString combineOutTradeNo;
    QString combineAppid;
    QByteArray fingerprint;
    QString notifyUrl;
    QString deviceId;
    QByteArray sceneJson;
    qint64 timeStart = 0;
    qint64 timeExpire = 0;
    qint64 createdAt = 0;
    QString codeUrl;
    qint64 codeUrlAt = 0;
    QString openid;

    QVariantMap toMap() const;
    static CombineRecord fromMap(const QVariantMap &row);
};

struct RefundRecord
{
    QString mchid;
    QString outRefundNo;
    QString refundId;
    QString outTradeNo;
    QString transactionId;
    QByteArray fingerprint;
    QString reason;
    QString notifyUrl;
    QString fundsAccount;
    qint64 refund = 0;
    qint64 total = 0;
    QString currency = QStringLiteral("CNY");
    QString status = QStringLiteral("PROCESSING");
    QString plannedStatus = QStringLiteral("SUCCESS");
    qint64 dueAtMs = 0; // real-time milliseconds when PROCESSING resolves
    qint64 createTime = 0;
    qint64 successTime = 0;
    QString userReceivedAccount;
    QString channel = QStringLiteral("ORIGINAL");

    QVariantMap toMap() const;
    static RefundRecord fromMap(const QVariantMap &row);
};

struct NotificationRecord
{
    QString id;
    qint64 seq = 0;
    QString mchid;
    QString eventType;
    QString notifyUrl;
    QString summary;
    QByteArray body; // the envelope as sent (resource encrypted)
    QByteArray plaintext; // the resource before encryption, for the delivery log
    qint64 createdAt = 0;
    int attempts = 0;
    qint64 nextAttemptMs = 0; // real-time ms; 0 = not scheduled
    QString state = QStringLiteral("pending"); // pending, held, delivered, failed
    int lastStatus = 0;
    QString lastError;

    QVariantMap toMap() const;
    static NotificationRecord fromMap(const QVariantMap &row);
};

struct LedgerEntry
{
    qint64 id = 0;
    QString mchid;
    qint64 at = 0;
    QString billDate;
    QString kind; // PAYMENT, REFUND
    QString outTradeNo;
    QString transactionId;
    QString outRefundNo;
    QString refundId;
    qint64 amount = 0;

    QVariantMap toMap() const;
    static LedgerEntry fromMap(const QVariantMap &row);
};

// Logs a failed write (the sandbox carries on; the log says what was lost).
bool succeeded(const Result<void> &result);

// The sandbox's state in SQLite (Qt SQL), so a restart loses nothing: platform
// keys, merchants, orders, refunds, the ledger, the notification queue and
// bill download tokens. One connection per store, named uniquely, used from
// the thread that opened it.
class SandboxStore
{
public:
    SandboxStore();
    ~SandboxStore();
    SandboxStore(const SandboxStore &) = delete;
    SandboxStore &operator=(const SandboxStore &) = delete;

    // `path` is a file, or empty for an in-memory database.
    Result<void> open(const QString &path);
    void close();
    bool isOpen() const;

    bool begin();
    bool commit();
    void rollback();

    // Generic row access; table and column names are the sandbox's own constants.
    Result<void> insert(const QString &table, const QVariantMap &row, bool orReplace = false);
    Result<void> update(const QString &table, const QVariantMap &row, const QStringList &keyColumns);
    QList<QVariantMap> select(const QString &sql, const QVariantList &binds = {}) const;
    std::optional<QVariantMap> selectOne(const QString &sql, const QVariantList &binds = {}) const;
    Result<void> exec(const QString &sql, const QVariantList &binds = {});

    QString setting(const QString &key, const QString &fallback = {}) const;
    void setSetting(const QString &key, const QString &value);
    qint64 nextSequence(const QString &name);

    QList<PlatformKeyRecord> platformKeys() const;
    Result<qint64> insertPlatformKey(const PlatformKeyRecord &key);
    void activatePlatformKey(const QString &kind, qint64 id);

    QList<MerchantRecord> merchants() const;
    Result<void> saveMerchant(const MerchantRecord &merchant);

    std::optional<OrderRecord> order(const QString &mchid, const QString &outTradeNo) const;
    std::optional<OrderRecord> orderByTransactionId(const QString &mchid, const QString &transactionId) const;
    std::optional<OrderRecord> orderByCodeUrl(const QString &codeUrl) const;
    QList<OrderRecord> ordersByOutTradeNo(const QString &outTradeNo) const;
    QList<OrderRecord> subOrders(const QString &combineMchid, const QString &combineOutTradeNo) const;
    QList<OrderRecord> orders(const QString &mchid = {}) const;
    Result<void> insertOrder(const OrderRecord &order);
    Result<void> updateOrder(const OrderRecord &order);

    std::optional<CombineRecord> combine(const QString &combineMchid, const QString &combineOutTradeNo) const;
    std::optional<CombineRecord> combineByCodeUrl(const QString &codeUrl) const;
    QList<CombineRecord> combinesByOutTradeNo(const QString &combineOutTradeNo) const;
    QList<CombineRecord> combines() const;
    Result<void> insertCombine(const CombineRecord &combine);
    Result<void> updateCombine(const CombineRecord &combine);

    std::optional<RefundRecord> refund(const QString &mchid, const QString &outRefundNo) const;
    QList<RefundRecord> refundsOfOrder(const QString &mchid, const QString &outTradeNo) const;
    QList<RefundRecord> refunds(const QString &mchid = {}) const;
    QList<RefundRecord> processingRefunds() const;
    Result<void> insertRefund(const RefundRecord &refund);
    Result<void> updateRefund(const RefundRecord &refund);

    Result<void> addLedgerEntry(const LedgerEntry &entry);
    QList<LedgerEntry> ledger(const QString &mchid = {}, const QString &billDate = {}) const;

    Result<void> saveNotification(const NotificationRecord &notification, bool insert);
    std::optional<NotificationRecord> notification(const QString &id) const;
    QList<NotificationRecord> notifications(const QString &state = {}) const;
    Result<void> addNotificationAttempt(const QString &id, int attempt, qint64 atMs, int httpStatus,
                                        const QString &error, qint64 elapsedMs, const QString &kind);
    QList<QVariantMap> notificationAttempts(const QString &id) const;

    // Everything a test or trainer makes (orders, refunds, ledger,
    // notifications, bill tokens, refund outcomes); merchants, platform keys
    // and settings stay.
    Result<void> resetActivity();

private:
    Result<void> createSchema();

    QString m_connectionName;
};

} // namespace paydesk::sandbox
