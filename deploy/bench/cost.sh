#!/usr/bin/env bash
# Cost per call, measured independently of the client: the broker's and redis-server's CPU time
# (utime+stime from /proc/PID/stat) over runs with a known number of OK calls. A slow or busy client
# changes how long a run takes, not the figure. Also: ghz latency at a fixed Submit rate, and Redis
# memory per pending request with realistic limits over many officers and every unit.
#
#   deploy/bench/cost.sh [--reps 3] [--duration 8] [--rate 1000] [--requests 100000] [--out docs/bench]
#
# Starts its own Redis, records and broker (Redis store, load profile) on free loopback ports; takes ghz
# from $GHZ, PATH, or ../shared/tools/ghz beside the repository. Prints a Markdown table and writes it
# to OUT/cost.md.
set -euo pipefail
source "$(dirname "$0")/../lib/suite.sh"

REPS=3 DURATION=8 RATE=1000 REQUESTS=100000 OUT="$ROOT/docs/bench"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --requests) REQUESTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
trap stop_started EXIT
require redis-server redis-server
require jq jq
GHZ="${GHZ:-$(command -v ghz || echo "$ROOT/../shared/tools/ghz")}"
build_suite

PROFILE=$(load_profile)
start_all() {
  REDIS_PORT=$(free_port); RECORDS_PORT=$(free_port); BROKER_PORT=$(free_port)
  start_redis "$REDIS_PORT"; REDIS_PID=${PIDS[-1]}
  start_records records "$RECORDS_PORT" "$(free_port)"
  # shellcheck disable=SC2086
  start_broker broker "$BROKER_PORT" "$(free_port)" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" $PROFILE "$@"
  BROKER_PID=$LAST_PID   # start_broker execs dotnet in its subshell: this is the broker itself
  wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
}

TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure SCENARIO: prints "ok broker_us_per_call redis_us_per_call rate"
measure() {
  local scenario="$1" b0 r0 b1 r1 IDENTITIES=()
  # Submit only: the flow's four approvers, kept across reps, would pass the quick-approval pattern's severe threshold.
  [[ "$scenario" == submit ]] && IDENTITIES=(--identities "$WORK/identities.json")
  b0=$(cpu "$BROKER_PID"); r0=$(cpu "$REDIS_PID")
  load run "$scenario" --target "http://127.0.0.1:$BROKER_PORT" --concurrency 64 --duration "$DURATION" --warmup 0 \
    --officers 2000 "${IDENTITIES[@]}" --json "$WORK/$scenario.json" >/dev/null
  b1=$(cpu "$BROKER_PID"); r1=$(cpu "$REDIS_PID")
  jq -r --argjson b "$((b1 - b0))" --argjson r "$((r1 - r0))" --argjson t "$TICKS" \
    '"\(.ok) \($b / $t * 1e6 / .ok) \($r / $t * 1e6 / .ok) \(.throughput)"' "$WORK/$scenario.json"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

start_all
# Every Submit run sends the same 2,000 officers' tokens (--identities), as officers reuse theirs for hours: after the
# warm-up the broker's token cache holds them, so a rep measures calls, not 2,000 first ECDSA verifications.
log "warming up past tiered JIT (25 s of Submit, 10 s of health)"
load run submit --target "http://127.0.0.1:$BROKER_PORT" --concurrency 64 --duration 25 --warmup 0 --officers 2000 \
  --identities "$WORK/identities.json" >/dev/null
load run health --target "http://127.0.0.1:$BROKER_PORT" --concurrency 64 --duration 10 --warmup 0 >/dev/null

: >"$WORK/rows"
for rep in $(seq 1 "$REPS"); do
  for scenario in health submit flow; do
    read -r ok broker redis rate < <(measure "$scenario")
    log "rep $rep $scenario: ok $ok, broker $broker us, redis $redis us, $rate/s"
    echo "$scenario $broker $redis $rate" >>"$WORK/rows"
  done
done
col() { awk -v s="$1" -v c="$2" '$1 == s {print $c}' "$WORK/rows" | median; }

# Where Redis's time per Submit goes: one more Submit run with the command stats reset before it. A script's
# usec includes the commands it calls (also listed on their own); what the commands do not account for is
# Redis's networking and event loop.
log "Redis command stats over one more Submit run"
redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
read -r CS_OK _ CS_REDIS _ < <(measure submit)
redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' |
  awk -F'[:,=]' -v ok="$CS_OK" '/^cmdstat_/ {printf "| %s | %.2f | %.1f | %.2f |\n", substr($1, 9), $3 / ok, $5 / ok, $7}' |
  sort -t'|' -k4 -gr >"$WORK/commandstats"
H_CPU=$(col health 2); S_CPU=$(col submit 2); S_REDIS=$(col submit 3); F_CPU=$(col flow 2); F_REDIS=$(col flow 3)
H_RATE=$(col health 4); S_RATE=$(col submit 4); F_RATE=$(col flow 4)

log "ghz: Submit at a fixed $RATE/s for 20 s"
load prepare --target "http://127.0.0.1:$BROKER_PORT" --officers 50 --count 0 --state pending --out "$WORK/ghz.prepared.json" >/dev/null
# The shipped Submit config, spread over 50 officers, at a fixed rate: enough concurrency that the rate is never
# capped by calls in flight (ghz never has more than -c calls out), and wait for the last calls at the end.
render_ghz "127.0.0.1:$BROKER_PORT" "$ROOT/deploy/ghz/submit.json" "$WORK/ghz.prepared.json" 0 |
  jq --argjson rate "$RATE" 'del(.total) | .rps = $rate | .concurrency = 400 | .connections = 8 | .duration = "20s"' >"$WORK/ghz.rendered.json"
"$GHZ" --config "$WORK/ghz.rendered.json" --duration-stop wait --format json --output "$WORK/ghz.json" || true
GHZ_LINE=$(jq -r '"p50 \((.latencyDistribution[] | select(.percentage == 50) | .latency) / 1e6) ms, p99 \((.latencyDistribution[] | select(.percentage == 99) | .latency) / 1e6) ms, \(.rps | floor)/s achieved, errors \([.statusCodeDistribution | to_entries[] | select(.key != "OK") | .value] | add // 0)"' "$WORK/ghz.json" 2>/dev/null || echo "ghz did not report")

# Realistic limits: every per-officer rule at its default (20,000 officers, 5 submissions each, stay
# under them), only the unit's daily quota raised so 100k fit in one run; windows keep what they keep in use.
log "Redis memory over $REQUESTS pending requests (default per-officer limits, 20,000 officers over every unit)"
stop_started
LOAD_LIMITS=(--Broker:Limits:Rules:submit-per-unit:Limit=$((REQUESTS)))
start_all
used() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '$1=="used_memory"{print $2}'; }
BEFORE=$(used)
load run submit --target "http://127.0.0.1:$BROKER_PORT" --total "$REQUESTS" --concurrency 64 --duration 900 --warmup 0 \
  --officers 20000 --json "$WORK/memory.json" >/dev/null || true
AFTER=$(used)
STORED=$(jq -r .ok "$WORK/memory.json")
PER=$(( (AFTER - BEFORE) / (STORED > 0 ? STORED : 1) ))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
{
  echo "| figure | measured | goal |"
  echo "|---|---|---|"
  printf '| broker CPU per health Check | %.0f µs | baseline |\n' "$H_CPU"
  printf '| broker CPU per Submit | %.0f µs (%s of Check) | <= 3x |\n' "$S_CPU" "$(ratio "$S_CPU" "$H_CPU")"
  printf '| Redis CPU per Submit | %.0f µs | <= 40 µs |\n' "$S_REDIS"
  printf '| Submit throughput (closed loop, 64 in flight) | %.0f/s (%s of Check %.0f/s) | reported |\n' "$S_RATE" "$(ratio "$S_RATE" "$H_RATE")" "$H_RATE"
  printf '| full flow (submit, 2 approvals, fetch) | %.0f flows/s; broker %.0f µs, Redis %.0f µs per flow | >= 2x before |\n' "$F_RATE" "$F_CPU" "$F_REDIS"
  echo "| memory per pending request ($STORED stored, default limits) | $PER bytes | <= 1,024 |"
  echo "| ghz Submit at a fixed $RATE/s | $GHZ_LINE | p99 <= 5 ms, 0 errors |"
  echo
  echo
  printf 'Redis per Submit by command (INFO commandstats over one more run of %s OK Submits; Redis CPU %.0f µs per Submit in that run):\n\n' "$CS_OK" "$CS_REDIS"
  echo "| command | calls per Submit | µs per Submit | µs per call |"
  echo "|---|---|---|---|"
  cat "$WORK/commandstats"
  echo
  echo "Medians of $REPS interleaved reps of $DURATION s. $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); $(dotnet --version) SDK; Redis $(redis-server --version | grep -o "v=[0-9.]*" | cut -c3-); $(date -u +%Y-%m-%dT%H:%MZ); $(git -C "$ROOT" rev-parse --short HEAD)."
} | tee "$OUT/cost.md"
