using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>A limit plan as a script's KEYS and ARGV tails (<see cref="RedisLimiter.Arguments"/>).</summary>
internal sealed record LimitArguments(RedisKey[] Keys, RedisValue[] Args)
{
    public static LimitArguments None { get; } = new([], [0]);
}
