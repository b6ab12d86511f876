using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Storage;

public sealed class EmbeddedLimitStoreContractTests : LimitStoreContract
{
    private readonly EmbeddedRequestStore _store = new(new ChangeHub());

    protected override IRequestStore Store => _store;

    protected override ILimitAdminStore Admin => _store;

    protected override IShadowModes Shadows => _store;

    protected override Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit) => Task.FromResult(_store.AuditOf(unit));
}
