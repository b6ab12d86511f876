namespace DataBroker.Broker.Tests.Storage;

/// <summary>The limit store contract on the three-master Redis Cluster, every master emptied before each test.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterLimitStoreContractTests(RedisClusterFixture cluster) : RedisLimitStoreContract(cluster), IAsyncLifetime
{
    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
