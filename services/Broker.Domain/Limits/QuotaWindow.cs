namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// A quota (a window that counts calls) as a bucketed sliding counter: calls are counted per bucket of a
/// <see cref="BucketsPerPeriod"/>th of the period (an hour of a daily quota), so a counter's state is a few dozen small
/// numbers however many calls it admits, not one entry per call. A call is admitted while every bucket that overlaps
/// the period ending now holds, together, fewer calls than the limit. The oldest bucket counts whole, so no period
/// ever holds more than the limit (strict, like an exact log), and a call's room comes back when its bucket has wholly
/// left the window: at most one bucket later than an exact log would free it. Retry-after says exactly when.
/// </summary>
public static class QuotaWindow
{
    public const int BucketsPerPeriod = 24;

    /// <summary>A bucket's length: the period's 24th, whole microseconds, at least one.</summary>
    public static long BucketUs(long periodUs) => Math.Max(1, periodUs / BucketsPerPeriod);

    /// <summary>The bucket <paramref name="atUs"/> falls in (floor division, so times before the epoch order too).</summary>
    public static long BucketOf(long atUs, long periodUs)
    {
        var bucket = BucketUs(periodUs);
        return atUs >= 0 ? atUs / bucket : -((-atUs + bucket - 1) / bucket);
    }

    /// <summary>The oldest bucket still counted at <paramref name="nowUs"/>: the one the period ending now starts in.</summary>
    public static long FirstBucket(long nowUs, long periodUs) => BucketOf(nowUs - periodUs, periodUs);

    /// <summary>When a bucket stops being counted: its end plus one period.</summary>
    public static long LeavesAtUs(long bucket, long periodUs) => (bucket + 1) * BucketUs(periodUs) + periodUs;

    /// <param name="buckets">Calls per bucket; buckets before <see cref="FirstBucket"/> are ignored.</param>
    public static LimitDecision Decide(IReadOnlyDictionary<long, long> buckets, long nowUs, long periodUs, int limit)
    {
        var first = FirstBucket(nowUs, periodUs);
        var live = buckets.Where(b => b.Key >= first && b.Value > 0).OrderBy(b => b.Key).ToArray();
        var count = live.Sum(b => b.Value);
        if (count < limit)
            return new LimitDecision(true, 0, limit - count - 1);
        // Room for one more comes when enough of the oldest buckets have left: those holding count - limit + 1 calls.
        var leaving = count - limit + 1;
        foreach (var (bucket, calls) in live)
        {
            leaving -= calls;
            if (leaving <= 0)
                return new LimitDecision(false, Math.Max(1, LeavesAtUs(bucket, periodUs) - nowUs), 0);
        }
        return new LimitDecision(false, periodUs, 0);
    }
}
