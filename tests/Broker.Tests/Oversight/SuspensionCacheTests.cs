using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Broker.Tests.Oversight;

public sealed class SuspensionCacheTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private readonly CountingRegistry _registry = new(new EmbeddedOversightStore());
    private readonly FakeTimeProvider _time = new(At);
    private readonly SuspensionCache _cache;

    public SuspensionCacheTests() => _cache = new SuspensionCache(_registry, _time);

    [Fact]
    public async Task Every_caller_within_half_a_second_is_checked_against_one_read_of_the_book()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _cache.StatusAsync("officer-" + i, i % 2 == 0 ? "ATU" : "RAB-6", default).AsTask()));
        Assert.Equal(1, _registry.Reads);

        _time.Advance(SuspensionCache.MaxAge - TimeSpan.FromMilliseconds(1));
        await _cache.StatusAsync("officer-x", "ATU", default);
        Assert.Equal(1, _registry.Reads);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _cache.StatusAsync("officer-x", "ATU", default);
        Assert.Equal(2, _registry.Reads);
    }

    [Fact]
    public async Task A_change_announced_by_any_replica_is_seen_by_the_next_call()
    {
        Assert.Null((await _cache.StatusAsync("atu-officer-1", "ATU", default)).InForce);

        await _registry.SuspendAsync(new Suspension(SuspensionScope.Unit, "ATU", "sold records on Telegram", "auditor-1", At),
            new AuditEvent("oversight.suspended", "ATU", "", "auditor-1", At, new Dictionary<string, string>()), default);

        var status = await _cache.StatusAsync("atu-officer-1", "ATU", default);
        Assert.Equal("sold records on Telegram", status.InForce?.Reason);
        Assert.Equal(At, status.UnitLastSuspendedAt);
        Assert.Null((await _cache.StatusAsync("rab6-officer-1", "RAB-6", default)).InForce);
    }

    [Fact]
    public async Task A_failed_read_fails_the_call_and_is_not_kept()
    {
        _registry.Failing = true;
        await Assert.ThrowsAsync<TimeoutException>(() => _cache.StatusAsync("atu-officer-1", "ATU", default).AsTask());

        _registry.Failing = false;
        Assert.Null((await _cache.StatusAsync("atu-officer-1", "ATU", default)).InForce);
        Assert.Equal(2, _registry.Reads);
    }

    /// <summary>The embedded registry, counting whole-book reads, able to fail them as a dead store would.</summary>
    private sealed class CountingRegistry(EmbeddedOversightStore inner) : ISuspensionRegistry
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public bool Failing { get; set; }

        public event Action? Changed
        {
            add => inner.Changed += value;
            remove => inner.Changed -= value;
        }

        public async Task<SuspensionBook> ReadAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await Task.Yield();
            return Failing ? throw new TimeoutException("the store did not answer") : await inner.ReadAsync(cancellationToken);
        }

        public Task SuspendAsync(Suspension suspension, AuditEvent audit, CancellationToken cancellationToken) =>
            inner.SuspendAsync(suspension, audit, cancellationToken);

        public Task<bool> ReinstateAsync(SuspensionScope scope, string target, AuditEvent audit, CancellationToken cancellationToken) =>
            inner.ReinstateAsync(scope, target, audit, cancellationToken);

        public Task<IReadOnlyList<Suspension>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }
}
