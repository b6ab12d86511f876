using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Sliding-window distinct counts as sorted sets scored by time: add, drop what fell out of the window,
/// count, and expire the key with the window, in one script on the shard's hash tag, for every count of a call.
/// Counter names and members are keyed hashes: a name may hold a case reference, which must not sit in clear.
/// </summary>
public sealed class RedisActivityLedger(IConnectionMultiplexer redis, AtRestProtector protector) : IActivityLedger
{
    // KEYS: one sorted set per count. ARGV: now (ms), then per count: member, window (ms).
    private const string CountScript = """
        local now = tonumber(ARGV[1])
        local counts = {}
        for i = 1, #KEYS do
            local window = tonumber(ARGV[2 * i + 1])
            redis.call('ZADD', KEYS[i], now, ARGV[2 * i])
            redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. (now - window))
            redis.call('PEXPIRE', KEYS[i], window)
            counts[i] = redis.call('ZCARD', KEYS[i])
        end
        return counts
        """;

    public async Task<IReadOnlyList<long>> CountDistinctAsync(string shard, IReadOnlyList<DistinctCount> counts, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
            return [];
        var tag = "{i:" + RedisKeys.Escape(shard) + "}:";
        var keys = new RedisKey[counts.Count];
        var args = new RedisValue[1 + 2 * counts.Count];
        args[0] = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < counts.Count; i++)
        {
            keys[i] = tag + protector.KeyedHash(counts[i].Key);
            args[1 + 2 * i] = protector.KeyedHash(counts[i].Member);
            args[2 + 2 * i] = (long)counts[i].Window.TotalMilliseconds;
        }
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(CountScript, keys, args).WaitAsync(cancellationToken))!;
        return [.. result.Select(r => (long)r)];
    }
}
