// SPDX-License-Identifier: MIT
#pragma once

#include "reconciliationresult.h"

#include <QDate>
#include <QDateTime>
#include <QObject>
#include <optional>

namespace paydesk {

class Clock;
class Database;
class ReconciliationRunner;

// Reconciles yesterday automatically, once: WeChat Pay publishes a day's bill
// from 10:00 China time the next day, so from then on (checked every
// `checkIntervalMs` of the Clock) the runner is started for yesterday unless
// the settings table says that day was already done (key
// "reconcile.daily.last_day"). A run that fails (bill not ready, network)
// is tried again at the next check; a finished one, differences or not, is
// remembered and announced.
class DailyReconciliation : public QObject
{
    Q_OBJECT

public:
    static constexpr int BillReadyHour = 10;
    static constexpr const char *SettingKey = "reconcile.daily.last_day";

    DailyReconciliation(ReconciliationRunner *runner, Database *database, Clock *clock, QObject *parent = nullptr);

    void start(qint64 checkIntervalMs = 15 * 60 * 1000);
    void stop();
    // The day a run is due for at `now`, if any.
    std::optional<QDate> dueDay(const QDateTime &now) const;
    QDate lastDay() const;
    // Starts a run if one is due and the runner is free; returns whether it did.
    bool checkNow();

signals:
    void ran(const paydesk::ReconciliationResult &result);
    void runFailed(const QDate &day, const QString &message);

private:
    void schedule();
    void remember(QDate day);

    ReconciliationRunner *m_runner;
    Database *m_database;
    Clock *m_clock;
    qint64 m_interval = 0;
    bool m_active = false;
    QDate m_pending;
};

} // namespace paydesk
