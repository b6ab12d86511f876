#!/usr/bin/env bash
# A/B of the broker's Submit cost between two checkouts, on this machine, as a ratio to the same broker's
# bare health Check measured right after (the machine is shared and noisy; absolute rates are not comparable).
# Each checkout gets a fresh suite (Redis store, load profile), 30 s of Submit to get past tiered JIT, then
# PAIRS pairs of (Submit, health) runs; run it twice, alternating, and compare medians.
#
#   deploy/bench/ab.sh CHECKOUT [PAIRS]      e.g.  git worktree add /tmp/base HEAD~1 && deploy/bench/ab.sh /tmp/base
#   (builds CHECKOUT in Release unless SKIP_BUILD=1; LOAD_ARGS="--officers 5000" adds options to every dbroker-load run)
set -euo pipefail
CHECKOUT="$(cd "$1" && pwd)"; PAIRS="${2:-3}"
cd "$CHECKOUT"
CONFIGURATION=Release
source deploy/lib/suite.sh
trap stop_started EXIT
build_suite
REDIS_PORT=$(free_port); RECORDS_PORT=$(free_port); BROKER_PORT=$(free_port); RM=$(free_port); BM=$(free_port)
start_redis "$REDIS_PORT"
start_records records "$RECORDS_PORT" "$RM"
# Spelled out rather than load_profile: CHECKOUT's own suite.sh is sourced, and an older one lacks it.
start_broker broker "$BROKER_PORT" "$BM" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" \
  $(jq -r 'paths(scalars) as $p | "--\($p | map(tostring) | join(":"))=\(getpath($p))"' "$ROOT/deploy/ghz/load-profile.json")
wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
rate() { awk '{for (i = 1; i <= NF; i++) if ($i ~ /\/s$/) { sub("/s", "", $i); print $i }}'; }
run() { load run "$1" --target "http://127.0.0.1:$BROKER_PORT" --concurrency 64 --duration "$2" --warmup "$3" ${LOAD_ARGS:-} 2>&1 | tail -1; }
run submit 30 0 >/dev/null
for _ in $(seq 1 "$PAIRS"); do
  s=$(run submit 8 1 | rate); h=$(run health 8 1 | rate)
  echo "$CHECKOUT submit $s/s health $h/s ratio $(echo "scale=3; $s / $h" | bc)"
done
