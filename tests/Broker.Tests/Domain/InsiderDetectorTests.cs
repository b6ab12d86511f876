using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage.Embedded;

namespace DataBroker.Broker.Tests.Domain;

public sealed class InsiderDetectorTests
{
    private readonly InsiderDetector _detector = new(new EmbeddedActivityLedger(), new InsiderRules());

    [Fact]
    public async Task The_sixth_distinct_subject_within_an_hour_is_a_severe_bulk_pull()
    {
        var request = Scenario.Submitted(Scenario.AtuOfficer);
        for (var subject = 1; subject <= 5; subject++)
            Assert.Empty(await _detector.OnSubmitAsync(Scenario.AtuOfficer, request, "s" + subject, Scenario.Start.AddMinutes(subject), default));
        // The same subject again is not a new one.
        Assert.Empty(await _detector.OnSubmitAsync(Scenario.AtuOfficer, request, "s5", Scenario.Start.AddMinutes(6), default));
        var alert = Assert.Single(await _detector.OnSubmitAsync(Scenario.AtuOfficer, request, "s6", Scenario.Start.AddMinutes(7), default));
        Assert.Equal((InsiderRules.BulkSubjects, AlertSeverity.Severe), (alert.Rule, alert.Severity));
    }

    [Fact]
    public async Task Subjects_older_than_the_window_do_not_count()
    {
        var request = Scenario.Submitted(Scenario.AtuOfficer);
        var alerts = new List<Alert>();
        for (var subject = 1; subject <= 20; subject++)
            alerts.AddRange(await _detector.OnSubmitAsync(Scenario.AtuOfficer, request, "s" + subject, Scenario.Start.AddMinutes(15 * subject), default));
        Assert.DoesNotContain(alerts, a => a.Rule == InsiderRules.BulkSubjects);
        // Twenty subjects under one case in a day is still worth a question.
        Assert.Equal(InsiderRules.CaseSubjects, Assert.Single(alerts).Rule);
    }

    [Fact]
    public async Task An_off_hours_burst_raises_a_warning()
    {
        var night = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(6));
        var alerts = new List<Alert>();
        for (var i = 0; i < 4; i++)
            alerts.AddRange(await _detector.OnSubmitAsync(Scenario.AtuOfficer, Scenario.Submitted(Scenario.AtuOfficer), "s1", night.AddMinutes(i), default));
        Assert.Equal(InsiderRules.OffHoursBurst, Assert.Single(alerts).Rule);
    }

    [Fact]
    public async Task A_submission_retried_at_night_is_one_submission_not_a_burst()
    {
        var night = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(6));
        var retried = Scenario.Submitted(Scenario.AtuOfficer);
        var alerts = new List<Alert>();
        for (var i = 0; i < 10; i++)
        {
            // Each retry arrives as a new request (new id) with the same idempotency key, as the workflow builds it.
            var attempt = DataRequest.Create(Scenario.Draft() with { IdempotencyKey = retried.IdempotencyKey }, Scenario.AtuOfficer, "POLICE-HQ",
                RequestIds.New("ATU", night.AddSeconds(i)), night.AddSeconds(i), new RequestRules());
            alerts.AddRange(await _detector.OnSubmitAsync(Scenario.AtuOfficer, attempt, "s1", night.AddSeconds(i), default));
        }
        Assert.Empty(alerts);
    }

    [Fact]
    public async Task Approving_seconds_after_submission_and_favouring_one_requester_raise_warnings()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 11; i++)
        {
            var request = Scenario.Submitted(Scenario.AtuOfficer);
            var approved = request.Approve(Scenario.PoliceApprover1, "", Scenario.Start.AddSeconds(5), new RequestRules());
            alerts.AddRange(await _detector.OnCommittedAsync(approved, Audit(AuditKinds.Approved, approved, Scenario.PoliceApprover1.Id), default));
        }
        Assert.Equal(11, alerts.Count(a => a.Rule == InsiderRules.ApprovedTooFast));
        var favour = Assert.Single(alerts, a => a.Rule == InsiderRules.ApproverFavoursRequester);
        Assert.Equal(Scenario.PoliceApprover1.Id, favour.OfficerId);
        Assert.All(alerts, a => Assert.Equal(AlertSeverity.Warning, a.Severity));
    }

    [Fact]
    public async Task A_third_rejection_in_a_day_raises_a_warning()
    {
        var alerts = new List<Alert>();
        for (var i = 0; i < 4; i++)
        {
            var rejected = Scenario.Submitted(Scenario.AtuOfficer).Reject(Scenario.PoliceApprover1, "no link", Scenario.Start.AddHours(1));
            alerts.AddRange(await _detector.OnCommittedAsync(rejected, Audit(AuditKinds.Rejected, rejected, Scenario.PoliceApprover1.Id), default));
        }
        Assert.Equal(InsiderRules.RepeatedRejections, Assert.Single(alerts).Rule);
    }

    private static AuditEvent Audit(string kind, DataRequest request, string actor) =>
        new(kind, request.Unit, request.Id, actor, request.History[^1].At, new Dictionary<string, string>());
}
