namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// One local calendar day of one party: the distinct citizens it obtained (pseudonyms, capped), named counters,
/// and per-member counts (a unit's officers, an HQ's approvers, an officer's approvers) for peer comparison.
/// </summary>
public sealed class DayBucket
{
    public long Day { get; set; }

    public HashSet<string> Citizens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Distinct citizens past the cap: counted, not kept, so a bulk day cannot grow the state without bound.</summary>
    public int CitizensOverCap { get; set; }

    public Dictionary<string, int> Counts { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Members { get; set; } = new(StringComparer.Ordinal);

    public DayBucket Clone() => new()
    {
        Day = Day,
        Citizens = new(Citizens, StringComparer.Ordinal),
        CitizensOverCap = CitizensOverCap,
        Counts = new(Counts, StringComparer.Ordinal),
        Members = new(Members, StringComparer.Ordinal),
    };

    public void Add(string counter, int by = 1) => Counts[counter] = Counts.GetValueOrDefault(counter) + by;

    public void AddMember(string member, int by = 1) => Members[member] = Members.GetValueOrDefault(member) + by;

    public void AddCitizen(string citizen, int cap)
    {
        if (Citizens.Contains(citizen))
            return;
        if (Citizens.Count < cap)
            Citizens.Add(citizen);
        else
            CitizensOverCap++;
    }
}
