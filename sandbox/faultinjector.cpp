// SPDX-License-Identifier: MIT
#include "faultinjector.h"

#include <QJsonValue>
#include <algorithm>

namespace paydesk::sandbox {

namespace {

struct KindName
{
    FaultRule::Kind kind;
    const char *name;
};

const KindName kKinds[] = {
    { FaultRule::Kind::Latency, "latency" },
    { FaultRule::Kind::SystemError, "system_error" },
    { FaultRule::Kind::BankError, "bank_error" },
    { FaultRule::Kind::FrequencyLimited, "frequency_limited" },
    { FaultRule::Kind::Reset, "reset" },
    { FaultRule::Kind::LostAnswer, "lost_answer" },
    { FaultRule::Kind::BadSignature, "bad_signature" },
    { FaultRule::Kind::WrongSerial, "wrong_serial" },
    { FaultRule::Kind::ClockSkew, "clock_skew" },
    { FaultRule::Kind::NotifyDuplicate, "notify_duplicate" },
    { FaultRule::Kind::NotifyReorder, "notify_reorder" },
    { FaultRule::Kind::NotifySignTest, "notify_signtest" },
};

Error faultError(const QString &message)
{
    return makeError(QStringLiteral("bad_fault"), message);
}

} // namespace

bool FaultRule::isNotificationRule() const
{
    return kind == Kind::NotifyDuplicate || kind == Kind::NotifyReorder || kind == Kind::NotifySignTest;
}

QString FaultRule::kindName(Kind kind)
{
    for (const KindName &k : kKinds) {
        if (k.kind == kind)
            return QLatin1String(k.name);
    }
    return {};
}

std::optional<FaultRule::Kind> FaultRule::parseKind(const QString &name)
{
    const QString normal = name.trimmed().toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
    for (const KindName &k : kKinds) {
        if (normal == QLatin1String(k.name))
            return k.kind;
    }
    // Friendly aliases.
    if (normal == QLatin1String("500"))
        return Kind::SystemError;
    if (normal == QLatin1String("502"))
        return Kind::BankError;
    if (normal == QLatin1String("429"))
        return Kind::FrequencyLimited;
    if (normal == QLatin1String("connection_reset") || normal == QLatin1String("drop"))
        return Kind::Reset;
    return std::nullopt;
}

Result<FaultRule> FaultRule::fromJson(const QJsonObject &object)
{
    FaultRule rule;
    const auto kind = parseKind(object.value(QLatin1String("kind")).toString());
    if (!kind) {
        QStringList names;
        for (const KindName &k : kKinds)
            names << QLatin1String(k.name);
        return faultError(QStringLiteral("unknown fault kind \"%1\"; one of: %2")
                              .arg(object.value(QLatin1String("kind")).toString(), names.join(QStringLiteral(", "))));
    }
    rule.kind = *kind;
    const QJsonValue rate = object.value(QLatin1String("rate"));
    const QJsonValue count = object.value(QLatin1String("count"));
    if (!rate.isUndefined()) {
        if (!rate.isDouble() || rate.toDouble() < 0 || rate.toDouble() > 1)
            return faultError(QStringLiteral("\"rate\" must be a number from 0 to 1"));
        rule.rate = rate.toDouble();
    }
    if (!count.isUndefined()) {
        if (!count.isDouble() || count.toDouble() < 1)
            return faultError(QStringLiteral("\"count\" must be a positive number of calls"));
        rule.count = count.toInt();
    }
    rule.pathPrefix = object.value(QLatin1String("path_prefix")).toString();
    rule.method = object.value(QLatin1String("method")).toString().toUpper().toLatin1();
    rule.eventPrefix = object.value(QLatin1String("event_prefix")).toString();
    rule.latencyMs = object.value(QLatin1String("latency_ms")).toInt(object.value(QLatin1String("ms")).toInt());
    rule.skewSeconds = object.value(QLatin1String("skew_seconds")).toInt();
    rule.holdMs = object.value(QLatin1String("hold_ms")).toInt(2000);
    if (rule.kind == Kind::Latency && rule.latencyMs <= 0)
        return faultError(QStringLiteral("a latency fault needs \"latency_ms\" > 0"));
    if (rule.kind == Kind::ClockSkew && rule.skewSeconds == 0)
        return faultError(QStringLiteral("a clock_skew fault needs \"skew_seconds\" (positive or negative)"));
    if (rule.latencyMs < 0 || rule.holdMs < 0)
        return faultError(QStringLiteral("\"latency_ms\" and \"hold_ms\" cannot be negative"));
    return rule;
}

Result<FaultRule> FaultRule::fromSpec(const QString &spec)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    QJsonObject object { { QStringLiteral("kind"), colon < 0 ? spec : spec.left(colon) } };
    if (colon >= 0) {
        const QStringList pairs = spec.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &pair : pairs) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return faultError(QStringLiteral("fault option \"%1\" is not key=value").arg(pair));
            const QString key = pair.left(eq).trimmed();
            const QString value = pair.mid(eq + 1).trimmed();
            bool isNumber = false;
            const double number = value.toDouble(&isNumber);
            if (isNumber && key != QLatin1String("path_prefix") && key != QLatin1String("event_prefix"))
                object.insert(key, number);
            else
                object.insert(key, value);
        }
    }
    return fromJson(object);
}

QJsonObject FaultRule::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("kind"), kindName(kind) },
                    { QStringLiteral("rate"), rate },
                    { QStringLiteral("fired"), fired } };
    if (count >= 0)
        o.insert(QStringLiteral("count"), count);
    if (!pathPrefix.isEmpty())
        o.insert(QStringLiteral("path_prefix"), pathPrefix);
    if (!method.isEmpty())
        o.insert(QStringLiteral("method"), QString::fromLatin1(method));
    if (!eventPrefix.isEmpty())
        o.insert(QStringLiteral("event_prefix"), eventPrefix);
    if (latencyMs > 0)
        o.insert(QStringLiteral("latency_ms"), latencyMs);
    if (kind == Kind::ClockSkew)
        o.insert(QStringLiteral("skew_seconds"), skewSeconds);
    if (kind == Kind::NotifyReorder)
        o.insert(QStringLiteral("hold_ms"), holdMs);
    return o;
}

FaultInjector::FaultInjector(quint32 seed) : m_random(seed) { }

int FaultInjector::add(FaultRule rule)
{
    rule.id = m_nextId++;
    rule.fired = 0;
    m_rules.append(rule);
    return rule.id;
}

bool FaultInjector::remove(int id)
{
    return m_rules.removeIf([id](const FaultRule &r) { return r.id == id; }) > 0;
}

void FaultInjector::clear()
{
    m_rules.clear();
}

bool FaultInjector::fires(FaultRule &rule)
{
    if (rule.count == 0)
        return false;
    bool hit = rule.rate >= 1.0;
    if (!hit && rule.rate > 0.0)
        hit = std::uniform_real_distribution<double>(0.0, 1.0)(m_random) < rule.rate;
    if (!hit)
        return false;
    ++rule.fired;
    if (rule.count > 0)
        --rule.count;
    return true;
}

void FaultInjector::dropExhausted()
{
    m_rules.removeIf([](const FaultRule &r) { return r.count == 0; });
}

FaultInjector::ApiPlan FaultInjector::planApiCall(const QByteArray &method, const QString &path)
{
    ApiPlan plan;
    for (FaultRule &rule : m_rules) {
        if (rule.isNotificationRule())
            continue;
        if (!rule.method.isEmpty() && rule.method != method)
            continue;
        if (!rule.pathPrefix.isEmpty() && !path.startsWith(rule.pathPrefix))
            continue;
        // An outcome already chosen leaves later outcome rules untouched (and their counts).
        const bool isOutcome = rule.kind == FaultRule::Kind::SystemError || rule.kind == FaultRule::Kind::BankError
            || rule.kind == FaultRule::Kind::FrequencyLimited || rule.kind == FaultRule::Kind::Reset
            || rule.kind == FaultRule::Kind::LostAnswer;
        if (isOutcome && plan.outcome)
            continue;
        if (!fires(rule))
            continue;
        plan.fired << FaultRule::kindName(rule.kind);
        switch (rule.kind) {
        case FaultRule::Kind::Latency:
            plan.latencyMs += rule.latencyMs;
            break;
        case FaultRule::Kind::BadSignature:
            plan.badSignature = true;
            break;
        case FaultRule::Kind::WrongSerial:
            plan.wrongSerial = true;
            break;
        case FaultRule::Kind::ClockSkew:
            plan.skewSeconds += rule.skewSeconds;
            break;
        default:
            plan.outcome = rule.kind;
            break;
        }
    }
    dropExhausted();
    return plan;
}

FaultInjector::NotifyPlan FaultInjector::planNotification(const QString &eventType)
{
    NotifyPlan plan;
    for (FaultRule &rule : m_rules) {
        if (!rule.isNotificationRule())
            continue;
        if (!rule.eventPrefix.isEmpty() && !eventType.startsWith(rule.eventPrefix))
            continue;
        if (!fires(rule))
            continue;
        plan.delayMs += rule.latencyMs;
        if (rule.kind == FaultRule::Kind::NotifyDuplicate)
            plan.duplicate = true;
        else if (rule.kind == FaultRule::Kind::NotifyReorder) {
            plan.reorder = true;
            plan.holdMs = qMax(plan.holdMs, rule.holdMs);
        } else if (rule.kind == FaultRule::Kind::NotifySignTest)
            plan.signTest = true;
    }
    dropExhausted();
    return plan;
}

} // namespace paydesk::sandbox
