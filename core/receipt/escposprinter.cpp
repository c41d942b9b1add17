// SPDX-License-Identifier: MIT
#include "escposprinter.h"

#include <QFile>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QtConcurrent>

namespace paydesk {

Q_LOGGING_CATEGORY(lcEscPos, "paydesk.receipt.escpos")

namespace {

struct DeviceWrite
{
    qint64 written = 0;
    QString error;
};

} // namespace

QString EscPosPrinter::Target::toString() const
{
    return kind == Network ? QStringLiteral("tcp://%1:%2").arg(host).arg(port) : path;
}

Result<EscPosPrinter::Target> EscPosPrinter::parseTarget(const QString &spec)
{
    const QString s = spec.trimmed();
    Target target;
    if (s.isEmpty())
        return makeError(QStringLiteral("bad_printer"), QStringLiteral("no printer given: tcp://HOST:9100 or a device path"));
    if (s.startsWith(QLatin1String("tcp://"))) {
        const QUrl url(s);
        if (!url.isValid() || url.host().isEmpty())
            return makeError(QStringLiteral("bad_printer"),
                             QStringLiteral("%1 is not a printer address: write tcp://HOST:9100").arg(s));
        target.host = url.host();
        target.port = quint16(url.port(9100));
        return target;
    }
    if (s.startsWith(QLatin1Char('/')) || s.startsWith(QLatin1String("\\\\")) || s.startsWith(QLatin1String("COM"), Qt::CaseInsensitive)
        || s.startsWith(QLatin1String("LPT"), Qt::CaseInsensitive)) {
        target.kind = Target::Device;
        target.path = s;
        return target;
    }
    // A bare "host" or "host:port".
    const QUrl url(QStringLiteral("tcp://") + s);
    if (!url.isValid() || url.host().isEmpty())
        return makeError(QStringLiteral("bad_printer"),
                         QStringLiteral("%1 is neither tcp://HOST:PORT nor a device path").arg(s));
    target.host = url.host();
    target.port = quint16(url.port(9100));
    return target;
}

EscPosPrinter::EscPosPrinter(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    qRegisterMetaType<paydesk::Error>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        const QString where = m_socket ? m_socket->peerName() : QString();
        done(0, makeError(QStringLiteral("printer_timeout"),
                          QStringLiteral("the printer %1 did not take the receipt within %2 s: check that it is on "
                                         "and online").arg(where).arg(m_timeoutMs / 1000)));
    });
}

EscPosPrinter::~EscPosPrinter() = default;

void EscPosPrinter::send(const Target &target, const QByteArray &bytes)
{
    if (m_busy) {
        // Queued, so the caller's connection sees it after send() returns, as for any other outcome.
        QMetaObject::invokeMethod(this, [this] {
            emit finished(0, makeError(QStringLiteral("printer_busy"), QStringLiteral("a receipt is still printing")));
        }, Qt::QueuedConnection);
        return;
    }
    m_busy = true;
    m_expected = bytes.size();
    if (target.kind == Target::Network)
        sendNetwork(target, bytes);
    else
        sendDevice(target, bytes);
}

void EscPosPrinter::sendNetwork(const Target &target, const QByteArray &bytes)
{
    m_socket = new QTcpSocket(this);
    QTcpSocket *socket = m_socket;
    m_timer->start(m_timeoutMs);
    connect(socket, &QTcpSocket::connected, socket, [socket, bytes] { socket->write(bytes); });
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0)
            socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket, target] {
        // Disconnected after everything was written: the printer has it all.
        if (socket->bytesToWrite() == 0)
            done(m_expected, {});
        else
            done(0, makeError(QStringLiteral("printer_disconnected"),
                              QStringLiteral("the printer %1 closed the connection mid-receipt").arg(target.toString())));
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, target](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return; // disconnected() decides
        done(0, makeError(QStringLiteral("printer_unreachable"),
                          QStringLiteral("cannot print on %1: %2 (check the address, the cable and that port %3 "
                                         "is the printer's raw port)")
                              .arg(target.toString(), socket->errorString())
                              .arg(target.port)));
    });
    socket->connectToHost(target.host, target.port);
}

void EscPosPrinter::sendDevice(const Target &target, const QByteArray &bytes)
{
    auto *watcher = new QFutureWatcher<DeviceWrite>(this);
    connect(watcher, &QFutureWatcher<DeviceWrite>::finished, this, [this, watcher, target] {
        const DeviceWrite result = watcher->result();
        watcher->deleteLater();
        if (result.error.isEmpty())
            done(result.written, {});
        else
            done(result.written, makeError(QStringLiteral("printer_device"),
                                           QStringLiteral("cannot print on %1: %2 (check the device and that the "
                                                          "PayDesk user may write to it, e.g. the lp group)")
                                               .arg(target.path, result.error)));
    });
    const QString path = target.path;
    watcher->setFuture(QtConcurrent::run([path, bytes] {
        DeviceWrite result;
        QFile device(path);
        if (!device.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            result.error = device.errorString();
            return result;
        }
        result.written = device.write(bytes);
        if (result.written != bytes.size())
            result.error = device.errorString();
        device.close();
        return result;
    }));
}

void EscPosPrinter::done(qint64 written, const Error &error)
{
    if (!m_busy)
        return;
    m_busy = false;
    m_timer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (error.code.isEmpty())
        qCInfo(lcEscPos) << "receipt sent:" << written << "bytes";
    else
        qCWarning(lcEscPos) << error.message;
    emit finished(written, error);
}

} // namespace paydesk
