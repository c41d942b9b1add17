// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

class QTcpSocket;
class QTimer;

namespace paydesk {

// Sends ESC/POS bytes to a thermal printer: on the network (raw TCP, port
// 9100: "tcp://192.168.1.50:9100", "192.168.1.50"), or through a device file
// ("/dev/usb/lp0", a serial port such as "/dev/ttyUSB0" set up with stty, a
// Windows share or "COM3"). Asynchronous: the network path never blocks
// the caller, and a device file is written on a worker thread, so a printer
// that is off cannot freeze the till. Emits exactly one finished() per send().
class EscPosPrinter : public QObject
{
    Q_OBJECT

public:
    struct Target
    {
        enum Kind { Network, Device };
        Kind kind = Network;
        QString host;
        quint16 port = 9100;
        QString path;
        QString toString() const;
    };
    static Result<Target> parseTarget(const QString &spec);

    explicit EscPosPrinter(QObject *parent = nullptr);
    ~EscPosPrinter() override;

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    bool isBusy() const { return m_busy; }

    // One print job at a time; a second send() while busy fails at once.
    void send(const Target &target, const QByteArray &bytes);

signals:
    // `error` is empty (code and message) when every byte was handed to the printer.
    void finished(qint64 bytesWritten, const paydesk::Error &error);

private:
    void sendNetwork(const Target &target, const QByteArray &bytes);
    void sendDevice(const Target &target, const QByteArray &bytes);
    void done(qint64 written, const Error &error);

    QPointer<QTcpSocket> m_socket;
    QTimer *m_timer = nullptr;
    int m_timeoutMs = 10000;
    qint64 m_expected = 0;
    bool m_busy = false;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::Error)
