// SPDX-License-Identifier: MIT
// How fast does a schedule see a payment, and how many queries does it cost?
// Simulates many QR sales whose customers pay after a realistic delay and
// reports, per candidate BackoffPolicy, the median and p95 time between the
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
    double medianLagMs = 0;
    double p95LagMs = 0;
    double queriesPerSale = 0;
};

// The mix the payments issue names: most customers pay within 10-40 s, a few
// faster or slower, some abandon (the order is then polled until it expires).
constexpr double Abandoned = -1;
constexpr double ExpiryMs = 5 * 60 * 1000;

std::vector<double> paymentTimes(int sales, std::mt19937 &rng)
{
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<double> times;
    times.reserve(size_t(sales));
    for (int i = 0; i < sales; ++i) {
        const double kind = unit(rng);
        if (kind < 0.80)
            times.push_back(10000 + unit(rng) * 30000); // 10-40 s
        else if (kind < 0.87)
            times.push_back(3000 + unit(rng) * 7000);   // 3-10 s
        else if (kind < 0.95)
            times.push_back(40000 + unit(rng) * 80000); // 40-120 s
        else
            times.push_back(Abandoned);
    }
    return times;
}

Figures simulate(const BackoffPolicy &policy, const std::vector<double> &payAt, std::mt19937 rng)
{
    std::vector<double> lags;
    lags.reserve(payAt.size());
    double queries = 0;
    for (double paid : payAt) {
        const double until = paid == Abandoned ? ExpiryMs : paid;
        double t = 0;
        int attempt = 0;
        for (;;) {
            t += double(policy.delay(attempt++, rng, qint64(t)));
            queries += 1;
            if (t >= until) {
                if (paid != Abandoned)
                    lags.push_back(t - paid);
                break;
            }
        }
    }
    std::sort(lags.begin(), lags.end());
    Figures f;
    f.medianLagMs = lags[lags.size() / 2];
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
        {"1 s x1.25 cap 2.5 s, jitter 20%", {1000, 1.25, 2500, 0.2}},
        {"1 s x1.3 cap 4 s, jitter 25%", {1000, 1.3, 4000, 0.25}},
        {"2 s x1.5 cap 3 s, jitter 5%", {2000, 1.5, 3000, 0.05}},
        {"paymentPolling(): same, cap 10 s after 2 min", BackoffPolicy::paymentPolling()},
        {"1 s x1.5 cap 5 s, jitter 20%", {1000, 1.5, 5000, 0.2}},
        {"0.5 s x2 cap 8 s, jitter 25%", {500, 2.0, 8000, 0.25}},
        {"2 s x2 cap 30 s, full jitter", {2000, 2.0, 30000, 1.0}},
    };
    const Figures base = simulate(candidates[0].policy, payAt, rng);
    std::printf("%d simulated sales: 80%% pay in 10-40 s, 7%% in 3-10 s, 8%% in 40-120 s, 5%% abandon (5 min expiry)\n",
                sales);
    std::printf("%-46s %12s %12s %14s %10s %10s\n", "schedule", "median lag", "p95 lag", "queries/sale",
                "lag x", "queries x");
    for (const Candidate &c : candidates) {
        const Figures f = simulate(c.policy, payAt, rng);
        std::printf("%-46s %10.0fms %10.0fms %14.1f %10.2f %10.2f\n", c.name, f.medianLagMs, f.p95LagMs,
                    f.queriesPerSale, f.medianLagMs / base.medianLagMs, f.queriesPerSale / base.queriesPerSale);
    }
    return 0;
}
