using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Transparency;

[Collection(RedisCollection.Name)]
public sealed class RedisTransparencyApiTests(RedisServerFixture redis) : TransparencyApiTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync(redis.Options.ConnectionString, new Dictionary<string, string?>
    {
        ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey,
    });
}
