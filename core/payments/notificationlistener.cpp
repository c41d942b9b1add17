// SPDX-License-Identifier: MIT
#include "notificationlistener.h"

#include "store/orderrepository.h"
#include "store/refundrepository.h"
#include "wechatpay/apiclient.h"
#include "wechatpay/notificationdecoder.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

namespace paydesk {

Q_LOGGING_CATEGORY(lcListener, "paydesk.payments.listener")

NotificationListener::NotificationListener(ApiClient *api, OrderRepository *orders, RefundRepository *refunds,
                                           QObject *parent)
    : QAbstractHttpServer(parent), m_api(api), m_orders(orders), m_refunds(refunds)
{
}

Result<quint16> NotificationListener::start(const QHostAddress &address, quint16 port, const QString &path)
{
    m_path = path;
    const quint16 bound = listen(address, port);
    if (bound == 0) {
        return makeError(QStringLiteral("listen_failed"),
                         QStringLiteral("cannot listen for notifications on %1:%2 (in use, or not this machine's "
                                        "address): choose another port in settings")
                             .arg(address.toString()).arg(port));
    }
    qCInfo(lcListener) << "listening for WeChat Pay notifications on" << address.toString() << bound << path;
    return bound;
}

bool NotificationListener::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const Answer answer = process(request);
    QHttpServerResponder responder = makeResponder(request, socket);
    if (answer.status == 204) {
        responder.write(QHttpServerResponder::StatusCode::NoContent);
    } else {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("code"), QString::fromLatin1(answer.code)},
                                                          {QStringLiteral("message"), answer.message}})
                                    .toJson(QJsonDocument::Compact);
        responder.write(body, "application/json", QHttpServerResponder::StatusCode(answer.status));
        emit rejected(answer.message);
    }
    return true;
}

void NotificationListener::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

NotificationListener::Answer NotificationListener::process(const QHttpServerRequest &request)
{
    if (request.method() != QHttpServerRequest::Method::Post || request.url().path() != m_path)
        return {404, "NOT_FOUND", QStringLiteral("POST notifications to %1").arg(m_path)};

    const NotificationDecoder decoder(m_api->platformKeys(), m_api->credentials().apiV3Key);
    auto decoded = decoder.decode(request.headers(), request.body());
    if (!decoded) {
        const NotificationError &error = decoded.error();
        qCWarning(lcListener) << "notification refused:" << error.kindName() << error.message;
        if (error.verifyFailure == VerifyFailure::UnknownSerial && !m_refreshing) {
            // WeChat Pay may have rotated its certificate: learn it, and let the re-delivery pass.
            m_refreshing = true;
            m_api->refreshCertificates([this](ApiResult<QList<PlatformCertificateInfo>>) { m_refreshing = false; });
            return {503, "FAIL", QStringLiteral("unknown certificate serial; refreshing certificates")};
        }
        // Bytes that do not decrypt or parse will not get better on re-delivery
        // of the same bytes: refuse them as a client error.
        const int status = (error.kind == NotificationError::DecryptFailed || error.kind == NotificationError::MalformedJson)
            ? 400 : error.httpStatus();
        return {status, "FAIL", error.message};
    }
    return apply(*decoded);
}

NotificationListener::Answer NotificationListener::apply(const Notification &n)
{
    Result<ApplyResult> applied = makeError(QStringLiteral("unhandled"), QStringLiteral("nothing to apply"));
    QString reference;
    if (n.combine) {
        reference = n.combine->combineOutTradeNo;
        applied = m_orders->applyCombineTransaction(*n.combine, ResultSource::Notification, QStringLiteral("notification"));
    } else if (n.transaction) {
        reference = n.transaction->outTradeNo;
        applied = m_orders->applyTransaction(*n.transaction, ResultSource::Notification, QStringLiteral("notification"));
    } else if (n.refund) {
        reference = n.refund->outRefundNo;
        applied = m_refunds->applyRefund(*n.refund, ResultSource::Notification, QStringLiteral("notification"));
    } else {
        return {204, {}, {}}; // an event PayDesk does not act on: acknowledged
    }
    if (!applied) {
        if (applied.error().code == QLatin1String("unknown_order") || applied.error().code == QLatin1String("unknown_refund")) {
            // Not ours (another terminal's or another store's): acknowledge, nothing to keep.
            qCInfo(lcListener) << "notification for an unknown" << reference << "acknowledged";
            emit received(n.eventType, reference, false);
            return {204, {}, {}};
        }
        // The store could not take it (disk full, locked): WeChat Pay will deliver again.
        qCCritical(lcListener) << "cannot store notification for" << reference << ":" << applied.error().message;
        return {500, "FAIL", applied.error().message};
    }
    emit received(n.eventType, reference, applied->outcome == ApplyResult::Applied);
    return {204, {}, {}};
}

} // namespace paydesk
