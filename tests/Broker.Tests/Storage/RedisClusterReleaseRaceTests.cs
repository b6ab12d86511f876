using DataBroker.Broker.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>The release race contract with the broker on the three-master Redis Cluster, emptied before each test.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterReleaseRaceTests(RedisClusterFixture cluster) : ReleaseRaceContract
{
    protected override async Task<SuiteHost> StartSuiteAsync(Action<WebApplicationBuilder> configure)
    {
        await cluster.FlushAsync();
        return await SuiteHost.StartAsync(cluster.Options.ConnectionString,
            new Dictionary<string, string?> { ["Broker:Store:SubjectKey"] = cluster.Options.SubjectKey }, configure);
    }
}
