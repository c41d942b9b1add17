// SPDX-License-Identifier: MIT
// What the sandbox's parts share: settings, the store, the platform's keys,
// the fault injector, the clock and the merchants. Owned by SandboxServer.
#pragma once

#include "crypto/publickey.h"
#include "sandboxstore.h"
#include "sandboxtypes.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <functional>
#include <optional>

namespace paydesk::sandbox {

class FaultInjector;
class NotificationDispatcher;
class PlatformIdentity;

struct SandboxSettings
{
    double timeScale = 1.0; // divides the notification retry schedule and the refund interval
    int refundDelayMs = 3000; // PROCESSING -> final
    int refundIntervalSeconds = 60; // between two refunds of one order (divided by timeScale; 0: no limit)
    bool immediateBills = false; // today's bill at once instead of from 10:00 tomorrow
    KeyMode defaultKeyMode = KeyMode::Certificate;
    int notifyTimeoutMs = 5000; // a notification not answered in time counts as not received
    int notifyPublicKeyPercent = 50; // "both" mode: notifications signed with the public key
};

// The sandbox's idea of now: real time plus an offset (POST /sandbox/clock), to
// play a WeChat Pay whose clock is off. Timers run on real time.
class SandboxClock
{
public:
    qint64 now() const { return QDateTime::currentSecsSinceEpoch() + m_offsetSeconds; }
    static qint64 realMs() { return QDateTime::currentMSecsSinceEpoch(); }
    qint64 offsetSeconds() const { return m_offsetSeconds; }
    void setOffsetSeconds(qint64 offset) { m_offsetSeconds = offset; }

private:
    qint64 m_offsetSeconds = 0;
};

struct Merchant
{
    MerchantRecord record;
    PublicKey verifyKey; // parsed record.publicKeyPem
};

struct SandboxContext
{
    SandboxSettings settings;
    SandboxStore *store = nullptr;
    PlatformIdentity *identity = nullptr;
    FaultInjector *faults = nullptr;
    NotificationDispatcher *notifier = nullptr;
    SandboxClock clock;
    QHash<QString, Merchant> merchants;
    QString baseUrl;
    // Tells the embedding application what changed: ("order", {...}), ("refund", {...}), ...
    std::function<void(const QString &kind, const QJsonObject &what)> event;

    const Merchant *merchant(const QString &mchid) const;
    void emitEvent(const QString &kind, const QJsonObject &what) const;

    QString newCodeUrl();
    QString newTransactionId();
    QString newRefundId();
    static QString newOpenid();
};

} // namespace paydesk::sandbox
