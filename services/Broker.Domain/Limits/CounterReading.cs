namespace DataBroker.Broker.Domain.Limits;

/// <summary>One counter as it stands: what it would still admit now, and when it is full again.</summary>
public sealed record CounterReading(LimitCharge Counter, LimitRule Effective, long Remaining, TimeSpan FullIn, LimitOverride? Override)
{
    /// <summary>A GCRA counter from its stored TAT (0 when empty) and the interval it was stored under.</summary>
    public static CounterReading FromTat(LimitCharge counter, LimitOverride? limit, long storedTatUs, long storedIntervalUs, long nowUs)
    {
        var rule = limit is null ? counter.Rule : counter.Rule.With(limit);
        var tatUs = Gcra.Rescale(storedTatUs, nowUs, storedIntervalUs, rule.IntervalUs);
        return new CounterReading(counter, rule, Gcra.Remaining(tatUs, nowUs, rule.IntervalUs, rule.ToleranceUs),
            TimeSpan.FromMicroseconds(Math.Max(0, tatUs - nowUs)), limit);
    }

    /// <summary>A quota from its calls per bucket (<see cref="QuotaWindow"/>): full again when its newest bucket has left the window.</summary>
    public static CounterReading FromBuckets(LimitCharge counter, LimitOverride? limit, IReadOnlyDictionary<long, long> buckets, long nowUs)
    {
        var period = counter.Rule.PeriodUs;
        var live = buckets.Where(b => b.Key >= QuotaWindow.FirstBucket(nowUs, period) && b.Value > 0).ToArray();
        return FromMembers(counter, limit, live.Sum(b => b.Value),
            live.Length == 0 ? 0 : QuotaWindow.LeavesAtUs(live.Max(b => b.Key), period) - period, nowUs);
    }

    /// <summary>A released-subjects counter from how many subjects are in its window and the newest one's time.</summary>
    public static CounterReading FromMembers(LimitCharge counter, LimitOverride? limit, long count, long newestUs, long nowUs)
    {
        var rule = limit is null ? counter.Rule : counter.Rule.With(limit);
        return new CounterReading(counter, rule, Math.Max(0, rule.Limit - count),
            count == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(Math.Max(0, newestUs + rule.PeriodUs - nowUs)), limit);
    }
}
