#!/usr/bin/env bash
# Latency tail at a fixed rate, with the evidence to explain it: ghz at a fixed rate (cost.sh's ghz line: the shipped
# Submit config over 50 prepared officers, -c 400, 8 connections, --duration-stop wait), against the bare health Check
# at the same rate and settings in the same run, and for every run what the broker and Redis saw meanwhile:
#   - the broker's own call duration histogram (databroker.rpc.server.duration, Prometheus), so a client-side tail
#     can be told apart from a server-side one;
#   - the slow calls grouped into stall episodes (calls over 5 ms whose [start, end] overlap count as one stall);
#   - GC collections and pause time, JIT and lock contentions (dotnet-counters, when installed: set DOTNET_COUNTERS,
#     or put it on PATH);
#   - Redis's LATENCY monitor (threshold 1 ms) and SLOWLOG (over 1 ms): whether Redis's one thread was held.
#
#   deploy/bench/tail.sh [--runs "health submit"] [--rounds 1] [--variant NAME='ARGS']... [--rate 1000]
#                        [--duration 20s] [--concurrency 400] [--connections 8] [--warmup 20] [--out DIR]
#
# --duration is in whole seconds ("20s"), as dotnet-counters is stopped by its own --duration (a background job
# ignores SIGINT, and dotnet-counters writes its file only when it stops cleanly).
#
# --runs names the ghz runs of a round, in order (health or submit). Each --variant is a broker of its own, with its
# own Redis, started with ARGS: broker arguments (--Section:Key=value) and environment settings (VAR=value, e.g.
# DOTNET_gcServer=0); without --variant, one broker as shipped ("main"). Every broker is started and warmed up first,
# then each round runs every variant's runs in turn, so variants are interleaved (A B A B) and a change in the
# machine's load does not fall on one of them only. Records is shared. Starts everything on free loopback ports and
# stops only what it started. NICE=-20 raises the priority of the measured broker, its Redis, records and ghz (every
# thread of each) for the ghz runs only, and puts it back after: on a machine shared with builds the measured tail is
# then this stack's own rather than the scheduler's (root only; the warm-ups stay at normal priority). Prints one
# line per run and writes them to OUT/tail.md.
set -euo pipefail
source "$(dirname "$0")/../lib/suite.sh"

RUNS="health submit" ROUNDS=1 RATE=1000 DURATION=20s CONCURRENCY=400 CONNECTIONS=8 WARMUP=20 OUT="$WORK"
VARIANTS=()
declare -A VARIANT_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --variant) VARIANTS+=("${2%%=*}"); VARIANT_ARGS[${2%%=*}]="${2#*=}"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ ${#VARIANTS[@]} -gt 0 ]] || { VARIANTS=(main); VARIANT_ARGS[main]=""; }
mkdir -p "$OUT"
SECONDS_RUN=$(( ${DURATION%s} + 2 ))
COUNTER_PIDS=()
stop_all() {
  local pid
  for pid in "${COUNTER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_started
}
trap stop_all EXIT
require redis-server redis-server
require jq jq
GHZ="${GHZ:-$(command -v ghz || echo "$ROOT/../shared/tools/ghz")}"
COUNTERS="${DOTNET_COUNTERS:-$(command -v dotnet-counters || true)}"
build_suite

RECORDS_PORT=$(free_port)
start_records records "$RECORDS_PORT" "$(free_port)"
wait_healthy "$RECORDS_PORT"
RECORDS_PID=$LAST_PID
declare -A REDIS_PORT_OF BROKER_PORT_OF METRICS_PORT_OF BROKER_PID_OF REDIS_PID_OF
for variant in "${VARIANTS[@]}"; do
  REDIS_PORT_OF[$variant]=$(free_port); BROKER_PORT_OF[$variant]=$(free_port); METRICS_PORT_OF[$variant]=$(free_port)
  start_redis "${REDIS_PORT_OF[$variant]}" --latency-monitor-threshold 1 --slowlog-log-slower-than 1000
  REDIS_PID_OF[$variant]=${PIDS[-1]}
  args=() envs=()
  for word in ${VARIANT_ARGS[$variant]}; do
    if [[ "$word" == --* ]]; then args+=("$word"); else envs+=("$word"); fi
  done
  # The environment only for this broker: start_broker's subshell takes it at the fork.
  for e in "${envs[@]}"; do export "${e?}"; done
  # shellcheck disable=SC2046
  start_broker "broker-$variant" "${BROKER_PORT_OF[$variant]}" "${METRICS_PORT_OF[$variant]}" "http://127.0.0.1:$RECORDS_PORT" \
    "127.0.0.1:${REDIS_PORT_OF[$variant]}" $(load_profile) "${args[@]}"
  BROKER_PID_OF[$variant]=$LAST_PID
  for e in "${envs[@]}"; do unset "${e%%=*}"; done
  wait_healthy "${BROKER_PORT_OF[$variant]}"
  target="http://127.0.0.1:${BROKER_PORT_OF[$variant]}"
  # Past tiered JIT and the token cache's first verifications, with the lean driver (not a ghz run).
  log "$variant: warming up, $WARMUP s of Submit and 5 s of health at 32 in flight"
  load run submit --target "$target" --concurrency 32 --duration "$WARMUP" --warmup 0 --officers 50 >/dev/null
  load run health --target "$target" --concurrency 32 --duration 5 --warmup 0 >/dev/null
  load prepare --target "$target" --officers 50 --count 0 --state pending --out "$WORK/prepared.$variant.json" >/dev/null
  # The shipped configs made runnable at a fixed rate: enough concurrency that the rate is never capped by calls in
  # flight, and wait for the last calls at the end (cost.sh's ghz line).
  for scenario in health submit; do
    render_ghz "127.0.0.1:${BROKER_PORT_OF[$variant]}" "$ROOT/deploy/ghz/$scenario.json" "$WORK/prepared.$variant.json" 0 |
      jq --argjson rate "$RATE" --argjson c "$CONCURRENCY" --argjson n "$CONNECTIONS" --arg z "$DURATION" \
        'del(.total) | .rps = $rate | .concurrency = $c | .connections = $n | .duration = $z' >"$WORK/ghz.$variant.$scenario.json"
  done
done

# The broker's call duration histogram for one method, cumulative: "le count" lines.
buckets() {
  curl -s "http://127.0.0.1:$METRICS_PORT/metrics" |
    awk -v m="$1" '/^databroker_rpc_server_duration_seconds_bucket/ && index($0, m) {
      match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); n[le] += $NF }
      END { for (le in n) print le, n[le] }' | sort -g
}
# Server-side calls over THRESHOLD ms between two bucket snapshots, and the total: "over total".
server_over() {
  local threshold="$1" before="$2" after="$3"
  join -a2 -e0 -o 0,1.2,2.2 <(sort -k1,1 "$before") <(sort -k1,1 "$after") |
    awk -v t="$threshold" '{ d[$1] = $3 - $2 } END { printf "%d %d\n", d["+Inf"] - d[t / 1000], d["+Inf"] }'
}
redis() { redis-cli -p "${REDIS_PORT_OF[$variant]}" "$@"; }
# CPU time and time spent runnable but waiting for a CPU (the scheduler's run queue), summed over every thread of a
# process, in ms: "cpu wait" (from /proc/PID/task/*/schedstat). A high wait is the machine, not the process.
sched() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ c += $1; w += $2 } END { printf "%.0f %.0f\n", c / 1e6, w / 1e6 }'; }
# prioritize N PID...: every thread of each process at nice N.
prioritize() {
  local n="$1" pid; shift
  for pid in "$@"; do renice -n "$n" -p $(ls "/proc/$pid/task") >/dev/null 2>&1 || true; done
}

# Stall episodes in a ghz report: calls over 5 ms merged where their [start, end] intervals overlap, so one stall
# that held many calls counts once. Writes every episode to EPISODES ("offset_s duration_ms calls worst_ms", offset
# from the run's first call) and prints "episodes, the calls in them, median gap between episodes in ms".
episodes() {
  local report="$1" out="$2"
  jq -r '.details[]? | "\(.timestamp) \(.latency)"' "$report" |
    awk '{ split(substr($1, 12), t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; printf "%.6f %.3f\n", s, $2 / 1e6 }' | sort -g |
    awk 'NR == 1 { t0 = $1 }
      $2 > 5 { start = $1; end = $1 + $2 / 1000
        if (n == 0 || start > e_end) { if (n) printf "%.3f %.1f %d %.1f\n", e_start - t0, (e_end - e_start) * 1000, e_calls, e_worst; n++; e_start = start; e_end = end; e_calls = 0; e_worst = 0 }
        if (end > e_end) e_end = end; e_calls++; if ($2 > e_worst) e_worst = $2 }
      END { if (n) printf "%.3f %.1f %d %.1f\n", e_start - t0, (e_end - e_start) * 1000, e_calls, e_worst }' >"$out"
  local gap
  gap=$(awk 'NR > 1 { print ($1 - prev) * 1000 } { prev = $1 }' "$out" | sort -g | awk '{ a[NR] = $1 } END { print NR ? a[int((NR + 1) / 2)] : 0 }')
  awk -v gap="$gap" '{ calls += $3 } END { printf "%d episodes, %d calls, median gap %.0f ms\n", NR, calls, gap }' "$out"
}

: >"$WORK/rows"
i=0
for round in $(seq 1 "$ROUNDS"); do
for variant in "${VARIANTS[@]}"; do
for scenario in $RUNS; do
  i=$((i + 1))
  case "$scenario" in health) method=grpc.health.v1.Health/Check ;; submit) method=RequestService/Submit ;;
    *) echo "unknown run $scenario" >&2; exit 2 ;; esac
  METRICS_PORT=${METRICS_PORT_OF[$variant]}
  buckets "$method" >"$WORK/b0"
  redis latency reset >/dev/null; redis slowlog reset >/dev/null; redis config resetstat >/dev/null
  if [[ -n "$COUNTERS" ]]; then
    # For the run's length: a background job ignores SIGINT, and dotnet-counters writes its file only when it stops cleanly.
    "$COUNTERS" collect -p "${BROKER_PID_OF[$variant]}" --format csv -o "$WORK/counters.$i.csv" --refresh-interval 1 \
      --duration "$(printf '00:00:%02d:%02d' $((SECONDS_RUN / 60)) $((SECONDS_RUN % 60)))" --counters System.Runtime >"$WORK/counters.$i.log" 2>&1 &
    COUNTER_PIDS+=($!)
  fi
  log "run $i: $variant $scenario at $RATE/s for $DURATION (load average $(cut -d' ' -f1 /proc/loadavg))"
  read -r bc0 bw0 < <(sched "${BROKER_PID_OF[$variant]}"); read -r rc0 rw0 < <(sched "${REDIS_PID_OF[$variant]}")
  [[ -z "${NICE:-}" ]] || prioritize "$NICE" "${BROKER_PID_OF[$variant]}" "${REDIS_PID_OF[$variant]}" "$RECORDS_PID"
  nice -n "${NICE:-0}" "$GHZ" --config "$WORK/ghz.$variant.$scenario.json" --duration-stop wait --format json --output "$WORK/ghz.$i.json" >/dev/null 2>&1 || true
  [[ -z "${NICE:-}" ]] || prioritize 0 "${BROKER_PID_OF[$variant]}" "${REDIS_PID_OF[$variant]}" "$RECORDS_PID"
  read -r bc1 bw1 < <(sched "${BROKER_PID_OF[$variant]}"); read -r rc1 rw1 < <(sched "${REDIS_PID_OF[$variant]}")
  if [[ -n "$COUNTERS" ]]; then wait "${COUNTER_PIDS[-1]}" 2>/dev/null || true; fi
  sched_line="broker CPU $((bc1 - bc0)) ms, waited for a CPU $((bw1 - bw0)) ms; Redis CPU $((rc1 - rc0)) ms, waited $((rw1 - rw0)) ms"
  redis info commandstats >"$WORK/commandstats.$i.txt"
  buckets "$method" >"$WORK/b1"
  read -r over5 calls < <(server_over 5 "$WORK/b0" "$WORK/b1")
  read -r over25 _ < <(server_over 25 "$WORK/b0" "$WORK/b1")
  # Redis: the worst event the latency monitor saw (ms), and the commands over 1 ms by name with their worst time.
  redis_max=$(redis latency latest | awk 'NR % 4 == 3 { if ($1 > m) m = $1 } END { print m + 0 }')
  slow=$(redis --json slowlog get 1000 | jq -r 'group_by(.[3][0] | ascii_upcase) | map("\(length) \(.[0][3][0] | ascii_upcase) (max \(map(.[2]) | max / 1000) ms)") | join(", ") | if . == "" then "none" else . end')
  stalls=$(episodes "$WORK/ghz.$i.json" "$WORK/episodes.$i.txt")
  gc=""
  if [[ -f "$WORK/counters.$i.csv" ]]; then
    # Sums over the run of the per-second rates dotnet-counters writes.
    gc=$(awk -F, '
      $3 ~ /dotnet.gc.collections/ { g = $3; sub(/.*generation=/, "", g); sub(/[^a-z0-9].*/, "", g); n[g] += $NF }
      $3 ~ /dotnet.gc.pause.time/ { p += $NF }
      $3 ~ /dotnet.jit.compiled_methods/ { j += $NF }
      $3 ~ /dotnet.monitor.lock_contentions/ { l += $NF }
      END { printf "GC gen0/1/2 %d/%d/%d, pause %.0f ms; %d methods jitted; %d lock contentions", n["gen0"], n["gen1"], n["gen2"], p * 1000, j, l }' \
      "$WORK/counters.$i.csv")
  fi
  line=$(jq -r --arg s "$variant $scenario" --arg over5 "$over5" --arg over25 "$over25" --arg calls "$calls" \
    --arg redis "$redis_max" --arg slow "$slow" --arg gc "$gc" --arg stalls "$stalls" --arg sched "$sched_line" '
    def p($q): ((.latencyDistribution // [])[] | select(.percentage == $q) | .latency / 1e6 * 100 | round / 100);
    def errors: [(.statusCodeDistribution // {}) | to_entries[] | select(.key != "OK") | .value] | add // 0;
    "| \($s) | \(.rps | floor)/s | \(p(50)) | \(p(90)) | \(p(99)) | \(.slowest / 1e6 * 10 | round / 10) | \(errors) | \($stalls) | \($over5) / \($over25) of \($calls) | \($redis) ms; \($slow) | \($sched) | \($gc) |"' \
    "$WORK/ghz.$i.json" 2>/dev/null || echo "| $variant $scenario | ghz did not report |")
  echo "$line" | tee -a "$WORK/rows"
done
done
done

{
  echo "| run | achieved | p50 ms | p90 ms | p99 ms | slowest ms | errors | client calls over 5 ms, as stall episodes | broker-side calls over 5 / 25 ms | Redis: worst latency event; commands over 1 ms | CPU and run-queue wait over the run | broker runtime |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$WORK/rows"
  echo
  for variant in "${VARIANTS[@]}"; do echo "- $variant: ${VARIANT_ARGS[$variant]:-as shipped}"; done
  echo
  echo "ghz -c $CONCURRENCY --connections $CONNECTIONS --rps $RATE -z $DURATION --duration-stop wait, nice ${NICE:-0}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ); $(git -C "$ROOT" rev-parse --short HEAD)."
} >"$OUT/tail.md"
log "written $OUT/tail.md (work files in $WORK)"
