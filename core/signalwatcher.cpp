// SPDX-License-Identifier: MIT
#include "signalwatcher.h"

#include <QtGlobal>

#include <csignal>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <sys/socket.h>
#include <unistd.h>
#else
#include <QTimer>
#include <atomic>
#endif

namespace paydesk {

namespace {

#ifdef Q_OS_UNIX
int g_pipe[2] = { -1, -1 };

void onSignal(int number)
{
    const char byte = char(number);
    // Nothing to do if it fails: the pipe is full of the same request already.
    [[maybe_unused]] const auto written = ::write(g_pipe[0], &byte, 1);
}
#else
std::atomic<int> g_signal { 0 };

void onSignal(int number)
{
    g_signal = number;
}
#endif

} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (g_pipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(qintptr(g_pipe[1]), QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_pipe[1], &byte, 1) == 1)
            emit terminated(int(byte));
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
#else
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, [this] {
        if (const int number = g_signal.exchange(0))
            emit terminated(number);
    });
    timer->start(100);
#endif
}

SignalWatcher::~SignalWatcher()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace paydesk
