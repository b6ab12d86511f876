using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>Releases, indexed by their watermark and by the keyed hashes of their values.</summary>
public interface IReleaseRegistry
{
    /// <summary>Stores the release and its index entries in one step; throws when it cannot (the release must then not happen).</summary>
    Task RecordAsync(ReleaseRecord release, CancellationToken cancellationToken);

    /// <summary>Removes a release and its index entries in one step (a release that did not happen); absent is a no-op.</summary>
    Task RemoveAsync(string releaseId, CancellationToken cancellationToken);

    /// <summary>For each index key (a value key, or "m:" + watermark) that names releases: their ids.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReleaseRecord>> GetAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken);
}
