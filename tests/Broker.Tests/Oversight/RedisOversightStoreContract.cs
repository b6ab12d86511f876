using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>The oversight contract over the Redis adapters, on whichever Redis the tests started.</summary>
public abstract class RedisOversightStoreContract(IRedisFixture redis) : OversightStoreContract
{
    private readonly RedisOversightStore _store = new(redis.Connection, redis.Protector);

    protected override ISuspensionRegistry Suspensions => _store;

    protected override IAlertStore Alerts => _store;

    protected override IReleaseRegistry Releases => new RedisReleaseRegistry(redis.Connection);

    protected override IEmergencyReviews Reviews => new RedisEmergencyReviews(redis.Connection, redis.Protector);

    [Fact]
    public async Task Alerts_are_announced_in_the_order_the_alert_stream_holds_them()
    {
        // Raised at once, so Redis runs the scripts back to back; the desk must hear them in the stream's order (the
        // client's handler-style subscription would hand them on concurrently, some out of order).
        const int Count = 300;
        var prefix = "order-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var heard = new List<string>(Count);
        _store.Raised += a =>
        {
            if (a.AlertId.StartsWith(prefix, StringComparison.Ordinal))
                lock (heard) heard.Add(a.AlertId);
        };
        // The store subscribes without waiting: one alert heard first says the subscription is in place.
        await RaiseAsync("first");
        await HeardAsync(1);
        lock (heard)
            heard.Clear();

        await Task.WhenAll(Enumerable.Range(0, Count).Select(i => RaiseAsync(i.ToString(CultureInfo.InvariantCulture)))).DefaultTimeout();
        await HeardAsync(Count);

        var stored = (await _store.RecentAsync(Count + 200, default).DefaultTimeout()).Select(a => a.AlertId)
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal) && id != prefix + "first");
        lock (heard)
            Assert.Equal(stored, heard);

        Task RaiseAsync(string id)
        {
            var at = DateTimeOffset.UtcNow;
            return _store.RaiseAsync(new Alert(prefix + id, "bulk_subjects", AlertSeverity.Warning, "officer-9", "ATU", at, "6 subjects", "ATU.X"),
                new AuditEvent("oversight.alert", "ATU", "", "detector", at, new Dictionary<string, string>()), default);
        }

        async Task HeardAsync(int count)
        {
            for (var i = 0; i < 500; i++)
            {
                lock (heard)
                {
                    if (heard.Count >= count)
                        return;
                }
                await Task.Delay(10);
            }
        }
    }

    protected override async Task<IReadOnlyList<AuditEvent>> OversightStreamAsync() =>
        [.. (await new RedisAuditSource(redis.Connection, redis.Protector).ReadAfterAsync(AuditSources.Oversight, null, 100_000, default)).Select(e => e.Event)];
}
