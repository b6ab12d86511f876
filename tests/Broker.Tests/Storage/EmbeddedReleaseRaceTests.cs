using DataBroker.Broker.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace DataBroker.Broker.Tests.Storage;

public sealed class EmbeddedReleaseRaceTests : ReleaseRaceContract
{
    protected override Task<SuiteHost> StartSuiteAsync(Action<WebApplicationBuilder> configure) =>
        SuiteHost.StartAsync(configure: configure);
}
