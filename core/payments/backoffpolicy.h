// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <random>

namespace paydesk {

// Exponential backoff with jitter and a cap. The delay before poll n (0-based)
// is drawn uniformly from [base*(1-jitter), base] where
// base = min(cap, initial * factor^n): "equal-ish" jitter that keeps polls
// spread across terminals without ever waiting longer than the cap.
struct BackoffPolicy
{
    qint64 initialMs = 1000;
    double factor = 1.5;
    qint64 capMs = 5000;
    double jitter = 0.2; // 0 = none, 1 = full jitter

    qint64 delay(int attempt, std::mt19937 &rng) const;
    // Delay without randomness (the upper bound), for schedules and docs.
    qint64 baseDelay(int attempt) const;

    // Polling a QR payment: the customer is at the counter, a paid sale must
    // show within about a second, and WeChat Pay allows a query every second.
    // See docs/polling.md for how this was chosen.
    static BackoffPolicy paymentPolling();
    // Refunds take a minute or more: start slow.
    static BackoffPolicy refundPolling();
};

} // namespace paydesk
