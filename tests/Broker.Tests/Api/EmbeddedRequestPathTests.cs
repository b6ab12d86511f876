using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Api;

public sealed class EmbeddedRequestPathTests : RequestPathTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync();
}
