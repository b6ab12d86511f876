#!/usr/bin/env bash
# Redis's own cost of one Submit, from the server's counters rather than CPU clocks: robust to a busy machine.
# Drives N Submits through the real broker (Redis store, realistic limits: every rule at its default but the
# unit's daily quota, which is raised to N) against a private redis-server, then prints
#   - Redis CPU per OK Submit (INFO cpu, the server's own user+sys time; the sequencer's fold of the audit included),
#   - INFO commandstats per OK Submit (evalsha calls and µs; each command's calls and µs), and
#   - memory per pending request: used_memory's growth, and MEMORY USAGE of every key, grouped by key kind.
#
#   deploy/bench/script-cost.sh [--requests 5000] [--officers 1000]     (SKIP_BUILD=1 to reuse the Release build)
set -euo pipefail
source "$(dirname "$0")/../lib/suite.sh"

REQUESTS=5000 OFFICERS=1000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests) REQUESTS="$2"; shift 2 ;;
    --officers) OFFICERS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
trap stop_started EXIT
build_suite

start_submit_stack "$REQUESTS"

cli() { redis-cli -p "$REDIS_PORT" "$@" | tr -d '\r'; }
used() { cli info memory | awk -F: '$1=="used_memory"{print $2}'; }
rcpu() { cli info cpu | awk -F: '$1=="used_cpu_sys" || $1=="used_cpu_user" {s += $2} END {printf "%.6f", s}'; }
cli config resetstat >/dev/null
BEFORE=$(used); CPU0=$(rcpu)
load run submit --target "http://127.0.0.1:$BROKER_PORT" --total "$REQUESTS" --concurrency 32 --duration 600 --warmup 0 \
  --officers "$OFFICERS" --json "$WORK/submit.json" >/dev/null || true
OK=$(jq -r .ok "$WORK/submit.json")
CPU1=$(rcpu)
sleep 2   # the sequencer folds the last audit entries
AFTER=$(used)

echo "$OK OK Submits, $OFFICERS officers over every unit; Redis CPU per Submit $(awk -v a="$CPU0" -v b="$CPU1" -v n="$OK" 'BEGIN {printf "%.0f", (b - a) * 1e6 / n}') µs (INFO cpu)"
echo
echo "| command | calls per Submit | µs per Submit | µs per call |"
echo "|---|---|---|---|"
cli info commandstats | awk -F'[:,=]' -v ok="$OK" '/^cmdstat_/ {printf "| %s | %.2f | %.1f | %.2f |\n", substr($1, 9), $3 / ok, $5 / ok, $7}' |
  sort -t'|' -k4 -gr
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
