using Xunit.Abstractions;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

public sealed class EmbeddedInsiderScenarioTests(ITestOutputHelper output) : InsiderScenarioSuite(output)
{
    protected override string? Redis => null;
}
