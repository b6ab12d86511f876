using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Oversight;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>The pattern rules on synthetic histories of weeks, with the production defaults.</summary>
public sealed class PatternDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private static readonly OrganisationChart Chart = OrganisationChart.Default;
    private readonly PatternDetector _detector = new(new PatternOptions().ToRules(new InsiderOptions().ToRules()), Chart);
    private readonly PatternState _state = PatternState.Empty();
    private int _request;

    [Fact]
    public void An_officer_far_above_quiet_peers_is_alerted_past_the_floor_with_the_norm_and_period_in_words()
    {
        for (var day = 0; day < 7; day++)
        {
            for (var peer = 1; peer <= 4; peer++)
            {
                if (day % 2 == 0)
                    Disclose($"atu-peer-{peer}", Start.AddDays(day).AddHours(peer), citizen: $"p{peer}-{day}");
            }
        }
        var alerts = new List<Alert>();
        for (var i = 1; i <= 16; i++)
            alerts.AddRange(Disclose("atu-busy", Start.AddDays(6).AddMinutes(20 * i), citizen: $"busy-{i}"));

        var alert = Assert.Single(alerts);
        Assert.Equal(PatternRules.WeeklyCitizens, alert.Rule);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Equal("atu-busy", alert.OfficerId);
        Assert.Contains("obtained 16 distinct citizens in the last 7 days", alert.Detail, StringComparison.Ordinal);
        Assert.Contains("ATU's other 4 active officers: median 4 a week", alert.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_citizen_again_is_not_a_new_citizen()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 60; i++)
            alerts.AddRange(Disclose("atu-repeat", Start.AddHours(i), citizen: "the-same-one"));
        Assert.Empty(alerts);
    }

    [Fact]
    public void Quick_approvals_of_one_requester_warn_at_three_and_suspend_the_approver_at_six()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 6; i++)
            alerts.AddRange(Request("atu-officer-9", "phq-approver-9", Start.AddHours(i), TimeSpan.FromSeconds(40), $"q{i}"));

        Assert.Collection(alerts.Where(a => a.Rule == PatternRules.QuickApprovalsForRequester),
            warning => Assert.Equal((AlertSeverity.Warning, "phq-approver-9"), (warning.Severity, warning.OfficerId)),
            severe => Assert.Equal((AlertSeverity.Severe, "phq-approver-9"), (severe.Severity, severe.OfficerId)));
    }

    [Fact]
    public void A_history_of_ten_weeks_keeps_five_weeks_and_a_bounded_day()
    {
        for (var day = 0; day < 70; day++)
            Disclose("atu-steady", Start.AddDays(day), citizen: $"s{day}");
        for (var i = 0; i < 700; i++)
            Disclose("atu-steady", Start.AddDays(70).AddSeconds(i), citizen: $"bulk{i}");

        var history = _state.Peek(PartyKeys.Officer("atu-steady"))!;
        Assert.Equal(35, history.Days.Count);
        var last = history.Days.MaxBy(d => d.Day)!;
        Assert.Equal(512, last.Citizens.Count);
        Assert.Equal(188, last.CitizensOverCap);
        Assert.Equal(700, history.DistinctCitizens(last.Day, last.Day));
    }

    [Fact]
    public void Case_references_used_once_and_never_again_are_counted_once_they_settle()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 8; i++)
            alerts.AddRange(Disclose("atu-fake-cases", Start.AddDays(i % 5).AddHours(i), citizen: $"f{i}", caseReference: $"GD-{i}"));
        Assert.DoesNotContain(alerts, a => a.Rule == PatternRules.SingleUseCases);

        alerts.AddRange(Disclose("atu-fake-cases", Start.AddDays(9), citizen: "later", caseReference: "GD-LATER"));
        var alert = Assert.Single(alerts, a => a.Rule == PatternRules.SingleUseCases);
        Assert.Contains("8 of 8 case references", alert.Detail, StringComparison.Ordinal);
    }

    private List<Alert> Request(string officer, string approver, DateTimeOffset at, TimeSpan wait, string citizen)
    {
        var id = $"ATU.r{_request++}";
        return [.. _detector.Observe([
            new AuditEvent(AuditKinds.Submitted, "ATU", id, officer, at, new Dictionary<string, string>()),
            new AuditEvent(AuditKinds.Approved, "ATU", id, approver, at + wait, new Dictionary<string, string>()),
            Disclosure(officer, id, at + wait + TimeSpan.FromMinutes(1), citizen, "GD-1"),
        ], _state)];
    }

    [Fact]
    public void A_batch_of_ordinary_submissions_needs_no_stored_state()
    {
        AuditEvent[] batch =
        [
            new(AuditKinds.Submitted, "ATU", "ATU.s1", "atu-officer-1", Start, new Dictionary<string, string>()),
            new(AuditKinds.Submitted, "ATU", "ATU.s2", "atu-officer-2", Start, new Dictionary<string, string> { ["emergency"] = "false" }),
        ];

        Assert.Empty(PatternDetector.RequestsOf(batch));
        Assert.Empty(_detector.PartiesOf(batch, PatternState.Empty()));
    }

    [Fact]
    public void A_decision_in_the_batch_of_its_submission_loads_its_requesters_and_approvers_histories()
    {
        // Otherwise the detector would start them afresh and the save would overwrite what they held.
        AuditEvent[] batch =
        [
            new(AuditKinds.Submitted, "ATU", "ATU.s1", "atu-officer-1", Start, new Dictionary<string, string>()),
            new(AuditKinds.Approved, "ATU", "ATU.s1", "phq-approver-1", Start.AddMinutes(5), new Dictionary<string, string>()),
        ];

        Assert.Empty(PatternDetector.RequestsOf(batch));
        var parties = _detector.PartiesOf(batch, PatternState.Empty());
        Assert.Contains(PartyKeys.Officer("atu-officer-1"), parties);
        Assert.Contains(PartyKeys.Approver("phq-approver-1"), parties);
        Assert.Contains(PartyKeys.Pair("phq-approver-1", "atu-officer-1"), parties);
    }

    private List<Alert> Disclose(string officer, DateTimeOffset at, string citizen, string caseReference = "GD-1") =>
        [.. _detector.Observe([Disclosure(officer, $"ATU.r{_request++}", at, citizen, caseReference)], _state)];

    private static AuditEvent Disclosure(string officer, string id, DateTimeOffset at, string citizen, string caseReference) =>
        new(AuditKinds.Disclosed, "ATU", id, officer, at, new Dictionary<string, string>
        {
            ["requester"] = officer,
            ["subject_hmac"] = citizen,
            ["case_reference"] = caseReference,
        });
}
