using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>The pattern store's promises on the three-master cluster: each party's compare-and-set is a one-key script on its own node.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterPatternStoreContractTests(RedisClusterFixture cluster) : PatternStoreContract
{
    protected override IPatternStateStore Store { get; } = new RedisPatternStore(cluster.Connection, cluster.Protector);
}
