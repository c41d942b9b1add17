// SPDX-License-Identifier: MIT
// What the store benchmarks share: `<bench> [orders] [folder]` on the command
// line, a fresh store file (in a temporary folder unless one is given), and
// the median of repeated timings.
#pragma once

#include "store/database.h"

#include <QElapsedTimer>
#include <QString>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <type_traits>
#include <vector>

namespace paydesk::bench {

struct BenchStore
{
    int orders = 0;
    std::unique_ptr<QTemporaryDir> tmp; // where the file is, unless a folder was given
    std::unique_ptr<Database> db;
};

// Exits with the store's message when the file cannot be opened.
inline BenchStore openBenchStore(int argc, char **argv, int minimumOrders, const QString &fileName)
{
    BenchStore store;
    store.orders = argc > 1 ? std::max(minimumOrders, std::atoi(argv[1])) : 1000000;
    store.tmp = std::make_unique<QTemporaryDir>();
    const QString folder = argc > 2 ? QString::fromLocal8Bit(argv[2]) : store.tmp->path();
    auto opened = Database::open(folder + QLatin1Char('/') + fileName);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        std::exit(1);
    }
    store.db = std::move(opened.value());
    return store;
}

// The median of `times` runs of f(run) (or f()), in milliseconds.
template<typename F>
double medianMs(int times, F &&f)
{
    std::vector<double> ms;
    for (int i = 0; i < times; ++i) {
        QElapsedTimer t;
        t.start();
        if constexpr (std::is_invocable_v<F &, int>)
            f(i);
        else
            f();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace paydesk::bench
