using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>The append-only streams audit events are first written to: one per unit, and the oversight stream.</summary>
public interface IAuditSource
{
    /// <summary>Events of <paramref name="source"/> after <paramref name="afterId"/> (null: from the start), in append order.</summary>
    Task<IReadOnlyList<SourcedAuditEvent>> ReadAfterAsync(string source, string? afterId, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Lets go of events of <paramref name="source"/> up to <paramref name="chainedThroughId"/> (the chain holds
    /// them now) that were appended before <paramref name="before"/>. The event at the id itself may stay, so
    /// reading after it still works. A source that cannot trim keeps everything.
    /// </summary>
    Task TrimChainedAsync(string source, string chainedThroughId, DateTimeOffset before, CancellationToken cancellationToken);
}
