namespace DataBroker.Broker.Domain.Audit;

/// <summary>Extends the chain with events in the order given, sealing a new head and, when due, a checkpoint.</summary>
public static class AuditFold
{
    /// <param name="head">The chain's head now; null for an empty chain.</param>
    /// <param name="lastCheckpoint">The latest checkpoint; null before the first.</param>
    /// <param name="every">A checkpoint is due each time the chain passes a multiple of this many entries...</param>
    /// <param name="interval">... or when this long has passed since the last checkpoint.</param>
    public static ChainAppend? Extend(ChainHead? head, Checkpoint? lastCheckpoint, IReadOnlyList<SourcedAuditEvent> events,
        IReadOnlyDictionary<string, string> cursors, AuditSeal seal, DateTimeOffset now, int every, TimeSpan interval)
    {
        var seq = head?.Seq ?? 0;
        var hash = head?.Hash ?? AuditChain.Genesis;
        if (events.Count == 0 && (lastCheckpoint?.Seq ?? 0) == seq)
            return null;
        var start = seq;
        var entries = new List<ChainEntry>(events.Count);
        foreach (var sourced in events)
        {
            var entry = AuditChain.Link(hash, ++seq, sourced);
            entries.Add(entry);
            hash = entry.Hash;
        }
        var lastSealed = lastCheckpoint?.Seq ?? 0;
        var due = seq > lastSealed
            && (seq / every > lastSealed / every || now - (lastCheckpoint?.At ?? DateTimeOffset.MinValue) >= interval);
        if (entries.Count == 0 && !due)
            return null;
        return new ChainAppend(start, entries, cursors, seal.Head(seq, hash), due ? seal.Checkpoint(seq, hash, now) : null);
    }
}
