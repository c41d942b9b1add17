#!/usr/bin/env bash
# Installs what is missing, builds PayDesk (release preset) and runs the whole
# test suite with ctest. Extra arguments go to ctest (e.g. -L unit); without
# any, the unit tests also run under ASan/UBSan and the libFuzzer targets get a
# short run (fuzz preset).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --preset release "$@"

# The whole run (no ctest arguments: CI, README) also builds the fuzz preset
# (clang with AddressSanitizer and UBSan), runs the unit tests under the
# sanitizers and fuzzes what arrives from outside for a few seconds per target.
if [ $# -eq 0 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"$(nproc)"
  ctest --preset fuzz
fi
