using Xunit.Abstractions;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// Issue 12's scenarios on a fake clock, with the production rules, through the broker's own composition and
/// workflow (<see cref="ScenarioBroker"/>), each beside an honest background of the same units (5 officers a unit,
/// 3 approvers an HQ) so that peers and norms are real. Scenario (f), the overlap leak with retyping, is
/// <see cref="LeakAttributionSimulationTests"/>. Figures are written to the test output and into docs/oversight.md.
/// </summary>
public abstract class InsiderScenarioSuite(ITestOutputHelper output)
{
    // A Sunday: the first working day of a Bangladeshi week.
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);

    protected abstract string? Redis { get; }

    [Fact]
    public async Task A_patient_insider_with_a_colluding_approver_is_alerted_within_20_citizens_a_week()
    {
        var citizen = 100_000;
        var plan = Background(["ATU"], weeks: 4);
        plan.AddRange(Colluders.Plan(new Random(1), "atu-insider", "ATU", "phq-colluder", Start, 28, perDay: 10, ref citizen));
        var result = await RunAsync("(a) patient insider, 10 a working day, 4 weeks", plan, ["atu-insider", "phq-colluder"], ["ATU"]);
        Assert.True(result.BeforeFirstAlert <= 20, result.ToString());
        Assert.True(result.BeforeSuspension <= 40, result.ToString());
    }

    [Fact]
    public async Task Two_colluding_officers_of_one_unit_are_alerted_before_they_reach_10_citizens_together()
    {
        var citizen = 200_000;
        var plan = Background(["ATU"], weeks: 2);
        plan.AddRange(Colluders.Plan(new Random(2), "atu-mole-1", "ATU", "phq-colluder", Start, 14, perDay: 2, ref citizen));
        plan.AddRange(Colluders.Plan(new Random(3), "atu-mole-2", "ATU", "phq-colluder", Start.AddHours(2), 14, perDay: 2, ref citizen));
        var result = await RunAsync("(b) two officers of ATU, one approver, 2 a working day each", plan,
            ["atu-mole-1", "atu-mole-2", "phq-colluder"], ["ATU"]);
        Assert.True(result.BeforeFirstPatternAlert < 10, result.ToString());
    }

    [Fact]
    public async Task Collusion_across_two_units_under_different_HQs_is_alerted_before_10_citizens_together()
    {
        var citizen = 300_000;
        var plan = Background(["ATU", "RAB-6"], weeks: 2);
        plan.AddRange(Colluders.Plan(new Random(4), "atu-mole", "ATU", "phq-colluder", Start, 14, perDay: 2, ref citizen));
        plan.AddRange(Colluders.Plan(new Random(5), "rab6-mole", "RAB-6", "rabhq-colluder", Start.AddHours(1), 14, perDay: 2, ref citizen));
        var result = await RunAsync("(c) ATU and RAB-6, each with its own approver, 2 a working day each", plan,
            ["atu-mole", "rab6-mole", "phq-colluder", "rabhq-colluder"], ["ATU", "RAB-6"]);
        Assert.True(result.BeforeFirstPatternAlert < 10, result.ToString());
    }

    [Fact]
    public async Task One_call_records_release_over_the_third_party_threshold_alerts_at_once()
    {
        var plan = Background(["DB"], weeks: 1);
        var submit = Start.AddHours(4);
        plan.Add(new PlannedRequest("db-bulk", "DB", "DB-GD-90D", 400_000, true, 1_990, false, submit,
            [new PlannedDecision("phq-second-1", submit.AddMinutes(20), true), new PlannedDecision("phq-second-2", submit.AddMinutes(40), true, "legal")],
            submit.AddMinutes(45)));
        var result = await RunAsync("(d) one 90-day call-records release, 1,990 third parties", plan, ["db-bulk"], ["DB"]);
        Assert.Equal(PatternRulesNames.CallRecordsBulk, result.FirstPatternAlert);
        Assert.Equal(1, result.BeforeFirstPatternAlert);
        Assert.Equal(1, result.BeforeSuspension);
    }

    [Fact]
    public async Task An_emergency_path_drip_feeds_the_detection_rules()
    {
        var citizen = 500_000;
        var plan = Background(["CTTC"], weeks: 2);
        plan.AddRange(Colluders.EmergencyDrip("cttc-drip", "CTTC", Start, 14, ref citizen));
        var result = await RunAsync("(e) one emergency a working day, reviewed 'justified' by a colluder", plan, ["cttc-drip"], ["CTTC"],
            reviewer: "phq-colluder");
        Assert.Equal(PatternRulesNames.EmergencyRepeated, result.FirstPatternAlert);
        Assert.True(result.BeforeFirstPatternAlert <= 3, result.ToString());
        Assert.True(result.BeforeSuspension <= 5, result.ToString());
    }

    private static List<PlannedRequest> Background(string[] units, int weeks)
    {
        var chart = DataBroker.Broker.Domain.Organisation.OrganisationChart.Default;
        var hqs = units.GroupBy(u => chart.HeadquartersOf(u)!).ToDictionary(g => g.Key, g => g.ToArray());
        return new HonestAgency(new Random(HonestWorkloadSimulationTests.Seed), Start).Generate(hqs, officersPerUnit: 5, approversPerHq: 3, weeks, prefix: "bg-")
            .Where(p => !p.Emergency).ToList();
    }

    private async Task<ScenarioResult> RunAsync(string name, List<PlannedRequest> plan, string[] colluders, string[] units, string? reviewer = null)
    {
        var emergencyOfficers = plan.Where(p => p.Emergency).Select(p => p.Officer).Distinct();
        await using var broker = ScenarioBroker.Start(Redis, Start, emergencyOfficers);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await new ScenarioReplay(broker, colluders.ToHashSet(), units.ToHashSet(), reviewer).RunAsync(name, plan);
        output.WriteLine($"{(Redis is null ? "embedded" : "redis")} {result} [{plan.Count} requests, {watch.Elapsed.TotalSeconds:0.0} s]");
        foreach (var alert in (await broker.AlertsAsync()).Where(a => colluders.Contains(a.OfficerId)).Take(6))
            output.WriteLine($"  {alert.At:yyyy-MM-dd HH:mm} {alert.Severity} {alert.Rule} {alert.OfficerId}: {alert.Detail}");
        return result;
    }
}
