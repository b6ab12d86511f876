using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Domain;

public sealed class InsiderDetectorTests
{
    private readonly InsiderDetector _detector = new(new InsiderRules());
    private readonly EmbeddedActivityCounts _counts = new();

    [Fact]
    public void Only_the_severe_rule_s_count_refuses_and_only_past_its_threshold()
    {
        var request = Scenario.Submitted(Scenario.AtuOfficer);
        var night = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(6));
        var counts = _detector.SubmitCounts(Scenario.AtuOfficer, request, "s1", night);
        Assert.Equal([5L, long.MaxValue, long.MaxValue], counts.Select(c => c.RefuseAbove));
        var plan = new ActivityPlan(counts);
        Assert.False(plan.Refuses([5, 100, 100]));
        Assert.True(plan.Refuses([6, 1, 1]));
    }

    [Fact]
    public void The_sixth_distinct_subject_within_an_hour_is_a_severe_bulk_pull()
    {
        var request = Scenario.Submitted(Scenario.AtuOfficer);
        for (var subject = 1; subject <= 5; subject++)
            Assert.Empty(OnSubmit(Scenario.AtuOfficer, request, "s" + subject, Scenario.Start.AddMinutes(subject)));
        // The same subject again is not a new one.
        Assert.Empty(OnSubmit(Scenario.AtuOfficer, request, "s5", Scenario.Start.AddMinutes(6)));
        var alert = Assert.Single(OnSubmit(Scenario.AtuOfficer, request, "s6", Scenario.Start.AddMinutes(7)));
        Assert.Equal((InsiderRules.BulkSubjects, AlertSeverity.Severe), (alert.Rule, alert.Severity));
    }

    [Fact]
    public void Subjects_older_than_the_window_do_not_count()
    {
        var request = Scenario.Submitted(Scenario.AtuOfficer);
        var alerts = new List<Alert>();
        for (var subject = 1; subject <= 20; subject++)
            alerts.AddRange(OnSubmit(Scenario.AtuOfficer, request, "s" + subject, Scenario.Start.AddMinutes(15 * subject)));
        Assert.DoesNotContain(alerts, a => a.Rule == InsiderRules.BulkSubjects);
        // Twenty subjects under one case in a day is still worth a question.
        Assert.Equal(InsiderRules.CaseSubjects, Assert.Single(alerts).Rule);
    }

    [Fact]
    public void An_off_hours_burst_raises_a_warning()
    {
        var night = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(6));
        var alerts = new List<Alert>();
        for (var i = 0; i < 4; i++)
            alerts.AddRange(OnSubmit(Scenario.AtuOfficer, Scenario.Submitted(Scenario.AtuOfficer), "s1", night.AddMinutes(i)));
        Assert.Equal(InsiderRules.OffHoursBurst, Assert.Single(alerts).Rule);
    }

    [Fact]
    public void A_submission_retried_at_night_is_one_submission_not_a_burst()
    {
        var night = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(6));
        var retried = Scenario.Submitted(Scenario.AtuOfficer);
        var alerts = new List<Alert>();
        for (var i = 0; i < 10; i++)
        {
            // Each retry arrives as a new request (new id) with the same idempotency key, as the workflow builds it.
            var attempt = DataRequest.Create(Scenario.Draft() with { IdempotencyKey = retried.IdempotencyKey }, Scenario.AtuOfficer, "POLICE-HQ",
                RequestIds.New("ATU", night.AddSeconds(i)), night.AddSeconds(i), new RequestRules());
            alerts.AddRange(OnSubmit(Scenario.AtuOfficer, attempt, "s1", night.AddSeconds(i)));
        }
        Assert.Empty(alerts);
    }

    [Fact]
    public void Approving_seconds_after_submission_and_favouring_one_requester_raise_warnings()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 11; i++)
        {
            var request = Scenario.Submitted(Scenario.AtuOfficer);
            var approved = request.Approve(Scenario.PoliceApprover1, "", Scenario.Start.AddSeconds(5));
            alerts.AddRange(OnCommitted(approved, Audit(AuditKinds.Approved, approved, Scenario.PoliceApprover1.Id)));
        }
        Assert.Equal(11, alerts.Count(a => a.Rule == InsiderRules.ApprovedTooFast));
        var favour = Assert.Single(alerts, a => a.Rule == InsiderRules.ApproverFavoursRequester);
        Assert.Equal(Scenario.PoliceApprover1.Id, favour.OfficerId);
        Assert.All(alerts, a => Assert.Equal(AlertSeverity.Warning, a.Severity));
    }

    [Fact]
    public void A_third_rejection_in_a_day_raises_a_warning()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 4; i++)
        {
            var rejected = Scenario.Submitted(Scenario.AtuOfficer).Reject(Scenario.PoliceApprover1, "no link", Scenario.Start.AddHours(1));
            alerts.AddRange(OnCommitted(rejected, Audit(AuditKinds.Rejected, rejected, Scenario.PoliceApprover1.Id)));
        }
        Assert.Equal(InsiderRules.RepeatedRejections, Assert.Single(alerts).Rule);
    }

    /// <summary>As a store takes a submission's counts: a refused one records nothing.</summary>
    private IReadOnlyList<Alert> OnSubmit(Officer officer, DataRequest request, string pseudonym, DateTimeOffset at)
    {
        var plan = new ActivityPlan(_detector.SubmitCounts(officer, request, pseudonym, at));
        var results = _counts.Peek(plan.Counts, at);
        if (!plan.Refuses(results))
            _counts.Record(plan.Counts, at);
        return _detector.OnSubmit(officer, request, at, results);
    }

    private IReadOnlyList<Alert> OnCommitted(DataRequest request, AuditEvent committed)
    {
        var counts = InsiderDetector.CommitCounts(request, committed);
        var results = _counts.Peek(counts, committed.At);
        _counts.Record(counts, committed.At);
        return _detector.OnCommitted(request, committed, results);
    }

    private static AuditEvent Audit(string kind, DataRequest request, string actor) =>
        new(kind, request.Unit, request.Id, actor, request.History[^1].At, new Dictionary<string, string>());
}
