// SPDX-License-Identifier: MIT
#include "hqserver.h"

#include "hqdatabase.h"
#include "storereport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QUrlQuery>

#include <variant>

namespace paydesk::hq {

Q_LOGGING_CATEGORY(lcHqServer, "paydesk.hq.server")

namespace {

using Status = QHttpServerResponse::StatusCode;

Status statusFor(const QString &code)
{
    if (code == QLatin1String("hq_unknown_token"))
        return Status::Unauthorized;
    if (code == QLatin1String("hq_till_revoked") || code == QLatin1String("hq_unknown_code")
        || code == QLatin1String("hq_code_expired") || code == QLatin1String("hq_wrong_till")
        || code == QLatin1String("hq_wrong_merchant"))
        return Status::Forbidden;
    if (code == QLatin1String("hq_foreign_row") || code == QLatin1String("hq_bad_record")
        || code == QLatin1String("hq_audit_altered"))
        return Status::UnprocessableEntity;
    if (code == QLatin1String("hq_bad_request"))
        return Status::BadRequest;
    if (code == QLatin1String("hq_database_unreachable") || isRetryable(Error { code, {} }))
        return Status::ServiceUnavailable;
    return Status::InternalServerError;
}

std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QByteArray bearer(const QHttpServerRequest &request)
{
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("authorization", Qt::CaseInsensitive) == 0 && value.startsWith("Bearer "))
            return value.mid(7).trimmed();
    }
    return {};
}

} // namespace

QHttpServerResponse errorResponse(const Error &error)
{
    const Status status = statusFor(error.code);
    // What PostgreSQL said stays in HQ's log; the till gets the gist.
    const QString message = status == Status::InternalServerError
        ? QStringLiteral("PayDesk HQ could not do this (%1); see HQ's log").arg(error.code)
        : error.message;
    if (status == Status::InternalServerError || status == Status::ServiceUnavailable)
        qCWarning(lcHqServer) << error.code << error.message;
    return QHttpServerResponse(
        QJsonObject { { QStringLiteral("error"),
                        QJsonObject { { QStringLiteral("code"), error.code }, { QStringLiteral("message"), message } } } },
        status);
}

HqServer::HqServer(HqDatabase *database, QObject *parent)
    : QObject(parent), m_database(database), m_tills(database), m_ingest(database)
{
    m_http.route(QStringLiteral("/health"), QHttpServerRequest::Method::Get, [this] {
        return QHttpServerResponse(QJsonObject { { QStringLiteral("ok"), true },
                                                 { QStringLiteral("schema"), m_database->schemaVersion() } });
    });
    handle(QStringLiteral("/api/v1/enroll"), QHttpServerRequest::Method::Post, &HqServer::enroll);
    handle(QStringLiteral("/api/v1/sync"), QHttpServerRequest::Method::Post, &HqServer::sync);
    handle(QStringLiteral("/api/v1/whoami"), QHttpServerRequest::Method::Get, &HqServer::whoami);
    handle(QStringLiteral("/api/v1/report"), QHttpServerRequest::Method::Get, &HqServer::report);
}

template<typename Handler>
void HqServer::handle(const QString &path, QHttpServerRequest::Method method, Handler handler)
{
    m_http.route(path, method, [this, handler](const QHttpServerRequest &request) {
        if (m_databaseLost) {
            if (auto again = m_database->reconnect(); !again)
                return refuse(again.error());
            m_databaseLost = false;
        }
        return (this->*handler)(request);
    });
}

QHttpServerResponse HqServer::refuse(const Error &error)
{
    if (error.code == QLatin1String("hq_database_unreachable"))
        m_databaseLost = true;
    return errorResponse(error);
}

void HqServer::useTls(const QSslConfiguration &configuration)
{
    m_http.sslSetup(configuration);
}

Result<quint16> HqServer::listen(const QHostAddress &address, quint16 port)
{
    const quint16 bound = m_http.listen(address, port);
    if (bound == 0)
        return makeError(QStringLiteral("hq_cannot_listen"),
                         QStringLiteral("cannot listen on %1:%2 (in use, or not this machine's address)")
                             .arg(address.toString())
                             .arg(port));
    return bound;
}

std::variant<TillIdentity, QHttpServerResponse> HqServer::caller(const QHttpServerRequest &request)
{
    auto till = m_tills.authenticate(bearer(request));
    if (!till) {
        qCInfo(lcHqServer) << "refused a call from" << request.remoteAddress().toString() << ":" << till.error().code;
        return refuse(till.error());
    }
    return *till;
}

QHttpServerResponse HqServer::enroll(const QHttpServerRequest &request)
{
    const auto body = jsonBody(request);
    if (!body)
        return errorResponse(makeError(QStringLiteral("hq_bad_request"), QStringLiteral("the body must be a JSON object")));
    auto enrolled = m_tills.enroll(body->value(QLatin1String("code")).toString(),
                                   body->value(QLatin1String("terminal_id")).toString(),
                                   body->value(QLatin1String("mchid")).toString());
    if (!enrolled) {
        qCInfo(lcHqServer) << "enrolment refused:" << enrolled.error().code;
        return refuse(enrolled.error());
    }
    return QHttpServerResponse(QJsonObject { { QStringLiteral("store"), enrolled->till.storeCode },
                                             { QStringLiteral("store_name"), enrolled->till.storeName },
                                             { QStringLiteral("till"), enrolled->till.tillCode },
                                             { QStringLiteral("token"), QString::fromLatin1(enrolled->token) } });
}

QHttpServerResponse HqServer::sync(const QHttpServerRequest &request)
{
    auto who = caller(request);
    if (auto *refused = std::get_if<QHttpServerResponse>(&who))
        return std::move(*refused);
    const TillIdentity till = std::get<TillIdentity>(who);
    const auto body = jsonBody(request);
    if (!body)
        return errorResponse(makeError(QStringLiteral("hq_bad_request"), QStringLiteral("the body must be a JSON object")));
    auto applied = m_ingest.apply(till, *body);
    if (!applied) {
        qCWarning(lcHqServer) << "refused a batch of till" << till.tillCode << "of store" << till.storeCode << ":"
                              << applied.error().code << applied.error().message;
        return refuse(applied.error());
    }
    return QHttpServerResponse(QJsonObject { { QStringLiteral("applied"), applied->applied },
                                             { QStringLiteral("unchanged"), applied->unchanged },
                                             { QStringLiteral("acked_seq"), applied->lastSeq } });
}

QHttpServerResponse HqServer::whoami(const QHttpServerRequest &request)
{
    auto who = caller(request);
    if (auto *refused = std::get_if<QHttpServerResponse>(&who))
        return std::move(*refused);
    const TillIdentity till = std::get<TillIdentity>(who);
    auto q = pgExec(m_database->connection(), QStringLiteral("SELECT last_seq FROM tills WHERE id = ?"), { till.tillId });
    if (!q)
        return refuse(q.error());
    q->next();
    return QHttpServerResponse(QJsonObject { { QStringLiteral("store"), till.storeCode },
                                             { QStringLiteral("store_name"), till.storeName },
                                             { QStringLiteral("till"), till.tillCode },
                                             { QStringLiteral("mchid"), till.mchid },
                                             { QStringLiteral("last_seq"), q->value(0).toLongLong() } });
}

QHttpServerResponse HqServer::report(const QHttpServerRequest &request)
{
    auto who = caller(request);
    if (auto *refused = std::get_if<QHttpServerResponse>(&who))
        return std::move(*refused);
    const TillIdentity till = std::get<TillIdentity>(who);
    const QUrlQuery query = request.query();
    const QDate day = QDate::fromString(query.queryItemValue(QStringLiteral("day")), Qt::ISODate);
    if (!day.isValid())
        return errorResponse(makeError(QStringLiteral("hq_bad_request"), QStringLiteral("day=YYYY-MM-DD is needed")));
    auto built = StoreReport(m_database).day(day, till.storeId, query.queryItemValue(QStringLiteral("training")) == QLatin1String("1"));
    if (!built)
        return refuse(built.error());
    return QHttpServerResponse(*built);
}

} // namespace paydesk::hq
