using DataBroker.Broker.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace DataBroker.Broker.Tests.Storage;

[Collection(RedisCollection.Name)]
public sealed class RedisReleaseRaceTests(RedisServerFixture redis) : ReleaseRaceContract
{
    protected override Task<SuiteHost> StartSuiteAsync(Action<WebApplicationBuilder> configure) =>
        SuiteHost.StartAsync(redis.Options.ConnectionString,
            new Dictionary<string, string?> { ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey }, configure);
}
