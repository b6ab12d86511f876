using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>An audit event as read from the stream it was appended to: which stream, and its id there.</summary>
public sealed record SourcedAuditEvent(string Source, string SourceId, AuditEvent Event);
