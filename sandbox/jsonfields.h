// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <optional>

namespace paydesk::sandbox {

// Reads the fields of a request body the way WeChat Pay checks them, keeping
// the first problem as a 400 PARAM_ERROR with detail {field, value, issue,
// location}, the shape of WeChat Pay's own answers.
class JsonFields
{
public:
    explicit JsonFields(const QJsonObject &object, const QString &pointer = QStringLiteral("/"));

    // Parses a body; on failure, failure() holds the 400 answer.
    static std::optional<QJsonObject> parseBody(const QByteArray &body, std::optional<HttpResponse> *failure);

    QString string(const QString &key, bool required, int maxLength,
                   const QRegularExpression &pattern = QRegularExpression());
    // A positive whole number (fen); 0 when absent and optional.
    qint64 amount(const QString &key, bool required);
    QJsonObject object(const QString &key, bool required);
    QJsonArray array(const QString &key, bool required);
    bool has(const QString &key) const { return m_object.contains(key); }

    // A child object's fields, sharing this reader's first failure.
    JsonFields child(const QJsonObject &object, const QString &key) const;
    void adoptFailure(const JsonFields &other);
    void fail(const QString &key, const QJsonValue &value, const QString &issue, const QString &message = {});

    bool ok() const { return !m_failure.has_value(); }
    HttpResponse failure() const { return *m_failure; }

private:
    QJsonObject m_object;
    QString m_pointer;
    std::optional<HttpResponse> m_failure;
};

// The error answers the sandbox gives, with WeChat Pay's codes and messages.
namespace Errors {
HttpResponse paramError(const QString &message, const QJsonObject &detail = {});
HttpResponse invalidRequest(const QString &message);
HttpResponse orderNotExist();
HttpResponse resourceNotExists(const QString &message);
HttpResponse outTradeNoUsed(const QString &message = {});
HttpResponse orderPaid();
HttpResponse appidMchidNotMatch();
HttpResponse mchNotExists(const QString &mchid);
HttpResponse signError(const QString &issue, const QString &message = {});
HttpResponse systemError();
HttpResponse bankError();
HttpResponse frequencyLimited(const QString &message = {});
} // namespace Errors

} // namespace paydesk::sandbox
