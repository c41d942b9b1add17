// SPDX-License-Identifier: MIT
#include "sandboxstore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace paydesk::sandbox {

namespace {

const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS platform_keys (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
    " serial TEXT NOT NULL, key_pem BLOB NOT NULL, cert_pem BLOB, created_at INTEGER NOT NULL,"
    " active INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS merchants (mchid TEXT PRIMARY KEY, appid TEXT NOT NULL, name TEXT NOT NULL,"
    " apiv3_key BLOB, cert_pem BLOB, public_key_pem BLOB, serial_no TEXT, key_mode TEXT NOT NULL,"
    " refund_notify_url TEXT, created_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS combines (combine_mchid TEXT NOT NULL, combine_out_trade_no TEXT NOT NULL,"
    " combine_appid TEXT NOT NULL, fingerprint BLOB NOT NULL, notify_url TEXT NOT NULL, device_id TEXT,"
    " scene_json BLOB, time_start INTEGER, time_expire INTEGER NOT NULL, created_at INTEGER NOT NULL,"
    " code_url TEXT NOT NULL, code_url_at INTEGER NOT NULL, openid TEXT,"
    " PRIMARY KEY (combine_mchid, combine_out_trade_no))",
    "CREATE INDEX IF NOT EXISTS combines_code_url ON combines (code_url)",
    "CREATE TABLE IF NOT EXISTS orders (mchid TEXT NOT NULL, out_trade_no TEXT NOT NULL, appid TEXT NOT NULL,"
    " combine_mchid TEXT, combine_out_trade_no TEXT, fingerprint BLOB, description TEXT, attach TEXT,"
    " notify_url TEXT, goods_tag TEXT, device_id TEXT, total INTEGER NOT NULL, currency TEXT NOT NULL,"
    " time_expire INTEGER NOT NULL, created_at INTEGER NOT NULL, code_url TEXT, code_url_at INTEGER,"
    " trade_state TEXT NOT NULL, trade_state_desc TEXT NOT NULL, transaction_id TEXT, bank_type TEXT,"
    " openid TEXT, success_time INTEGER, payer_total INTEGER, refunded INTEGER NOT NULL DEFAULT 0,"
    " refund_count INTEGER NOT NULL DEFAULT 0, last_refund_at INTEGER, scanned_at INTEGER,"
    " PRIMARY KEY (mchid, out_trade_no))",
    "CREATE INDEX IF NOT EXISTS orders_transaction ON orders (transaction_id)",
    "CREATE INDEX IF NOT EXISTS orders_code_url ON orders (code_url)",
    "CREATE INDEX IF NOT EXISTS orders_combine ON orders (combine_mchid, combine_out_trade_no)",
    // Code pay: the request as first sent, and the customer's pending password step.
    "CREATE TABLE IF NOT EXISTS codepay_orders (mchid TEXT NOT NULL, out_trade_no TEXT NOT NULL,"
    " fingerprint BLOB NOT NULL, plan TEXT NOT NULL, due_at_ms INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (mchid, out_trade_no))",
    "CREATE TABLE IF NOT EXISTS refunds (mchid TEXT NOT NULL, out_refund_no TEXT NOT NULL,"
    " refund_id TEXT NOT NULL UNIQUE, out_trade_no TEXT NOT NULL, transaction_id TEXT NOT NULL,"
    " fingerprint BLOB NOT NULL, reason TEXT, notify_url TEXT, funds_account TEXT, refund INTEGER NOT NULL,"
    " total INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, planned_status TEXT NOT NULL,"
    " due_at_ms INTEGER, create_time INTEGER NOT NULL, success_time INTEGER,"
    " user_received_account TEXT NOT NULL, channel TEXT NOT NULL, PRIMARY KEY (mchid, out_refund_no))",
    "CREATE INDEX IF NOT EXISTS refunds_order ON refunds (mchid, out_trade_no)",
    "CREATE TABLE IF NOT EXISTS refund_outcomes (id INTEGER PRIMARY KEY AUTOINCREMENT, mchid TEXT,"
    " out_refund_no TEXT, status TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, mchid TEXT NOT NULL,"
    " at INTEGER NOT NULL, bill_date TEXT NOT NULL, kind TEXT NOT NULL, out_trade_no TEXT,"
    " transaction_id TEXT, out_refund_no TEXT, refund_id TEXT, amount INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ledger_day ON ledger (mchid, bill_date)",
    "CREATE TABLE IF NOT EXISTS notifications (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, mchid TEXT NOT NULL,"
    " event_type TEXT NOT NULL, notify_url TEXT NOT NULL, summary TEXT NOT NULL, body BLOB NOT NULL,"
    " plaintext BLOB NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL,"
    " next_attempt_ms INTEGER NOT NULL, state TEXT NOT NULL, last_status INTEGER NOT NULL,"
    " last_error TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS notification_attempts (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " notification_id TEXT NOT NULL, attempt INTEGER NOT NULL, at_ms INTEGER NOT NULL,"
    " http_status INTEGER NOT NULL, error TEXT NOT NULL, elapsed_ms INTEGER NOT NULL, kind TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS notification_attempts_id ON notification_attempts (notification_id)",
    "CREATE TABLE IF NOT EXISTS bill_tokens (token TEXT PRIMARY KEY, mchid TEXT NOT NULL,"
    " gzip INTEGER NOT NULL, content BLOB NOT NULL, expires_at INTEGER NOT NULL)",
};

QString str(const QVariantMap &row, const char *key)
{
    return row.value(QLatin1String(key)).toString();
}

qint64 num(const QVariantMap &row, const char *key)
{
    return row.value(QLatin1String(key)).toLongLong();
}

QByteArray bytes(const QVariantMap &row, const char *key)
{
    return row.value(QLatin1String(key)).toByteArray();
}

// 0 is stored as NULL for optional times, so queries read naturally.
QVariant optionalTime(qint64 value)
{
    return value > 0 ? QVariant(value) : QVariant();
}

Error sqlError(const QSqlQuery &query)
{
    return makeError(QStringLiteral("sql_error"),
                     QStringLiteral("sandbox database: %1 (%2)").arg(query.lastError().text(), query.lastQuery()));
}

} // namespace

bool succeeded(const Result<void> &result)
{
    if (!result)
        qCWarning(lcSandbox).noquote() << result.error().message;
    return result.ok();
}

bool OrderRecord::isPaid() const
{
    return tradeState == QLatin1String("SUCCESS") || tradeState == QLatin1String("REFUND");
}

QVariantMap MerchantRecord::toMap() const
{
    return {
        { QStringLiteral("mchid"), mchid },
        { QStringLiteral("appid"), appid },
        { QStringLiteral("name"), name },
        { QStringLiteral("apiv3_key"), apiV3Key },
        { QStringLiteral("cert_pem"), certPem },
        { QStringLiteral("public_key_pem"), publicKeyPem },
        { QStringLiteral("serial_no"), serialNo },
        { QStringLiteral("key_mode"), keyModeName(keyMode) },
        { QStringLiteral("refund_notify_url"), refundNotifyUrl },
        { QStringLiteral("created_at"), createdAt },
    };
}

MerchantRecord MerchantRecord::fromMap(const QVariantMap &row)
{
    MerchantRecord m;
    m.mchid = str(row, "mchid");
    m.appid = str(row, "appid");
    m.name = str(row, "name");
    m.apiV3Key = bytes(row, "apiv3_key");
    m.certPem = bytes(row, "cert_pem");
    m.publicKeyPem = bytes(row, "public_key_pem");
    m.serialNo = str(row, "serial_no");
    m.keyMode = parseKeyMode(str(row, "key_mode")).value_or(KeyMode::Certificate);
    m.refundNotifyUrl = str(row, "refund_notify_url");
    m.createdAt = num(row, "created_at");
    return m;
}

QVariantMap OrderRecord::toMap() const
{
    return {
        { QStringLiteral("mchid"), mchid },
        { QStringLiteral("out_trade_no"), outTradeNo },
        { QStringLiteral("appid"), appid },
        { QStringLiteral("combine_mchid"), combineMchid },
        { QStringLiteral("combine_out_trade_no"), combineOutTradeNo },
        { QStringLiteral("fingerprint"), fingerprint },
        { QStringLiteral("description"), description },
        { QStringLiteral("attach"), attach },
        { QStringLiteral("notify_url"), notifyUrl },
        { QStringLiteral("goods_tag"), goodsTag },
        { QStringLiteral("device_id"), deviceId },
        { QStringLiteral("total"), total },
        { QStringLiteral("currency"), currency },
        { QStringLiteral("time_expire"), timeExpire },
        { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("code_url"), codeUrl.isEmpty() ? QVariant() : QVariant(codeUrl) },
        { QStringLiteral("code_url_at"), optionalTime(codeUrlAt) },
        { QStringLiteral("trade_state"), tradeState },
        { QStringLiteral("trade_state_desc"), tradeStateDesc },
        { QStringLiteral("transaction_id"), transactionId.isEmpty() ? QVariant() : QVariant(transactionId) },
        { QStringLiteral("bank_type"), bankType },
        { QStringLiteral("openid"), openid },
        { QStringLiteral("success_time"), optionalTime(successTime) },
        { QStringLiteral("payer_total"), payerTotal },
        { QStringLiteral("refunded"), refunded },
        { QStringLiteral("refund_count"), refundCount },
        { QStringLiteral("last_refund_at"), optionalTime(lastRefundAt) },
        { QStringLiteral("scanned_at"), optionalTime(scannedAt) },
    };
}

OrderRecord OrderRecord::fromMap(const QVariantMap &row)
{
    OrderRecord o;
    o.mchid = str(row, "mchid");
    o.outTradeNo = str(row, "out_trade_no");
    o.appid = str(row, "appid");
    o.combineMchid = str(row, "combine_mchid");
    o.combineOutTradeNo = str(row, "combine_out_trade_no");
    o.fingerprint = bytes(row, "fingerprint");
    o.description = str(row, "description");
    o.attach = str(row, "attach");
    o.notifyUrl = str(row, "notify_url");
    o.goodsTag = str(row, "goods_tag");
    o.deviceId = str(row, "device_id");
    o.total = num(row, "total");
    o.currency = str(row, "currency");
    o.timeExpire = num(row, "time_expire");
    o.createdAt = num(row, "created_at");
    o.codeUrl = str(row, "code_url");
    o.codeUrlAt = num(row, "code_url_at");
    o.tradeState = str(row, "trade_state");
    o.tradeStateDesc = str(row, "trade_state_desc");
    o.transactionId = str(row, "transaction_id");
    o.bankType = str(row, "bank_type");
    o.openid = str(row, "openid");
    o.successTime = num(row, "success_time");
    o.payerTotal = num(row, "payer_total");
    o.refunded = num(row, "refunded");
    o.refundCount = num(row, "refund_count");
    o.lastRefundAt = num(row, "last_refund_at");
    o.scannedAt = num(row, "scanned_at");
    return o;
}

QVariantMap CombineRecord::toMap() const
{
    return {
        { QStringLiteral("combine_mchid"), combineMchid },
        { QStringLiteral("combine_out_trade_no"), combineOutTradeNo },
        { QStringLiteral("combine_appid"), combineAppid },
        { QStringLiteral("fingerprint"), fingerprint },
        { QStringLiteral("notify_url"), notifyUrl },
        { QStringLiteral("device_id"), deviceId },
        { QStringLiteral("scene_json"), sceneJson },
        { QStringLiteral("time_start"), optionalTime(timeStart) },
        { QStringLiteral("time_expire"), timeExpire },
        { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("code_url"), codeUrl },
        { QStringLiteral("code_url_at"), codeUrlAt },
        { QStringLiteral("openid"), openid },
    };
}

CombineRecord CombineRecord::fromMap(const QVariantMap &row)
{
    CombineRecord c;
    c.combineMchid = str(row, "combine_mchid");
    c.combineOutTradeNo = str(row, "combine_out_trade_no");
    c.combineAppid = str(row, "combine_appid");
    c.fingerprint = bytes(row, "fingerprint");
    c.notifyUrl = str(row, "notify_url");
    c.deviceId = str(row, "device_id");
    c.sceneJson = bytes(row, "scene_json");
    c.timeStart = num(row, "time_start");
    c.timeExpire = num(row, "time_expire");
    c.createdAt = num(row, "created_at");
    c.codeUrl = str(row, "code_url");
    c.codeUrlAt = num(row, "code_url_at");
    c.openid = str(row, "openid");
    return c;
}

QVariantMap RefundRecord::toMap() const
{
    return {
        { QStringLiteral("mchid"), mchid },
        { QStringLiteral("out_refund_no"), outRefundNo },
        { QStringLiteral("refund_id"), refundId },
        { QStringLiteral("out_trade_no"), outTradeNo },
        { QStringLiteral("transaction_id"), transactionId },
        { QStringLiteral("fingerprint"), fingerprint },
        { QStringLiteral("reason"), reason },
        { QStringLiteral("notify_url"), notifyUrl },
        { QStringLiteral("funds_account"), fundsAccount },
        { QStringLiteral("refund"), refund },
        { QStringLiteral("total"), total },
        { QStringLiteral("currency"), currency },
        { QStringLiteral("status"), status },
        { QStringLiteral("planned_status"), plannedStatus },
        { QStringLiteral("due_at_ms"), dueAtMs },
        { QStringLiteral("create_time"), createTime },
        { QStringLiteral("success_time"), optionalTime(successTime) },
        { QStringLiteral("user_received_account"), userReceivedAccount },
        { QStringLiteral("channel"), channel },
    };
}

RefundRecord RefundRecord::fromMap(const QVariantMap &row)
{
    RefundRecord r;
    r.mchid = str(row, "mchid");
    r.outRefundNo = str(row, "out_refund_no");
    r.refundId = str(row, "refund_id");
    r.outTradeNo = str(row, "out_trade_no");
    r.transactionId = str(row, "transaction_id");
    r.fingerprint = bytes(row, "fingerprint");
    r.reason = str(row, "reason");
    r.notifyUrl = str(row, "notify_url");
    r.fundsAccount = str(row, "funds_account");
    r.refund = num(row, "refund");
    r.total = num(row, "total");
    r.currency = str(row, "currency");
    r.status = str(row, "status");
    r.plannedStatus = str(row, "planned_status");
    r.dueAtMs = num(row, "due_at_ms");
    r.createTime = num(row, "create_time");
    r.successTime = num(row, "success_time");
    r.userReceivedAccount = str(row, "user_received_account");
    r.channel = str(row, "channel");
    return r;
}

QVariantMap NotificationRecord::toMap() const
{
    return {
        { QStringLiteral("id"), id },
        { QStringLiteral("seq"), seq },
        { QStringLiteral("mchid"), mchid },
        { QStringLiteral("event_type"), eventType },
        { QStringLiteral("notify_url"), notifyUrl },
        { QStringLiteral("summary"), summary },
        { QStringLiteral("body"), body },
        { QStringLiteral("plaintext"), plaintext },
        { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("attempts"), attempts },
        { QStringLiteral("next_attempt_ms"), nextAttemptMs },
        { QStringLiteral("state"), state },
        { QStringLiteral("last_status"), lastStatus },
        { QStringLiteral("last_error"), lastError },
    };
}

NotificationRecord NotificationRecord::fromMap(const QVariantMap &row)
{
    NotificationRecord n;
    n.id = str(row, "id");
    n.seq = num(row, "seq");
    n.mchid = str(row, "mchid");
    n.eventType = str(row, "event_type");
    n.notifyUrl = str(row, "notify_url");
    n.summary = str(row, "summary");
    n.body = bytes(row, "body");
    n.plaintext = bytes(row, "plaintext");
    n.createdAt = num(row, "created_at");
    n.attempts = int(num(row, "attempts"));
    n.nextAttemptMs = num(row, "next_attempt_ms");
    n.state = str(row, "state");
    n.lastStatus = int(num(row, "last_status"));
    n.lastError = str(row, "last_error");
    return n;
}

QVariantMap LedgerEntry::toMap() const
{
    return {
        { QStringLiteral("mchid"), mchid },
        { QStringLiteral("at"), at },
        { QStringLiteral("bill_date"), billDate },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("out_trade_no"), outTradeNo },
        { QStringLiteral("transaction_id"), transactionId },
        { QStringLiteral("out_refund_no"), outRefundNo },
        { QStringLiteral("refund_id"), refundId },
        { QStringLiteral("amount"), amount },
    };
}

LedgerEntry LedgerEntry::fromMap(const QVariantMap &row)
{
    LedgerEntry e;
    e.id = num(row, "id");
    e.mchid = str(row, "mchid");
    e.at = num(row, "at");
    e.billDate = str(row, "bill_date");
    e.kind = str(row, "kind");
    e.outTradeNo = str(row, "out_trade_no");
    e.transactionId = str(row, "transaction_id");
    e.outRefundNo = str(row, "out_refund_no");
    e.refundId = str(row, "refund_id");
    e.amount = num(row, "amount");
    return e;
}

SandboxStore::SandboxStore()
    : m_connectionName(QStringLiteral("paydesk-sandbox-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

SandboxStore::~SandboxStore()
{
    close();
}

Result<void> SandboxStore::open(const QString &path)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path.isEmpty() ? QStringLiteral(":memory:") : path);
        if (!db.open()) {
            const QString message = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return makeError(QStringLiteral("database_unavailable"),
                             QStringLiteral("cannot open the sandbox database %1: %2").arg(path, message));
        }
        QSqlQuery pragma(db);
        if (!path.isEmpty()) {
            pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
            pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        }
        pragma.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    }
    return createSchema();
}

void SandboxStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool SandboxStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && QSqlDatabase::database(m_connectionName, false).isOpen();
}

bool SandboxStore::begin()
{
    return QSqlDatabase::database(m_connectionName, false).transaction();
}

bool SandboxStore::commit()
{
    return QSqlDatabase::database(m_connectionName, false).commit();
}

void SandboxStore::rollback()
{
    QSqlDatabase::database(m_connectionName, false).rollback();
}

Result<void> SandboxStore::createSchema()
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    for (const char *statement : kSchema) {
        if (!query.exec(QLatin1String(statement)))
            return sqlError(query);
    }
    return {};
}

Result<void> SandboxStore::insert(const QString &table, const QVariantMap &row, bool orReplace)
{
    QStringList placeholders;
    for (qsizetype i = 0; i < row.size(); ++i)
        placeholders << QStringLiteral("?");
    const QString sql = (orReplace ? QStringLiteral("INSERT OR REPLACE INTO ") : QStringLiteral("INSERT INTO ")) + table
        + QStringLiteral(" (") + row.keys().join(QLatin1Char(',')) + QStringLiteral(") VALUES (")
        + placeholders.join(QLatin1Char(',')) + QLatin1Char(')');
    return exec(sql, row.values());
}

Result<void> SandboxStore::update(const QString &table, const QVariantMap &row, const QStringList &keyColumns)
{
    QStringList assignments;
    QVariantList binds;
    for (auto it = row.cbegin(); it != row.cend(); ++it) {
        if (keyColumns.contains(it.key()))
            continue;
        assignments << it.key() + QStringLiteral("=?");
        binds << it.value();
    }
    QStringList conditions;
    for (const QString &key : keyColumns) {
        conditions << key + QStringLiteral("=?");
        binds << row.value(key);
    }
    return exec(QStringLiteral("UPDATE ") + table + QStringLiteral(" SET ") + assignments.join(QLatin1Char(','))
                    + QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")),
                binds);
}

QList<QVariantMap> SandboxStore::select(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    QList<QVariantMap> rows;
    if (!query.exec()) {
        qCWarning(lcSandbox) << "sandbox database:" << query.lastError().text() << sql;
        return rows;
    }
    while (query.next()) {
        const QSqlRecord record = query.record();
        QVariantMap row;
        for (int i = 0; i < record.count(); ++i)
            row.insert(record.fieldName(i), record.value(i));
        rows.append(row);
    }
    return rows;
}

std::optional<QVariantMap> SandboxStore::selectOne(const QString &sql, const QVariantList &binds) const
{
    const QList<QVariantMap> rows = select(sql, binds);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

Result<void> SandboxStore::exec(const QString &sql, const QVariantList &binds)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(sql);
    for (const QVariant &value : binds) {
        // A null QString is an empty text here; only an invalid QVariant means NULL.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QStringLiteral(""));
        else
            query.addBindValue(value);
    }
    if (!query.exec())
        return sqlError(query);
    return {};
}

QString SandboxStore::setting(const QString &key, const QString &fallback) const
{
    const auto row = selectOne(QStringLiteral("SELECT value FROM settings WHERE key=?"), { key });
    return row ? str(*row, "value") : fallback;
}

void SandboxStore::setSetting(const QString &key, const QString &value)
{
    const auto done
        = exec(QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"), { key, value });
    if (!done)
        qCWarning(lcSandbox) << done.error().message;
}

qint64 SandboxStore::nextSequence(const QString &name)
{
    const auto row = selectOne(QStringLiteral("SELECT value FROM sequences WHERE name=?"), { name });
    const qint64 next = row ? num(*row, "value") + 1 : 1;
    const auto done
        = exec(QStringLiteral("INSERT OR REPLACE INTO sequences (name, value) VALUES (?, ?)"), { name, next });
    if (!done)
        qCWarning(lcSandbox) << done.error().message;
    return next;
}

QList<PlatformKeyRecord> SandboxStore::platformKeys() const
{
    QList<PlatformKeyRecord> keys;
    for (const QVariantMap &row : select(QStringLiteral("SELECT * FROM platform_keys ORDER BY id"))) {
        PlatformKeyRecord k;
        k.id = num(row, "id");
        k.kind = str(row, "kind");
        k.serial = str(row, "serial");
        k.keyPem = bytes(row, "key_pem");
        k.certPem = bytes(row, "cert_pem");
        k.createdAt = num(row, "created_at");
        k.active = num(row, "active") != 0;
        keys.append(k);
    }
    return keys;
}

Result<qint64> SandboxStore::insertPlatformKey(const PlatformKeyRecord &key)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("INSERT INTO platform_keys (kind, serial, key_pem, cert_pem, created_at, active)"
                                 " VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(key.kind);
    query.addBindValue(key.serial);
    query.addBindValue(key.keyPem);
    query.addBindValue(key.certPem);
    query.addBindValue(key.createdAt);
    query.addBindValue(key.active ? 1 : 0);
    if (!query.exec())
        return sqlError(query);
    return query.lastInsertId().toLongLong();
}

void SandboxStore::activatePlatformKey(const QString &kind, qint64 id)
{
    auto done = exec(QStringLiteral("UPDATE platform_keys SET active=(id=?) WHERE kind=?"), { id, kind });
    if (!done)
        qCWarning(lcSandbox) << done.error().message;
}

QList<MerchantRecord> SandboxStore::merchants() const
{
    QList<MerchantRecord> result;
    for (const QVariantMap &row : select(QStringLiteral("SELECT * FROM merchants ORDER BY mchid")))
        result.append(MerchantRecord::fromMap(row));
    return result;
}

Result<void> SandboxStore::saveMerchant(const MerchantRecord &merchant)
{
    return insert(QStringLiteral("merchants"), merchant.toMap(), true);
}

std::optional<OrderRecord> SandboxStore::order(const QString &mchid, const QString &outTradeNo) const
{
    const auto row
        = selectOne(QStringLiteral("SELECT * FROM orders WHERE mchid=? AND out_trade_no=?"), { mchid, outTradeNo });
    return row ? std::optional(OrderRecord::fromMap(*row)) : std::nullopt;
}

std::optional<OrderRecord> SandboxStore::orderByTransactionId(const QString &mchid, const QString &transactionId) const
{
    const auto row = selectOne(QStringLiteral("SELECT * FROM orders WHERE mchid=? AND transaction_id=?"),
                               { mchid, transactionId });
    return row ? std::optional(OrderRecord::fromMap(*row)) : std::nullopt;
}

std::optional<OrderRecord> SandboxStore::orderByCodeUrl(const QString &codeUrl) const
{
    const auto row = selectOne(QStringLiteral("SELECT * FROM orders WHERE code_url=?"), { codeUrl });
    return row ? std::optional(OrderRecord::fromMap(*row)) : std::nullopt;
}

QList<OrderRecord> SandboxStore::ordersByOutTradeNo(const QString &outTradeNo) const
{
    QList<OrderRecord> result;
    for (const QVariantMap &row : select(QStringLiteral("SELECT * FROM orders WHERE out_trade_no=?"), { outTradeNo }))
        result.append(OrderRecord::fromMap(row));
    return result;
}

QList<OrderRecord> SandboxStore::subOrders(const QString &combineMchid, const QString &combineOutTradeNo) const
{
    QList<OrderRecord> result;
    const auto rows = select(QStringLiteral("SELECT * FROM orders WHERE combine_mchid=? AND combine_out_trade_no=?"
                                            " ORDER BY rowid"),
                             { combineMchid, combineOutTradeNo });
    for (const QVariantMap &row : rows)
        result.append(OrderRecord::fromMap(row));
    return result;
}

QList<OrderRecord> SandboxStore::orders(const QString &mchid) const
{
    QList<OrderRecord> result;
    const auto rows = mchid.isEmpty()
        ? select(QStringLiteral("SELECT * FROM orders ORDER BY created_at, rowid"))
        : select(QStringLiteral("SELECT * FROM orders WHERE mchid=? ORDER BY created_at, rowid"), { mchid });
    for (const QVariantMap &row : rows)
        result.append(OrderRecord::fromMap(row));
    return result;
}

Result<void> SandboxStore::insertOrder(const OrderRecord &order)
{
    return insert(QStringLiteral("orders"), order.toMap());
}

Result<void> SandboxStore::updateOrder(const OrderRecord &order)
{
    return update(QStringLiteral("orders"), order.toMap(), { QStringLiteral("mchid"), QStringLiteral("out_trade_no") });
}

std::optional<CombineRecord> SandboxStore::combine(const QString &combineMchid, const QString &combineOutTradeNo) const
{
    const auto row
        = selectOne(QStringLiteral("SELECT * FROM combines WHERE combine_mchid=? AND combine_out_trade_no=?"),
                    { combineMchid, combineOutTradeNo });
    return row ? std::optional(CombineRecord::fromMap(*row)) : std::nullopt;
}

std::optional<CombineRecord> SandboxStore::combineByCodeUrl(const QString &codeUrl) const
{
    const auto row = selectOne(QStringLiteral("SELECT * FROM combines WHERE code_url=?"), { codeUrl });
    return row ? std::optional(CombineRecord::fromMap(*row)) : std::nullopt;
}

QList<CombineRecord> SandboxStore::combinesByOutTradeNo(const QString &combineOutTradeNo) const
{
    QList<CombineRecord> result;
    for (const QVariantMap &row :
         select(QStringLiteral("SELECT * FROM combines WHERE combine_out_trade_no=?"), { combineOutTradeNo }))
        result.append(CombineRecord::fromMap(row));
    return result;
}

QList<CombineRecord> SandboxStore::combines() const
{
    QList<CombineRecord> result;
    for (const QVariantMap &row : select(QStringLiteral("SELECT * FROM combines ORDER BY created_at, rowid")))
        result.append(CombineRecord::fromMap(row));
    return result;
}

Result<void> SandboxStore::insertCombine(const CombineRecord &combine)
{
    return insert(QStringLiteral("combines"), combine.toMap());
}

Result<void> SandboxStore::updateCombine(const CombineRecord &combine)
{
    return update(QStringLiteral("combines"), combine.toMap(),
                  { QStringLiteral("combine_mchid"), QStringLiteral("combine_out_trade_no") });
}

std::optional<RefundRecord> SandboxStore::refund(const QString &mchid, const QString &outRefundNo) const
{
    const auto row
        = selectOne(QStringLiteral("SELECT * FROM refunds WHERE mchid=? AND out_refund_no=?"), { mchid, outRefundNo });
    return row ? std::optional(RefundRecord::fromMap(*row)) : std::nullopt;
}

QList<RefundRecord> SandboxStore::refundsOfOrder(const QString &mchid, const QString &outTradeNo) const
{
    QList<RefundRecord> result;
    const auto rows = select(QStringLiteral("SELECT * FROM refunds WHERE mchid=? AND out_trade_no=? ORDER BY rowid"),
                             { mchid, outTradeNo });
    for (const QVariantMap &row : rows)
        result.append(RefundRecord::fromMap(row));
    return result;
}

QList<RefundRecord> SandboxStore::refunds(const QString &mchid) const
{
    QList<RefundRecord> result;
    const auto rows = mchid.isEmpty()
        ? select(QStringLiteral("SELECT * FROM refunds ORDER BY create_time, rowid"))
        : select(QStringLiteral("SELECT * FROM refunds WHERE mchid=? ORDER BY create_time, rowid"), { mchid });
    for (const QVariantMap &row : rows)
        result.append(RefundRecord::fromMap(row));
    return result;
}

QList<RefundRecord> SandboxStore::processingRefunds() const
{
    QList<RefundRecord> result;
    for (const QVariantMap &row :
         select(QStringLiteral("SELECT * FROM refunds WHERE status='PROCESSING' ORDER BY due_at_ms")))
        result.append(RefundRecord::fromMap(row));
    return result;
}

Result<void> SandboxStore::insertRefund(const RefundRecord &refund)
{
    return insert(QStringLiteral("refunds"), refund.toMap());
}

Result<void> SandboxStore::updateRefund(const RefundRecord &refund)
{
    return update(QStringLiteral("refunds"), refund.toMap(),
                  { QStringLiteral("mchid"), QStringLiteral("out_refund_no") });
}

Result<void> SandboxStore::addLedgerEntry(const LedgerEntry &entry)
{
    return insert(QStringLiteral("ledger"), entry.toMap());
}

QList<LedgerEntry> SandboxStore::ledger(const QString &mchid, const QString &billDate) const
{
    QString sql = QStringLiteral("SELECT * FROM ledger WHERE 1=1");
    QVariantList binds;
    if (!mchid.isEmpty()) {
        sql += QStringLiteral(" AND mchid=?");
        binds << mchid;
    }
    if (!billDate.isEmpty()) {
        sql += QStringLiteral(" AND bill_date=?");
        binds << billDate;
    }
    sql += QStringLiteral(" ORDER BY at, id");
    QList<LedgerEntry> result;
    for (const QVariantMap &row : select(sql, binds))
        result.append(LedgerEntry::fromMap(row));
    return result;
}

Result<void> SandboxStore::saveNotification(const NotificationRecord &notification, bool insertRow)
{
    if (insertRow)
        return insert(QStringLiteral("notifications"), notification.toMap());
    return update(QStringLiteral("notifications"), notification.toMap(), { QStringLiteral("id") });
}

std::optional<NotificationRecord> SandboxStore::notification(const QString &id) const
{
    const auto row = selectOne(QStringLiteral("SELECT * FROM notifications WHERE id=?"), { id });
    return row ? std::optional(NotificationRecord::fromMap(*row)) : std::nullopt;
}

QList<NotificationRecord> SandboxStore::notifications(const QString &state) const
{
    QList<NotificationRecord> result;
    const auto rows = state.isEmpty()
        ? select(QStringLiteral("SELECT * FROM notifications ORDER BY seq"))
        : select(QStringLiteral("SELECT * FROM notifications WHERE state=? ORDER BY seq"), { state });
    for (const QVariantMap &row : rows)
        result.append(NotificationRecord::fromMap(row));
    return result;
}

Result<void> SandboxStore::addNotificationAttempt(const QString &id, int attempt, qint64 atMs, int httpStatus,
                                                  const QString &error, qint64 elapsedMs, const QString &kind)
{
    return insert(QStringLiteral("notification_attempts"),
                  { { QStringLiteral("notification_id"), id },
                    { QStringLiteral("attempt"), attempt },
                    { QStringLiteral("at_ms"), atMs },
                    { QStringLiteral("http_status"), httpStatus },
                    { QStringLiteral("error"), error },
                    { QStringLiteral("elapsed_ms"), elapsedMs },
                    { QStringLiteral("kind"), kind } });
}

QList<QVariantMap> SandboxStore::notificationAttempts(const QString &id) const
{
    return select(QStringLiteral("SELECT attempt, at_ms, http_status, error, elapsed_ms, kind"
                                 " FROM notification_attempts WHERE notification_id=? ORDER BY id"),
                  { id });
}

Result<void> SandboxStore::resetActivity()
{
    static const char *const tables[]
        = { "orders",     "combines", "refunds", "refund_outcomes", "ledger", "notifications", "notification_attempts",
            "bill_tokens", "codepay_orders" };
    begin();
    for (const char *table : tables) {
        auto done = exec(QStringLiteral("DELETE FROM ") + QLatin1String(table));
        if (!done) {
            rollback();
            return done;
        }
    }
    commit();
    return {};
}

} // namespace paydesk::sandbox
