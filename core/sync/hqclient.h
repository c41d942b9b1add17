// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace paydesk {

// How a call to PayDesk HQ failed. `retryable`: no answer, or HQ (or its
// database) was not able to answer now; try again later with the same data.
// A refused credential (401/403) or a refused batch (4xx) is not retried
// until someone acts: the till says so in its status bar.
struct HqError
{
    int httpStatus = 0; // 0: no HTTP answer
    QString code;
    QString message;
    bool retryable = false;

    bool credentialRefused() const { return httpStatus == 401 || httpStatus == 403; }
    QString toString() const;
};

template<typename T>
using HqResult = Result<T, HqError>;

struct HqEnrolment
{
    QString storeCode;
    QString storeName;
    QString tillCode;
    QByteArray token;
};

// The till's client for paydesk-hq's JSON API (docs/hq.md): enrolment with a
// one-time code, then calls that carry the till's token. Asynchronous; lives
// on the thread that created it.
class HqClient : public QObject
{
    Q_OBJECT

public:
    // `caFile`: a PEM CA certificate trusted for HQ's TLS beside the system's.
    explicit HqClient(const QUrl &base, const QString &caFile = {}, QObject *parent = nullptr);

    void setToken(const QByteArray &token) { m_token = token; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    QUrl baseUrl() const { return m_base; }

    using JsonCallback = std::function<void(HqResult<QJsonObject>)>;
    void enroll(const QString &code, const QString &terminalId, const QString &mchid,
                std::function<void(HqResult<HqEnrolment>)> done);
    // POST `path` with `body` as JSON; the answer's JSON object.
    void post(const QString &path, const QJsonObject &body, JsonCallback done);
    void get(const QString &path, JsonCallback done);

private:
    void send(const QByteArray &method, const QString &path, const QByteArray &body, JsonCallback done);
    static HqResult<QJsonObject> readAnswer(QNetworkReply *reply);

    QUrl m_base;
    QByteArray m_token;
    int m_timeoutMs = 20000;
    QNetworkAccessManager *m_network;
    QString m_caFile;
};

} // namespace paydesk
