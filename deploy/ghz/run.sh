#!/usr/bin/env bash
# Load-tests the suite with ghz: starts Redis, the records service and the broker in the load profile
# (load-profile.json: quiet logs, long TTLs, limits raised for the test), mints tokens for several load
# officers and their approvers, prepares requests for Get/Decide/Fetch, renders each config here (host,
# total, token lists, request ids) and runs it with ghz, writing one JSON report per RPC to reports/ (or --out).
# Exits non-zero when ghz fails or any call of any config answers other than OK (check-report.sh).
#
#   deploy/ghz/run.sh [--out DIR] [--count 2000] [--officers 8] [--total N] [--only NAME] [--smoke]
#
# --count: requests prepared for Get and ListPending (reused round-robin; Get keeps its own total).
#          Decide and Fetch use each request once, so as many are prepared as the run makes calls.
# --total: calls per config instead of each config's own total.  --only: run one config.
# --smoke: every config briefly (300 calls, 4 officers): what CI runs, in well under a minute.
# ghz: $GHZ, else ghz on PATH, else ../shared/tools/ghz beside the repository (releases: github.com/bojand/ghz).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/suite.sh"

OUT="$HERE/reports" COUNT=2000 OFFICERS=8 TOTAL="" ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --officers) OFFICERS="$2"; shift 2 ;;
    --total) TOTAL="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --smoke) TOTAL=300 COUNT=48 OFFICERS=4; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

GHZ="${GHZ:-$(command -v ghz || true)}"
if [[ -z "$GHZ" && -x "$ROOT/../shared/tools/ghz" ]]; then GHZ="$ROOT/../shared/tools/ghz"; fi
if [[ -z "$GHZ" || ! -x "$GHZ" ]]; then
  log "ghz not found: set GHZ, put ghz on PATH, or place it at ../shared/tools/ghz (github.com/bojand/ghz/releases)"
  exit 1
fi

mkdir -p "$OUT"
trap stop_started EXIT
require redis-server redis-server
require jq jq
build_suite

REDIS_PORT=$(free_port); RECORDS_PORT=$(free_port); BROKER_PORT=$(free_port)
start_redis "$REDIS_PORT"
start_records records "$RECORDS_PORT" "$(free_port)"
start_broker broker "$BROKER_PORT" "$(free_port)" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" \
  $(load_profile)
wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
BROKER="127.0.0.1:$BROKER_PORT"

prepare() { # NAME STATE COUNT
  load prepare --target "http://$BROKER" --officers "$OFFICERS" --count "$3" --state "$2" --out "$WORK/$1.prepared.json"
  echo "$WORK/$1.prepared.json"
}

# Reused requests must be a multiple of the officers, so that id and token stay paired past the first round.
ROUNDED=$(( (COUNT + OFFICERS - 1) / OFFICERS * OFFICERS ))
failed=()
for name in health submit get list-pending decide fetch; do
  [[ -z "$ONLY" || "$ONLY" == "$name" ]] || continue
  total="${TOTAL:-$(jq -r '.total' "$HERE/$name.json")}"
  case "$name" in
    health|submit) prepared=$(prepare "$name" pending 0) ;;
    get|list-pending) prepared=$(prepare "$name" pending "$ROUNDED") ;;
    decide) prepared=$(prepare "$name" pending "$total") ;;
    fetch) prepared=$(prepare "$name" approved "$total") ;;
  esac
  render_ghz "$BROKER" "$HERE/$name.json" "$prepared" "$total" >"$WORK/$name.rendered.json"
  log "ghz $name ($total calls)"
  if ! "$GHZ" --config "$WORK/$name.rendered.json" --format json --output "$OUT/$name.json" 2>"$WORK/$name.ghz.log"; then
    log "$name: ghz failed: $(cat "$WORK/$name.ghz.log")"
    failed+=("$name"); continue
  fi
  "$HERE/check-report.sh" "$OUT/$name.json" "$total" || failed+=("$name")
done
log "reports in $OUT; rendered configs and service logs in $WORK"
if [[ ${#failed[@]} -gt 0 ]]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
