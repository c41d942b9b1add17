// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "syncingest.h"
#include "tillregistry.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>

#include <optional>

class QSslConfiguration;

namespace paydesk::hq {

class HqDatabase;

// paydesk-hq's HTTP API (docs/hq.md), JSON in and out:
//   GET  /health           liveness and schema version, no credential
//   POST /api/v1/enroll    {code, terminal_id, mchid} -> {store, store_name, till, token}
//   POST /api/v1/sync      a till's outbox batch (Authorization: Bearer <token>)
//   GET  /api/v1/whoami    the till the credential belongs to, and how far it synced
//   GET  /api/v1/report?day=YYYY-MM-DD[&training=1]
//                          the X report of the caller's store for a China-time day
// Errors are {"error": {"code", "message"}} with 400 (unreadable), 401
// (unknown credential), 403 (revoked, enrolment refused), 422 (a batch
// refused: nothing of it applied), 503 (PostgreSQL unavailable: try again).
class HqServer : public QObject
{
    Q_OBJECT

public:
    explicit HqServer(HqDatabase *database, QObject *parent = nullptr);

    // TLS for every connection (QAbstractHttpServer::sslSetup); call before listen().
    void useTls(const QSslConfiguration &configuration);
    // The port listened on (a free one when `port` is 0).
    Result<quint16> listen(const QHostAddress &address, quint16 port);

private:
    QHttpServerResponse enroll(const QHttpServerRequest &request);
    QHttpServerResponse sync(const QHttpServerRequest &request);
    QHttpServerResponse whoami(const QHttpServerRequest &request);
    QHttpServerResponse report(const QHttpServerRequest &request);
    // The calling till, or the response that refuses it.
    std::variant<TillIdentity, QHttpServerResponse> caller(const QHttpServerRequest &request);
    // errorResponse(), remembering a lost database so the next request reconnects first.
    QHttpServerResponse refuse(const Error &error);
    template<typename Handler>
    void handle(const QString &path, QHttpServerRequest::Method method, Handler handler);

    HqDatabase *m_database;
    QHttpServer m_http;
    TillRegistry m_tills;
    SyncIngest m_ingest;
    bool m_databaseLost = false;
};

QHttpServerResponse errorResponse(const Error &error);

} // namespace paydesk::hq
