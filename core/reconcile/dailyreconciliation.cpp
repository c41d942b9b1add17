// SPDX-License-Identifier: MIT
#include "dailyreconciliation.h"

#include "chinaday.h"
#include "clock.h"
#include "reconciliationrunner.h"
#include "store/database.h"

#include <QLoggingCategory>
#include <QTimeZone>

namespace paydesk {

Q_DECLARE_LOGGING_CATEGORY(lcReconcile)

DailyReconciliation::DailyReconciliation(ReconciliationRunner *runner, Database *database, Clock *clock,
                                         QObject *parent)
    : QObject(parent), m_runner(runner), m_database(database), m_clock(clock)
{
    connect(m_runner, &ReconciliationRunner::finished, this, [this](const ReconciliationResult &result) {
        if (!m_pending.isValid() || result.date != m_pending)
            return; // a run somebody started by hand
        m_pending = QDate();
        remember(result.date);
        emit ran(result);
    });
    connect(m_runner, &ReconciliationRunner::failed, this, [this](const QString &, const QString &message) {
        if (!m_pending.isValid())
            return;
        const QDate day = m_pending;
        m_pending = QDate();
        qCWarning(lcReconcile, "daily reconciliation of %s failed, trying again later: %s",
                  qPrintable(day.toString(Qt::ISODate)), qPrintable(message));
        emit runFailed(day, message);
    });
}

void DailyReconciliation::start(qint64 checkIntervalMs)
{
    m_interval = checkIntervalMs;
    m_active = true;
    checkNow();
    schedule();
}

void DailyReconciliation::stop()
{
    m_active = false;
}

void DailyReconciliation::schedule()
{
    if (!m_active || m_interval <= 0)
        return;
    m_clock->callAfter(m_interval, this, [this] {
        if (!m_active)
            return;
        checkNow();
        schedule();
    });
}

std::optional<QDate> DailyReconciliation::dueDay(const QDateTime &now) const
{
    const QDateTime china = now.toTimeZone(QTimeZone(8 * 3600));
    if (china.time().hour() < BillReadyHour)
        return std::nullopt;
    const QDate yesterday = china.date().addDays(-1);
    const QDate last = lastDay();
    if (last.isValid() && last >= yesterday)
        return std::nullopt;
    return yesterday;
}

QDate DailyReconciliation::lastDay() const
{
    auto q = execSql(m_database->connection(), QStringLiteral("SELECT value FROM settings WHERE key = ?"),
                     { QString::fromLatin1(SettingKey) });
    if (q && q->next())
        return QDate::fromString(q->value(0).toString(), Qt::ISODate);
    return {};
}

bool DailyReconciliation::checkNow()
{
    const auto due = dueDay(m_clock->now());
    if (!due || m_pending.isValid() || m_runner->isRunning())
        return false;
    m_pending = *due;
    qCInfo(lcReconcile, "daily reconciliation of %s", qPrintable(due->toString(Qt::ISODate)));
    if (!m_runner->start(*due)) {
        m_pending = QDate();
        return false;
    }
    return true;
}

void DailyReconciliation::remember(QDate day)
{
    auto q = execSql(m_database->connection(),
                     QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                     { QString::fromLatin1(SettingKey), day.toString(Qt::ISODate) });
    if (!q)
        qCWarning(lcReconcile, "cannot remember the daily reconciliation: %s", qPrintable(q.error().message));
}

} // namespace paydesk
