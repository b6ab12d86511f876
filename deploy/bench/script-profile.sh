#!/usr/bin/env bash
# The Submit script's cost by parts, in instructions (callgrind), so a busy machine does not blur it.
#   1. Drives N real Submits through the broker (Redis store, load profile, as script-cost.sh) with MONITOR on, and
#      keeps the Submit script's EVALSHA calls (real KEYS and ARGV) as RESP.
#   2. Starts a redis-server under callgrind that counts only inside evalShaCommand and, for each variant, replays
#      the captured calls on an emptied database, then prints instructions per EVALSHA.
# Variants: the Submit script as the broker builds it (RedisScripts.Submit: the audit, limit, activity and
# idempotency libraries, then submit.lua), and each FILE.lua given (e.g. a copy with one part taken out).
#
#   [REQUESTS=2000] [OFFICERS=1000] deploy/bench/script-profile.sh [FILE.lua...]   (SKIP_BUILD=1 as elsewhere)
#
# Needs valgrind. callgrind_annotate on the $WORK/callgrind.* files gives the split (redis.call, tonumber, ...).
set -euo pipefail
source "$(dirname "$0")/../lib/suite.sh"

REQUESTS="${REQUESTS:-2000}" OFFICERS="${OFFICERS:-1000}" VARIANTS=("$@")
require valgrind valgrind
trap stop_started EXIT
build_suite

LUA="$ROOT/services/Broker/Storage/Redis/Lua"
SUBMIT="$WORK/submit.lua"
# The body exactly as RedisScript.Of("submit", "audit", "limit", "activity", "idempotency") joins it.
{ for f in audit.lib limit.lib activity.lib idempotency.lib; do cat "$LUA/$f.lua"; printf '\n'; done; cat "$LUA/submit.lua"; } >"$SUBMIT"
SHA=$(sha1sum "$SUBMIT" | cut -d' ' -f1)

start_submit_stack "$REQUESTS"
redis-cli -p "$REDIS_PORT" monitor >"$WORK/monitor.txt" &
MONITOR=$!
sleep 0.5
load run submit --target "http://127.0.0.1:$BROKER_PORT" --total "$REQUESTS" --concurrency 8 --duration 600 --warmup 0 \
  --officers "$OFFICERS" --json "$WORK/submit.json" >/dev/null || true
kill "$MONITOR"; wait "$MONITOR" 2>/dev/null || true
stop_started
python3 "$(dirname "$0")/lib/monitor_to_resp.py" "$SHA" <"$WORK/monitor.txt" >"$WORK/calls.resp"
CALLS=$(grep -c '^\*' "$WORK/calls.resp" || true)
[[ "$CALLS" -gt 0 ]] || { log "no Submit EVALSHA with SHA $SHA captured (is the build current?)"; exit 1; }
log "$CALLS Submit calls captured"

PORT=$(free_port)
valgrind --tool=callgrind --toggle-collect=evalShaCommand --callgrind-out-file="$WORK/callgrind.%p" \
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$WORK" \
  >"$WORK/callgrind.log" 2>&1 &
GRIND=$!
PIDS+=("$GRIND")
for _ in $(seq 1 300); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
echo "| variant | instructions per EVALSHA |"
echo "|---|---|"
for f in "$SUBMIT" "${VARIANTS[@]}"; do
  sha=$(redis-cli -p "$PORT" script load "$(cat "$f")")
  sed "s/@SHA@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@/$sha/" "$WORK/calls.resp" >"$WORK/replay.resp"
  redis-cli -p "$PORT" flushall >/dev/null
  callgrind_control -z "$GRIND" >/dev/null 2>&1
  redis-cli -p "$PORT" --pipe <"$WORK/replay.resp" | grep -q "errors: 0" || log "$f: some calls failed"
  callgrind_control -d "variant" "$GRIND" >/dev/null 2>&1
  dump=$(ls -t "$WORK"/callgrind.* | grep -v '\.log$' | head -1)
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
  echo "| $(basename "$f") | $(( total / CALLS )) |"
done
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
log "callgrind files in $WORK"
