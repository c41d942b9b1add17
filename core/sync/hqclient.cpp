// SPDX-License-Identifier: MIT
#include "hqclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace paydesk {

QString HqError::toString() const
{
    if (httpStatus == 0)
        return message;
    return QStringLiteral("HTTP %1 %2: %3").arg(httpStatus).arg(code, message);
}

HqClient::HqClient(const QUrl &base, const QString &caFile, QObject *parent)
    : QObject(parent), m_base(base), m_network(new QNetworkAccessManager(this)), m_caFile(caFile)
{
}

void HqClient::enroll(const QString &code, const QString &terminalId, const QString &mchid,
                      std::function<void(HqResult<HqEnrolment>)> done)
{
    const QJsonObject body { { QStringLiteral("code"), code },
                             { QStringLiteral("terminal_id"), terminalId },
                             { QStringLiteral("mchid"), mchid } };
    post(QStringLiteral("/api/v1/enroll"), body, [done](HqResult<QJsonObject> answer) {
        if (!answer)
            return done(answer.error());
        HqEnrolment e;
        e.storeCode = answer->value(QLatin1String("store")).toString();
        e.storeName = answer->value(QLatin1String("store_name")).toString();
        e.tillCode = answer->value(QLatin1String("till")).toString();
        e.token = answer->value(QLatin1String("token")).toString().toLatin1();
        if (e.token.isEmpty() || e.tillCode.isEmpty())
            return done(HqError { 200, QStringLiteral("hq_bad_answer"),
                                  QStringLiteral("PayDesk HQ accepted the code but sent no credential"), false });
        done(e);
    });
}

void HqClient::post(const QString &path, const QJsonObject &body, JsonCallback done)
{
    send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

void HqClient::get(const QString &path, JsonCallback done)
{
    send("GET", path, {}, std::move(done));
}

void HqClient::send(const QByteArray &method, const QString &path, const QByteArray &body, JsonCallback done)
{
    QUrl url = m_base;
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    url.setPath(m_base.path().chopped(m_base.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(m_timeoutMs);
    if (!m_caFile.isEmpty() && url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        auto extra = QSslCertificate::fromPath(m_caFile);
        if (extra.isEmpty())
            return done(HqError { 0, QStringLiteral("hq_ca_unreadable"),
                                  QStringLiteral("the CA certificate %1 for PayDesk HQ cannot be read: check the file "
                                                 "(PEM) or enrol again without it")
                                      .arg(m_caFile),
                                  false });
        tls.addCaCertificates(extra);
        request.setSslConfiguration(tls);
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(readAnswer(reply));
    });
}

HqResult<QJsonObject> HqClient::readAnswer(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = reply->readAll();
    if (status == 0) {
        return HqError { 0, QStringLiteral("hq_unreachable"),
                         QStringLiteral("PayDesk HQ at %1 cannot be reached (%2); PayDesk keeps working and sends "
                                        "what is waiting when HQ answers again")
                             .arg(reply->url().adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(),
                                  reply->errorString()),
                         true };
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    const QJsonObject object = document.object();
    if (status >= 200 && status < 300) {
        if (!document.isObject())
            return HqError { status, QStringLiteral("hq_bad_answer"),
                             QStringLiteral("PayDesk HQ answered with something other than JSON: is the URL right?"),
                             true };
        return object;
    }
    const QJsonObject error = object.value(QLatin1String("error")).toObject();
    HqError e;
    e.httpStatus = status;
    e.code = error.value(QLatin1String("code")).toString(QStringLiteral("http_%1").arg(status));
    e.message = error.value(QLatin1String("message"))
                    .toString(QStringLiteral("PayDesk HQ answered HTTP %1").arg(status));
    e.retryable = status >= 500 || status == 429 || status == 408;
    return e;
}

} // namespace paydesk
