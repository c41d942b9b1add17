#!/usr/bin/env bash
# PayDesk HQ in one command: builds PayDesk, starts a private PostgreSQL
# cluster (PostgreSQL's own initdb and pg_ctl, in a temporary folder, on a
# free loopback port; as "nobody" when run as root), one paydesk-hq, one
# sandbox playing WeChat Pay, and two training tills of one store (T1, T2).
# Each till rings up sales, the sandbox's customer pays, the tills sync, and
# HQ shows the store's day by till and cashier. Everything stops on exit
# (Enter, Ctrl-C); nothing outside the temporary folder is touched.
# docs/hq.md says what each step does.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target paydesk-cli paydesk-sandbox paydesk-hq

bin="$PWD/build/release/app"
cli="$bin/cli/paydesk-cli"
hq="$bin/hq/paydesk-hq"
work="$(mktemp -d /tmp/paydesk-hq-demo.XXXXXX)"
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$pgbin/initdb" ] || { echo "hq-demo: PostgreSQL's initdb not found (apt-get install postgresql)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$work/pg/PG_VERSION" ] && as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '\n== %s\n' "$*"; }

pgport="$(free_port)"; hqport="$(free_port)"; sbport="$(free_port)"
say "PostgreSQL: a private cluster in $work/pg on 127.0.0.1:$pgport"
mkdir -p "$work/pg"
[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$work" "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg" -U paydesk --auth=trust -E UTF8 --no-locale -N >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U paydesk -d postgres -qc 'CREATE DATABASE paydesk_hq' >/dev/null
export PAYDESK_HQ_DB="postgresql://paydesk@127.0.0.1:$pgport/paydesk_hq"

say "the sandbox (WeChat Pay) on 127.0.0.1:$sbport, with a training merchant"
"$bin/sandbox/paydesk-sandbox" init --dir "$work/merchant" --port "$sbport" >/dev/null
"$bin/sandbox/paydesk-sandbox" serve --data-dir "$work/merchant/sandbox" --port "$sbport" -q &
pids+=($!)
mchid="$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["profiles"][c["default_profile"]]["mchid"])' "$work/merchant/paydesk.json")"

say "paydesk-hq on 127.0.0.1:$hqport"
"$hq" migrate
"$hq" serve --port "$hqport" > "$work/hq.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/hq.log" 2>/dev/null && break; sleep 0.1; done
"$hq" store add --code S1 --name "南京路店 Nanjing Road" --mchid "$mchid"

for till in T1 T2; do
  # The training profile, with this till's terminal_id.
  python3 - "$work/merchant/paydesk.json" "$work/merchant/paydesk-$till.json" "$till" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["profiles"][c["default_profile"]]["terminal_id"] = sys.argv[3]
json.dump(c, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY
done
till_env() {
  export PAYDESK_CONFIG="$work/merchant/paydesk-$1.json" PAYDESK_DB="$work/$1/paydesk.sqlite"
  export PAYDESK_SECRET_STORE=file PAYDESK_SECRETS_FILE="$work/$1/secrets.bin" PAYDESK_SECRET_PASSPHRASE="hq demo till $1"
}
sell() { # till fen cashier
  till_env "$1"
  local out no
  out="$("$cli" sale native --amount "$2" --description "Demo" --cashier "$3")"
  no="$(printf '%s' "$out" | sed -n 's/.*"out_trade_no":"\([^"]*\)".*/\1/p' | head -n1)"
  curl -s -X POST -H 'Content-Type: application/json' -d "{\"out_trade_no\":\"$no\"}" \
    "http://127.0.0.1:$sbport/sandbox/customer/pay" >/dev/null
  "$cli" order wait --out-trade-no "$no" --timeout-s 30 >/dev/null
  echo "   $1 ($3): $no paid, $2 fen"
}

for till in T1 T2; do
  say "till $till: an enrolment code from HQ, then paydesk-cli hq enroll"
  code="$("$hq" till add --store S1 --code "$till" | sed -n 's/.*"enrolment_code":"\([^"]*\)".*/\1/p')"
  echo "   code $code"
  till_env "$till"
  "$cli" hq enroll --url "http://127.0.0.1:$hqport" --code "$code" 2> >(grep -v '"warning"' >&2)
done

say "sales at both tills (the sandbox's customer pays each)"
sell T1 2350 王芳; sell T1 1200 王芳; sell T2 880 李明; sell T2 4600 李明

for till in T1 T2; do
  say "till $till: paydesk-cli hq sync"
  till_env "$till"; "$cli" hq sync 2> >(grep -v '"warning"' >&2)
done

say "HQ: the tills, and how far each synced"
"$hq" till list | python3 -m json.tool --no-ensure-ascii
say "HQ: the store's day, by till and cashier (training sales included)"
"$hq" report --store S1 --training | python3 -m json.tool --no-ensure-ascii

if [ -t 0 ]; then
  printf '\nPayDesk HQ runs at http://127.0.0.1:%s (database %s). Press Enter to stop everything. ' "$hqport" "$PAYDESK_HQ_DB"
  read -r _
fi
