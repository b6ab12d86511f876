using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Where the sequencer keeps the hash chain. Entries are stored as text, exactly as linked, so a
/// verifier checks the bytes that are really there. Only the holder of the lease may append.
/// </summary>
public interface IAuditChainStore
{
    /// <summary>Takes or renews the sequencer lease for <paramref name="holder"/>; false while another holds it.</summary>
    Task<bool> TryHoldLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken);

    Task<ChainState> StateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the whole batch, or nothing: false when <paramref name="holder"/> no longer holds the lease
    /// or the chain no longer ends at <see cref="ChainAppend.AfterSeq"/>.
    /// </summary>
    Task<bool> TryAppendAsync(ChainAppend append, string holder, CancellationToken cancellationToken);

    /// <summary>Stored entries from position <paramref name="fromSeq"/> (1-based), at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<string>> ReadAsync(long fromSeq, int count, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> CheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>The stored head text, or null when there is none.</summary>
    Task<string?> HeadAsync(CancellationToken cancellationToken);

    /// <summary>Positions of the entries whose subject_hmac detail is <paramref name="subjectHmac"/>, oldest first.</summary>
    Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string subjectHmac, CancellationToken cancellationToken);
}
