using DataBroker.Broker.Tests.Storage;
using Xunit.Abstractions;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// The scenarios on the three-master Redis Cluster: the pattern states, one key per party under its own hash tag,
/// spread over the masters. Every master is emptied before each scenario, as the chain's lease and units are fixed.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterInsiderScenarioTests(RedisClusterFixture cluster, ITestOutputHelper output) : InsiderScenarioSuite(output), IAsyncLifetime
{
    protected override string? Redis => cluster.Options.ConnectionString;

    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
