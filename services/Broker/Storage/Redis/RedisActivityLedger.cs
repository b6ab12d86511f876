using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Sliding-window distinct counts as sorted sets scored by time: add, drop what fell out of the window,
/// count, and expire the key with the window, in one script on the shard's hash tag.
/// </summary>
public sealed class RedisActivityLedger(IConnectionMultiplexer redis) : IActivityLedger
{
    private const string CountScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return redis.call('ZCARD', KEYS[1])
        """;

    public async Task<long> CountDistinctAsync(string shard, string key, string member, DateTimeOffset at, TimeSpan window,
        CancellationToken cancellationToken)
    {
        var ms = at.ToUnixTimeMilliseconds();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(CountScript,
            [(RedisKey)("{i:" + RedisKeys.Escape(shard) + "}:" + RedisKeys.Escape(key))],
            [ms, member, ms - (long)window.TotalMilliseconds, (long)window.TotalMilliseconds]).WaitAsync(cancellationToken);
        return (long)result;
    }
}
