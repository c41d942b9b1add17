// SPDX-License-Identifier: MIT
#pragma once

#include <QTextStream>

namespace paydesk::sandbox {

struct BenchOptions
{
    int seconds = 5;
    int concurrency = 4; // requests in flight at once
    bool https = false;
};

// Measures how many signed requests a second the sandbox serves: an
// in-process sandbox on its own thread (in-memory store), and a client on
// the main thread that signs every request with RequestSigner and verifies
// every answer with ResponseVerifier, alternating Native order creation and
// query by out_trade_no. Prints the figures; returns the exit code.
int runBench(const BenchOptions &options, QTextStream &out);

} // namespace paydesk::sandbox
