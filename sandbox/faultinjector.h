// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>
#include <random>

namespace paydesk::sandbox {

// One kind of trouble, for API calls (/v3/...) or for notifications.
// A rule fires with probability `rate` on each matching call, at most `count`
// times (then it is dropped); with neither given it fires on every match.
struct FaultRule
{
    enum class Kind {
        // API calls
        Latency, // answer `latencyMs` later (the request is processed after the wait)
        SystemError, // 500 SYSTEM_ERROR, nothing done
        BankError, // 502 BANK_ERROR, nothing done
        FrequencyLimited, // 429 FREQUENCY_LIMITED, nothing done
        Reset, // connection reset, nothing done
        LostAnswer, // request applied, then the connection reset: the client never hears
        BadSignature, // one byte of Wechatpay-Signature flipped
        WrongSerial, // Wechatpay-Serial names a key nobody has
        ClockSkew, // Wechatpay-Timestamp moved by `skewSeconds` (and signed so)
        // Notifications
        NotifyDuplicate, // delivered twice
        NotifyReorder, // held back until the next notification went out (at most `holdMs`)
        NotifySignTest, // a WECHATPAY/SIGNTEST/ probe is sent first
    };

    int id = 0;
    Kind kind = Kind::Latency;
    double rate = 1.0;
    int count = -1; // -1: unlimited
    QString pathPrefix; // API rules: only paths starting so
    QByteArray method; // API rules: only this method
    QString eventPrefix; // notification rules: only event types starting so
    int latencyMs = 0; // Latency (API) or a delay before the first attempt (notifications)
    int skewSeconds = 0; // ClockSkew
    int holdMs = 2000; // NotifyReorder
    int fired = 0;

    bool isNotificationRule() const;
    static QString kindName(Kind kind);
    static std::optional<Kind> parseKind(const QString &name);

    // {"kind":"system_error","rate":0.2,"count":3,"path_prefix":"/v3/pay","method":"POST",
    //  "latency_ms":800,"skew_seconds":-400,"hold_ms":2000,"event_prefix":"REFUND."}
    static Result<FaultRule> fromJson(const QJsonObject &object);
    // "kind[:key=value[,key=value...]]", the keys of fromJson: "latency:latency_ms=500,rate=0.1"
    static Result<FaultRule> fromSpec(const QString &spec);
    QJsonObject toJson() const;
};

// Decides, deterministically for a given seed and call sequence, which
// faults hit each call.
class FaultInjector
{
public:
    explicit FaultInjector(quint32 seed);

    int add(FaultRule rule);
    bool remove(int id);
    void clear();
    QList<FaultRule> rules() const { return m_rules; }

    struct ApiPlan
    {
        int latencyMs = 0;
        std::optional<FaultRule::Kind> outcome; // SystemError, BankError, FrequencyLimited, Reset, LostAnswer
        bool badSignature = false;
        bool wrongSerial = false;
        int skewSeconds = 0;
        QStringList fired; // kind names, for the log
    };
    ApiPlan planApiCall(const QByteArray &method, const QString &path);

    struct NotifyPlan
    {
        int delayMs = 0;
        bool duplicate = false;
        bool reorder = false;
        int holdMs = 0;
        bool signTest = false;
    };
    NotifyPlan planNotification(const QString &eventType);

    std::mt19937 &random() { return m_random; }

private:
    bool fires(FaultRule &rule);
    void dropExhausted();

    std::mt19937 m_random;
    QList<FaultRule> m_rules;
    int m_nextId = 1;
};

} // namespace paydesk::sandbox
