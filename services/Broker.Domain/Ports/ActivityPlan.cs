namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// The sliding-window distinct counts (insider rules, the emergency budget) one change takes, handed to the
/// store so it counts them in the same atomic step as the change: after the idempotency or version check,
/// before the limits and any write. The store records the counts here; the rules read them afterwards.
/// A plan belongs to one call.
/// </summary>
/// <param name="at">
/// When the counts are taken, on the broker's clock (as the rules that read them reason), so a window means the same
/// on every store and a fake clock drives them in tests; null lets the store use its own.
/// </param>
public sealed class ActivityPlan(IReadOnlyList<DistinctCount> counts, DateTimeOffset? at = null)
{
    /// <summary>Nothing to count. Shared: it never records counts.</summary>
    public static ActivityPlan None { get; } = new([]);

    public DateTimeOffset? At => at;

    public IReadOnlyList<DistinctCount> Counts => counts;

    public bool IsEmpty => counts.Count == 0;

    /// <summary>Each count with this change's member included, in the order of <see cref="Counts"/>; null when not counted (a replay, a stale version, a limit refusal).</summary>
    public IReadOnlyList<long>? Results { get; private set; }

    /// <summary>Whether a count passed its ceiling, so the store refused the change and wrote nothing.</summary>
    public bool Refused => Results is { } results && Refuses(results);

    /// <summary>Whether these results, taken in the order of <see cref="Counts"/>, refuse the change.</summary>
    public bool Refuses(IReadOnlyList<long> results)
    {
        for (var i = 0; i < counts.Count; i++)
        {
            if (results[i] > counts[i].RefuseAbove)
                return true;
        }
        return false;
    }

    /// <summary>The store's counts, once per call.</summary>
    public void Record(IReadOnlyList<long> results)
    {
        if (IsEmpty)
            return;
        if (results.Count != counts.Count)
            throw new InvalidOperationException($"The store returned {results.Count} counts for a plan of {counts.Count}.");
        if (Results is not null)
            throw new InvalidOperationException("An activity plan's counts were already recorded.");
        Results = results;
    }
}
