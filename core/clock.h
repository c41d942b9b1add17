// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>

namespace paydesk {

// Time as the payment logic sees it: the poller, backoff and expiry ask this
// clock for "now" and for "call me in N ms", so tests can run minutes of store
// time in milliseconds (ManualClock) while the product uses real time.
class Clock : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual QDateTime now() const = 0;
    // Calls `fn` once after `ms` milliseconds of this clock's time, on the
    // event loop of `context`'s thread; dropped if `context` is gone by then.
    virtual void callAfter(qint64 ms, QObject *context, std::function<void()> fn) = 0;
};

class SystemClock final : public Clock
{
    Q_OBJECT

public:
    using Clock::Clock;
    QDateTime now() const override;
    void callAfter(qint64 ms, QObject *context, std::function<void()> fn) override;
};

// A clock that moves only when told to. advance() fires every due callback in
// time order, each seeing now() equal to its due time.
class ManualClock final : public Clock
{
    Q_OBJECT

public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc(), QObject *parent = nullptr);
    QDateTime now() const override { return m_now; }
    void callAfter(qint64 ms, QObject *context, std::function<void()> fn) override;

    void advance(qint64 ms);
    // Advances to the next due callback and fires it; false when none is pending.
    bool runNext();
    int pending() const { return int(m_queue.size()); }

private:
    struct Entry
    {
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    QDateTime m_now;
    std::multimap<QDateTime, Entry> m_queue;
};

} // namespace paydesk
