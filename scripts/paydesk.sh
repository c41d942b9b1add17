#!/usr/bin/env bash
# Builds PayDesk and opens the cashier in training mode: an embedded sandbox
# plays WeChat Pay, so no merchant account is needed. Without a display (an SSH
# session, a container) it shows a training sale through paydesk-cli instead.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"

bin=build/release/app
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$bin/gui/paydesk" --training "$@"
fi
echo "== no display: here is a training sale through paydesk-cli instead of the window"

data="${PAYDESK_TRAINING_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/paydesk/training}"
port="${PAYDESK_SANDBOX_PORT:-18390}"
if [ ! -f "$data/paydesk.json" ]; then
  "$bin/sandbox/paydesk-sandbox" init --dir "$data" --port "$port" >/dev/null
fi
"$bin/sandbox/paydesk-sandbox" serve --data-dir "$data/sandbox" --port "$port" -q &
sandbox=$!
trap 'kill $sandbox 2>/dev/null' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

export PAYDESK_CONFIG="$data/paydesk.json"
cli="$bin/cli/paydesk-cli"
echo "== training mode: sandbox on http://127.0.0.1:$port, profile $PAYDESK_CONFIG"
echo "== config check";            "$cli" config check
echo "== a 12.34 yuan Native sale"; order=$("$cli" order native --yuan 12.34 --description "Training sale")
echo "$order"
no=$(printf '%s' "$order" | sed -n 's/.*"out_trade_no": *"\([^"]*\)".*/\1/p')
echo "== the customer scans and pays (sandbox control API)"
curl -s -X POST -H 'Content-Type: application/json' -d "{\"out_trade_no\":\"$no\"}" "http://127.0.0.1:$port/sandbox/customer/pay" >/dev/null
echo "== order query";             "$cli" order query --out-trade-no "$no"
echo
echo "Try more: $cli --help   (PAYDESK_CONFIG=$PAYDESK_CONFIG)"
