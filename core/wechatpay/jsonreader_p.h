// SPDX-License-Identifier: MIT
// Private to core/wechatpay: reads WeChat Pay answers field by field.
#pragma once

#include "apitypes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <memory>
#include <optional>

namespace paydesk::wechatpay_detail {

// Reads one JSON object of an answer: tolerant of absent optional fields,
// strict on required ones and on types. The first problem is kept (children made
// with object() share it) and reported as MALFORMED_RESPONSE naming the JSON
// path ("/amount/total"), so a support person can see what WeChat Pay sent wrong.
class JsonReader
{
public:
    explicit JsonReader(const QJsonObject &object, QString what = QStringLiteral("answer"))
        : m_object(object), m_state(std::make_shared<State>())
    {
        m_state->what = std::move(what);
    }

    bool ok() const { return m_state->problem.isEmpty(); }

    ApiError error() const
    {
        ApiError e;
        e.code = QStringLiteral("MALFORMED_RESPONSE");
        e.message = QStringLiteral("WeChat Pay %1 is malformed: %2").arg(m_state->what, m_state->problem);
        return e;
    }

    QString requiredString(const char *key) { return string(key, true); }
    QString optionalString(const char *key) { return string(key, false); }

    qint64 requiredInteger(const char *key) { return integer(key, true).value_or(0); }
    std::optional<qint64> optionalInteger(const char *key) { return integer(key, false); }

    QDateTime optionalTime(const char *key)
    {
        const QString text = string(key, false);
        if (text.isEmpty())
            return {};
        const QDateTime time = parseWechatTime(text);
        if (!time.isValid())
            fail(path(key) + QStringLiteral(" is not an RFC 3339 time: \"%1\"").arg(text.left(40)));
        return time;
    }

    bool has(const char *key) const
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull();
    }

    // A nested object; an absent optional one reads as empty (every field then absent).
    JsonReader object(const char *key, bool required)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        QJsonObject child;
        if (v.isObject())
            child = v.toObject();
        else if (!v.isUndefined() && !v.isNull())
            fail(path(key) + QStringLiteral(" is not an object"));
        else if (required)
            fail(path(key) + QStringLiteral(" is missing"));
        return JsonReader(child, m_path + QLatin1Char('/') + QLatin1String(key), m_state);
    }

    QList<JsonReader> array(const char *key, bool required)
    {
        QList<JsonReader> items;
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(path(key) + QStringLiteral(" is missing"));
            return items;
        }
        if (!v.isArray()) {
            fail(path(key) + QStringLiteral(" is not an array"));
            return items;
        }
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = path(key) + QLatin1Char('/') + QString::number(i);
            if (!array.at(i).isObject()) {
                fail(itemPath + QStringLiteral(" is not an object"));
                break;
            }
            items.append(JsonReader(array.at(i).toObject(), itemPath, m_state));
        }
        return items;
    }

    void fail(const QString &problem)
    {
        if (m_state->problem.isEmpty())
            m_state->problem = problem;
    }

    const QJsonObject &json() const { return m_object; }

private:
    struct State
    {
        QString what;
        QString problem;
    };

    JsonReader(const QJsonObject &object, QString path, std::shared_ptr<State> state)
        : m_object(object), m_path(std::move(path)), m_state(std::move(state))
    {
    }

    QString path(const char *key) const { return m_path + QLatin1Char('/') + QLatin1String(key); }

    QString string(const char *key, bool required)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isString()) {
            if (required && v.toString().isEmpty())
                fail(path(key) + QStringLiteral(" is empty"));
            return v.toString();
        }
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(path(key) + QStringLiteral(" is missing"));
            return {};
        }
        fail(path(key) + QStringLiteral(" is not a string"));
        return {};
    }

    std::optional<qint64> integer(const char *key, bool required)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(path(key) + QStringLiteral(" is missing"));
            return std::nullopt;
        }
        // Amounts are fen: integers well inside a double's exact range.
        constexpr double Limit = 9007199254740992.0; // 2^53
        const double d = v.toDouble();
        if (!v.isDouble() || std::trunc(d) != d || std::fabs(d) > Limit) {
            fail(path(key) + QStringLiteral(" is not an integer"));
            return std::nullopt;
        }
        return v.toInteger();
    }

    QJsonObject m_object;
    QString m_path;
    std::shared_ptr<State> m_state;
};

} // namespace paydesk::wechatpay_detail
