using System.Collections.Concurrent;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Suspension status per caller, cached for at most <see cref="MaxAge"/> and dropped the moment any
/// replica announces a change, so a suspension bites everywhere within a second even if a notice is lost.
/// </summary>
public sealed class SuspensionCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<(string Officer, string? Unit), (SuspensionStatus Status, long At)> _cache = new();
    private readonly ISuspensionRegistry _registry;
    private readonly TimeProvider _time;

    public SuspensionCache(ISuspensionRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
        registry.Changed += _cache.Clear;
    }

    /// <summary>Throws (fails closed) when the registry cannot be read.</summary>
    public async Task<SuspensionStatus> StatusAsync(string officerId, string? unit, CancellationToken cancellationToken)
    {
        var key = (officerId, unit);
        var now = _time.GetTimestamp();
        if (_cache.TryGetValue(key, out var cached) && _time.GetElapsedTime(cached.At, now) < MaxAge)
            return cached.Status;
        var status = await _registry.StatusAsync(officerId, unit, cancellationToken);
        _cache[key] = (status, now);
        return status;
    }
}
