using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Redis;

namespace DataBroker.Broker.Tests.Storage;

[Collection(RedisCollection.Name)]
public sealed class RedisRequestStoreContractTests(RedisServerFixture redis) : RequestStoreContract, IDisposable
{
    private readonly RedisRequestStore _store = new(redis.Connection, redis.Options);
    private readonly RedisChangeFeed _changes = new(redis.Connection, new ChangeHub());

    protected override IRequestStore Store => _store;

    protected override IRequestChangeFeed Changes => _changes;

    protected override Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit) => _store.AuditOfAsync(unit);

    public void Dispose() => _changes.Dispose();
}
