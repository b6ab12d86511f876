#!/usr/bin/env bash
# Judges one ghz JSON report: exit 0 only when every call answered OK and, given EXPECTED, exactly that many
# calls were made. ghz itself exits 0 whatever its calls answered, so without this a run of failures passes.
#
#   deploy/ghz/check-report.sh REPORT.json [EXPECTED_COUNT]
set -euo pipefail
report="$1" expected="${2:-}"
if ! jq -e 'type == "object" and has("count")' "$report" >/dev/null 2>&1; then
  echo "$report: not a ghz JSON report" >&2; exit 1
fi
verdict=$(jq -r --arg expected "$expected" '
  ((.statusCodeDistribution // {}) | to_entries | map(select(.key != "OK"))) as $bad
  | ((.errorDistribution // {}) | to_entries) as $errors
  | if ($bad | length) > 0 or ($errors | length) > 0 then
      "failed: " + ([$bad[] | "\(.key) x\(.value)"] + [$errors[] | "\(.value) x \(.key)"] | join("; "))
    elif $expected != "" and .count != ($expected | tonumber) then
      "failed: \(.count) calls made, \($expected) expected"
    elif .count == 0 then "failed: no calls made"
    else "ok: \(.count) calls, all OK, p99 \(((.latencyDistribution // []) | map(select(.percentage == 99)) | .[0].latency // 0) / 1000000 | floor) ms"
    end' "$report")
echo "$(basename "$report" .json): $verdict" >&2
[[ "$verdict" == ok:* ]]
