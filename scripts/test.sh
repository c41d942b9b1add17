#!/usr/bin/env bash
# Installs what is missing, builds PayDesk (release preset) and runs the whole
# test suite with ctest. Extra arguments go to ctest (e.g. -L unit); without
# any, the libFuzzer targets also get a short run (fuzz preset).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --preset release "$@"

# The whole run (no ctest arguments: CI, README) also fuzzes what arrives from
# outside for a few seconds per target (clang + libFuzzer; tests/fuzz).
if [ $# -eq 0 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"$(nproc)"
  ctest --preset fuzz
fi
