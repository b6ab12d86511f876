using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>The limit store contract over the Redis adapters, on whichever Redis the tests started.</summary>
public abstract class RedisLimitStoreContract(IRedisFixture redis) : LimitStoreContract, IDisposable
{
    private readonly RedisRequestStore _store = new(redis.Connection, redis.Options, redis.Protector);
    private readonly RedisLimitAdminStore _admin = new(redis.Connection, TimeProvider.System, redis.Protector);

    protected override IRequestStore Store => _store;

    protected override ILimitAdminStore Admin => _admin;

    protected override IShadowModes Shadows => _admin;

    protected override Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit) => _store.AuditOfAsync(unit);

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }
}
