using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>The emergency path's checks on submission (eligible, not blocked, within the unit's budget) and its review queue.</summary>
public sealed class EmergencyPath(EmergencyPolicy policy, IEmergencyReviews queue, EmergencyReviews reviews, TimeProvider time)
{
    /// <summary>
    /// Refuses an ineligible or blocked emergency submission; otherwise the count of the unit's emergency requests
    /// the store takes with the submission (null for any other urgency), refused past the unit's daily budget.
    /// </summary>
    public async Task<DistinctCount?> EnsureMaySubmitAsync(Officer officer, DataRequest request, CancellationToken cancellationToken)
    {
        if (request.Urgency != Urgency.Emergency)
            return null;
        policy.EnsureEligible(officer);
        var now = time.GetUtcNow();
        var overdue = (await queue.OpenAsync(cancellationToken)).Where(r => r.OfficerId == officer.Id && r.IsOverdue(now)).ToArray();
        await reviews.AlertAsync(overdue, now, cancellationToken);
        EmergencyPolicy.EnsureNotBlocked(overdue);
        // Counted by the officer's idempotency key, not the request id: a retried submission is the same request
        // (the store returns the first), so it must not spend the unit's budget again.
        return new DistinctCount("emergency", request.RequesterId + "/" + request.IdempotencyKey, TimeSpan.FromDays(1), policy.BudgetPerUnitPerDay);
    }

    /// <summary>Throws when the store counted the unit past its budget (and so refused the submission).</summary>
    public void EnsureWithinBudget(DataRequest request, long usedToday) => policy.EnsureWithinBudget(usedToday, request.Unit);

    public Task OnAutoGrantedAsync(DataRequest granted, DateTimeOffset at, CancellationToken cancellationToken) =>
        reviews.AutoGrantedAsync(granted, at, cancellationToken);

    /// <summary>Queues the mandatory review of a committed emergency request.</summary>
    public Task OnSubmittedAsync(DataRequest request, CancellationToken cancellationToken) =>
        request.Urgency == Urgency.Emergency ? queue.EnqueueAsync(policy.ReviewOf(request), cancellationToken) : Task.CompletedTask;
}
