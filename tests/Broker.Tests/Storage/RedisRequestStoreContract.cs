using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>The request store contract over the Redis adapters, on whichever Redis the tests started.</summary>
public abstract class RedisRequestStoreContract(IRedisFixture redis) : RequestStoreContract, IDisposable
{
    private readonly RedisRequestStore _store = new(redis.Connection, redis.Options, redis.Protector);
    private readonly RedisChangeFeed _changes = new(redis.Connection, new ChangeHub());

    protected override IRequestStore Store => _store;

    protected override IRequestChangeFeed Changes => _changes;

    protected override Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit) => _store.AuditOfAsync(unit);

    public void Dispose()
    {
        _changes.Dispose();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }
}
