// SPDX-License-Identifier: MIT
#include "backoffpolicy.h"

#include <algorithm>
#include <cmath>

namespace paydesk {

qint64 BackoffPolicy::baseDelay(int attempt, qint64 elapsedMs) const
{
    const double raw = double(initialMs) * std::pow(factor, std::max(0, attempt));
    const qint64 cap = (lateAfterMs > 0 && elapsedMs >= lateAfterMs) ? std::max(capMs, lateCapMs) : capMs;
    return qint64(std::min(double(cap), raw));
}

qint64 BackoffPolicy::delay(int attempt, std::mt19937 &rng, qint64 elapsedMs) const
{
    const qint64 base = baseDelay(attempt, elapsedMs);
    const qint64 low = qint64(double(base) * (1.0 - std::clamp(jitter, 0.0, 1.0)));
    std::uniform_int_distribution<qint64> pick(low, base);
    return pick(rng);
}

BackoffPolicy BackoffPolicy::paymentPolling()
{
    return BackoffPolicy{2000, 1.5, 3000, 0.05, 120000, 10000};
}

BackoffPolicy BackoffPolicy::refundPolling()
{
    return BackoffPolicy{5000, 2.0, 60000, 0.25, 0, 0};
}

} // namespace paydesk
