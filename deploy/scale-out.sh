#!/usr/bin/env bash
# Scale-out on loopback, without Docker: a 3-master Redis Cluster (TLS only, the shipped ACL: the brokers
# connect as the least-privilege "broker" user, see deploy/redis), 2 records processes, 3 broker processes
# (each balancing over both records replicas itself) and nginx as the L7 gRPC balancer in front of the
# brokers (grpc_pass, HTTP/2 both sides). dbroker-load then runs whole flows through nginx, submits for a
# while during which this script kills one broker (SIGKILL), and reads back every acknowledged submission.
# Exits 0 only if every flow worked and no acknowledged request is missing.
#
#   deploy/scale-out.sh [--duration 20] [--kill-after 8] [--flows 40] [--out FILE] [--keep]
#   (--keep leaves everything running until Ctrl+C, to poke at it with the CLI, grpcurl or buf curl)
set -euo pipefail
source "$(dirname "$0")/lib/suite.sh"

DURATION=20 KILL_AFTER=8 FLOWS=40 OUT="$WORK/scale-out.json" KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --kill-after) KILL_AFTER="$2"; shift 2 ;;
    --flows) FLOWS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
trap stop_started EXIT
require redis-server redis-server
require nginx nginx-light
build_suite

# Redis Cluster: three masters, no replicas, slots spread by redis-cli; TLS between nodes too.
secure_redis_setup
REDIS=()
for _ in 1 2 3; do
  port=$(free_port)
  start_secure_redis "$port" --tls-cluster yes --cluster-enabled yes --cluster-config-file "$WORK/nodes-$port.conf" \
    --cluster-node-timeout 2000
  REDIS+=("127.0.0.1:$port")
done
admin_cli --cluster create "${REDIS[@]}" --cluster-replicas 0 --cluster-yes >"$WORK/cluster-create.log" 2>&1
for _ in $(seq 1 100); do
  admin_cli -p "${REDIS[0]##*:}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1
done
NODES=$(IFS=,; echo "${REDIS[*]}")
STORE=$(secure_redis_connection "$NODES")
log "redis cluster $NODES (TLS, ACL user broker)"

RECORDS=()
for i in 1 2; do
  port=$(free_port); start_records "records-$i" "$port" "$(free_port)"
  RECORDS+=("http://127.0.0.1:$port")
done
BROKERS=() BROKER_PIDS=()
for i in 1 2 3; do
  port=$(free_port)
  start_broker "broker-$i" "$port" "$(free_port)" "${RECORDS[0]}" "$STORE" \
    --Broker:Records:Addresses:0="${RECORDS[0]}" --Broker:Records:Addresses:1="${RECORDS[1]}" \
    --Broker:Store:RedisCaPath="$REDIS_CA" \
    --Logging:LogLevel:Default=Warning
  BROKERS+=("$port"); BROKER_PIDS+=("$LAST_PID")
done
for url in "${RECORDS[@]}"; do wait_healthy "${url##*:}"; done
for port in "${BROKERS[@]}"; do wait_healthy "$port"; done

# nginx: HTTP/2 in (h2c), gRPC to the brokers over kept-alive HTTP/2; a refused connection goes to the next broker.
LB=$(free_port)
mkdir -p "$WORK/nginx"
{
  echo "worker_processes 1; daemon off; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $WORK/nginx/$t;"; done
  echo "  upstream brokers {"
  for port in "${BROKERS[@]}"; do echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"; done
  echo "    keepalive 64;"
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$LB http2;"
  echo "    location / { grpc_pass grpc://brokers; grpc_next_upstream error timeout; grpc_read_timeout 60s; }"
  echo "  }"
  echo "}"
} >"$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" &
PIDS+=($!)
wait_healthy "$LB"
log "nginx :$LB -> brokers ${BROKERS[*]}; records ${RECORDS[*]}; logs in $WORK"

if [[ "$KEEP" == 1 ]]; then
  log "running; DBROKER_ADDRESS=http://127.0.0.1:$LB (Ctrl+C stops everything)"
  wait
fi

PHASE="$WORK/phase"
load scale-out --target "http://127.0.0.1:$LB" --flows "$FLOWS" --duration "$DURATION" --out "$OUT" --phase-file "$PHASE" &
DRIVER=$!
# Kill broker 2 mid-load, once the flows are done and the submissions run: its in-flight calls fail
# (never acknowledged); nginx moves on to the others.
( while [ ! -f "$PHASE" ] && kill -0 "$DRIVER" 2>/dev/null; do sleep 0.2; done
  sleep "$KILL_AFTER"; log "killing broker-2 (pid ${BROKER_PIDS[1]})"; kill -9 "${BROKER_PIDS[1]}" ) &
KILLER=$!
status=0
wait "$DRIVER" || status=$?
wait "$KILLER" 2>/dev/null || true
cat "$OUT"
exit "$status"
