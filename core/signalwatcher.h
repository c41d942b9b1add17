// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace paydesk {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop, so a long
// running program (paydesk-cli notify listen, paydesk-sandbox serve) can answer
// what is in flight, print its last line and exit cleanly: destructors run, the
// database closes, and a sanitized build checks for leaks at exit. A signal handler may do almost nothing: it writes one
// byte into a socket pair that a QSocketNotifier watches.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminated(int signalNumber);
};

} // namespace paydesk
