namespace DataBroker.Broker.Tests.Storage;

/// <summary>The request store contract on the three-master Redis Cluster, every master emptied before each test.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterRequestStoreContractTests(RedisClusterFixture cluster) : RedisRequestStoreContract(cluster), IAsyncLifetime
{
    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
