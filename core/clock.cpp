// SPDX-License-Identifier: MIT
#include "clock.h"

#include <QTimer>

namespace paydesk {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

void SystemClock::callAfter(qint64 ms, QObject *context, std::function<void()> fn)
{
    QTimer::singleShot(std::chrono::milliseconds(qMax<qint64>(0, ms)), context, std::move(fn));
}

ManualClock::ManualClock(QDateTime start, QObject *parent) : Clock(parent), m_now(std::move(start)) {}

void ManualClock::callAfter(qint64 ms, QObject *context, std::function<void()> fn)
{
    m_queue.emplace(m_now.addMSecs(qMax<qint64>(0, ms)), Entry{context, std::move(fn)});
}

void ManualClock::advance(qint64 ms)
{
    const QDateTime target = m_now.addMSecs(ms);
    while (!m_queue.empty() && m_queue.begin()->first <= target) {
        auto it = m_queue.begin();
        m_now = it->first;
        Entry entry = std::move(it->second);
        m_queue.erase(it);
        if (entry.context)
            entry.fn();
    }
    m_now = target;
}

bool ManualClock::runNext()
{
    if (m_queue.empty())
        return false;
    advance(m_now.msecsTo(m_queue.begin()->first));
    return true;
}

} // namespace paydesk
