// SPDX-License-Identifier: MIT
#include "backoffpolicy.h"

#include <algorithm>
#include <cmath>

namespace paydesk {

qint64 BackoffPolicy::baseDelay(int attempt) const
{
    const double raw = double(initialMs) * std::pow(factor, std::max(0, attempt));
    return qint64(std::min(double(capMs), raw));
}

qint64 BackoffPolicy::delay(int attempt, std::mt19937 &rng) const
{
    const qint64 base = baseDelay(attempt);
    const qint64 low = qint64(double(base) * (1.0 - std::clamp(jitter, 0.0, 1.0)));
    std::uniform_int_distribution<qint64> pick(low, base);
    return pick(rng);
}

BackoffPolicy BackoffPolicy::paymentPolling()
{
    return BackoffPolicy{1000, 1.25, 2500, 0.2};
}

BackoffPolicy BackoffPolicy::refundPolling()
{
    return BackoffPolicy{5000, 2.0, 60000, 0.25};
}

} // namespace paydesk
