namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// An entry of the unit's audit trail. The store appends it in the same atomic step as the change
/// it records, so no change exists without its entry.
/// </summary>
public sealed record AuditEvent(
    string Kind,
    string Unit,
    string RequestId,
    string ActorId,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Details);
