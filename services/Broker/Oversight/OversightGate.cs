using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Oversight's checks on the request path: suspensions (refuse, freeze, revoke), then the insider rules.
/// Checks before a change read shared state and fail closed: if it cannot be read, the change does not
/// happen. Rules on committed changes run after the commit and never undo it.
/// </summary>
public sealed partial class OversightGate(
    SuspensionCache suspensions,
    InsiderDetector detector,
    AlertDesk desk,
    ISubjectPseudonymizer pseudonyms,
    EmergencyPath emergency,
    TimeProvider time,
    ILogger<OversightGate> logger) : IRequestGate
{
    public async Task EnsureMaySubmitAsync(Officer officer, DataRequest request, string? subjectPseudonym, CancellationToken cancellationToken)
    {
        SuspensionPolicy.EnsureNotSuspended(await suspensions.StatusAsync(officer.Id, officer.Unit, cancellationToken));
        await emergency.EnsureMaySubmitAsync(officer, request, cancellationToken);
        var alerts = await detector.OnSubmitAsync(officer, request, subjectPseudonym ?? pseudonyms.Pseudonym(request.Subject), time.GetUtcNow(),
            cancellationToken);
        await desk.RaiseAsync(alerts, cancellationToken);
        if (alerts.FirstOrDefault(a => a.Severity == AlertSeverity.Severe && a.OfficerId == officer.Id) is { } severe)
            throw DomainException.Denied($"Suspended by insider rule {severe.Rule}: {severe.Detail}. Contact oversight.");
    }

    public async Task EnsureMayDecideAsync(Officer approver, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureDecidable(request, await suspensions.StatusAsync(request.RequesterId, request.Unit, cancellationToken));

    public async Task EnsureMayReleaseAsync(Officer officer, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureReleasable(request, await suspensions.StatusAsync(request.RequesterId, request.Unit, cancellationToken));

    public async Task ObserveAsync(DataRequest request, AuditEvent committed, CancellationToken cancellationToken)
    {
        try
        {
            if (committed.Kind == Domain.Workflow.AuditKinds.Submitted)
                await emergency.OnSubmittedAsync(request, cancellationToken);
            if (committed.Kind == Domain.Workflow.AuditKinds.AutoGranted)
                await emergency.OnAutoGrantedAsync(request, committed.At, cancellationToken);
            await desk.RaiseAsync(await detector.OnCommittedAsync(request, committed, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed and its audit entry chained; failing the caller now would only hide that.
            LogRulesFailed(logger, committed.Kind, request.Id, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 41, EventName = "InsiderRulesFailed", Level = LogLevel.Error,
        Message = "Insider rules on {Kind} of {RequestId} failed ({Error}); the change stands, alerts may be missing")]
    private static partial void LogRulesFailed(ILogger logger, string kind, string requestId, string error);
}
