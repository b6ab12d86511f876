using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>The emergency path's checks on submission (eligible, not blocked, within the unit's budget) and its review queue.</summary>
public sealed class EmergencyPath(EmergencyPolicy policy, IEmergencyReviews queue, EmergencyReviews reviews,
    IActivityLedger ledger, TimeProvider time)
{
    public async Task EnsureMaySubmitAsync(Officer officer, DataRequest request, CancellationToken cancellationToken)
    {
        if (request.Urgency != Urgency.Emergency)
            return;
        policy.EnsureEligible(officer);
        var now = time.GetUtcNow();
        var overdue = (await queue.OpenAsync(cancellationToken)).Where(r => r.OfficerId == officer.Id && r.IsOverdue(now)).ToArray();
        await reviews.AlertAsync(overdue, now, cancellationToken);
        EmergencyPolicy.EnsureNotBlocked(overdue);
        // Counted by the officer's idempotency key, not the request id: a retried submission is the same request
        // (the store returns the first), so it must not spend the unit's budget again.
        var member = request.RequesterId + "/" + request.IdempotencyKey;
        policy.EnsureWithinBudget(await ledger.CountDistinctAsync(request.Unit, "emergency", member, now, TimeSpan.FromDays(1), cancellationToken),
            request.Unit);
    }

    public Task OnAutoGrantedAsync(DataRequest granted, DateTimeOffset at, CancellationToken cancellationToken) =>
        reviews.AutoGrantedAsync(granted, at, cancellationToken);

    /// <summary>Queues the mandatory review of a committed emergency request.</summary>
    public Task OnSubmittedAsync(DataRequest request, CancellationToken cancellationToken) =>
        request.Urgency == Urgency.Emergency ? queue.EnqueueAsync(policy.ReviewOf(request), cancellationToken) : Task.CompletedTask;
}
