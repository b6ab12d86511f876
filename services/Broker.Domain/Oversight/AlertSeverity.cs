namespace DataBroker.Broker.Domain.Oversight;

public enum AlertSeverity
{
    Warning = 1,
    /// <summary>Suspends the officer the alert names.</summary>
    Severe = 2,
}
