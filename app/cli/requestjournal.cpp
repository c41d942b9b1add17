// SPDX-License-Identifier: MIT
#include "requestjournal.h"

#include "exitcode.h"
#include "wechatpay/apitypes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace paydesk::cli {

namespace {

const QString TimeExpire = QStringLiteral("time_expire");

QJsonObject withoutExpiry(QJsonObject body)
{
    body.remove(TimeExpire);
    return body;
}

QDateTime keepUntil(const RequestJournal::Entry &entry)
{
    const QDateTime expires = parseWechatTime(entry.body.value(TimeExpire).toString());
    return expires.isValid() ? expires.addDays(1) : entry.sentAt.addDays(8);
}

} // namespace

RequestJournal::RequestJournal(QString folder) : m_folder(std::move(folder)) { }

Result<RequestJournal, CliError> RequestJournal::forContext(CliContext &context)
{
    auto db = context.databasePath();
    if (!db)
        return db.error();
    return RequestJournal(QFileInfo(*db).absoluteDir().filePath(QStringLiteral("requests")));
}

QString RequestJournal::fileName(const QString &kind, const QString &mchid, const QString &key) const
{
    // Hex: an order number may hold | and *, which Windows file names cannot.
    return QDir(m_folder).filePath(
        QStringLiteral("%1-%2-%3.json").arg(kind, mchid, QString::fromLatin1(key.toUtf8().toHex())));
}

std::optional<RequestJournal::Entry> RequestJournal::find(const QString &kind, const QString &mchid,
                                                          const QString &key) const
{
    QFile file(fileName(kind, mchid, key));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    Entry e;
    e.body = o.value(QLatin1String("body")).toObject();
    e.expireMinutes = o.value(QLatin1String("expire_minutes")).toInt();
    e.sentAt = QDateTime::fromString(o.value(QLatin1String("sent_at")).toString(), Qt::ISODate);
    if (e.body.isEmpty() || !e.sentAt.isValid() || keepUntil(e) < QDateTime::currentDateTimeUtc())
        return std::nullopt;
    return e;
}

Result<void, CliError> RequestJournal::remember(const QString &kind, const QString &mchid, const QString &key,
                                                const Entry &entry)
{
    prune();
    if (!QDir().mkpath(m_folder)) {
        CliError e = CliError::usage(
            QStringLiteral("cannot create %1, where paydesk-cli keeps the orders it sent so that a retry sends the "
                           "same request: make the folder beside the database writable, or pass --db")
                .arg(m_folder));
        e.code = QStringLiteral("FILE_UNWRITABLE");
        return e;
    }
    QSaveFile file(fileName(kind, mchid, key));
    const QByteArray json = QJsonDocument(QJsonObject { { QStringLiteral("body"), entry.body },
                                                        { QStringLiteral("expire_minutes"), entry.expireMinutes },
                                                        { QStringLiteral("sent_at"),
                                                          entry.sentAt.toUTC().toString(Qt::ISODate) } })
                                .toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        CliError e = CliError::usage(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
        e.code = QStringLiteral("FILE_UNWRITABLE");
        return e;
    }
    return {};
}

Result<void, CliError> RequestJournal::reuse(const QString &kind, const QString &mchid, const QString &key,
                                             const QJsonObject &body, int expireMinutes, QDateTime *timeExpire) const
{
    const auto sent = find(kind, mchid, key);
    if (!sent)
        return {};
    if (withoutExpiry(sent->body) != withoutExpiry(body) || sent->expireMinutes != expireMinutes
        || sent->body.contains(TimeExpire) != body.contains(TimeExpire)) {
        CliError e;
        e.exitCode = BusinessRefusal;
        e.code = QStringLiteral("out_trade_no_reused");
        e.message = QStringLiteral("%1 was sent at %2 with other parameters (%3): WeChat Pay refuses an order "
                                   "number again with different ones. To retry, repeat the first command exactly "
                                   "(the same amount, description, attach and --expire-minutes); for another "
                                   "sale use a new number")
                        .arg(key, sent->sentAt.toUTC().toString(Qt::ISODate),
                             QString::fromUtf8(QJsonDocument(sent->body).toJson(QJsonDocument::Compact)));
        e.context = { { kind == QLatin1String("combine") ? QStringLiteral("combine_out_trade_no")
                                                        : QStringLiteral("out_trade_no"),
                        key } };
        return e;
    }
    if (timeExpire)
        *timeExpire = parseWechatTime(sent->body.value(TimeExpire).toString());
    return {};
}

void RequestJournal::prune() const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDir dir(m_folder);
    for (const QFileInfo &info : dir.entryInfoList({ QStringLiteral("*.json") }, QDir::Files)) {
        QFile file(info.absoluteFilePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        Entry e;
        e.body = o.value(QLatin1String("body")).toObject();
        e.sentAt = QDateTime::fromString(o.value(QLatin1String("sent_at")).toString(), Qt::ISODate);
        if (!e.sentAt.isValid() || keepUntil(e) < now)
            QFile::remove(info.absoluteFilePath());
    }
}

} // namespace paydesk::cli
