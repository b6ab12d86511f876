using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Suspensions, shared by every broker replica. Each change is stored with its audit event in one
/// atomic step (no suspension or reinstatement without its entry) and announced to every replica.
/// </summary>
public interface ISuspensionRegistry
{
    Task SuspendAsync(Suspension suspension, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>False (and nothing written) when no such suspension is in force.</summary>
    Task<bool> ReinstateAsync(SuspensionScope scope, string target, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>The whole book (suspensions in force, last suspension times), read at once.</summary>
    Task<SuspensionBook> ReadAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Suspension>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Raised on this replica whenever any replica changes a suspension.</summary>
    event Action? Changed;
}
