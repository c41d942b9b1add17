// SPDX-License-Identifier: MIT
#include "hqlink.h"

#include "store/database.h"

namespace paydesk {

namespace {

const QString Prefix = QStringLiteral("hq.");

Result<void> put(Database *database, const QString &key, const QString &value)
{
    auto r = execSql(database->connection(),
                     QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                     { key, value.isNull() ? QStringLiteral("") : value });
    if (!r)
        return r.error();
    return {};
}

} // namespace

QString HqLink::tokenSecretName(const QString &storeCode, const QString &tillCode)
{
    // SecretStore names allow [A-Za-z0-9._-] after the kind.
    QString id = storeCode + QLatin1Char('_') + tillCode;
    for (QChar &c : id) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    return QStringLiteral("hq-token/") + id.left(110);
}

Result<std::optional<HqLink>> HqLink::load(Database *database)
{
    auto q = execSql(database->connection(), QStringLiteral("SELECT key, value FROM settings WHERE key LIKE 'hq.%'"));
    if (!q)
        return q.error();
    HqLink link;
    bool any = false;
    while (q->next()) {
        const QString key = q->value(0).toString().mid(Prefix.size());
        const QString value = q->value(1).toString();
        any = true;
        if (key == QLatin1String("url"))
            link.url = QUrl(value);
        else if (key == QLatin1String("store"))
            link.storeCode = value;
        else if (key == QLatin1String("store_name"))
            link.storeName = value;
        else if (key == QLatin1String("till"))
            link.tillCode = value;
        else if (key == QLatin1String("token_secret"))
            link.tokenSecret = value;
        else if (key == QLatin1String("ca_file"))
            link.caFile = value;
    }
    if (!any || !link.url.isValid() || link.tillCode.isEmpty())
        return std::optional<HqLink>();
    return std::optional<HqLink>(link);
}

Result<void> HqLink::saveAndEnableSync(Database *database) const
{
    return database->writeTransaction<void>([&]() -> Result<void> {
        const QList<QPair<QString, QString>> values = {
            { QStringLiteral("url"), url.toString() },      { QStringLiteral("store"), storeCode },
            { QStringLiteral("store_name"), storeName },    { QStringLiteral("till"), tillCode },
            { QStringLiteral("token_secret"), tokenSecret }, { QStringLiteral("ca_file"), caFile },
        };
        for (const auto &[key, value] : values) {
            if (auto r = put(database, Prefix + key, value); !r)
                return r;
        }
        auto enabled = execSql(database->connection(),
                               QStringLiteral("SELECT value FROM settings WHERE key = 'sync.enabled'"));
        if (!enabled)
            return enabled.error();
        if (enabled->next() && enabled->value(0).toString() == QLatin1String("1"))
            return {}; // enrolled again (a new token): the outbox already holds what HQ lacks
        // Parents before children, so HQ meets an order before its refunds.
        static const char *const backfill[] = {
            "INSERT INTO sync_outbox (entity, row_id) SELECT 'order', id FROM orders ORDER BY id",
            "INSERT INTO sync_outbox (entity, row_id) SELECT 'payment', id FROM payments ORDER BY id",
            "INSERT INTO sync_outbox (entity, row_id) SELECT 'refund', id FROM refunds ORDER BY id",
            "INSERT INTO sync_outbox (entity, row_id) SELECT 'receipt', id FROM receipts ORDER BY id",
            "INSERT INTO sync_outbox (entity, row_id) SELECT 'audit', id FROM audit_log ORDER BY id",
            "INSERT INTO sync_outbox (entity, row_id) SELECT 'day_close', rowid FROM day_closings ORDER BY rowid",
        };
        for (const char *statement : backfill) {
            if (auto r = execSql(database->connection(), QString::fromLatin1(statement)); !r)
                return r.error();
        }
        return put(database, QStringLiteral("sync.enabled"), QStringLiteral("1"));
    });
}

} // namespace paydesk
