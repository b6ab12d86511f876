using System.Globalization;
using DataBroker.Broker.V1;

namespace DataBroker.WebConsole.Display;

/// <summary>What the console's charts count, from what the broker returned: pure, so tests check the numbers.</summary>
public static class ChartData
{
    private const int MostRules = 5;

    private static readonly (string Label, TimeSpan Below)[] QueueBuckets =
    [
        ("< 15 min", TimeSpan.FromMinutes(15)), ("15-60 min", TimeSpan.FromHours(1)), ("1-4 h", TimeSpan.FromHours(4)),
        ("4-24 h", TimeSpan.FromDays(1)), ("> 1 day", TimeSpan.MaxValue),
    ];

    private static readonly (string Label, TimeSpan Below)[] DecisionBuckets =
    [
        ("< 5 min", TimeSpan.FromMinutes(5)), ("5-30 min", TimeSpan.FromMinutes(30)), ("30 min-2 h", TimeSpan.FromHours(2)),
        ("2-8 h", TimeSpan.FromHours(8)), ("8-24 h", TimeSpan.FromDays(1)), ("> 1 day", TimeSpan.MaxValue),
    ];

    /// <summary>How long the pending requests have waited, in buckets an approver reads at a glance.</summary>
    public static BarChart QueueAge(IEnumerable<DataRequest> pending, DateTimeOffset now)
    {
        var counts = Bucket(pending.Select(r => now - r.CreatedAt.ToDateTimeOffset()), QueueBuckets);
        return new BarChart("queue-age", "How long the queue has waited", $"{counts.Sum()} pending requests by time waiting, when the page was loaded.",
            [.. QueueBuckets.Select(b => b.Label)], [new BarSeries("requests", counts)]);
    }

    /// <summary>
    /// Submission to final decision (approved or rejected), for the decisions whose submission is in
    /// <paramref name="submitted"/>; the median and 90th percentile in words.
    /// </summary>
    public static (BarChart Chart, string Summary) TimeToDecision(IEnumerable<AuditEntry> submitted, IEnumerable<AuditEntry> decided)
    {
        var submittedAt = submitted.GroupBy(e => e.RequestId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(e => e.At.ToDateTimeOffset()), StringComparer.Ordinal);
        var waits = decided.Where(e => submittedAt.ContainsKey(e.RequestId))
            .Select(e => e.At.ToDateTimeOffset() - submittedAt[e.RequestId]).Order().ToArray();
        var chart = new BarChart("time-to-decision", "Time from submission to decision",
            $"{waits.Length} decisions (approved or rejected) by how long after submission they came.",
            [.. DecisionBuckets.Select(b => b.Label)], [new BarSeries("decisions", Bucket(waits, DecisionBuckets))]);
        var summary = waits.Length == 0 ? "No decisions in the period."
            : $"Median {Labels.Span(Percentile(waits, 0.5))}, 90th percentile {Labels.Span(Percentile(waits, 0.9))}, over {waits.Length} decisions.";
        return (chart, summary);
    }

    /// <summary>
    /// Refusals per hour over the day ending now, stacked by the limit rule that refused (or the status, for a refusal
    /// no rule made); the five commonest apart, the rest together. Each chained refusal counts its repeats.
    /// </summary>
    public static BarChart RefusalsByRule(IEnumerable<AuditEntry> refusals, DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-23);
        var counted = refusals
            .Select(e => (Hour: (int)Math.Floor((e.At.ToDateTimeOffset() - start).TotalHours), Rule: RuleOf(e), Count: CountOf(e)))
            .Where(r => r.Hour is >= 0 and < 24)
            .ToArray();
        var top = counted.GroupBy(r => r.Rule, StringComparer.Ordinal).OrderByDescending(g => g.Sum(r => r.Count)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).Take(MostRules).ToList();
        var labels = counted.Any(r => !top.Contains(r.Rule)) ? [.. top, "other"] : top;
        var series = labels.Select(label => new BarSeries(label, [.. Enumerable.Range(0, 24).Select(hour =>
            counted.Where(r => r.Hour == hour && (label == "other" ? !top.Contains(r.Rule) : r.Rule == label)).Sum(r => r.Count))])).ToArray();
        return new BarChart("refusals", "Refusals by rule, per hour (UTC)", $"{counted.Sum(r => r.Count)} refused calls in the last 24 hours, by the rule or status that refused them.",
            [.. Enumerable.Range(0, 24).Select(h => start.AddHours(h).ToString("HH':00'", CultureInfo.InvariantCulture))], series);
    }

    private static string RuleOf(AuditEntry refusal) =>
        refusal.Details.TryGetValue("rule", out var rule) && rule.Length > 0 ? rule
        : refusal.Details.TryGetValue("status", out var status) ? status : "refused";

    private static long CountOf(AuditEntry refusal) =>
        refusal.Details.TryGetValue("count", out var count) && long.TryParse(count, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private static long[] Bucket(IEnumerable<TimeSpan> spans, (string Label, TimeSpan Below)[] buckets)
    {
        var counts = new long[buckets.Length];
        foreach (var span in spans)
            counts[Array.FindIndex(buckets, b => span < b.Below) is var i and >= 0 ? i : buckets.Length - 1]++;
        return counts;
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
