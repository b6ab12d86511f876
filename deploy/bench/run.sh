#!/usr/bin/env bash
# The performance budget of issue 5, reproducible: builds Release, starts redis-server, the records service
# and the broker (Redis store, Development keys, load profile) on free loopback ports, runs dbroker-load's
# budget (every figure a median of interleaved repetitions, as a ratio to the bare health Check of the same
# run), then measures Redis memory per pending request with INFO memory over 100k submissions.
#
#   deploy/bench/run.sh [--reps 3] [--duration 8] [--rate 20000] [--requests 100000] [--out docs/bench]
set -euo pipefail
source "$(dirname "$0")/../lib/suite.sh"

REPS=3 DURATION=8 RATE=20000 REQUESTS=100000 OUT="$ROOT/docs/bench"
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
build_suite

REDIS_PORT=$(free_port); RECORDS_PORT=$(free_port); BROKER_PORT=$(free_port)
RECORDS_METRICS=$(free_port); BROKER_METRICS=$(free_port)
start_redis "$REDIS_PORT"
start_records records "$RECORDS_PORT" "$RECORDS_METRICS"
start_broker broker "$BROKER_PORT" "$BROKER_METRICS" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" \
  $(load_profile)
wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
log "redis :$REDIS_PORT  records :$RECORDS_PORT  broker :$BROKER_PORT  (logs in $WORK)"

load budget --broker "http://127.0.0.1:$BROKER_PORT" --records "http://127.0.0.1:$RECORDS_PORT" \
  --reps "$REPS" --duration "$DURATION" --rate "$RATE" --out "$OUT" | tee "$WORK/budget.txt"

# Memory per pending request: a fresh, empty Redis, then REQUESTS submissions through the broker (the
# real Submit script: the request, its idempotency entry, two index entries, its audit chain entry, activity counts).
log "Redis memory over $REQUESTS pending requests"
stop_started
start_redis "$REDIS_PORT"
start_records records "$RECORDS_PORT" "$RECORDS_METRICS"
start_broker broker "$BROKER_PORT" "$BROKER_METRICS" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" \
  $(load_profile)
wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
used() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '$1=="used_memory"{print $2}'; }
BEFORE=$(used)
load run submit --target "http://127.0.0.1:$BROKER_PORT" --total "$REQUESTS" --concurrency 64 --duration 600 --warmup 0
AFTER=$(used)
PENDING=$(redis-cli -p "$REDIS_PORT" --scan --pattern '*:pending' | while read -r key; do redis-cli -p "$REDIS_PORT" zcard "$key"; done | paste -sd+ | bc)
PER=$(( (AFTER - BEFORE) / PENDING ))
set +o pipefail   # head closes the scans early
{
  echo
  echo "Redis memory: used_memory $BEFORE -> $AFTER bytes over $PENDING pending requests = **$PER bytes per pending request** (goal <= 1024: $([[ $PER -le 1024 ]] && echo met || echo '**missed**'))."
  echo "Breakdown of one request's keys (MEMORY USAGE, bytes):"
  # Quoted (--no-raw): a request's key ends in its id's 16 bytes; redis-cli reads the quoted name back from stdin.
  unit_key=$(redis-cli -p "$REDIS_PORT" --no-raw --scan --pattern '*:req:*' | head -1)
  tag=${unit_key%%:req:*}; tag=${tag#\"}
  echo "- one request (a string key): $(echo "MEMORY USAGE $unit_key" | redis-cli -p "$REDIS_PORT")"
  echo "- shared by all the unit's requests: its idempotency hash of this period / pending index / audit chain: $(redis-cli -p "$REDIS_PORT" memory usage "$(redis-cli -p "$REDIS_PORT" --scan --pattern "$tag:idem:*" | head -1)" samples 0) / $(redis-cli -p "$REDIS_PORT" memory usage "$tag:pending" samples 0) / $(redis-cli -p "$REDIS_PORT" memory usage "$tag:chain" samples 0)"
  echo "  (every key kind, per request: deploy/bench/script-cost.sh)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; $(dotnet --version) SDK; $(redis-server --version | cut -d' ' -f3); $(date -u +%Y-%m-%dT%H:%MZ)."
} | tee -a "$OUT/budget.md"
