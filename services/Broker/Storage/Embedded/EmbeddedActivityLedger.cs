using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>Sliding-window distinct counts in memory: member -> last seen, pruned on every count.</summary>
public sealed class EmbeddedActivityLedger : IActivityLedger
{
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _keys = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<long>> CountDistinctAsync(string shard, IReadOnlyList<DistinctCount> counts, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        lock (_keys)
            return Task.FromResult<IReadOnlyList<long>>([.. counts.Select(c => Count(shard + "\n" + c.Key, c.Member, at, c.Window))]);
    }

    private long Count(string name, string member, DateTimeOffset at, TimeSpan window)
    {
        if (!_keys.TryGetValue(name, out var members))
            _keys[name] = members = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        members[member] = at;
        foreach (var old in members.Where(m => m.Value < at - window).Select(m => m.Key).ToArray())
            members.Remove(old);
        return members.Count;
    }
}
