// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace paydesk::sandbox {

struct NotificationRecord;
struct SandboxContext;

// Delivers payment and refund results to merchants' notify_url the way WeChat
// Pay does: the envelope of wechatpay-v3.md section 5, the resource encrypted
// with the merchant's APIv3 key, signed like an answer (freshly at every
// attempt). A delivery counts only when answered 200 or 204 within the
// timeout; otherwise it is sent again after 15s, 15s, 30s, 3m, 10m, 20m, 30m,
// 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h (divided by the time scale), then given
// up. The queue lives in the store, so a restarted sandbox carries on.
class NotificationDispatcher : public QObject
{
    Q_OBJECT

public:
    // Retry delays after the 1st, 2nd, ... failed attempt, in seconds.
    static const QList<int> &retryScheduleSeconds();

    NotificationDispatcher(SandboxContext *context, QObject *parent = nullptr);
    ~NotificationDispatcher() override;

    // Queues an event for delivery; returns its id.
    Result<QString> send(const QString &mchid, const QString &notifyUrl, const QString &eventType,
                         const QString &summary, const QJsonObject &resource, const QByteArray &associatedData,
                         const QString &originalType);

    void resume(); // after start: reschedule what the store holds
    int flush(); // deliver every pending or held notification now
    Result<void> resend(const QString &id); // one more delivery, whatever the state
    void stop(); // abort deliveries in flight

    QJsonArray log() const; // every notification with its attempts

signals:
    void attempted(const QString &id, const QString &eventType, int httpStatus, bool delivered);

private:
    void schedule();
    void dispatchDue();
    void deliver(const NotificationRecord &notification, const QString &kind);
    void finished(QNetworkReply *reply, const QString &id, const QString &kind, qint64 startedMs);
    void releaseHeld(const QString &exceptId);
    qint64 scaledMs(int seconds) const;

    SandboxContext *m_context;
    QNetworkAccessManager *m_network;
    QTimer m_timer;
    QSet<QString> m_inFlight; // scheduled attempts under way
    QSet<QString> m_duplicates; // ids to deliver twice
    QSet<QString> m_signTests; // ids to precede by a SIGNTEST probe
    QList<QNetworkReply *> m_replies;
};

} // namespace paydesk::sandbox
