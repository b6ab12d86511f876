using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Oversight's checks on the request path: suspensions (refuse, freeze, revoke), then the insider rules.
/// Checks before a change read shared state and fail closed: if it cannot be read, the change does not
/// happen. Rules on committed changes run after the commit and never undo it.
/// </summary>
public sealed class OversightGate(
    SuspensionCache suspensions,
    InsiderDetector detector,
    AlertDesk desk,
    ISubjectPseudonymizer pseudonyms,
    EmergencyPath emergency,
    TimeProvider time,
    IOversightLog log) : IRequestGate
{
    public async Task<ActivityPlan> EnsureMaySubmitAsync(Officer officer, DataRequest request, string? subjectPseudonym,
        CancellationToken cancellationToken)
    {
        SuspensionPolicy.EnsureNotSuspended(await suspensions.StatusAsync(officer.Id, officer.Unit, cancellationToken));
        var budget = await emergency.EnsureMaySubmitAsync(officer, request, cancellationToken);
        var now = time.GetUtcNow();
        var counts = detector.SubmitCounts(officer, request, subjectPseudonym ?? pseudonyms.Pseudonym(request.Subject), now);
        // The emergency count goes last, so the insider rules read their counts where they named them.
        return new ActivityPlan(budget is null ? counts : [.. counts, budget], now);
    }

    public async Task ConcludeSubmitAsync(Officer officer, DataRequest request, ActivityPlan activity, CancellationToken cancellationToken)
    {
        if (activity.Results is not { } counts)
            return;
        // As before the counts moved into the store: over its emergency budget, the unit is refused before any insider rule runs.
        if (request.Urgency == Urgency.Emergency)
            emergency.EnsureWithinBudget(request, counts[^1]);
        var alerts = detector.OnSubmit(officer, request, time.GetUtcNow(), counts);
        await desk.RaiseAsync(alerts, cancellationToken);
        if (alerts.FirstOrDefault(a => a.Severity == AlertSeverity.Severe && a.OfficerId == officer.Id) is { } severe)
            throw DomainException.Denied($"Suspended by insider rule {severe.Rule}: {severe.Detail}. Contact oversight.");
    }

    public async Task EnsureMayDecideAsync(Officer approver, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureDecidable(request, await suspensions.StatusAsync(request.RequesterId, request.Unit, cancellationToken));

    public async Task EnsureMayReleaseAsync(Officer officer, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureReleasable(request, await suspensions.StatusAsync(request.RequesterId, request.Unit, cancellationToken));

    public ActivityPlan PlanCommit(DataRequest request, AuditEvent committed) =>
        InsiderDetector.CommitCounts(request, committed) is { Count: > 0 } counts ? new ActivityPlan(counts, committed.At) : ActivityPlan.None;

    public async Task ObserveAsync(DataRequest request, AuditEvent committed, ActivityPlan activity, CancellationToken cancellationToken)
    {
        try
        {
            if (committed.Kind == Domain.Workflow.AuditKinds.Submitted)
                await emergency.OnSubmittedAsync(request, cancellationToken);
            if (committed.Kind == Domain.Workflow.AuditKinds.AutoGranted)
                await emergency.OnAutoGrantedAsync(request, committed.At, cancellationToken);
            await desk.RaiseAsync(detector.OnCommitted(request, committed, activity.Results), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed and its audit entry chained; failing the caller now would only hide that.
            log.RulesFailed(committed.Kind, request.Id, e.GetType().Name);
        }
    }
}
