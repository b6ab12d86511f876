using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Api;

public sealed class EmbeddedApprovalPolicyPathTests : ApprovalPolicyPathTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync();
}
