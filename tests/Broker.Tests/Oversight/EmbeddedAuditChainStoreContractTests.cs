using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Oversight;

public sealed class EmbeddedAuditChainStoreContractTests : AuditChainStoreContract
{
    private readonly EmbeddedRequestStore _requests = new(new ChangeHub());
    private readonly EmbeddedOversightStore _oversight = new();
    private readonly EmbeddedAuditChainStore _chain = new(TimeProvider.System);

    public EmbeddedAuditChainStoreContractTests() => Rig = SecondReplica();

    protected override IRequestStore RequestStore => _requests;

    protected override IAuditJournal Journal => _oversight;

    protected override ChainRig Rig { get; }

    protected override ChainRig SecondReplica() => new(_chain, new EmbeddedAuditSource(_requests, _oversight));
}
