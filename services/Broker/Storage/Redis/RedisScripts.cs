using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>Every Lua script of the store, in one calling style (KEYS and ARGV), and their loading by SHA.</summary>
internal static class RedisScripts
{
    public static RedisScript Submit { get; } = RedisScript.Of("submit", "audit", "limit", "activity", "idempotency");

    public static RedisScript Update { get; } = RedisScript.Of("update", "audit", "limit", "activity");

    public static RedisScript Preview { get; } = RedisScript.Of("preview", "limit");

    public static RedisScript OversightAppend { get; } = RedisScript.Of("oversight-append", "audit");

    public static RedisScript Suspend { get; } = RedisScript.Of("suspend", "audit");

    public static RedisScript Reinstate { get; } = RedisScript.Of("reinstate", "audit");

    public static RedisScript RaiseAlert { get; } = RedisScript.Of("raise-alert", "audit");

    public static RedisScript EmergencyComplete { get; } = RedisScript.Of("emergency-complete", "audit");

    public static RedisScript LimitRead { get; } = RedisScript.Of("limit-read", "audit");

    public static RedisScript LimitOverride { get; } = RedisScript.Of("limit-override", "audit");

    public static RedisScript LimitReset { get; } = RedisScript.Of("limit-reset", "audit");

    public static RedisScript LimitShadow { get; } = RedisScript.Of("limit-shadow", "audit");

    public static RedisScript ReleaseRecord { get; } = RedisScript.Of("release-record");

    public static RedisScript ReleaseRemove { get; } = RedisScript.Of("release-remove");

    public static RedisScript Lease { get; } = RedisScript.Of("lease");

    public static RedisScript ChainAppend { get; } = RedisScript.Of("chain-append");

    public static RedisScript CheckpointAdd { get; } = RedisScript.Of("checkpoint-add");

    public static RedisScript LeaseRelease { get; } = RedisScript.Of("lease-release");

    public static RedisScript Announce { get; } = RedisScript.Of("announce");

    public static RedisScript PatternWrite { get; } = RedisScript.Of("pattern-write");

    public static IReadOnlyList<RedisScript> All { get; } =
    [
        Submit, Update, Preview, OversightAppend, Suspend, Reinstate, RaiseAlert, EmergencyComplete,
        LimitRead, LimitOverride, LimitReset, LimitShadow, ReleaseRecord, ReleaseRemove, Lease, ChainAppend, CheckpointAdd,
        LeaseRelease, Announce, PatternWrite,
    ];

    /// <summary>
    /// SCRIPT LOAD of every script on every primary, so each call after sends the SHA rather than the body (which
    /// Redis would hash again on every call). Best effort: a server that misses one still runs it by body.
    /// </summary>
    public static async Task LoadAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            foreach (var script in All)
                await server.ScriptLoadAsync(script.Body).WaitAsync(cancellationToken);
        }
    }
}
