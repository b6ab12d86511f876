using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Api;

public sealed class EmbeddedLeakTracingTests : LeakTracingTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync();
}
