using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Oversight;
using Xunit.Abstractions;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// False positives: an honest agency (5 units under 2 HQs, 12 officers a unit, 4 approvers an HQ) over 4 weeks, fed
/// straight to the pattern detector with the production rules (the same events the workflow chains; through gRPC
/// this many requests would take minutes). Goal: at most 1 alert per 100 officer-weeks.
/// </summary>
public sealed class HonestWorkloadSimulationTests(ITestOutputHelper output)
{
    public const int Seed = 20261202;
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Honest_workload_raises_at_most_one_alert_per_100_officer_weeks()
    {
        var hqs = new Dictionary<string, string[]> { ["HQ-A"] = ["U1", "U2", "U3"], ["HQ-B"] = ["U4", "U5"] };
        var plan = new HonestAgency(new Random(Seed), Start).Generate(hqs, officersPerUnit: 12, approversPerHq: 4, weeks: 4);
        var detector = new PatternDetector(new PatternOptions().ToRules(new InsiderOptions().ToRules()),
            new OrganisationChart(hqs.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value)));
        var state = PatternState.Empty();
        var events = PlanEvents.Of(plan);
        var alerts = new List<Alert>();
        foreach (var batch in events.Chunk(64))
            alerts.AddRange(detector.Observe(batch, state));

        var officerWeeks = 5 * 12 * 4;
        var disclosures = plan.Count(p => p.FetchAt is not null);
        output.WriteLine($"seed {Seed}: {officerWeeks} officer-weeks, {plan.Count} requests, {disclosures} disclosures, {events.Count} events; " +
            $"{alerts.Count} alerts = {100.0 * alerts.Count / officerWeeks:0.##} per 100 officer-weeks");
        foreach (var alert in alerts)
            output.WriteLine($"  {alert.At:yyyy-MM-dd HH:mm} {alert.Severity} {alert.Rule} {alert.OfficerId}: {alert.Detail}");
        Assert.True(alerts.Count * 100 <= officerWeeks, $"{alerts.Count} alerts over {officerWeeks} officer-weeks");
    }
}
