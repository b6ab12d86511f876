using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>The oversight contract over the Redis adapters, on whichever Redis the tests started.</summary>
public abstract class RedisOversightStoreContract(IRedisFixture redis) : OversightStoreContract
{
    private readonly RedisOversightStore _store = new(redis.Connection, redis.Protector);

    protected override ISuspensionRegistry Suspensions => _store;

    protected override IAlertStore Alerts => _store;

    protected override IReleaseRegistry Releases => new RedisReleaseRegistry(redis.Connection);

    protected override IEmergencyReviews Reviews => new RedisEmergencyReviews(redis.Connection, redis.Protector);

    protected override async Task<IReadOnlyList<AuditEvent>> OversightStreamAsync() =>
        [.. (await new RedisAuditSource(redis.Connection, redis.Protector).ReadAfterAsync(AuditSources.Oversight, null, 100_000, default)).Select(e => e.Event)];
}
