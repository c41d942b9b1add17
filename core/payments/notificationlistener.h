// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QString>

namespace paydesk {

class ApiClient;
class OrderRepository;
class RefundRepository;
struct Notification;

// Optional (off by default) HTTP endpoint for WeChat Pay's payment and refund
// notifications. Each POST is verified and decrypted (NotificationDecoder) and
// applied through the same writer path as a query (ResultSource::Notification),
// then answered: 204 when stored, 4xx/5xx with {"code","message"} otherwise,
// always at once (WeChat Pay waits 5 s). Duplicates, however many arrive
// together, have exactly one effect: the store's transitions are idempotent.
// An unknown Wechatpay-Serial triggers a certificate refresh and a 503, so
// WeChat Pay delivers again once the new certificate is known.
class NotificationListener : public QAbstractHttpServer
{
    Q_OBJECT

public:
    NotificationListener(ApiClient *api, OrderRepository *orders, RefundRepository *refunds,
                         QObject *parent = nullptr);

    Result<quint16> start(const QHostAddress &address, quint16 port, const QString &path = QStringLiteral("/paydesk/notify"));
    QString path() const { return m_path; }

signals:
    // eventType (TRANSACTION.SUCCESS, REFUND.SUCCESS, ...) and the order/refund it concerned.
    void received(const QString &eventType, const QString &reference, bool changed);
    void rejected(const QString &reason);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Answer
    {
        int status;
        QByteArray code;
        QString message;
    };
    Answer process(const QHttpServerRequest &request);
    Answer apply(const Notification &notification);

    ApiClient *m_api;
    OrderRepository *m_orders;
    RefundRepository *m_refunds;
    QString m_path;
    bool m_refreshing = false;
};

} // namespace paydesk
