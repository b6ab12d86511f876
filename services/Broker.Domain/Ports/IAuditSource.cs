using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// The append-only streams audit events are first written to: one per unit, and the oversight stream. Their copies
/// of chained events are let go by the chain store's append (<see cref="IAuditChainStore.TryAppendAsync"/>).
/// </summary>
public interface IAuditSource
{
    /// <summary>Events of <paramref name="source"/> after <paramref name="afterId"/> (null: from the start), in append order.</summary>
    Task<IReadOnlyList<SourcedAuditEvent>> ReadAfterAsync(string source, string? afterId, int count, CancellationToken cancellationToken);
}
