namespace DataBroker.Broker.Domain.Requests;

public sealed record Approval(string ApproverId, DateTimeOffset At, string Note);
