using System.Globalization;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// The insider rules, evaluated as requests flow, in two pure steps around the store: which distinct counts a
/// change takes (the store counts them in the change's own atomic step, on the unit's shard, so every replica
/// sees the same officer), then what the counts say. A rule fires once, when its count crosses the threshold,
/// except a severe rule (by default the bulk rule), which refuses every submission past it: its count carries
/// the threshold as a ceiling, so the store refuses before it writes anything.
/// </summary>
public sealed class InsiderDetector(InsiderRules rules)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The counts a submission takes, in the order <see cref="OnSubmit"/> reads them.</summary>
    public IReadOnlyList<DistinctCount> SubmitCounts(Officer officer, DataRequest request, string subjectPseudonym, DateTimeOffset now)
    {
        var counts = new List<DistinctCount>(3)
        {
            new("subjects:" + officer.Id, subjectPseudonym, Hour, Ceiling(InsiderRules.BulkSubjects, rules.SubjectsPerHour)),
            new("case:" + officer.Id + ":" + request.CaseReference, subjectPseudonym, Day, Ceiling(InsiderRules.CaseSubjects, rules.SubjectsPerCasePerDay)),
        };
        if (rules.IsOffHours(now))
            counts.Add(new DistinctCount("offhours:" + officer.Id, request.IdempotencyKey, Hour,
                Ceiling(InsiderRules.OffHoursBurst, rules.OffHoursSubmissionsPerHour)));
        return counts;
    }

    /// <summary>The alerts of a submission, from the results of <see cref="SubmitCounts"/> taken at <paramref name="now"/>.</summary>
    public IReadOnlyList<Alert> OnSubmit(Officer officer, DataRequest request, DateTimeOffset now, IReadOnlyList<long> counts)
    {
        var alerts = new List<Alert>();
        var unit = request.Unit;
        var subjects = counts[0];
        if (subjects > rules.SubjectsPerHour)
            alerts.Add(Raise(InsiderRules.BulkSubjects, officer.Id, unit, now, request.Id,
                Text($"{subjects} distinct subjects requested in the last hour (limit {rules.SubjectsPerHour})")));
        var perCase = counts[1];
        if (perCase == rules.SubjectsPerCasePerDay + 1)
            alerts.Add(Raise(InsiderRules.CaseSubjects, officer.Id, unit, now, request.Id,
                Text($"{perCase} distinct subjects under case {request.CaseReference} in a day: are they all linked to it?")));
        var night = counts.Count > 2 ? counts[2] : 0;
        if (night == rules.OffHoursSubmissionsPerHour + 1)
            alerts.Add(Raise(InsiderRules.OffHoursBurst, officer.Id, unit, now, request.Id,
                Text($"{night} submissions within an hour outside working hours")));
        return alerts;
    }

    /// <summary>
    /// The counts a committed change takes, in the order <see cref="OnCommitted"/> reads them; all on the request's unit
    /// (an approver's approvals of one requester all lie in that requester's unit). They never refuse: these rules only warn.
    /// </summary>
    public static IReadOnlyList<DistinctCount> CommitCounts(DataRequest request, AuditEvent committed) => committed.Kind switch
    {
        AuditKinds.Approval or AuditKinds.Approved => [new("approver:" + committed.ActorId + ":pair:" + request.RequesterId, request.Id, Day)],
        AuditKinds.Rejected => [new("rejected:" + request.RequesterId, request.Id, Day)],
        _ => [],
    };

    /// <summary>The alerts of a committed change, from the results of <see cref="CommitCounts"/> (null when none were taken).</summary>
    public IReadOnlyList<Alert> OnCommitted(DataRequest request, AuditEvent committed, IReadOnlyList<long>? counts)
    {
        var alerts = new List<Alert>();
        var now = committed.At;
        switch (committed.Kind)
        {
            case AuditKinds.Approval or AuditKinds.Approved:
            {
                var approver = committed.ActorId;
                var review = now - request.CreatedAt;
                if (review < rules.MinimumReviewTime)
                    alerts.Add(Raise(InsiderRules.ApprovedTooFast, approver, request.Unit, now, request.Id,
                        Text($"approved {request.Id} of {request.RequesterId} {review.TotalSeconds:0} s after it was submitted")));
                if (counts is [var pair] && pair == rules.ApprovalsOfOneRequesterPerDay + 1)
                    alerts.Add(Raise(InsiderRules.ApproverFavoursRequester, approver, request.Unit, now, request.Id,
                        Text($"{pair} approvals for {request.RequesterId} in a day (norm at most {rules.ApprovalsOfOneRequesterPerDay})")));
                break;
            }
            case AuditKinds.Rejected when counts is [var rejected] && rejected == rules.RejectionsPerDay:
                alerts.Add(Raise(InsiderRules.RepeatedRejections, request.RequesterId, request.Unit, now, request.Id,
                    Text($"{rejected} requests rejected in a day")));
                break;
        }
        return alerts;
    }

    // A severe rule refuses past its threshold; a warning never refuses.
    private long Ceiling(string rule, int threshold) => rules.SeverityOf(rule) == AlertSeverity.Severe ? threshold : long.MaxValue;

    private Alert Raise(string rule, string officerId, string unit, DateTimeOffset at, string requestId, string detail) =>
        new("alert-" + Guid.NewGuid().ToString("N")[..16], rule, rules.SeverityOf(rule), officerId, unit, at, detail, requestId);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
