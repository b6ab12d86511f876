namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Appends the audit events that no request change writes (refusals, admin actions, alerts, reviews)
/// to the oversight stream. Returns only once the event is stored: a caller that gets an exception
/// must not carry out what the event records.
/// </summary>
public interface IAuditJournal
{
    Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken);
}
