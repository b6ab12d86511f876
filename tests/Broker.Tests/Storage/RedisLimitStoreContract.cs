using System.Globalization;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Support;
using StackExchange.Redis;

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

    [Fact]
    public async Task A_quota_an_earlier_broker_kept_as_a_sorted_set_of_calls_keeps_its_calls_and_becomes_buckets()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("three-per-hour", LimitScope.Unit, 3, TimeSpan.FromHours(1), 0));
        var key = RedisKeys.LimitCounter(unit, "three-per-hour", null);
        var db = redis.Connection.GetDatabase();
        var nowUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        // As the earlier scripts wrote it: one member per call, named and scored by its microsecond; one call left the hour.
        foreach (var at in new[] { nowUs - 7_200_000_000, nowUs - 600_000_000, nowUs - 300_000_000 })
            await db.SortedSetAddAsync(key, at.ToString(CultureInfo.InvariantCulture), at).DefaultTimeout();
        await db.KeyExpireAsync(key, TimeSpan.FromHours(1)).DefaultTimeout();

        var before = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf(null), Audit(unit), default).DefaultTimeout());
        Assert.Equal(1, before.Remaining);
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Equal("three-per-hour", (await TrySubmitAsync(policy, Requests.New(unit)))?.Rule);

        // Now a hash of calls per bucket with its expiry marker, and a TTL of two periods and a bucket at most.
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(key).DefaultTimeout());
        var fields = (await db.HashGetAllAsync(key).DefaultTimeout()).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
        Assert.Equal(3, fields.Where(f => f.Key != "~").Sum(f => f.Value));
        Assert.True(fields.ContainsKey("~"));
        Assert.InRange((await db.KeyTimeToLiveAsync(key).DefaultTimeout())!.Value, TimeSpan.FromHours(2), TimeSpan.FromHours(2.05));
        var after = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf(null), Audit(unit), default).DefaultTimeout());
        Assert.Equal(0, after.Remaining);
    }

    private static AuditEvent Audit(string unit) =>
        new("limits.usage_read", unit, "", "admin-1", DateTimeOffset.UtcNow, new Dictionary<string, string>(StringComparer.Ordinal));

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }
}
