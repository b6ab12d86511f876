namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>One clock hour of one party: named counters, for the rolling-hours windows.</summary>
public sealed class HourBucket
{
    public long Hour { get; set; }

    public Dictionary<string, int> Counts { get; set; } = new(StringComparer.Ordinal);

    public void Add(string counter, int by = 1) => Counts[counter] = Counts.GetValueOrDefault(counter) + by;
}
