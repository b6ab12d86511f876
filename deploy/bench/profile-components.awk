# Folds `perf script -F comm,tid,ip,sym,dso` call stacks of the broker into a Markdown breakdown (see profile.sh).
# Each sample is charged to one component: that of the frame nearest the leaf that matches a component's pattern
# (so HMAC work under the oversight gate is "subject HMAC", not "domain workflow"; a Redis write under the insider
# detector is "StackExchange.Redis client"). "inclusive" is the share of samples with a frame of the component
# anywhere on the stack. Async code resumes on thread-pool stacks that do not show its logical caller, so inclusive
# shares of outer layers (interceptors, middleware) cover only the work they do before their first await completes.
BEGIN {
  n = 0
  # "name|regex" over "symbol (dso)"; the first list names the broker's components, tested leaf first; only a sample
  # none of them claims is tested against the second (generic frameworks), then charged by its leaf's library.
  spec[++n] = "subject HMAC (pseudonymizer)|HmacSubjectPseudonymizer"
  spec[++n] = "JWT validation and its cache|CachingTokenHandler|Microsoft\\.IdentityModel|JwtBearer|Microsoft\\.AspNetCore\\.Authentication"
  spec[++n] = "authorization|Microsoft\\.AspNetCore\\.Authorization"
  spec[++n] = "caller resolution|CallerResolver|OrganisationChart::Recognise"
  spec[++n] = "suspension check|SuspensionCache|SuspensionInterceptor|SuspensionBook|SuspensionPolicy|SharedRead"
  spec[++n] = "request guard|DataBroker\\.GrpcEdge"
  spec[++n] = "refusal audit|RefusalAuditInterceptor|RefusalLog|UseRefusalAudit"
  spec[++n] = "error mapping|ErrorMappingInterceptor|CallBudget"
  spec[++n] = "call telemetry, metrics, tracing|CallTelemetryInterceptor|RpcMetrics|OpenTelemetry|System\\.Diagnostics\\.Metrics|System\\.Diagnostics\\.Activity|DiagnosticListener|HostingApplicationDiagnostics|HostingMetrics|Microsoft\\.Extensions\\.Logging"
  spec[++n] = "audit sequencer (background fold of the audit streams)|AuditSequencer|RedisAuditSource"
  spec[++n] = "limits (plan)|DataBroker\\.Broker\\.Domain\\.Limits|DataBroker\\.Broker\\.Limits"
  spec[++n] = "storage: request serialization and sealing (RequestSerializer, AtRestProtector)|RequestSerializer|AtRestProtector|System\\.Text\\.Json"
  spec[++n] = "StackExchange.Redis client|StackExchange\\.Redis|Pipelines\\.Sockets"
  spec[++n] = "storage: scripts, keys, replies|DataBroker\\.Broker\\.Storage"
  spec[++n] = "insider detector, emergency path, alert desk|InsiderDetector|AlertDesk|EmergencyPath|OversightGate"
  spec[++n] = "validation and domain workflow|DataBroker\\.Broker\\.Domain|RequestTranslator|RequestGrpcService"
  spec[++n] = "protobuf (de)serialization|Google\\.Protobuf|DataBroker\\.Broker\\.V1"
  spec[++n] = "gRPC server (grpc-dotnet)|Grpc\\.AspNetCore|Grpc\\.Shared|Grpc\\.Core"
  spec[++n] = "Kestrel, HTTP/2, sockets|Microsoft\\.AspNetCore\\.Server\\.Kestrel|System\\.IO\\.Pipelines|System\\.Net\\.Sockets|System\\.Net\\.Http\\.HPack|PinnedBlockMemoryPool"
  spec[++n] = "ASP.NET Core hosting, routing, middleware (incl. the Development exception page)|Microsoft\\.AspNetCore|Microsoft\\.Extensions\\.DependencyInjection"
  for (i = 1; i <= n; i++) { split(spec[i], p, "|"); name[i] = p[1]; re[i] = substr(spec[i], length(p[1]) + 2) }
  g = 0
  generic[++g] = "thread pool, async machinery, other .NET libraries|System\\.Threading|System\\.Runtime\\.CompilerServices|\\[System\\.|/tmp/perf-"
  for (i = 1; i <= g; i++) { split(generic[i], p, "|"); gname[i] = p[1]; gre[i] = substr(generic[i], length(p[1]) + 2) }
  samples = 0; depth = 0
}
function flush(   i, j, owner, leaf) {
  if (depth == 0) return
  samples++
  owner = ""
  for (j = 1; j <= depth && owner == ""; j++)
    for (i = 1; i <= n; i++) if (frame[j] ~ re[i]) { owner = name[i]; break }
  for (j = 1; j <= depth && owner == ""; j++)
    for (i = 1; i <= g; i++) if (frame[j] ~ gre[i]) { owner = gname[i]; break }
  leaf = frame[1]
  if (owner == "") {
    if (leaf ~ /libclrjit/) owner = "runtime: JIT (tiering)"
    else if (leaf ~ /libcoreclr|libclrgc/) owner = "runtime: coreclr (GC, allocation, stubs), caller unknown"
    else if (leaf ~ /libcrypto|libssl|Cryptography\.Native/) owner = "OpenSSL, caller unknown (no frame pointers: ECDSA of new tokens, AES-GCM, HMAC, SHA-256)"
    else if (leaf ~ /kernel/) owner = "kernel (socket syscalls, scheduling), caller unknown"
    else if (leaf ~ /libc\.so|ld-linux/) owner = "libc (send, epoll, memset, futex), caller unknown"
    else owner = "unresolved"
  }
  charged[owner]++
  for (i = 1; i <= n; i++)
    for (j = 1; j <= depth; j++) if (frame[j] ~ re[i]) { inclusive[name[i]]++; break }
  self[leaf]++
  depth = 0
}
/^[^ \t]/ { flush(); next }           # "comm tid": a new sample
/^[ \t]*$/ { flush(); next }
{
  line = $0; sub(/^[ \t]+[0-9a-f]+ /, "", line)
  frame[++depth] = line
}
END {
  flush()
  printf "### %s: %d samples of the broker\n\n| component | charged | inclusive |\n|---|---|---|\n", title, samples
  fflush()
  sorter = "sort -t'|' -k3,3gr"
  for (k in charged)
    printf "| %s | %.1f%% | %.1f%% |\n", k, 100 * charged[k] / samples, 100 * (k in inclusive ? inclusive[k] : charged[k]) / samples | sorter
  close(sorter)
  printf "\nTop frames by self time:\n\n| self | frame |\n|---|---|\n"
  fflush()
  sorter = "sort -t'|' -k2,2gr | head -" (top ? top : 25)
  for (k in self) {
    f = k; gsub(/\|/, "/", f); if (length(f) > 140) f = substr(f, 1, 137) "..."
    printf "| %.1f%% | `%s` |\n", 100 * self[k] / samples, f | sorter
  }
  close(sorter)
}
