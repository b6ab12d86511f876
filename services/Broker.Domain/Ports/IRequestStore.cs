using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Where requests live. Every method that changes state is atomic and appends its audit event in the
/// same step; all of one unit's keys live together (the unit is the shard key).
/// </summary>
public interface IRequestStore
{
    /// <summary>
    /// Creates the request unless (unit, requester, idempotency key) already names one, in which case
    /// the existing request is returned and nothing is written.
    /// </summary>
    /// <remarks>
    /// A new request first takes the counts of <paramref name="activity"/>, in the same atomic step after the
    /// idempotency check (a replay counts nothing): a count past its ceiling writes nothing and returns
    /// <see cref="SubmitResult.Refused"/>. Then it must pass <paramref name="limits"/>; a refusal throws
    /// ResourceExhausted and writes nothing (the counts are not recorded either).
    /// </remarks>
    Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken);

    Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, CancellationToken cancellationToken) =>
        SubmitAsync(request, audit, limits, ActivityPlan.None, cancellationToken);

    Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, CancellationToken cancellationToken) =>
        SubmitAsync(request, audit, LimitPlan.None, ActivityPlan.None, cancellationToken);

    /// <summary>
    /// An early look at <paramref name="limits"/> before costly work (reading records), charging nothing:
    /// throws ResourceExhausted if the plan would be refused now. Advisory: the change's own step decides.
    /// </summary>
    Task PreviewLimitsAsync(string unit, LimitPlan limits, CancellationToken cancellationToken) => Task.CompletedTask;

    Task<DataRequest?> GetAsync(string unit, string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// The request as stored and <see cref="PreviewLimitsAsync"/>'s look at <paramref name="limits"/>, in one step where
    /// the store can; the look's refusal waits for <see cref="PreviewedRequest.PreviewLimitsAsync"/>, so a request that
    /// may not be fetched is refused as such first, as when the two are asked apart.
    /// </summary>
    async Task<PreviewedRequest> GetPreviewingAsync(string unit, string requestId, LimitPlan limits, CancellationToken cancellationToken) =>
        new(await GetAsync(unit, requestId, cancellationToken), () => PreviewLimitsAsync(unit, limits, cancellationToken));

    /// <summary>
    /// Stores <paramref name="updated"/> only if the stored version is <c>updated.Version - 1</c>;
    /// false when another change got there first.
    /// </summary>
    /// <remarks>
    /// The update must also pass <paramref name="limits"/>, decided after the version check and before any
    /// write, atomically with it; a refusal throws ResourceExhausted and writes nothing. The counts of
    /// <paramref name="activity"/> are taken with a committed update (their ceilings do not apply: an
    /// update's rules only warn).
    /// </remarks>
    Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="TryUpdateAsync(DataRequest, AuditEvent, LimitPlan, ActivityPlan, CancellationToken)"/>, and when another
    /// change got there first, the request as stored now, so the caller's next attempt needs no read of its own. A store
    /// that can answer both in one step should.
    /// </summary>
    async Task<UpdateOutcome> UpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken) =>
        await TryUpdateAsync(updated, audit, limits, activity, cancellationToken)
            ? UpdateOutcome.Done
            : new UpdateOutcome(false, await GetAsync(updated.Unit, updated.Id, cancellationToken));

    Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, CancellationToken cancellationToken) =>
        TryUpdateAsync(updated, audit, limits, ActivityPlan.None, cancellationToken);

    Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, CancellationToken cancellationToken) =>
        TryUpdateAsync(updated, audit, LimitPlan.None, ActivityPlan.None, cancellationToken);

    /// <summary>The requester's requests, newest first, keeping those <paramref name="filter"/> accepts.</summary>
    Task<RequestPage> ListByRequesterAsync(string unit, string requesterId, Func<DataRequest, bool> filter,
        string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>Requests awaiting approval in <paramref name="units"/>, oldest first.</summary>
    Task<RequestPage> ListPendingAsync(IReadOnlyList<string> units, string? pageToken, int pageSize,
        CancellationToken cancellationToken);
}
