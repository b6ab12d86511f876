using System.Text.Json;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>
/// The pattern state in memory, stored as the same JSON Redis holds (so a load is a copy, as on Redis), each entry
/// with its time to live; expired entries go on the next save.
/// </summary>
public sealed class EmbeddedPatternStore(TimeProvider time) : IPatternStateStore
{
    private readonly Dictionary<string, (string Json, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, RequestTrace>>(Load(requestIds, "r\n", PatternJsonContext.Default.RequestTrace));

    public Task<IReadOnlyDictionary<string, PartyHistory>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, PartyHistory>>(Load(keys, "", PatternJsonContext.Default.PartyHistory));

    public Task SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_entries)
        {
            foreach (var stale in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
                _entries.Remove(stale);
            foreach (var (id, trace) in state.ChangedRequests)
                _entries["r\n" + id] = (JsonSerializer.Serialize(trace, PatternJsonContext.Default.RequestTrace), now + requestRetention);
            foreach (var (key, history) in state.ChangedParties)
                _entries[key] = (JsonSerializer.Serialize(history, PatternJsonContext.Default.PartyHistory), now + partyRetention);
        }
        return Task.CompletedTask;
    }

    private Dictionary<string, T> Load<T>(IReadOnlyCollection<string> keys, string prefix, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var now = time.GetUtcNow();
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        lock (_entries)
        {
            foreach (var key in keys)
            {
                if (_entries.TryGetValue(prefix + key, out var entry) && entry.Expires > now)
                    found[key] = JsonSerializer.Deserialize(entry.Json, type)!;
            }
        }
        return found;
    }
}
