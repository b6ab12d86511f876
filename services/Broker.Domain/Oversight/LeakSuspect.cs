namespace DataBroker.Broker.Domain.Oversight;

/// <summary>An officer whose releases a leak matched; confidence is the share of the leak's evidence their releases explain.</summary>
public sealed record LeakSuspect(string OfficerId, string Unit, double Confidence, int Releases);
