#!/usr/bin/env bash
# Redis's own cost of one Submit (or, with --scenario flow, of one whole flow: Submit, two approvals and the fetch), from
# the server's counters rather than CPU clocks: robust to a busy machine. Drives N calls of the scenario through the real
# broker (Redis store) against a private redis-server, then prints
#   - Redis CPU per OK call (INFO cpu, the server's own user+sys time; the sequencer's fold of the audit included),
#   - INFO commandstats per OK call (evalsha calls and µs; each command's calls and µs; commands a script runs count
#     here too, so this is work, not round trips), and
#   - submit: memory per pending request: used_memory's growth, and MEMORY USAGE of every key, grouped by key kind;
#   - with --monitor M (flow's default 40): a second run of M calls under MONITOR, and the commands the broker sent per
#     OK call (round trips: a script's own redis.call lines left out), each EVALSHA named by its script (RedisScripts.cs).
# Submit runs keep realistic limits (every rule at its default but the unit's daily quota, raised to N); flow runs take the
# load limits (deploy/lib/suite.sh), as the profile's did, since a fetch charges the per-officer release budgets.
#
#   deploy/bench/script-cost.sh [--scenario submit|flow] [--requests 5000] [--officers 1000] [--monitor M]   (SKIP_BUILD=1 to reuse the Release build)
set -euo pipefail
source "$(dirname "$0")/../lib/suite.sh"

SCENARIO=submit REQUESTS="" OFFICERS=1000 MONITORED=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario) SCENARIO="$2"; shift 2 ;;
    --requests) REQUESTS="$2"; shift 2 ;;
    --officers) OFFICERS="$2"; shift 2 ;;
    --monitor) MONITORED="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$SCENARIO" in
  submit) REQUESTS="${REQUESTS:-5000}" MONITORED="${MONITORED:-0}" ;;
  flow) REQUESTS="${REQUESTS:-500}" MONITORED="${MONITORED:-40}" ;;
  *) echo "--scenario is submit or flow" >&2; exit 2 ;;
esac
trap stop_started EXIT
build_suite

if [[ "$SCENARIO" == submit ]]; then start_submit_stack "$REQUESTS"; else start_load_stack; fi

cli() { redis-cli -p "$REDIS_PORT" "$@" | tr -d '\r'; }
used() { cli info memory | awk -F: '$1=="used_memory"{print $2}'; }
rcpu() { cli info cpu | awk -F: '$1=="used_cpu_sys" || $1=="used_cpu_user" {s += $2} END {printf "%.6f", s}'; }
cli config resetstat >/dev/null
BEFORE=$(used); CPU0=$(rcpu)
drive() { # TOTAL JSON
  load run "$SCENARIO" --target "http://127.0.0.1:$BROKER_PORT" --total "$1" --concurrency 32 --duration 600 --warmup 0 \
    --officers "$OFFICERS" --json "$2" >/dev/null || true
}
drive "$REQUESTS" "$WORK/$SCENARIO.json"
OK=$(jq -r .ok "$WORK/$SCENARIO.json")
CPU1=$(rcpu)
sleep 2   # the sequencer folds the last audit entries
AFTER=$(used)

echo "$OK OK $SCENARIO calls of $REQUESTS ($(jq -r '.throughput | floor' "$WORK/$SCENARIO.json")/s), $OFFICERS officers over every unit; Redis CPU per call $(awk -v a="$CPU0" -v b="$CPU1" -v n="$OK" 'BEGIN {printf "%.0f", (b - a) * 1e6 / n}') µs (INFO cpu)"
echo
echo "| command | calls per $SCENARIO | µs per $SCENARIO | µs per call |"
echo "|---|---|---|---|"
cli info commandstats | awk -F'[:,=]' -v ok="$OK" '/^cmdstat_/ {printf "| %s | %.2f | %.1f | %.2f |\n", substr($1, 9), $3 / ok, $5 / ok, $7}' |
  sort -t'|' -k4 -gr

if [[ "$MONITORED" -gt 0 ]]; then
  # Each script's SHA as RedisScript.Of builds its body: the library files named after it, each followed by a newline, then its own file.
  LUA="$ROOT/services/Broker/Storage/Redis/Lua"
  grep -o 'RedisScript.Of([^)]*)' "$ROOT/services/Broker/Storage/Redis/RedisScripts.cs" | while read -r line; do
    names=($(grep -o '"[^"]*"' <<<"$line" | tr -d '"'))
    sha=$({ for lib in "${names[@]:1}"; do cat "$LUA/$lib.lib.lua"; printf '\n'; done; cat "$LUA/${names[0]}.lua"; } | sha1sum | cut -d' ' -f1)
    [[ $(cli script exists "$sha") == 1 ]] || log "script ${names[0]}: SHA $sha not loaded on the server (is the build current?)"
    echo "$sha ${names[0]}"
  done >"$WORK/scripts"
  redis-cli -p "$REDIS_PORT" monitor >"$WORK/monitor.txt" &
  MONITOR=$!
  sleep 0.5
  drive "$MONITORED" "$WORK/monitored.json"
  sleep 2   # as above: the fold of the last entries, and the pattern writes after it
  kill "$MONITOR"; wait "$MONITOR" 2>/dev/null || true
  MOK=$(jq -r .ok "$WORK/monitored.json")
  echo
  echo "commands the broker sent per OK $SCENARIO, under MONITOR ($MOK OK of $MONITORED; background tasks included):"
  echo
  echo "| command (script) | calls per $SCENARIO |"
  echo "|---|---|"
  # A MONITOR line: time [db client] "COMMAND" "arg"...; a script's own commands come from client 'lua'.
  awk -v ok="$MOK" 'NR == FNR {name[$1] = $2; next}
    $3 != "lua]" && $4 ~ /^"/ {
      c = tolower($4); gsub(/"/, "", c)
      if (c == "evalsha") { sha = $5; gsub(/"/, "", sha); c = "evalsha " (sha in name ? name[sha] : sha) }
      n[c]++; all++
    } END {for (c in n) printf "| %s | %.2f |\n", c, n[c] / ok; printf "| all | %.2f |\n", all / ok}' "$WORK/scripts" "$WORK/monitor.txt" |
    sort -t'|' -k3 -gr
fi
[[ "$SCENARIO" == submit ]] || exit 0
echo
echo "memory per pending request: $(( (AFTER - BEFORE) / (OK > 0 ? OK : 1) )) B (used_memory)"
echo
echo "| key kind | keys | MEMORY USAGE per Submit (B) |"
echo "|---|---|---|"
# A key's kind: its name with the unit's tag and every id-like part (hashes, ids, numbers) folded away.
# Names quoted (--no-raw): a request's key ends in its id's 16 bytes, which may be any byte; redis-cli reads them back
# from stdin as quoted.
cli --no-raw --scan >"$WORK/keys"
awk '{print "MEMORY USAGE " $0 " SAMPLES 0"}' "$WORK/keys" | cli | paste -d' ' - "$WORK/keys" | awk -v ok="$OK" '{
    kind = substr($0, length($1) + 2); gsub(/^"|"$/, "", kind)
    sub(/^\{u:[^}]*\}/, "{u}", kind); sub(/^\{p:[^}]*\}/, "{p}", kind); sub(/:act:.*/, ":act:*", kind); sub(/:req:.*/, ":req:*", kind)
    gsub(/:[^:]*[0-9][^:]*/, ":*", kind)
    bytes[kind] += $1; keys[kind]++; total += $1
  } END {
    for (k in bytes) printf "| %s | %d | %.0f |\n", k, keys[k], bytes[k] / ok
    printf "| all keys | | %.0f |\n", total / ok
  }' | sort -t'|' -k4 -gr
