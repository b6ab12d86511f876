#!/usr/bin/env bash
# Where the broker's CPU per Submit (or per SCENARIO: --scenario flow profiles submit, two approvals and a fetch) goes: for each CHECKOUT, in one run and with the same commands, a fresh suite
# (Redis store, load profile, the broker with DOTNET_PerfMapEnabled=1 and W^X off so perf can name JIT-compiled frames), warmed
# past tiered JIT; then the broker's CPU per OK health Check and per OK Submit from /proc/PID/stat (as cost.sh does),
# and `perf record -g` of the broker alone during SECONDS of Submit load, folded by deploy/bench/profile-components.awk
# into a share of the broker's samples per component and the top frames by self time.
#
#   deploy/bench/profile.sh [--scenario submit] [--seconds 15] [--measure 8] [--rounds 1] [--out DIR] [CHECKOUT...]   (default: this repository)
#   e.g.  git archive BASE | tar -x -C /tmp/base && deploy/bench/profile.sh /tmp/base .
#
# Each CHECKOUT is built in Release unless SKIP_BUILD=1. Needs perf (Debian: linux-perf) and jq.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/suite.sh"
CLASSIFY="$HERE/profile-components.awk"

SCENARIO=submit SECONDS_PROFILED=15 MEASURE=8 ROUNDS=1 OUT="$WORK/profile" CHECKOUTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario) SCENARIO="$2"; shift 2 ;;
    --seconds) SECONDS_PROFILED="$2"; shift 2 ;;
    --measure) MEASURE="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) CHECKOUTS+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
[[ ${#CHECKOUTS[@]} -gt 0 ]] || CHECKOUTS=("$ROOT")
mkdir -p "$OUT"
trap stop_started EXIT
require perf linux-perf
require jq jq
TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Script calls (EVAL, EVALSHA, FCALL: each is one round trip) redis-server ran so far, from the broker and its background tasks.
commands() { redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | awk -F'[=,]' '/^cmdstat_(eval|evalsha|fcall)[:_]?/ {s += $2} END {print s + 0}'; }
# Submit runs reuse one set of 2,000 officers' tokens per broker (--identities), as officers reuse theirs for hours and as
# cost.sh does: after the warm-up the broker's token cache holds them, so the profile shows calls, not 2,000 first ECDSA
# verifications of new tokens per run.
drive() {
  local identities=()
  [[ "$1" == submit ]] && identities=(--identities "$OUT/$name.identities.json")
  load run "$1" --target "http://127.0.0.1:$BROKER_PORT" --concurrency 64 --warmup 0 --officers 2000 "${identities[@]}" "${@:2}"
}

# Rounds alternate the checkouts (A B A B ...), so a change in the machine's load does not fall on one of them only.
RUNS=()
for round in $(seq 1 "$ROUNDS"); do RUNS+=("${CHECKOUTS[@]}"); done
for checkout in "${CHECKOUTS[@]}"; do ROOT="$checkout" build_suite; done
for i in "${!RUNS[@]}"; do
  checkout="${RUNS[$i]}"
  ROOT="$checkout"   # suite.sh's dll and load_profile read ROOT when called
  name="$(basename "$checkout").$((i / ${#CHECKOUTS[@]} + 1))"
  REDIS_PORT=$(free_port); RECORDS_PORT=$(free_port); BROKER_PORT=$(free_port)
  start_redis "$REDIS_PORT"
  start_records records "$RECORDS_PORT" "$(free_port)"
  # Perf map for JIT-compiled frames; W^X off so that code sits in anonymous memory perf looks up in that map (with it
  # on, perf sees /memfd:doublemapper and names nothing); call counting without its 100 ms delay, so a busy machine
  # reaches tier-1 code within the warm-up rather than profiling the JIT.
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_TC_CallCountingDelayMs=0
  # shellcheck disable=SC2046
  start_broker broker "$BROKER_PORT" "$(free_port)" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" $(load_profile)
  unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute DOTNET_TC_CallCountingDelayMs
  BROKER_PID=$LAST_PID
  wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
  log "$name: warming up past tiered JIT (25 s of Submit, 5 s of health)"
  drive submit --duration 25 >/dev/null
  # Another scenario's paths (approvals, the fetch) are still tier-0 code after Submit alone: warm them up too.
  [[ "$SCENARIO" == submit ]] || drive "$SCENARIO" --duration 20 >/dev/null || true
  drive health --duration 5 >/dev/null
  for scenario in health submit $([[ "$SCENARIO" == submit ]] || echo "$SCENARIO"); do
    c0=$(cpu "$BROKER_PID"); r0=$(commands)
    drive "$scenario" --duration "$MEASURE" --json "$OUT/$name.$scenario.json" >/dev/null
    c1=$(cpu "$BROKER_PID"); r1=$(commands)
    jq -r --argjson c "$((c1 - c0))" --argjson r "$((r1 - r0))" --argjson t "$TICKS" --arg n "$name" --arg s "$scenario" \
      '"\($n) \($s): \(.ok) OK, broker \($c / $t * 1e6 / .ok | floor) µs CPU per call, \(.throughput | floor)/s, \($r / .ok * 10 | floor / 10) Redis script calls per call"' \
      "$OUT/$name.$scenario.json" | tee -a "$OUT/summary.txt"
  done
  log "$name: perf record of the broker over $SECONDS_PROFILED s of $SCENARIO"
  drive "$SCENARIO" --duration "$((SECONDS_PROFILED + 4))" >/dev/null &
  DRIVER=$!
  sleep 2
  perf record -F 499 -g -p "$BROKER_PID" -o "$OUT/$name.perf.data" -- sleep "$SECONDS_PROFILED" 2>"$OUT/$name.perf.log" >/dev/null
  wait "$DRIVER" || log "$name: the driver behind the profile reported failed calls (the profile still shows where the CPU went)"
  # OpenSSL is built without frame pointers, so the stacks above end at it; a short DWARF-unwound profile names the
  # .NET crypto entry point (CryptoNative_*) each OpenSSL sample ran under.
  drive "$SCENARIO" --duration 9 >/dev/null &
  DRIVER=$!
  sleep 2
  perf record -F 199 --call-graph dwarf,16384 -p "$BROKER_PID" -o "$OUT/$name.dwarf.data" -- sleep 5 2>>"$OUT/$name.perf.log" >/dev/null
  wait "$DRIVER" || log "$name: the driver behind the profile reported failed calls (the profile still shows where the CPU went)"
  # perf reads the broker's /tmp/perf-PID.map, so the symbols are resolved while the broker still runs.
  perf script -i "$OUT/$name.perf.data" -F comm,tid,ip,sym,dso 2>/dev/null >"$OUT/$name.stacks"
  perf script -i "$OUT/$name.dwarf.data" -F comm,tid,ip,sym,dso 2>/dev/null | awk -f "$HERE/profile-crypto.awk" >"$OUT/$name.crypto.md"
  stop_started
  rm -f "/tmp/perf-$BROKER_PID.map" "/tmp/perfinfo-$BROKER_PID.map"
  awk -v title="$name" -f "$CLASSIFY" "$OUT/$name.stacks" | tee "$OUT/$name.breakdown.md"
  tee -a "$OUT/$name.breakdown.md" <"$OUT/$name.crypto.md"
done
log "summary, breakdowns and perf data in $OUT"
cat "$OUT/summary.txt"
