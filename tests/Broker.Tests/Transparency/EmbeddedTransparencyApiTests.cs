using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Transparency;

public sealed class EmbeddedTransparencyApiTests : TransparencyApiTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync();
}
