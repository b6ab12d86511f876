namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// The histories (and, for events chained before the events named their request, the request traces) a batch of
/// events touches, as loaded from the store; what the detector creates or changes is marked, so the store writes back
/// only that. Each loaded party keeps the version it was read at and a copy of what it held, so the write can be a
/// compare-and-set and a lost race can be merged (<see cref="Rebase"/>) rather than overwrite another broker's batch.
/// </summary>
public sealed class PatternState(IReadOnlyDictionary<string, RequestTrace> requests, IReadOnlyDictionary<string, PartyHistory> parties)
{
    private readonly Dictionary<string, RequestTrace> _requests = new(requests, StringComparer.Ordinal);
    private readonly Dictionary<string, PartyHistory> _parties = new(parties, StringComparer.Ordinal);
    private readonly Dictionary<string, (PartyHistory Original, string Version)> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedRequests = new(StringComparer.Ordinal);
    private HashSet<string> _changedParties = new(StringComparer.Ordinal);

    public static PatternState Empty() => new(new Dictionary<string, RequestTrace>(), new Dictionary<string, PartyHistory>());

    public RequestTrace? Request(string requestId) => _requests.GetValueOrDefault(requestId);

    /// <summary>A trace to write back: only an event chained before the events named their request still keeps one.</summary>
    public void SetRequest(string requestId, RequestTrace trace)
    {
        _requests[requestId] = trace;
        _changedRequests.Add(requestId);
    }

    /// <summary>A trace for this batch only, never written: a submission, for a decision of the same batch chained without its facts.</summary>
    public void Remember(string requestId, RequestTrace trace) => _requests[requestId] = trace;

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

    /// <summary>The version a party was read at, as the store gave it; "" when the store held none (a new party).</summary>
    public string VersionOf(string key) => _loaded.TryGetValue(key, out var loaded) ? loaded.Version : "";

    public IReadOnlyDictionary<string, RequestTrace> ChangedRequests => _changedRequests.ToDictionary(k => k, k => _requests[k], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, PartyHistory> ChangedParties => _changedParties.ToDictionary(k => k, k => _parties[k], StringComparer.Ordinal);

    /// <summary>Adds what a second load brought (the parties, once the requests told whose they are).</summary>
    public void Merge(IReadOnlyDictionary<string, StoredParty> parties)
    {
        foreach (var (key, stored) in parties)
        {
            if (_parties.TryAdd(key, stored.History))
                _loaded[key] = (stored.History.Clone(), stored.Version);
        }
    }

    /// <summary>
    /// After a write lost the race for <paramref name="conflicts"/> (another broker wrote them since they were read):
    /// each becomes what the other broker wrote plus this batch's own change to it (<paramref name="merge"/> of what
    /// was read, what this batch made of it and what is stored now), at the version read now; only they remain to write.
    /// </summary>
    public void Rebase(IReadOnlyCollection<string> conflicts, IReadOnlyDictionary<string, StoredParty> current,
        Func<PartyHistory, PartyHistory, PartyHistory, PartyHistory> merge)
    {
        foreach (var key in conflicts)
        {
            var theirs = current.GetValueOrDefault(key) ?? new StoredParty(new PartyHistory(), "");
            var original = _loaded.TryGetValue(key, out var loaded) ? loaded.Original : new PartyHistory();
            _parties[key] = merge(original, _parties.GetValueOrDefault(key) ?? new PartyHistory(), theirs.History);
            _loaded[key] = (theirs.History.Clone(), theirs.Version);
        }
        _changedRequests.Clear();
        _changedParties = new HashSet<string>(conflicts, StringComparer.Ordinal);
    }
}
