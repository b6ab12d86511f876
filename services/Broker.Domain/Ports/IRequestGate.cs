using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Oversight's say on the request path: each Ensure method throws a <see cref="DomainException"/> to
/// refuse (a suspended officer, a frozen request, a revoked grant, an insider rule) and fails closed:
/// when it cannot tell, it throws. The activity counts its rules need are taken by the store, in the
/// change's own atomic step (one round trip): the gate names them before and reads them after.
/// </summary>
public interface IRequestGate
{
    /// <summary>The checks that need no count; then the counts the store takes with the submission.</summary>
    /// <param name="subjectPseudonym">The subject's keyed pseudonym when the caller has already computed it (it is
    /// computed once per submission), else null.</param>
    Task<ActivityPlan> EnsureMaySubmitAsync(Officer officer, DataRequest request, string? subjectPseudonym, CancellationToken cancellationToken);

    /// <summary>
    /// What the submission's counts say (alerts), after the store took them; throws when they refuse it, as the
    /// store did. Nothing to do when the store did not count (a replay, a limit refusal).
    /// </summary>
    Task ConcludeSubmitAsync(Officer officer, DataRequest request, ActivityPlan activity, CancellationToken cancellationToken);

    Task EnsureMayDecideAsync(Officer approver, DataRequest request, CancellationToken cancellationToken);

    Task EnsureMayReleaseAsync(Officer officer, DataRequest request, CancellationToken cancellationToken);

    /// <summary>The counts the store takes with a change it commits; they never refuse it.</summary>
    ActivityPlan PlanCommit(DataRequest request, AuditEvent committed);

    /// <summary>Sees each committed change, with the counts its <see cref="PlanCommit"/> plan took.</summary>
    Task ObserveAsync(DataRequest request, AuditEvent committed, ActivityPlan activity, CancellationToken cancellationToken);
}
