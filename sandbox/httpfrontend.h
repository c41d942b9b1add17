// SPDX-License-Identifier: MIT
#pragma once

#include "httpmessage.h"
#include "result.h"

#include <QAbstractHttpServer>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <functional>
#include <optional>

namespace paydesk::sandbox {

// A server-side socket that remembers the bytes it receives, so the sandbox
// can verify a signature against the request-target exactly as it came over
// the wire. QHttpServerRequest::url() normalises it (a raw '|' becomes %7C,
// %41 becomes A), and a signature covers the raw bytes, never a normal form.
//
// It connects to readyRead before QAbstractHttpServer does, so it sees every
// byte once, before the server's parser consumes it. Plain connections are
// QSslSocket objects that never start encryption.
class CapturingSocket : public QSslSocket
{
    Q_OBJECT

public:
    explicit CapturingSocket(QObject *parent = nullptr);

    // The request line of the next request in the stream: (target, version).
    // `bodySize` and `chunked` say how far the request reaches, so the next
    // call finds the next request. Empty target when the stream is not
    // understood (then the caller falls back to the parsed URL).
    QPair<QByteArray, QByteArray> takeRequestLine(const QByteArray &method, qsizetype bodySize, bool chunked);

private:
    void capture();

    QByteArray m_stream;
};

// Accepts connections as CapturingSocket, encrypted first when TLS is on
// (like QSslServer, which cannot make our socket class).
class SandboxTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit SandboxTcpServer(std::optional<QSslConfiguration> tls, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr handle) override;

private:
    std::optional<QSslConfiguration> m_tls;
};

// The way back to the client of one request; cheap to copy, safe to use after
// the client went away (then it does nothing).
class Exchange
{
public:
    Exchange() = default;
    Exchange(QTcpSocket *socket, bool keepAlive) : m_socket(socket), m_keepAlive(keepAlive) { }

    void respond(const HttpResponse &response) const;
    // Resets the connection without an answer (the client sees a transport error).
    void abort() const;
    bool isConnected() const;

private:
    QPointer<QTcpSocket> m_socket;
    bool m_keepAlive = true;
};

// The HTTP side of the sandbox: QAbstractHttpServer parses requests; this class
// turns each into a detached HttpRequest (with the raw target) and hands it to
// the handler with an Exchange to answer through, now or later.
class HttpFrontend : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<void(HttpRequest, Exchange)>;

    explicit HttpFrontend(Handler handler, QObject *parent = nullptr);

    Result<quint16> listenOn(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace paydesk::sandbox
