namespace DataBroker.Broker.Domain.Ports;

/// <summary>Sliding-window counts of distinct things (subjects, requests) per officer, shared by every replica.</summary>
public interface IActivityLedger
{
    /// <summary>
    /// Records <paramref name="member"/> under <paramref name="key"/> at <paramref name="at"/> (again: no double count)
    /// and returns how many distinct members the key holds within <paramref name="window"/> before <paramref name="at"/>.
    /// </summary>
    async Task<long> CountDistinctAsync(string shard, string key, string member, DateTimeOffset at, TimeSpan window,
        CancellationToken cancellationToken) =>
        (await CountDistinctAsync(shard, [new DistinctCount(key, member, window)], at, cancellationToken))[0];

    /// <summary>
    /// Several counts of one shard at once, each as the single form does, in the order given: one round trip
    /// for a store that can, rather than one per count on every submission.
    /// </summary>
    Task<IReadOnlyList<long>> CountDistinctAsync(string shard, IReadOnlyList<DistinctCount> counts, DateTimeOffset at,
        CancellationToken cancellationToken);
}
