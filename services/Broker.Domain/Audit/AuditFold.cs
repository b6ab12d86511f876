namespace DataBroker.Broker.Domain.Audit;

/// <summary>Extends one chain with its source's events in the order given, sealing its new head.</summary>
public static class AuditFold
{
    /// <param name="chain">The chain's name, which is also the name of the one source it folds.</param>
    /// <param name="head">The chain's head now; null for an empty chain.</param>
    /// <returns>Null when there is nothing to append.</returns>
    public static ChainAppend? Extend(string chain, ChainHead? head, IReadOnlyList<SourcedAuditEvent> events, AuditSeal seal)
    {
        if (events.Count == 0)
            return null;
        var seq = head?.Seq ?? 0;
        var hash = head?.Hash ?? AuditChain.Genesis;
        var start = seq;
        var entries = new List<ChainEntry>(events.Count);
        foreach (var sourced in events)
        {
            if (sourced.Source != chain)
                throw new ArgumentException($"An event of '{sourced.Source}' cannot join chain '{chain}'.", nameof(events));
            var entry = AuditChain.Link(hash, ++seq, sourced);
            entries.Add(entry);
            hash = entry.Hash;
        }
        return new ChainAppend(chain, start, entries, events[^1].SourceId, seal.Head(chain, seq, hash));
    }
}
