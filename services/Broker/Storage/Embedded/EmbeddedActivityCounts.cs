using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>
/// One unit's sliding-window distinct counts in memory (member -> last seen, pruned on every count), as the Redis
/// scripts keep them in sorted sets. Not thread-safe: the store calls it under the unit's lock.
/// </summary>
public sealed class EmbeddedActivityCounts
{
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _keys = new(StringComparer.Ordinal);

    /// <summary>Each count as it would be with its member recorded at <paramref name="at"/>, recording nothing.</summary>
    public IReadOnlyList<long> Peek(IReadOnlyList<DistinctCount> counts, DateTimeOffset at) =>
        [.. counts.Select(c => Live(c.Key, at, c.Window) is { } live ? live.Count(m => m != c.Member) + 1L : 1L)];

    public void Record(IReadOnlyList<DistinctCount> counts, DateTimeOffset at)
    {
        foreach (var count in counts)
        {
            if (!_keys.TryGetValue(count.Key, out var members))
                _keys[count.Key] = members = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            members[count.Member] = at;
        }
    }

    private Dictionary<string, DateTimeOffset>.KeyCollection? Live(string key, DateTimeOffset at, TimeSpan window)
    {
        if (!_keys.TryGetValue(key, out var members))
            return null;
        foreach (var old in members.Where(m => m.Value < at - window).Select(m => m.Key).ToArray())
            members.Remove(old);
        return members.Keys;
    }
}
