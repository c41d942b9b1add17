// SPDX-License-Identifier: MIT
// A receipt printer on loopback, as the tests need one: a local TCP listener
// (port 9100 style) that keeps what every connection (one print job) sent.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace paydesk::testing {

class FakeEscPosPrinter : public QObject
{
public:
    FakeEscPosPrinter()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                const qsizetype job = jobs.size();
                jobs.append(QByteArray());
                connect(socket, &QTcpSocket::readyRead, socket,
                        [this, socket, job] { jobs[job] += socket->readAll(); });
                connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
                    ++closed;
                    socket->deleteLater();
                });
            }
        });
    }

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    void close() { m_server.close(); } // unplugged: nothing listens on port() any more
    // "tcp://127.0.0.1:<port>", as a store would type it in Settings.
    QString target() const { return QStringLiteral("tcp://127.0.0.1:%1").arg(m_server.serverPort()); }
    // Every job's bytes, in the order they came.
    QByteArray received() const { return jobs.isEmpty() ? QByteArray() : jobs.join(); }

    QList<QByteArray> jobs; // what each connection brought
    int closed = 0;         // connections the sender has finished

private:
    QTcpServer m_server;
};

} // namespace paydesk::testing
