namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// The histories and request traces a batch of events touches, as loaded from the store; what the detector
/// creates or changes is marked, so the store writes back only that.
/// </summary>
public sealed class PatternState(IReadOnlyDictionary<string, RequestTrace> requests, IReadOnlyDictionary<string, PartyHistory> parties)
{
    private readonly Dictionary<string, RequestTrace> _requests = new(requests, StringComparer.Ordinal);
    private readonly Dictionary<string, PartyHistory> _parties = new(parties, StringComparer.Ordinal);
    private readonly HashSet<string> _changedRequests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedParties = new(StringComparer.Ordinal);

    public static PatternState Empty() => new(new Dictionary<string, RequestTrace>(), new Dictionary<string, PartyHistory>());

    public RequestTrace? Request(string requestId) => _requests.GetValueOrDefault(requestId);

    public void SetRequest(string requestId, RequestTrace trace)
    {
        _requests[requestId] = trace;
        _changedRequests.Add(requestId);
    }

    /// <summary>The party's history, created when new; marked changed, since every caller writes to it or fires from it.</summary>
    public PartyHistory Party(string key)
    {
        if (!_parties.TryGetValue(key, out var history))
            _parties[key] = history = new PartyHistory();
        _changedParties.Add(key);
        return history;
    }

    /// <summary>A party's history to read only (a peer): not marked changed.</summary>
    public PartyHistory? Peek(string key) => _parties.GetValueOrDefault(key);

    public IReadOnlyDictionary<string, RequestTrace> ChangedRequests => _changedRequests.ToDictionary(k => k, k => _requests[k], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, PartyHistory> ChangedParties => _changedParties.ToDictionary(k => k, k => _parties[k], StringComparer.Ordinal);

    /// <summary>Adds what a second load brought (the parties, once the requests told whose they are).</summary>
    public void Merge(IReadOnlyDictionary<string, PartyHistory> parties)
    {
        foreach (var (key, history) in parties)
            _parties.TryAdd(key, history);
    }
}
