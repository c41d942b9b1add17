// SPDX-License-Identifier: MIT
// How fast does a schedule see a payment, and how many queries does it cost?
// Simulates many QR sales whose customers pay after a realistic delay and
// reports, per candidate BackoffPolicy, the mean and p95 time between the
// payment and the query that sees it, and queries per sale, against the
// baseline of querying every second. Run: poller_schedule [sales]

#include "payments/backoffpolicy.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

using paydesk::BackoffPolicy;

namespace {

struct Figures
{
    double meanLagMs = 0;
    double p95LagMs = 0;
    double queriesPerSale = 0;
};

// Customers open WeChat, scan, confirm: most pay within 8-30 s, a tail to 2 min.
std::vector<double> paymentTimes(int sales, std::mt19937 &rng)
{
    std::lognormal_distribution<double> pay(std::log(15000.0), 0.55);
    std::vector<double> times;
    times.reserve(size_t(sales));
    for (int i = 0; i < sales; ++i)
        times.push_back(std::min(pay(rng), 120000.0));
    return times;
}

Figures simulate(const BackoffPolicy &policy, const std::vector<double> &payAt, std::mt19937 rng)
{
    std::vector<double> lags;
    lags.reserve(payAt.size());
    double queries = 0;
    for (double paid : payAt) {
        double t = 0;
        int attempt = 0;
        for (;;) {
            t += double(policy.delay(attempt++, rng));
            queries += 1;
            if (t >= paid) {
                lags.push_back(t - paid);
                break;
            }
        }
    }
    std::sort(lags.begin(), lags.end());
    Figures f;
    for (double l : lags)
        f.meanLagMs += l;
    f.meanLagMs /= double(lags.size());
    f.p95LagMs = lags[size_t(double(lags.size()) * 0.95)];
    f.queriesPerSale = queries / double(payAt.size());
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    const int sales = argc > 1 ? std::atoi(argv[1]) : 20000;
    std::mt19937 rng(20261123);
    const std::vector<double> payAt = paymentTimes(sales, rng);

    struct Candidate
    {
        const char *name;
        BackoffPolicy policy;
    };
    const Candidate candidates[] = {
        {"fixed 1 s (baseline)", {1000, 1.0, 1000, 0.0}},
        {"fixed 2 s", {2000, 1.0, 2000, 0.0}},
        {"1 s x1.3 cap 4 s, jitter 25%", {1000, 1.3, 4000, 0.25}},
        {"1 s x1.2 cap 3 s, jitter 20%", {1000, 1.2, 3000, 0.2}},
        {"PaymentPolling (chosen)", BackoffPolicy::paymentPolling()},
        {"1 s x1.5 cap 5 s, jitter 20%", {1000, 1.5, 5000, 0.2}},
        {"0.5 s x2 cap 8 s, jitter 25%", {500, 2.0, 8000, 0.25}},
        {"2 s x2 cap 30 s, full jitter", {2000, 2.0, 30000, 1.0}},
    };
    const Figures base = simulate(candidates[0].policy, payAt, rng);
    std::printf("%d simulated sales; payment after a median of %.1f s\n", sales, 15.0);
    std::printf("%-40s %12s %12s %14s %10s %10s\n", "schedule", "mean lag ms", "p95 lag ms", "queries/sale",
                "lag x", "queries x");
    for (const Candidate &c : candidates) {
        const Figures f = simulate(c.policy, payAt, rng);
        std::printf("%-40s %12.0f %12.0f %14.1f %10.2f %10.2f\n", c.name, f.meanLagMs, f.p95LagMs, f.queriesPerSale,
                    f.meanLagMs / base.meanLagMs, f.queriesPerSale / base.queriesPerSale);
    }
    return 0;
}
