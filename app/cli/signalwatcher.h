// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace paydesk::cli {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop, so a long
// running command (notify listen) can answer what is in flight, print its last
// line and exit cleanly. A signal handler may do almost nothing: it writes one
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

} // namespace paydesk::cli
