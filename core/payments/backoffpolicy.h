// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <random>

namespace paydesk {

// Exponential backoff with jitter and a cap. The delay before poll n (0-based)
// is drawn uniformly from [base*(1-jitter), base] where
// base = min(cap, initial * factor^n): jitter that keeps polls spread across
// terminals without ever waiting longer than the cap. A second, higher cap
// applies once the wait has gone on for lateAfterMs.
struct BackoffPolicy
{
    qint64 initialMs = 1000;
    double factor = 1.5;
    qint64 capMs = 5000;
    double jitter = 0.2; // 0 = none, 1 = full jitter
    // After this long without a final state the customer has most likely
    // walked away: the cap rises to lateCapMs (0 = never).
    qint64 lateAfterMs = 0;
    qint64 lateCapMs = 0;

    // `elapsedMs`: time since following began.
    qint64 delay(int attempt, std::mt19937 &rng, qint64 elapsedMs = 0) const;
    // Delay without randomness (the upper bound), for schedules and docs.
    qint64 baseDelay(int attempt, qint64 elapsedMs = 0) const;

    // Polling a QR payment: the customer is at the counter, a paid sale must
    // show within about a second, and WeChat Pay allows a query every second.
    // See docs/polling.md for how this was chosen.
    static BackoffPolicy paymentPolling();
    // Refunds take a minute or more: start slow.
    static BackoffPolicy refundPolling();
};

} // namespace paydesk
