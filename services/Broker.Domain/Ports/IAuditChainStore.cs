using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Where the sequencer keeps the hash chains, one per source (each unit's, and the oversight stream's), and the
/// checkpoints over all of them. A chain's keys live beside its source (on its unit's shard), so folding one
/// chain needs no other chain's node. Entries are read back as text, exactly as linked, so a verifier checks the
/// bytes the hashes cover (a store may keep an entry's parts rather than its text, if it gives back that text
/// exactly: see the Redis store). Only the holder of a chain's lease may append to it.
/// </summary>
public interface IAuditChainStore
{
    /// <summary>Takes or renews <paramref name="chain"/>'s fold lease for <paramref name="holder"/>; false while another holds it.</summary>
    Task<bool> TryHoldLeaseAsync(string chain, string holder, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives up <paramref name="chain"/>'s fold lease if <paramref name="holder"/> holds it, so another may take it at once.</summary>
    Task ReleaseLeaseAsync(string chain, string holder, CancellationToken cancellationToken);

    /// <summary>Announces <paramref name="holder"/> as a live sequencer for <paramref name="ttl"/>; how many are live, itself included.</summary>
    Task<int> AnnounceAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken);

    Task<ChainState> StateAsync(string chain, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the whole batch, or nothing: false when <paramref name="holder"/> no longer holds the chain's lease
    /// or the chain no longer ends at <see cref="ChainAppend.AfterSeq"/>. In the same step, where the store can, it
    /// lets go of the source's copies of events the chain now holds (through <see cref="ChainAppend.Cursor"/>) that
    /// were appended before <paramref name="releaseSourceBefore"/>: the trim and the append then stand or fall
    /// together, so no crash or failover keeps one without the other. A store that cannot keeps the copies.
    /// </summary>
    Task<bool> TryAppendAsync(ChainAppend append, string holder, DateTimeOffset releaseSourceBefore, CancellationToken cancellationToken);

    /// <summary>Stored entries of <paramref name="chain"/> from position <paramref name="fromSeq"/> (1-based), at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<string>> ReadAsync(string chain, long fromSeq, int count, CancellationToken cancellationToken);

    /// <summary>The chain's stored head text, or null when there is none.</summary>
    Task<string?> HeadAsync(string chain, CancellationToken cancellationToken);

    /// <summary>Positions in <paramref name="chain"/> of the entries whose subject_hmac detail is <paramref name="subjectHmac"/>, oldest first.</summary>
    Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string chain, string subjectHmac, CancellationToken cancellationToken);

    /// <summary>Takes or renews the lease to write checkpoints; false while another holds it.</summary>
    Task<bool> TryHoldCheckpointLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Stored checkpoint texts from checkpoint <paramref name="fromNumber"/> (1-based), at most <paramref name="count"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> CheckpointsAsync(long fromNumber, int count, CancellationToken cancellationToken);

    /// <summary>The newest stored checkpoint text, or null when there is none.</summary>
    Task<string?> LastCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="checkpoint"/>, or nothing: false when <paramref name="holder"/> no longer holds the
    /// checkpoint lease or the list does not hold exactly the checkpoints numbered before it.
    /// </summary>
    Task<bool> TryAddCheckpointAsync(Checkpoint checkpoint, string holder, CancellationToken cancellationToken);
}
