using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>HQ's review of emergency requests after the fact: an unjustified one raises an alert on its officer.</summary>
public sealed class EmergencyReviews(IEmergencyReviews queue, IRequestStore requests, AlertDesk desk, InsiderRules rules, TimeProvider time)
{
    public async Task ReviewAsync(Officer reviewer, string requestId, bool justified, string note, CancellationToken cancellationToken)
    {
        var review = await queue.GetAsync(requestId, cancellationToken);
        // Another HQ's emergencies are reported as absent, as requests are.
        if (review is null || !(reviewer.Has(Role.Auditor) || reviewer.Has(Role.Admin) || reviewer.CanDecide && reviewer.Headquarters == review.Headquarters))
            throw new DomainException(DomainErrorKind.NotFound, $"No emergency request {Echo.Of(requestId)} awaits your review.");
        if (reviewer.Id == review.OfficerId)
            throw DomainException.Denied("No one may review their own emergency request.");
        // Fail closed: without the request, whether the reviewer approved it cannot be told.
        var request = await requests.GetAsync(review.Unit, requestId, cancellationToken)
            ?? throw new DomainException(DomainErrorKind.NotFound, $"No emergency request {requestId} awaits your review.");
        EmergencyPolicy.EnsureMayReview(reviewer, request);
        if (!justified && string.IsNullOrWhiteSpace(note))
            throw DomainException.Invalid("note", "Say why the emergency was not justified (note).");
        var now = time.GetUtcNow();
        var reviewed = review with { Justified = justified, ReviewerId = reviewer.Id, Note = note.Trim() };
        var audit = new AuditEvent(OversightAuditKinds.EmergencyReview, review.Unit, requestId, reviewer.Id, now,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["verdict"] = justified ? "justified" : "unjustified",
                ["requester"] = review.OfficerId,
                ["note"] = note.Trim(),
                ["late"] = now > review.Deadline ? "true" : "false",
            });
        if (!await queue.CompleteAsync(reviewed, audit, cancellationToken))
            throw DomainException.Precondition($"Emergency request {Echo.Of(requestId)} was already reviewed.");
        if (!justified)
            await desk.RaiseAsync([new Alert("alert-" + Guid.NewGuid().ToString("N")[..16], InsiderRules.EmergencyUnjustified,
                rules.SeverityOf(InsiderRules.EmergencyUnjustified), review.OfficerId, review.Unit, now,
                $"emergency request {requestId} found unjustified by {reviewer.Id}: {note.Trim()}", requestId)], cancellationToken);
    }

    /// <summary>
    /// The reviews still open that <paramref name="reviewer"/> may do, most urgent first: an approver's own HQ's, every
    /// HQ's for oversight staff, never their own emergency (which they may not review). Anyone else may do none.
    /// </summary>
    public async Task<IReadOnlyList<EmergencyReview>> OpenForAsync(Officer reviewer, CancellationToken cancellationToken)
    {
        var overseer = reviewer.Has(Role.Auditor) || reviewer.Has(Role.Admin);
        if (!overseer && !reviewer.CanDecide)
            throw DomainException.Denied("Only HQ approvers and oversight staff review emergency requests.");
        return (await queue.OpenAsync(cancellationToken))
            .Where(r => r.OfficerId != reviewer.Id && (overseer || r.Headquarters == reviewer.Headquarters))
            .OrderBy(r => r.Deadline)
            .ToList();
    }

    /// <summary>
    /// An emergency the broker granted itself, with no HQ decision: oversight and the HQ hear of it at once
    /// (the alert is stored, chained and published before the grant can be fetched).
    /// </summary>
    public Task AutoGrantedAsync(DataRequest granted, DateTimeOffset at, CancellationToken cancellationToken) =>
        desk.RaiseAsync([new Alert("alert-" + Guid.NewGuid().ToString("N")[..16], InsiderRules.EmergencyAutoGranted,
            rules.SeverityOf(InsiderRules.EmergencyAutoGranted), granted.RequesterId, granted.Unit, at,
            $"emergency request {granted.Id} of {granted.RequesterId} ({granted.Unit}) was granted by the broker with no decision from "
            + $"{granted.Headquarters}; {granted.Headquarters} must review it", granted.Id)], cancellationToken);

    /// <summary>Raises one alert per overdue review; a replica that loses the race to mark it raises nothing.</summary>
    public async Task<int> AlertOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await AlertAsync((await queue.OpenAsync(cancellationToken)).Where(r => r.IsOverdue(now)), now, cancellationToken);
    }

    /// <summary>Raises the alert of each of <paramref name="overdue"/> not alerted yet, once across replicas.</summary>
    public async Task<int> AlertAsync(IEnumerable<EmergencyReview> overdue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var raised = 0;
        foreach (var review in overdue.Where(r => !r.OverdueAlerted))
        {
            if (!await queue.MarkOverdueAlertedAsync(review.RequestId, cancellationToken))
                continue;
            await desk.RaiseAsync([Overdue(review, now)], cancellationToken);
            raised++;
        }
        return raised;
    }

    private Alert Overdue(EmergencyReview review, DateTimeOffset now) =>
        new("alert-" + Guid.NewGuid().ToString("N")[..16], InsiderRules.EmergencyUnreviewed, rules.SeverityOf(InsiderRules.EmergencyUnreviewed),
            review.OfficerId, review.Unit, now, $"emergency request {review.RequestId} was not reviewed by {review.Deadline:yyyy-MM-dd HH:mm} UTC; " +
            "the officer's emergency path is blocked until it is", review.RequestId);
}
