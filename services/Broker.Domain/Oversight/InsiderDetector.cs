using System.Globalization;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// The insider rules, evaluated as requests flow. Counts live in the shared ledger, so every replica
/// sees the same officer. A rule fires once, when its count crosses the threshold, except the bulk rule,
/// which refuses every submission past it.
/// </summary>
public sealed class InsiderDetector(IActivityLedger ledger, InsiderRules rules)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public async Task<IReadOnlyList<Alert>> OnSubmitAsync(Officer officer, DataRequest request, string subjectPseudonym,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        var unit = request.Unit;
        // The counters are independent: one call (one round trip) for all of them.
        var offHours = rules.IsOffHours(now);
        var wanted = new List<DistinctCount>(3)
        {
            new("subjects:" + officer.Id, subjectPseudonym, Hour),
            new("case:" + officer.Id + ":" + request.CaseReference, subjectPseudonym, Day),
        };
        if (offHours)
            wanted.Add(new DistinctCount("offhours:" + officer.Id, request.IdempotencyKey, Hour));
        var counts = await ledger.CountDistinctAsync(unit, wanted, now, cancellationToken);

        var subjects = counts[0];
        if (subjects > rules.SubjectsPerHour)
            alerts.Add(Raise(InsiderRules.BulkSubjects, officer.Id, unit, now, request.Id,
                Text($"{subjects} distinct subjects requested in the last hour (limit {rules.SubjectsPerHour})")));
        var perCase = counts[1];
        if (perCase == rules.SubjectsPerCasePerDay + 1)
            alerts.Add(Raise(InsiderRules.CaseSubjects, officer.Id, unit, now, request.Id,
                Text($"{perCase} distinct subjects under case {request.CaseReference} in a day: are they all linked to it?")));
        var night = offHours ? counts[2] : 0;
        if (night == rules.OffHoursSubmissionsPerHour + 1)
            alerts.Add(Raise(InsiderRules.OffHoursBurst, officer.Id, unit, now, request.Id,
                Text($"{night} submissions within an hour outside working hours")));
        return alerts;
    }

    public async Task<IReadOnlyList<Alert>> OnCommittedAsync(DataRequest request, AuditEvent committed, CancellationToken cancellationToken)
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
                var pair = await ledger.CountDistinctAsync("approver:" + approver, "pair:" + request.RequesterId, request.Id, now, Day,
                    cancellationToken);
                if (pair == rules.ApprovalsOfOneRequesterPerDay + 1)
                    alerts.Add(Raise(InsiderRules.ApproverFavoursRequester, approver, request.Unit, now, request.Id,
                        Text($"{pair} approvals for {request.RequesterId} in a day (norm at most {rules.ApprovalsOfOneRequesterPerDay})")));
                break;
            }
            case AuditKinds.Rejected:
            {
                var rejected = await ledger.CountDistinctAsync(request.Unit, "rejected:" + request.RequesterId, request.Id, now, Day, cancellationToken);
                if (rejected == rules.RejectionsPerDay)
                    alerts.Add(Raise(InsiderRules.RepeatedRejections, request.RequesterId, request.Unit, now, request.Id,
                        Text($"{rejected} requests rejected in a day")));
                break;
            }
        }
        return alerts;
    }

    private Alert Raise(string rule, string officerId, string unit, DateTimeOffset at, string requestId, string detail) =>
        new("alert-" + Guid.NewGuid().ToString("N")[..16], rule, rules.SeverityOf(rule), officerId, unit, at, detail, requestId);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
