using DataBroker.Broker.Storage.Redis;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>A Redis the tests started, one server or the three-master cluster, so one contract class serves both.</summary>
public interface IRedisFixture
{
    RedisStoreOptions Options { get; }

    /// <summary>The protector of <see cref="Options"/>' key: what a broker on this Redis seals at rest with.</summary>
    AtRestProtector Protector { get; }

    IConnectionMultiplexer Connection { get; }
}
