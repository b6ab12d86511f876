using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Api;

[Collection(RedisCollection.Name)]
public sealed class RedisLeakTracingTests(RedisServerFixture redis) : LeakTracingTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync(redis.Options.ConnectionString, new Dictionary<string, string?>
    {
        ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey,
    });
}
