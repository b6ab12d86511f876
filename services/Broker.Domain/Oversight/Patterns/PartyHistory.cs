namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// The bounded history of one party (an officer, an approver, an approver-requester pair, a unit, an HQ):
/// daily buckets for the rolling days and weeks, hourly buckets for the rolling hours, an officer's case
/// references, and which rules last fired. Buckets older than the windows are dropped on every write.
/// </summary>
public sealed class PartyHistory
{
    public List<DayBucket> Days { get; set; } = [];

    public List<HourBucket> Hours { get; set; } = [];

    /// <summary>Case reference (hashed) to its use; officers only.</summary>
    public Dictionary<string, CaseUse> Cases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rule to (day it last fired * 4 + severity), so a rule fires once per week per party unless it escalates.</summary>
    public Dictionary<string, long> Fired { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A deep copy: what a party held when read, kept to merge this batch's change onto another broker's.</summary>
    public PartyHistory Clone() => new()
    {
        Days = [.. Days.Select(d => d.Clone())],
        Hours = [.. Hours.Select(h => new HourBucket { Hour = h.Hour, Counts = new(h.Counts, StringComparer.Ordinal) })],
        Cases = Cases.ToDictionary(c => c.Key, c => new CaseUse { FirstDay = c.Value.FirstDay, LastDay = c.Value.LastDay, Disclosures = c.Value.Disclosures },
            StringComparer.Ordinal),
        Fired = new(Fired, StringComparer.Ordinal),
    };

    public DayBucket Day(long day, int keep)
    {
        Days.RemoveAll(d => d.Day <= day - keep);
        var bucket = Days.Find(d => d.Day == day);
        if (bucket is null)
        {
            bucket = new DayBucket { Day = day };
            Days.Add(bucket);
        }
        return bucket;
    }

    public HourBucket Hour(long hour, int keep)
    {
        Hours.RemoveAll(h => h.Hour <= hour - keep);
        var bucket = Hours.Find(h => h.Hour == hour);
        if (bucket is null)
        {
            bucket = new HourBucket { Hour = hour };
            Hours.Add(bucket);
        }
        return bucket;
    }

    /// <summary>A counter summed over the days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public int Sum(string counter, long from, long to) =>
        Days.Where(d => d.Day >= from && d.Day <= to).Sum(d => d.Counts.GetValueOrDefault(counter));

    public int HourSum(string counter, long from, long to) =>
        Hours.Where(h => h.Hour >= from && h.Hour <= to).Sum(h => h.Counts.GetValueOrDefault(counter));

    /// <summary>Distinct citizens over the days from <paramref name="from"/> to <paramref name="to"/> (those past a day's cap counted as distinct).</summary>
    public int DistinctCitizens(long from, long to)
    {
        var days = Days.Where(d => d.Day >= from && d.Day <= to).ToList();
        return days.SelectMany(d => d.Citizens).Distinct(StringComparer.Ordinal).Count() + days.Sum(d => d.CitizensOverCap);
    }

    /// <summary>Each member's count summed over the days from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public Dictionary<string, int> MemberSums(long from, long to)
    {
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var day in Days.Where(d => d.Day >= from && d.Day <= to))
        {
            foreach (var (member, count) in day.Members)
                sums[member] = sums.GetValueOrDefault(member) + count;
        }
        return sums;
    }

    /// <summary>
    /// True (and remembered) when <paramref name="rule"/> may fire at <paramref name="severity"/> today: it has not fired
    /// within <paramref name="quiet"/> days, or it fired at a lower severity.
    /// </summary>
    public bool MayFire(string rule, AlertSeverity severity, long day, int quiet)
    {
        if (Fired.TryGetValue(rule, out var last) && day - last / 4 < quiet && (int)severity <= last % 4)
            return false;
        Fired[rule] = day * 4 + (int)severity;
        return true;
    }
}
