using DataBroker.Broker.V1;
using DataBroker.WebConsole.Display;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Console.Tests;

/// <summary>The charts' numbers, from broker answers built by hand.</summary>
public sealed class ChartDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Queue_age_puts_each_request_in_the_bucket_of_its_wait()
    {
        var chart = ChartData.QueueAge([Pending(1), Pending(14), Pending(16), Pending(61), Pending(60 * 5), Pending(60 * 30), Pending(60 * 30)], Now);

        Assert.Equal(["< 15 min", "15-60 min", "1-4 h", "4-24 h", "> 1 day"], chart.Categories);
        Assert.Equal([2L, 1, 1, 1, 2], Assert.Single(chart.Series).Values);
        Assert.Equal(2, chart.ScaleTop);
    }

    [Fact]
    public void Time_to_decision_joins_each_decision_to_its_submission_and_states_median_and_90th_percentile()
    {
        var submitted = Enumerable.Range(0, 10).Select(i => Entry("request.submitted", "r" + i, Now.AddHours(-10))).ToList();
        // Decided 1..10 minutes after submission; one decision whose submission is outside the look-back is left out.
        var decided = Enumerable.Range(0, 10).Select(i => Entry("request.approved", "r" + i, Now.AddHours(-10).AddMinutes(i + 1)))
            .Append(Entry("request.rejected", "unknown", Now)).ToList();

        var (chart, summary) = ChartData.TimeToDecision(submitted, decided);

        Assert.Equal([4L, 6, 0, 0, 0, 0], Assert.Single(chart.Series).Values);
        Assert.Equal("Median 5 min, 90th percentile 9 min, over 10 decisions.", summary);
    }

    [Fact]
    public void Refusals_stack_per_hour_by_rule_count_their_repeats_and_keep_five_rules_apart()
    {
        var refusals = new List<AuditEntry>
        {
            Refusal(Now.AddMinutes(-10), "submit-per-officer", count: 3),
            Refusal(Now.AddHours(-2), "submit-per-officer"),
            Refusal(Now.AddHours(-2), null, status: "PermissionDenied"),
            Refusal(Now.AddHours(-30), "too-old"),
        };
        refusals.AddRange(Enumerable.Range(0, 5).Select(i => Refusal(Now.AddMinutes(-5), "rule-" + i, count: 10 - i)));

        var chart = ChartData.RefusalsByRule(refusals, Now);

        Assert.Equal(24, chart.Categories.Count);
        Assert.Equal("14:00", chart.Categories[^1]);
        Assert.Equal(["rule-0", "rule-1", "rule-2", "rule-3", "rule-4", "other"], chart.Series.Select(s => s.Name));
        var other = chart.Series[^1].Values;
        Assert.Equal(3, other[^1]);
        Assert.Equal(2, other[^3]);
        Assert.Equal(10 + 9 + 8 + 7 + 6 + 3 + 2, chart.Series.Sum(s => s.Values.Sum()));
    }

    private static DataRequest Pending(int minutesAgo) => new() { CreatedAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(-minutesAgo)) };

    private static AuditEntry Entry(string kind, string requestId, DateTimeOffset at) =>
        new() { Kind = kind, RequestId = requestId, At = Timestamp.FromDateTimeOffset(at) };

    private static AuditEntry Refusal(DateTimeOffset at, string? rule, long count = 1, string status = "ResourceExhausted")
    {
        var entry = Entry("oversight.refused", "", at);
        entry.Details["status"] = status;
        entry.Details["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (rule is not null)
            entry.Details["rule"] = rule;
        return entry;
    }
}
