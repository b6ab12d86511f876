namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Hears every batch of audit events right after the sequencer chained it: in chain order, once across replicas
/// (only the lease holder appends), off the request path. An observer handles its own failures; the chain stands.
/// </summary>
public interface IChainedEventsObserver
{
    Task OnChainedAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);
}
