// SPDX-License-Identifier: MIT
#pragma once

namespace paydesk::cli {

// What a script can tell from paydesk-cli's exit status alone. The split that
// matters at a till: 3 means WeChat Pay understood and refused (nothing
// happened, fix the request), 4 means nobody knows whether the call took
// effect (query before retrying, and retry with the same identifiers).
enum ExitCode {
    Success = 0,
    UsageError = 2, // bad arguments; the usage is printed
    BusinessRefusal = 3, // WeChat Pay answered 4xx
    OutcomeUnknown = 4, // transport error, timeout, 5xx after retries, unverifiable answer
    ConfigError = 5, // profile, keys, certificates
    StoreError = 6, // the local store: unopenable, damaged, an invariant or the audit chain broken
};

inline const char *exitCodeHelp()
{
    return "Exit codes:\n"
           "  0  success\n"
           "  2  usage error: bad arguments (the usage is printed)\n"
           "  3  refused: WeChat Pay answered 4xx; the request was understood and refused,\n"
           "     nothing took effect\n"
           "  4  outcome unknown: transport error, timeout, 5xx after retries or an answer\n"
           "     whose signature could not be verified; the call may have taken effect:\n"
           "     query before retrying, and retry with the same identifiers\n"
           "  5  configuration error: profile, keys or certificates\n"
           "  6  store error: the local database cannot be opened or used, is damaged, breaks\n"
           "     an invariant (db check) or its audit chain is broken (audit verify)\n";
}

} // namespace paydesk::cli
