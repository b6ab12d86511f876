using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>Who may use the emergency path, how often, and when an officer has lost it.</summary>
public sealed record EmergencyPolicy(IReadOnlySet<string> Officers, int BudgetPerUnitPerDay, TimeSpan ReviewWithin)
{
    public void EnsureEligible(Officer officer)
    {
        if (!Officers.Contains(officer.Id))
            throw DomainException.Denied("You are not authorised for the emergency path; submit the request as PRIORITY.");
    }

    public static void EnsureNotBlocked(IReadOnlyList<EmergencyReview> overdue)
    {
        if (overdue.Count > 0)
            throw DomainException.Denied(
                $"Your emergency request {overdue[0].RequestId} was not reviewed by its deadline {overdue[0].Deadline:yyyy-MM-dd HH:mm} UTC; " +
                "the emergency path is closed to you until HQ reviews it. Submit as PRIORITY.");
    }

    public void EnsureWithinBudget(long usedToday, string unit)
    {
        if (usedToday > BudgetPerUnitPerDay)
            throw DomainException.Precondition(
                $"Unit {unit} has used its {BudgetPerUnitPerDay} emergency requests for the last 24 hours; submit as PRIORITY.");
    }

    /// <summary>The review is a second pair of eyes: never the requesting officer, nor anyone who approved the request.</summary>
    public static void EnsureMayReview(Officer reviewer, DataRequest request)
    {
        if (reviewer.Id == request.RequesterId)
            throw DomainException.Denied("No one may review their own emergency request.");
        if (request.Approvals.Any(a => a.ApproverId == reviewer.Id))
            throw DomainException.Denied($"You approved emergency request {request.Id}; its review must come from someone who did not.");
    }

    public EmergencyReview ReviewOf(DataRequest request) =>
        new(request.Id, request.RequesterId, request.Unit, request.Headquarters, request.CreatedAt, request.CreatedAt + ReviewWithin);
}
