using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Policy;

/// <summary>
/// Who must approve one category: <paramref name="Quorum"/> distinct approvers of the request's HQ, among whom each of
/// <paramref name="Ranks"/> appears (the rank read from the approver's signed token). A null <paramref name="Urgency"/>
/// is the category's rule for every urgency without a rule of its own.
/// </summary>
public sealed record ApprovalRule(Category Category, Urgency? Urgency, int Quorum, IReadOnlyList<string> Ranks, TimeSpan? GrantTtl = null);
