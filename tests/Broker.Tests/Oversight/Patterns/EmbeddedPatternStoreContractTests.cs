using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

public sealed class EmbeddedPatternStoreContractTests : PatternStoreContract
{
    protected override IPatternStateStore Store { get; } = new EmbeddedPatternStore(TimeProvider.System);
}
