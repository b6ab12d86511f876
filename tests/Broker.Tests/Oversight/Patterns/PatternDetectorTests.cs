using DataBroker.Broker.Domain.Audit;
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
            Decision(AuditKinds.Approved, id, approver, officer, at, at + wait),
            Disclosure(officer, id, at + wait + TimeSpan.FromMinutes(1), citizen, "GD-1", approver),
        ], _state)];
    }

    [Fact]
    public void A_decision_names_its_requester_and_submission_so_it_is_paired_with_no_trace_stored()
    {
        var decidedAt = Start.AddSeconds(40);
        AuditEvent[] batch = [Decision(AuditKinds.Approved, "ATU.d1", "phq-approver-1", "atu-officer-1", Start, decidedAt)];

        Assert.Empty(PatternDetector.RequestsOf(batch));
        var state = PatternState.Empty();
        var parties = _detector.PartiesOf(batch, state);
        Assert.Contains(PartyKeys.Officer("atu-officer-1"), parties);
        Assert.Contains(PartyKeys.Pair("phq-approver-1", "atu-officer-1"), parties);
        _detector.Observe(batch, state);

        var day = _detector.Rules.DayOf(decidedAt);
        var pair = state.Peek(PartyKeys.Pair("phq-approver-1", "atu-officer-1"))!;
        Assert.Equal((1, 1), (pair.Sum("decisions", day, day), pair.Sum("quick", day, day)));
        Assert.Equal(1, state.Peek(PartyKeys.Officer("atu-officer-1"))!.MemberSums(day, day)["phq-approver-1"]);
        Assert.Empty(state.ChangedRequests);
    }

    [Fact]
    public void A_disclosure_names_its_approvers_so_their_histories_get_the_citizen_with_no_trace_stored()
    {
        AuditEvent[] batch = [Disclosure("atu-officer-1", "ATU.d2", Start, "citizen-1", "GD-1", "phq-approver-1", "phq-approver-2")];

        Assert.Empty(PatternDetector.RequestsOf(batch));
        var state = PatternState.Empty();
        Assert.Contains(PartyKeys.Pair("phq-approver-2", "atu-officer-1"), _detector.PartiesOf(batch, state));
        _detector.Observe(batch, state);

        var day = _detector.Rules.DayOf(Start);
        Assert.Equal(1, state.Peek(PartyKeys.Approver("phq-approver-2"))!.DistinctCitizens(day, day));
        Assert.Equal(1, state.Peek(PartyKeys.Pair("phq-approver-1", "atu-officer-1"))!.DistinctCitizens(day, day));
        Assert.Empty(state.ChangedRequests);
    }

    [Fact]
    public void Events_chained_before_they_named_their_request_are_paired_through_the_trace_stored_at_submission()
    {
        // A trace as an earlier version stored it when the request was submitted; the events name nothing.
        var traces = new Dictionary<string, RequestTrace> { ["ATU.old"] = new("atu-officer-1", "ATU", Start, false, []) };
        AuditEvent[] decision = [new(AuditKinds.Approved, "ATU", "ATU.old", "phq-approver-1", Start.AddSeconds(40), new Dictionary<string, string>())];
        Assert.Equal(["ATU.old"], PatternDetector.RequestsOf(decision));
        var state = new PatternState(traces, new Dictionary<string, PartyHistory>());
        Assert.Contains(PartyKeys.Pair("phq-approver-1", "atu-officer-1"), _detector.PartiesOf(decision, state));
        _detector.Observe(decision, state);

        var day = _detector.Rules.DayOf(Start);
        Assert.Equal(1, state.Peek(PartyKeys.Pair("phq-approver-1", "atu-officer-1"))!.Sum("quick", day, day));
        // The trace keeps its approver, for a disclosure chained before disclosures named them.
        var kept = Assert.Single(state.ChangedRequests);
        Assert.Equal(["phq-approver-1"], kept.Value.Approvers);

        AuditEvent[] disclosure = [new(AuditKinds.Disclosed, "ATU", "ATU.old", "atu-officer-1", Start.AddMinutes(2),
            new Dictionary<string, string> { ["subject_hmac"] = "citizen-1", ["case_reference"] = "GD-1" })];
        Assert.Equal(["ATU.old"], PatternDetector.RequestsOf(disclosure));
        var later = new PatternState(new Dictionary<string, RequestTrace> { ["ATU.old"] = kept.Value }, new Dictionary<string, PartyHistory>());
        Assert.Contains(PartyKeys.Approver("phq-approver-1"), _detector.PartiesOf(disclosure, later));
        _detector.Observe(disclosure, later);
        Assert.Equal(1, later.Peek(PartyKeys.Approver("phq-approver-1"))!.DistinctCitizens(day, day));
    }

    [Fact]
    public void A_batch_change_merged_onto_another_brokers_write_keeps_both()
    {
        var original = new PartyHistory();
        original.Day(20_000, 35).AddMember("approver-0");
        var mine = original.Clone();
        mine.Day(20_000, 35).AddMember("approver-1");
        mine.Day(20_000, 35).AddCitizen("c-mine", 512);
        mine.Hour(480_000, 48).Add("third_parties", 5);
        Assert.True(mine.MayFire("rule", AlertSeverity.Warning, 20_000, 7));
        var theirs = original.Clone();
        theirs.Day(20_000, 35).AddMember("approver-2");
        theirs.Day(20_000, 35).AddCitizen("c-theirs", 512);
        theirs.Day(20_001, 35).Add("decisions");

        var merged = _detector.Merge(original, mine, theirs);

        Assert.Equal(new Dictionary<string, int> { ["approver-0"] = 1, ["approver-1"] = 1, ["approver-2"] = 1 }, merged.MemberSums(20_000, 20_000));
        Assert.Equal(2, merged.DistinctCitizens(20_000, 20_000));
        Assert.Equal(1, merged.Sum("decisions", 20_001, 20_001));
        Assert.Equal(5, merged.HourSum("third_parties", 480_000, 480_000));
        Assert.False(merged.MayFire("rule", AlertSeverity.Warning, 20_000, 7));
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

    /// <summary>A disclosure as the workflow chains it: naming the request's approvers.</summary>
    private static AuditEvent Disclosure(string officer, string id, DateTimeOffset at, string citizen, string caseReference, params string[] approvers) =>
        new(AuditKinds.Disclosed, "ATU", id, officer, at, new Dictionary<string, string>
        {
            ["requester"] = officer,
            ["subject_hmac"] = citizen,
            ["case_reference"] = caseReference,
            [ChainDetails.Approvers] = string.Join(',', approvers),
        });

    /// <summary>A decision as the workflow chains it: naming its requester and when the request was submitted.</summary>
    private static AuditEvent Decision(string kind, string id, string approver, string requester, DateTimeOffset submitted, DateTimeOffset at) =>
        new(kind, "ATU", id, approver, at, new Dictionary<string, string>
        {
            [ChainDetails.Requester] = requester,
            [ChainDetails.SubmittedAt] = submitted.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
}
