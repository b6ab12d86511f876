using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>
/// The pattern state in memory, stored as the same JSON Redis holds (so a load is a copy, as on Redis), each entry
/// with its time to live and a version (a counter, new on every write) that a party's write compares, as Redis's
/// compare-and-set does; expired entries go on the next save.
/// </summary>
public sealed class EmbeddedPatternStore(TimeProvider time) : IPatternStateStore
{
    private readonly Dictionary<string, (string Json, DateTimeOffset Expires, long Version)> _entries = new(StringComparer.Ordinal);
    private long _writes;

    public Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, RequestTrace>>(
            Load(requestIds, "r\n", PatternJsonContext.Default.RequestTrace).ToDictionary(r => r.Key, r => r.Value.Value, StringComparer.Ordinal));

    public Task<IReadOnlyDictionary<string, StoredParty>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, StoredParty>>(Load(keys, "", PatternJsonContext.Default.PartyHistory)
            .ToDictionary(p => p.Key, p => new StoredParty(p.Value.Value, p.Value.Version), StringComparer.Ordinal));

    public Task<IReadOnlyCollection<string>> SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var conflicts = new List<string>();
        lock (_entries)
        {
            foreach (var stale in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
                _entries.Remove(stale);
            foreach (var (id, trace) in state.ChangedRequests)
                _entries["r\n" + id] = (JsonSerializer.Serialize(trace, PatternJsonContext.Default.RequestTrace), now + requestRetention, ++_writes);
            foreach (var (key, history) in state.ChangedParties)
            {
                if (VersionOf(key) != state.VersionOf(key))
                {
                    conflicts.Add(key);
                    continue;
                }
                _entries[key] = (JsonSerializer.Serialize(history, PatternJsonContext.Default.PartyHistory), now + partyRetention, ++_writes);
            }
        }
        return Task.FromResult<IReadOnlyCollection<string>>(conflicts);
    }

    /// <summary>The version of what is stored now (the entries were just swept of expired ones); "" for none.</summary>
    private string VersionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Version.ToString(CultureInfo.InvariantCulture) : "";

    private Dictionary<string, (T Value, string Version)> Load<T>(IReadOnlyCollection<string> keys, string prefix, JsonTypeInfo<T> type)
    {
        var now = time.GetUtcNow();
        var found = new Dictionary<string, (T Value, string Version)>(StringComparer.Ordinal);
        lock (_entries)
        {
            foreach (var key in keys)
            {
                if (_entries.TryGetValue(prefix + key, out var entry) && entry.Expires > now)
                    found[key] = (JsonSerializer.Deserialize(entry.Json, type)!, entry.Version.ToString(CultureInfo.InvariantCulture));
            }
        }
        return found;
    }
}
