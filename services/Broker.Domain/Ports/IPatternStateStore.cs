using DataBroker.Broker.Domain.Oversight.Patterns;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// The pattern detector's state: one history per party (and, until they expire, the request traces an earlier version
/// kept), each under its own key with a time to live, so state stays bounded per party and a party gone quiet
/// disappears. A party spanning chains (an HQ, an approver) is written by whichever broker folds each chain, so a
/// party's write is a compare-and-set on the version it was read at.
/// </summary>
public interface IPatternStateStore
{
    Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, StoredParty>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what the batch changed, in one round trip where the store can; each party only if it is still at the
    /// version the batch read (<see cref="PatternState.VersionOf"/>). Returns the parties that were not: written by
    /// another broker since, to be re-read, merged and written again.
    /// </summary>
    Task<IReadOnlyCollection<string>> SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken);
}
