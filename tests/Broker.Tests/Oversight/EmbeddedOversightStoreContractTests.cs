using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Oversight;

public sealed class EmbeddedOversightStoreContractTests : OversightStoreContract
{
    private readonly EmbeddedOversightStore _store = new();
    private readonly EmbeddedReleaseRegistry _releases = new();
    private readonly EmbeddedEmergencyReviews _reviews;

    public EmbeddedOversightStoreContractTests() => _reviews = new EmbeddedEmergencyReviews(_store);

    protected override ISuspensionRegistry Suspensions => _store;

    protected override IAlertStore Alerts => _store;

    protected override IReleaseRegistry Releases => _releases;

    protected override IEmergencyReviews Reviews => _reviews;

    protected override Task<IReadOnlyList<AuditEvent>> OversightStreamAsync() => Task.FromResult(_store.AuditAfter(0, int.MaxValue));
}
