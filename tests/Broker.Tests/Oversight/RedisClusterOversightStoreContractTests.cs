using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>The oversight store contract on the three-master Redis Cluster, every master emptied before each test.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterOversightStoreContractTests(RedisClusterFixture cluster) : RedisOversightStoreContract(cluster), IAsyncLifetime
{
    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
