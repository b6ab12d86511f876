namespace DataBroker.Broker.Domain.Requests;

/// <summary>One approver's approval, with the rank their signed token carried when they gave it (null: none).</summary>
public sealed record Approval(string ApproverId, DateTimeOffset At, string Note, string? Rank = null);
