namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// Merges one batch's change to a party onto what another broker wrote meanwhile: a three-way merge of what the batch
/// read, what it made of it, and what the store holds now. The parties two brokers share are an HQ and an approver
/// (each broker folds its own units' chains), whose histories only grow by counts, per-member counts and citizens, so
/// the batch's change is a delta added onto theirs: nothing either broker counted is lost.
/// </summary>
public static class PartyMerge
{
    public static PartyHistory Merge(PartyHistory original, PartyHistory mine, PartyHistory theirs, int citizensCap)
    {
        var merged = theirs.Clone();
        foreach (var day in mine.Days)
        {
            var before = original.Days.Find(d => d.Day == day.Day);
            var into = merged.Days.Find(d => d.Day == day.Day);
            if (into is null)
                merged.Days.Add(into = new DayBucket { Day = day.Day });
            AddDelta(into.Counts, day.Counts, before?.Counts);
            AddDelta(into.Members, day.Members, before?.Members);
            foreach (var citizen in day.Citizens.Where(c => before is null || !before.Citizens.Contains(c)))
                into.AddCitizen(citizen, citizensCap);
            into.CitizensOverCap += Math.Max(0, day.CitizensOverCap - (before?.CitizensOverCap ?? 0));
        }
        foreach (var hour in mine.Hours)
        {
            var into = merged.Hours.Find(h => h.Hour == hour.Hour);
            if (into is null)
                merged.Hours.Add(into = new HourBucket { Hour = hour.Hour });
            AddDelta(into.Counts, hour.Counts, original.Hours.Find(h => h.Hour == hour.Hour)?.Counts);
        }
        foreach (var (key, use) in mine.Cases)
        {
            var before = original.Cases.GetValueOrDefault(key);
            if (!merged.Cases.TryGetValue(key, out var into))
                merged.Cases[key] = into = new CaseUse { FirstDay = use.FirstDay, LastDay = use.LastDay };
            into.FirstDay = Math.Min(into.FirstDay, use.FirstDay);
            into.LastDay = Math.Max(into.LastDay, use.LastDay);
            into.Disclosures += Math.Max(0, use.Disclosures - (before?.Disclosures ?? 0));
        }
        // A rule fired by either broker stays fired: the later day, or the higher severity on the same day.
        foreach (var (rule, fired) in mine.Fired)
            merged.Fired[rule] = Math.Max(fired, merged.Fired.GetValueOrDefault(rule));
        return merged;
    }

    /// <summary>Adds what <paramref name="mine"/> counts beyond <paramref name="before"/>; a zero delta adds no entry (a member with 0 would read as an active peer).</summary>
    private static void AddDelta(Dictionary<string, int> into, Dictionary<string, int> mine, Dictionary<string, int>? before)
    {
        foreach (var (name, count) in mine)
        {
            var delta = count - (before?.GetValueOrDefault(name) ?? 0);
            if (delta != 0)
                into[name] = into.GetValueOrDefault(name) + delta;
        }
    }
}
