#!/usr/bin/env bash
# Installs what is missing, builds PayDesk (release preset) and runs the whole
# test suite with ctest. Extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --preset release "$@"
