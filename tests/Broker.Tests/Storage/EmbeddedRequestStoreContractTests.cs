using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Storage;

public sealed class EmbeddedRequestStoreContractTests : RequestStoreContract
{
    private readonly ChangeHub _hub = new();
    private readonly EmbeddedRequestStore _store;

    public EmbeddedRequestStoreContractTests() => _store = new EmbeddedRequestStore(_hub);

    protected override IRequestStore Store => _store;

    protected override IRequestChangeFeed Changes => _hub;

    protected override Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit) => Task.FromResult(_store.AuditOf(unit));
}
