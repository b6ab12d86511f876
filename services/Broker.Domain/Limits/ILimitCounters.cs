namespace DataBroker.Broker.Domain.Limits;

/// <summary>One unit's limiter state, as an in-process store holds it (under the unit's lock).</summary>
public interface ILimitCounters
{
    /// <summary>The counter's TAT (0 when it has none) and the interval it was stored under.</summary>
    (long TatUs, long IntervalUs) Tat(string counter);

    void SetTat(string counter, long tatUs, long intervalUs);

    /// <summary>Members admitted after <paramref name="windowStartUs"/>, with their last admission; older ones are dropped.</summary>
    IReadOnlyDictionary<string, long> Members(string counter, long windowStartUs);

    void AddMember(string counter, string member, long nowUs, long windowUs);

    /// <summary>A quota's calls per bucket (<see cref="QuotaWindow"/>) from <paramref name="firstBucket"/> on; older buckets are dropped.</summary>
    IReadOnlyDictionary<long, long> Buckets(string counter, long firstBucket);

    /// <summary>Counts one call in a quota's bucket.</summary>
    void CountCall(string counter, long bucket);

    /// <summary>The override in force for the counter, or null.</summary>
    LimitOverride? OverrideOf(string counter, long nowUs);
}
