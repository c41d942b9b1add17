// SPDX-License-Identifier: MIT
#include "jsonfields.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>

namespace paydesk::sandbox {

JsonFields::JsonFields(const QJsonObject &object, const QString &pointer) : m_object(object), m_pointer(pointer) { }

std::optional<QJsonObject> JsonFields::parseBody(const QByteArray &body, std::optional<HttpResponse> *failure)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        *failure
            = Errors::paramError(QStringLiteral("请求体不是合法的JSON"),
                                 { { QStringLiteral("location"), QStringLiteral("body") },
                                   { QStringLiteral("issue"),
                                     error.error != QJsonParseError::NoError
                                         ? QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset)
                                         : QStringLiteral("the body must be a JSON object") } });
        return std::nullopt;
    }
    return document.object();
}

void JsonFields::fail(const QString &key, const QJsonValue &value, const QString &issue, const QString &message)
{
    if (m_failure)
        return;
    const QString field = m_pointer + key;
    QJsonObject detail { { QStringLiteral("field"), field },
                         { QStringLiteral("issue"), issue },
                         { QStringLiteral("location"), QStringLiteral("body") } };
    if (!value.isUndefined())
        detail.insert(QStringLiteral("value"), value);
    m_failure = Errors::paramError(
        message.isEmpty() ? QStringLiteral("输入源“/body%1”映射到值字段“%2”校验失败: %3").arg(field, key, issue)
                          : message,
        detail);
}

QString JsonFields::string(const QString &key, bool required, int maxLength, const QRegularExpression &pattern)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required) {
            fail(key, value, QStringLiteral("required"),
                 QStringLiteral("输入源“/body%1%2”映射到值字段“%2”必填性规则校验失败，此字段为必填项")
                     .arg(m_pointer, key));
        }
        return {};
    }
    if (!value.isString()) {
        fail(key, value, QStringLiteral("must be a string"));
        return {};
    }
    const QString text = value.toString();
    if (required && text.isEmpty()) {
        fail(key, value, QStringLiteral("must not be empty"));
        return {};
    }
    if (maxLength > 0 && text.size() > maxLength) {
        fail(key, value, QStringLiteral("longer than %1 characters").arg(maxLength));
        return {};
    }
    if (pattern.isValid() && !pattern.pattern().isEmpty() && !text.isEmpty() && !pattern.match(text).hasMatch()) {
        fail(key, value, QStringLiteral("does not match %1").arg(pattern.pattern()));
        return {};
    }
    return text;
}

qint64 JsonFields::amount(const QString &key, bool required)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required) {
            fail(key, value, QStringLiteral("required"),
                 QStringLiteral("输入源“/body%1%2”映射到值字段“%2”必填性规则校验失败，此字段为必填项")
                     .arg(m_pointer, key));
        }
        return 0;
    }
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 1 || number != std::floor(number) || number > 1e13) {
        fail(key, value, QStringLiteral("must be a positive whole number of fen"));
        return 0;
    }
    return qint64(number);
}

QJsonObject JsonFields::object(const QString &key, bool required)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required) {
            fail(key, value, QStringLiteral("required"),
                 QStringLiteral("输入源“/body%1%2”映射到值字段“%2”必填性规则校验失败，此字段为必填项")
                     .arg(m_pointer, key));
        }
        return {};
    }
    if (!value.isObject()) {
        fail(key, value, QStringLiteral("must be an object"));
        return {};
    }
    return value.toObject();
}

QJsonArray JsonFields::array(const QString &key, bool required)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required) {
            fail(key, value, QStringLiteral("required"),
                 QStringLiteral("输入源“/body%1%2”映射到值字段“%2”必填性规则校验失败，此字段为必填项")
                     .arg(m_pointer, key));
        }
        return {};
    }
    if (!value.isArray()) {
        fail(key, value, QStringLiteral("must be an array"));
        return {};
    }
    return value.toArray();
}

JsonFields JsonFields::child(const QJsonObject &object, const QString &key) const
{
    JsonFields c(object, m_pointer + key + QLatin1Char('/'));
    c.m_failure = m_failure;
    return c;
}

void JsonFields::adoptFailure(const JsonFields &other)
{
    if (!m_failure && other.m_failure)
        m_failure = other.m_failure;
}

namespace Errors {

HttpResponse paramError(const QString &message, const QJsonObject &detail)
{
    return HttpResponse::error(400, QStringLiteral("PARAM_ERROR"), message, detail);
}

HttpResponse invalidRequest(const QString &message)
{
    return HttpResponse::error(400, QStringLiteral("INVALID_REQUEST"), message);
}

HttpResponse orderNotExist()
{
    return HttpResponse::error(404, QStringLiteral("ORDER_NOT_EXIST"), QStringLiteral("订单不存在"));
}

HttpResponse resourceNotExists(const QString &message)
{
    return HttpResponse::error(404, QStringLiteral("RESOURCE_NOT_EXISTS"), message);
}

HttpResponse outTradeNoUsed(const QString &message)
{
    return HttpResponse::error(403, QStringLiteral("OUT_TRADE_NO_USED"),
                               message.isEmpty() ? QStringLiteral("商户订单号重复") : message);
}

HttpResponse orderPaid()
{
    return HttpResponse::error(403, QStringLiteral("ORDERPAID"), QStringLiteral("该订单已支付"));
}

HttpResponse appidMchidNotMatch()
{
    return HttpResponse::error(400, QStringLiteral("APPID_MCHID_NOT_MATCH"), QStringLiteral("appid和mch_id不匹配"));
}

HttpResponse mchNotExists(const QString &mchid)
{
    return HttpResponse::error(400, QStringLiteral("MCH_NOT_EXISTS"), QStringLiteral("商户号不存在"),
                               { { QStringLiteral("field"), QStringLiteral("mchid") },
                                 { QStringLiteral("value"), mchid },
                                 { QStringLiteral("issue"), QStringLiteral("no such merchant in the sandbox") },
                                 { QStringLiteral("location"), QStringLiteral("body") } });
}

HttpResponse signError(const QString &issue, const QString &message)
{
    return HttpResponse::error(401, QStringLiteral("SIGN_ERROR"),
                               message.isEmpty() ? QStringLiteral("错误的签名，验签失败") : message,
                               { { QStringLiteral("field"), QStringLiteral("signature") },
                                 { QStringLiteral("issue"), issue },
                                 { QStringLiteral("location"), QStringLiteral("authorization") } });
}

HttpResponse systemError()
{
    return HttpResponse::error(500, QStringLiteral("SYSTEM_ERROR"), QStringLiteral("系统错误"));
}

HttpResponse bankError()
{
    return HttpResponse::error(502, QStringLiteral("BANK_ERROR"), QStringLiteral("银行系统异常"));
}

HttpResponse frequencyLimited(const QString &message)
{
    return HttpResponse::error(429, QStringLiteral("FREQUENCY_LIMITED"),
                               message.isEmpty() ? QStringLiteral("频率超限") : message);
}

} // namespace Errors

} // namespace paydesk::sandbox
