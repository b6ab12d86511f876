#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs what the tests need when it is
# absent (redis-server for the storage, service and end-to-end tests; nginx for the scale-out test;
# chromium for the console's browser tests; the buf CLI for proto lint),
# lints the protos, then runs the whole solution's tests. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_apt() {
  local package=$1
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

# The Redis tests start their own redis-server processes on free loopback ports; they need the binary.
command -v redis-server >/dev/null 2>&1 || need_apt redis-server
command -v redis-cli >/dev/null 2>&1 || need_apt redis-tools
# The scale-out system test puts Debian's nginx (grpc_pass) in front of three brokers.
command -v nginx >/dev/null 2>&1 || need_apt nginx-light
# deploy/ghz/run.sh, which the EndToEnd tests run with the real ghz, renders its configs with jq.
command -v jq >/dev/null 2>&1 || need_apt jq
# The console's browser tests drive Debian's Chromium through Playwright (Playwright's own download is not used).
command -v chromium >/dev/null 2>&1 || need_apt chromium

if ! command -v buf >/dev/null 2>&1; then
  command -v npm >/dev/null 2>&1 || need_apt npm
  as_root npm install -g --silent @bufbuild/buf >/dev/null
fi
echo "buf lint protos/"
(cd protos && buf lint)

dotnet test DataBroker.slnx --nologo "$@"
