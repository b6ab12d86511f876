# Shared by deploy/bench/run.sh, deploy/ghz/run.sh and deploy/scale-out.sh: build once, start the real
# processes on loopback ports, wait for grpc.health.v1, and stop exactly the processes started here.
# Source it; it defines functions and the ROOT, CONFIGURATION, WORK and PIDS variables.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
WORK="${WORK:-$(mktemp -d /tmp/databroker.XXXXXX)}"
PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# A port nobody listens on, below the ephemeral range (so no outgoing connection takes it meanwhile),
# with port+10000 free as well (Redis Cluster's bus port).
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 2700 ))
    if ! ss -Htln "( sport = :$port or sport = :$((port + 10000)) )" | grep -q . \
       && ! grep -qx "$port" "$WORK/ports" 2>/dev/null; then
      # Remembered in a file: free_port usually runs in $(...), a subshell.
      echo "$port" >>"$WORK/ports"
      echo "$port"; return 0
    fi
  done
  echo "no free port found" >&2; return 1
}

require() {
  local tool="$1" package="$2"
  if ! command -v "$tool" >/dev/null 2>&1; then
    log "installing $package (for $tool)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  fi
}

build_suite() {
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then return 0; fi
  log "building broker, records and dbroker-load ($CONFIGURATION)"
  for project in services/Broker services/Records services/LoadDriver; do
    dotnet build "$ROOT/$project" -c "$CONFIGURATION" -v q -nologo >"$WORK/build.log" 2>&1 \
      || { cat "$WORK/build.log" >&2; return 1; }
  done
}

dll() { echo "$ROOT/services/$1/bin/$CONFIGURATION/net10.0/$2"; }

start_redis() { # port [extra redis-server args...]
  local port="$1"; shift
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$WORK" --logfile "$WORK/redis-$port.log" "$@" &
  PIDS+=($!)
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
  log "redis-server on $port did not start"; return 1
}

# Redis as deployed (deploy/redis, docs/deploy.md): TLS only, the shipped ACL users, no anonymous access.
# secure_redis_setup makes a throwaway CA and a certificate for localhost/127.0.0.1 in $WORK/tls, renders
# the shipped ACL with fresh passwords, and sets REDIS_TLS_ARGS, REDIS_CA, REDIS_BROKER_PASSWORD and
# REDIS_ADMIN_PASSWORD (an administrator only these scripts use, e.g. for redis-cli --cluster create).
secure_redis_setup() {
  local tls="$WORK/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=databroker scratch CA" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$tls/redis.key" -out "$tls/redis.csr" 2>/dev/null
  # clientAuth too: cluster nodes present the same certificate when they dial each other's bus.
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' >"$tls/ext.cnf"
  openssl x509 -req -in "$tls/redis.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/ext.cnf" -out "$tls/redis.crt" 2>/dev/null
  chmod 600 "$tls/redis.key" "$tls/ca.key"
  REDIS_CA="$tls/ca.crt"
  REDIS_BROKER_PASSWORD=$(openssl rand -hex 16) REDIS_ADMIN_PASSWORD=$(openssl rand -hex 16)
  REDIS_BROKER_PASSWORD="$REDIS_BROKER_PASSWORD" REDIS_PROBE_PASSWORD=$(openssl rand -hex 16) \
    sh "$ROOT/deploy/redis/render-acl.sh" "$ROOT/deploy/redis/users.acl.template" "$WORK/users.acl"
  echo "user admin on >$REDIS_ADMIN_PASSWORD ~* &* +@all" >>"$WORK/users.acl"
  REDIS_TLS_ARGS=(--tls-cert-file "$tls/redis.crt" --tls-key-file "$tls/redis.key" --tls-ca-cert-file "$REDIS_CA"
                  --tls-auth-clients no --aclfile "$WORK/users.acl")
}

# redis-cli as the scripts' administrator over TLS: admin_cli [redis-cli args...]
admin_cli() { redis-cli --tls --cacert "$REDIS_CA" --user admin --pass "$REDIS_ADMIN_PASSWORD" --no-auth-warning "$@"; }

# start_secure_redis PORT [extra redis-server args...]: TLS on PORT, no plaintext port (after secure_redis_setup).
start_secure_redis() {
  local port="$1"; shift
  redis-server --port 0 --tls-port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$WORK" --logfile "$WORK/redis-$port.log" "${REDIS_TLS_ARGS[@]}" "$@" &
  PIDS+=($!)
  for _ in $(seq 1 100); do admin_cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.05; done
  log "redis-server (TLS) on $port did not start"; return 1
}

# The broker's connection string for secure Redis nodes: secure_redis_connection HOST:PORT,...
secure_redis_connection() { echo "$1,ssl=true,sslHost=localhost,user=broker,password=$REDIS_BROKER_PASSWORD"; }

# start_records NAME GRPC_PORT METRICS_PORT [extra config...]   (sets LAST_PID; call it directly, not in $(...))
start_records() {
  local name="$1" port="$2" metrics="$3"; shift 3
  # From its own folder, so the content root holds its appsettings.json.
  (cd "$(dirname "$(dll Records DataBroker.Records.dll)")" && ASPNETCORE_ENVIRONMENT=Development exec dotnet DataBroker.Records.dll \
    --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$port" --Kestrel:Endpoints:Grpc:Protocols=Http2 \
    --Kestrel:Endpoints:Metrics:Url="http://127.0.0.1:$metrics" --Kestrel:Endpoints:Metrics:Protocols=Http1 \
    "$@" >"$WORK/$name.log" 2>&1) &
  PIDS+=($!)
  LAST_PID=$!
}

# The load profile submits, decides and fetches far faster than any officer, approver or unit may
# (docs/limits.md), so every rule stays in force (its cost is part of what is measured) with limits
# no load run reaches. A rule's algorithm stays its own: rates keep a burst, quotas stay windows.
LOAD_LIMITS=()
for rule in submit-per-officer decide-per-approver; do
  LOAD_LIMITS+=(--Broker:Limits:Rules:$rule:Limit=1000000000 --Broker:Limits:Rules:$rule:Burst=1000000000)
done
for rule in submit-per-unit call-records-per-officer sim-registrations-per-officer criminal-record-per-officer \
            nid-details-per-officer released-subjects-per-unit released-subjects-per-officer-week \
            released-subjects-per-unit-week third-parties-per-officer-week third-parties-per-unit-week; do
  LOAD_LIMITS+=(--Broker:Limits:Rules:$rule:Limit=1000000000)
done

# start_broker NAME GRPC_PORT METRICS_PORT RECORDS_ADDRESS REDIS [extra config...]   (sets LAST_PID)
# The load profile's officers pull many distinct citizens by design, and its approvers approve in milliseconds:
# the insider rules and the long-horizon patterns still count them (their cost is measured), but their severe
# thresholds are lifted so they do not suspend the load.
start_broker() {
  local name="$1" port="$2" metrics="$3" records="$4" redis="$5"; shift 5
  (cd "$(dirname "$(dll Broker DataBroker.Broker.dll)")" && ASPNETCORE_ENVIRONMENT=Development exec dotnet DataBroker.Broker.dll \
    --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$port" --Kestrel:Endpoints:Grpc:Protocols=Http2 \
    --Kestrel:Endpoints:Metrics:Url="http://127.0.0.1:$metrics" --Kestrel:Endpoints:Metrics:Protocols=Http1 \
    --Broker:Records:Address="$records" --Broker:Store:Redis="$redis" "${LOAD_LIMITS[@]}" \
    --Broker:Oversight:Insider:SubjectsPerHour=1000000 \
    --Broker:Oversight:Insider:Patterns:CitizensSevere=100000 --Broker:Oversight:Insider:Patterns:QuickApprovalsSevere=1000 \
    --Broker:Oversight:Insider:Patterns:ThirdPartiesPerDay=10000000 --Broker:Oversight:Insider:Patterns:ThirdPartiesPerWeek=10000000 \
    --Broker:Oversight:Insider:Patterns:EmergenciesSevere=1000 \
    "$@" >"$WORK/$name.log" 2>&1) &
  PIDS+=($!)
  LAST_PID=$!
}

# load_profile: deploy/ghz/load-profile.json as broker arguments (--Section:Key=value), one per scalar; unquoted
# $(load_profile) splits them into words (no value in the profile holds a space).
load_profile() {
  jq -r 'paths(scalars) as $p | "--\($p | map(tostring) | join(":"))=\(getpath($p))"' "$ROOT/deploy/ghz/load-profile.json"
}

# start_submit_stack QUOTA: a private Redis, records and a broker on the Redis store under the load profile, with the
# unit's daily quota raised to QUOTA and every other rule at its default (script-cost.sh, script-profile.sh); sets
# REDIS_PORT and BROKER_PORT and returns once both services are healthy.
start_submit_stack() {
  LOAD_LIMITS=(--Broker:Limits:Rules:submit-per-unit:Limit="$1")
  start_load_stack
}

# start_load_stack: the same stack with the load limits (LOAD_LIMITS as set), e.g. the whole flow's (script-cost.sh --scenario flow).
start_load_stack() {
  local records_port
  REDIS_PORT=$(free_port); records_port=$(free_port); BROKER_PORT=$(free_port)
  start_redis "$REDIS_PORT"
  start_records records "$records_port" "$(free_port)"
  # shellcheck disable=SC2046
  start_broker broker "$BROKER_PORT" "$(free_port)" "http://127.0.0.1:$records_port" "127.0.0.1:$REDIS_PORT" $(load_profile)
  wait_healthy "$records_port"; wait_healthy "$BROKER_PORT"
}

# wait_healthy PORT: until grpc.health.v1 answers SERVING (the load driver's health scenario is the probe).
wait_healthy() {
  local port="$1"
  for _ in $(seq 1 150); do
    if dotnet "$(dll LoadDriver dbroker-load.dll)" run health --target "http://127.0.0.1:$port" --total 1 \
         --concurrency 1 --duration 5 --warmup 0 >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  log "nothing healthy on port $port"; return 1
}

load() { dotnet "$(dll LoadDriver dbroker-load.dll)" "$@"; }

stop_started() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

# render_ghz HOST CONFIG PREPARED TOTAL: a deploy/ghz config made runnable. ${OFFICER_TOKENS} / ${APPROVER_TOKENS}
# become the token lists as raw strings in backquotes (ghz renders its templates over the JSON text, where "..."
# would read \"...\"), ${OFFICERS} their length, and a "${REQUEST_ID}" data value one data object per prepared id
# (ghz sends element RequestNumber mod length, the token template picks RequestNumber mod officers: the request's owner).
render_ghz() {
  local host="$1" config="$2" prepared="$3" total="$4"
  jq --arg host "$host" --argjson total "$total" --slurpfile p "$prepared" '
    def raw($tokens): $tokens | map("`" + . + "`") | join(" ");
    .host = $host | .total = $total
    | walk(if type == "string" then
        gsub("\\$\\{OFFICER_TOKENS\\}"; raw($p[0].officer_tokens))
        | gsub("\\$\\{APPROVER_TOKENS\\}"; raw($p[0].approver_tokens))
        | gsub("\\$\\{OFFICERS\\}"; $p[0].officer_tokens | length | tostring)
      else . end)
    | if (.data | tostring | contains("${REQUEST_ID}")) then
        .data as $d | .data = [$p[0].request_ids[] as $id | $d | walk(if . == "${REQUEST_ID}" then $id else . end)]
      else . end' "$config"
}
