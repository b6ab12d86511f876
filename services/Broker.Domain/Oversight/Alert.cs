namespace DataBroker.Broker.Domain.Oversight;

/// <summary>An insider rule that fired, about whom, and why in words oversight staff can act on.</summary>
public sealed record Alert(string AlertId, string Rule, AlertSeverity Severity, string OfficerId, string Unit, DateTimeOffset At,
    string Detail, string RequestId);
