// SPDX-License-Identifier: MIT
#pragma once

#include "hqlink.h"
#include "syncservice.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace paydesk {

class Database;
class HqClient;
class SyncSender;

// SyncService's worker: everything it does runs on the worker thread (see
// SyncService). Not for use on its own.
class SyncWorker : public QObject
{
    Q_OBJECT

public:
    SyncWorker(const QString &databasePath, const HqLink &link, const QByteArray &token);
    ~SyncWorker() override;

    // How long an idle worker waits before it looks at the outbox again.
    static constexpr int IdleMs = 2000;
    static constexpr int FirstBackoffMs = 1000;
    static constexpr int MaxBackoffMs = 60000;

public slots:
    void start();
    void wake();
    void stop();

signals:
    void statusChanged(const paydesk::SyncStatus &status);

private:
    void tick();
    void report(SyncStatus::State state, qint64 waiting, const QString &code = {}, const QString &message = {});

    QString m_databasePath;
    HqLink m_link;
    QByteArray m_token;
    std::unique_ptr<Database> m_database;
    HqClient *m_client = nullptr;
    SyncSender *m_sender = nullptr;
    QTimer *m_timer = nullptr;
    bool m_busy = false;
    bool m_again = false;
    int m_backoffMs = FirstBackoffMs;
    SyncStatus m_status;
};

} // namespace paydesk
