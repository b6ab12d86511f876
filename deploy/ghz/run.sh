#!/usr/bin/env bash
# Load-tests the suite with ghz: starts Redis, the records service and the broker in the load profile
# (load-profile.json: quiet logs, long TTLs, limits raised for the test), mints load tokens, prepares
# requests for Get/Decide/Fetch, renders each config here (host, tokens, request ids) and runs it,
# writing one JSON report per RPC to reports/ (or --out DIR).
# Where ghz is not installed (it is not packaged for Debian), each config is run instead by dbroker-load
# with the same call, concurrency and total, which checks every answer and writes its own JSON report.
#
#   deploy/ghz/run.sh [--out DIR] [--count 2000]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/suite.sh"

OUT="$HERE/reports" COUNT=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
trap stop_started EXIT
require redis-server redis-server
require jq jq
build_suite

REDIS_PORT=$(free_port); RECORDS_PORT=$(free_port); BROKER_PORT=$(free_port)
start_redis "$REDIS_PORT"
start_records records "$RECORDS_PORT" "$(free_port)"
start_broker broker "$BROKER_PORT" "$(free_port)" "http://127.0.0.1:$RECORDS_PORT" "127.0.0.1:$REDIS_PORT" \
  $(jq -r 'paths(scalars) as $p | "--\($p | map(tostring) | join(":"))=\(getpath($p))"' "$HERE/load-profile.json")
wait_healthy "$RECORDS_PORT"; wait_healthy "$BROKER_PORT"
BROKER="127.0.0.1:$BROKER_PORT"

# render CONFIG PREPARED_JSON: host, tokens and (when prepared) one data object per request id.
render() {
  local config="$1" prepared="$2"
  jq --arg host "$BROKER" --slurpfile p "$prepared" '
    .host = $host
    | (.metadata // {}) as $m
    | (if .metadata then .metadata.authorization |= (sub("\\$\\{OFFICER_TOKEN\\}"; $p[0].officer_token) | sub("\\$\\{APPROVER_TOKEN\\}"; $p[0].approver_token)) else . end)
    | (if (.data | tostring | contains("${REQUEST_ID}")) then
         .data as $d | .total = ($p[0].request_ids | length)
         | .data = [$p[0].request_ids[] as $id | $d | .request_id = $id]
       else . end)' "$config"
}

prepare() { # NAME STATE COUNT
  load prepare --target "http://$BROKER" --count "$3" --state "$2" --out "$WORK/$1.prepared.json"
  echo "$WORK/$1.prepared.json"
}

for name in health submit get list-pending decide fetch; do
  case "$name" in
    health|submit) prepared=$(prepare "$name" pending 1) ;;
    get|list-pending|decide) prepared=$(prepare "$name" pending "$COUNT") ;;
    fetch) prepared=$(prepare "$name" approved "$COUNT") ;;
  esac
  render "$HERE/$name.json" "$prepared" >"$WORK/$name.rendered.json"
  if command -v ghz >/dev/null 2>&1; then
    log "ghz $name"
    ghz --config "$WORK/$name.rendered.json" --format json --output "$OUT/$name.json" || true
  else
    # dbroker-load makes the same call at the same concurrency; Decide and Fetch are covered by its flow scenario.
    concurrency=$(jq -r '.concurrency' "$WORK/$name.rendered.json")
    total=$(jq -r '.total' "$WORK/$name.rendered.json")
    case "$name" in
      decide|fetch) log "$name: ghz not installed; rendered config kept at $WORK/$name.rendered.json; measured by the flow scenario"
                    scenario=flow; total=$(( total / 4 )) ;;
      *) log "$name: ghz not installed; running dbroker-load $name instead"; scenario="$name" ;;
    esac
    load run "$scenario" --target "http://$BROKER" --concurrency "$concurrency" --total "$total" \
      --duration 60 --warmup 0 --json "$OUT/$name.json" || true
  fi
done
log "reports in $OUT; rendered configs and service logs in $WORK"
