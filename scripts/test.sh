#!/usr/bin/env bash
# Installs what is missing, builds PayDesk (release preset) and runs the whole
# test suite with ctest. Extra arguments go to ctest (e.g. -L unit); without
# any, the unit, integration and GUI tests also run under ASan/UBSan (LSan
# included) and the libFuzzer targets get a short run (fuzz preset).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --preset release "$@"

# The whole run (no ctest arguments: CI, README) also builds the fuzz preset
# (clang with AddressSanitizer and UBSan), runs the unit, integration and GUI
# tests under the sanitizers (paydesk-cli and paydesk-sandbox, started by the
# tests, are sanitized too) and fuzzes what arrives from outside for a few
# seconds per target: one sanitizer build serves all of it. A sanitizer report
# (ASan, UBSan, a leak at exit) ends the process with exit 23, a status no
# PayDesk program uses, and goes to build/fuzz/sanitizer-reports/; the last
# test (sanitizer_reports) fails if any process wrote one, so a report in a
# child process is never taken for an expected failure or lost in its output.
if [ $# -eq 0 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"$(nproc)"
  ctest --preset fuzz
fi
