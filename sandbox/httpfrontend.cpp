// SPDX-License-Identifier: MIT
#include "httpfrontend.h"

#include "sandboxtypes.h"

#include <QHttpServerRequest>

namespace paydesk::sandbox {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

// Path and query of a target as QUrl normalises them, to check that the
// captured request line is the one the server parsed.
QByteArray normalised(const QUrl &url)
{
    return url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
}

} // namespace

CapturingSocket::CapturingSocket(QObject *parent) : QSslSocket(parent)
{
    connect(this, &QIODevice::readyRead, this, &CapturingSocket::capture);
}

void CapturingSocket::capture()
{
    // Bytes not yet read by the HTTP parser (it reads everything available in
    // its own readyRead slot, which runs after this one).
    m_stream.append(peek(bytesAvailable()));
}

QPair<QByteArray, QByteArray> CapturingSocket::takeRequestLine(const QByteArray &method, qsizetype bodySize,
                                                               bool chunked)
{
    qsizetype start = 0;
    while (start < m_stream.size() && (m_stream.at(start) == '\r' || m_stream.at(start) == '\n'))
        ++start;
    const qsizetype lineEnd = m_stream.indexOf("\r\n", start);
    const qsizetype headersEnd = m_stream.indexOf("\r\n\r\n", start);
    if (lineEnd < 0 || headersEnd < 0) {
        m_stream.clear();
        return {};
    }
    const QList<QByteArray> parts = m_stream.mid(start, lineEnd - start).split(' ');
    qsizetype next = headersEnd + 4;
    if (chunked) {
        // The last chunk: "0\r\n\r\n" (trailers are not used by HTTP clients here).
        const qsizetype last = m_stream.indexOf("0\r\n\r\n", next);
        next = last < 0 ? m_stream.size() : last + 5;
    } else {
        next += bodySize;
    }
    m_stream.remove(0, qMin(next, m_stream.size()));
    if (parts.size() != 3 || parts.at(0) != method)
        return {};
    return { parts.at(1), parts.at(2) };
}

SandboxTcpServer::SandboxTcpServer(std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent), m_tls(std::move(tls))
{
}

void SandboxTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new CapturingSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (!m_tls) {
        addPendingConnection(socket);
        return;
    }
    socket->setSslConfiguration(*m_tls);
    connect(socket, &QSslSocket::encrypted, this, [this, socket]() { addPendingConnection(socket); });
    connect(socket, &QAbstractSocket::errorOccurred, socket, [socket](QAbstractSocket::SocketError) {
        if (!socket->isEncrypted())
            socket->deleteLater();
    });
    connect(socket, &QSslSocket::sslErrors, socket, [socket](const QList<QSslError> &errors) {
        qCInfo(lcSandbox) << "TLS handshake failed:" << errors;
        socket->deleteLater();
    });
    socket->startServerEncryption();
}

void Exchange::respond(const HttpResponse &response) const
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->write(serializeResponse(response, m_keepAlive));
    if (!m_keepAlive)
        m_socket->disconnectFromHost();
}

void Exchange::abort() const
{
    if (m_socket)
        m_socket->abort();
}

bool Exchange::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

HttpFrontend::HttpFrontend(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{
}

Result<quint16> HttpFrontend::listenOn(const QHostAddress &address, quint16 port,
                                       const std::optional<QSslConfiguration> &tls)
{
    auto *server = new SandboxTcpServer(tls, this);
    if (!server->listen(address, port)) {
        const QString message
            = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(server->errorString());
        delete server;
        return makeError(QStringLiteral("listen_failed"), message);
    }
    bind(server);
    return server->serverPort();
}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest r;
    r.method = methodName(request.method());
    r.headers = request.headers();
    r.body = request.body();
    r.peer = request.remoteAddress();

    const QByteArray fromUrl = normalised(request.url());
    QByteArray version = "HTTP/1.1";
    QByteArray target;
    if (auto *capturing = qobject_cast<CapturingSocket *>(socket)) {
        const bool chunked = r.header("transfer-encoding").toLower().contains("chunked");
        const auto line = capturing->takeRequestLine(r.method, r.body.size(), chunked);
        if (!line.first.isEmpty()) {
            // The captured line must be the request the parser saw.
            if (normalised(QUrl::fromEncoded(line.first)) == fromUrl) {
                target = line.first;
                version = line.second;
            } else {
                qCWarning(lcSandbox) << "captured request line" << line.first << "does not match the parsed URL"
                                     << fromUrl;
            }
        }
    }
    r.targetFromWire = !target.isEmpty();
    if (!r.targetFromWire)
        qCDebug(lcSandbox) << "request-target not captured; verifying against the parsed URL" << fromUrl;
    r.setTarget(target.isEmpty() ? fromUrl : target);

    const QByteArray connection = r.header("connection").toLower();
    r.keepAlive = version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close");
    const Exchange exchange(socket, r.keepAlive);
    m_handler(std::move(r), exchange);
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    Exchange(socket, false)
        .respond(HttpResponse::error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no handler")));
}

} // namespace paydesk::sandbox
