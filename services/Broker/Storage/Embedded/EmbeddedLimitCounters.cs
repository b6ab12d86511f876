using DataBroker.Broker.Domain.Limits;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>One unit's limiter state in process. Not thread-safe: the store holds the unit's lock around every use.</summary>
internal sealed class EmbeddedLimitCounters : ILimitCounters
{
    private readonly Dictionary<string, (long, long)> _tats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LimitOverride> _overrides = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<long, long>> _buckets = new(StringComparer.Ordinal);

    public (long TatUs, long IntervalUs) Tat(string counter) => _tats.GetValueOrDefault(counter);

    public void SetTat(string counter, long tatUs, long intervalUs) => _tats[counter] = (tatUs, intervalUs);

    public IReadOnlyDictionary<string, long> Members(string counter, long windowStartUs)
    {
        if (!_members.TryGetValue(counter, out var members))
            return new Dictionary<string, long>();
        foreach (var (member, seen) in members.ToArray())
        {
            if (seen <= windowStartUs)
                members.Remove(member);
        }
        return members;
    }

    public void AddMember(string counter, string member, long nowUs, long windowUs)
    {
        if (!_members.TryGetValue(counter, out var members))
            _members[counter] = members = new Dictionary<string, long>(StringComparer.Ordinal);
        members[member] = nowUs;
    }

    public IReadOnlyDictionary<long, long> Buckets(string counter, long firstBucket)
    {
        if (!_buckets.TryGetValue(counter, out var buckets))
            return new Dictionary<long, long>();
        foreach (var old in buckets.Keys.Where(b => b < firstBucket).ToArray())
            buckets.Remove(old);
        return buckets;
    }

    public void CountCall(string counter, long bucket)
    {
        if (!_buckets.TryGetValue(counter, out var buckets))
            _buckets[counter] = buckets = [];
        buckets[bucket] = buckets.GetValueOrDefault(bucket) + 1;
    }

    public LimitOverride? OverrideOf(string counter, long nowUs)
    {
        if (!_overrides.TryGetValue(counter, out var limit))
            return null;
        if (limit.ExpiresAt.ToUnixTimeMilliseconds() * 1000 > nowUs)
            return limit;
        _overrides.Remove(counter);
        return null;
    }

    public void SetOverride(string counter, LimitOverride limit) => _overrides[counter] = limit;

    public void Reset(string counter)
    {
        _tats.Remove(counter);
        _members.Remove(counter);
        _buckets.Remove(counter);
        _overrides.Remove(counter);
    }

    public CounterReading Read(LimitCharge counter, long nowUs)
    {
        var limit = OverrideOf(counter.Counter, nowUs);
        if (!counter.Rule.IsWindow)
        {
            var (tat, interval) = Tat(counter.Counter);
            return CounterReading.FromTat(counter, limit, tat, interval, nowUs);
        }
        var window = (limit is null ? counter.Rule : counter.Rule.With(limit)).PeriodUs;
        if (counter.Rule.IsQuota)
        {
            var buckets = Buckets(counter.Counter, QuotaWindow.FirstBucket(nowUs, window));
            return CounterReading.FromBuckets(counter, limit, buckets, nowUs);
        }
        var members = Members(counter.Counter, DistinctWindow.WindowStart(nowUs, window));
        return CounterReading.FromMembers(counter, limit, members.Count, members.Count == 0 ? 0 : members.Values.Max(), nowUs);
    }
}
