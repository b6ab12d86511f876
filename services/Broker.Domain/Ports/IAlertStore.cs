using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>Alerts, stored with their audit entry in one step and announced live to every replica.</summary>
public interface IAlertStore
{
    Task RaiseAsync(Alert alert, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>The latest alerts, oldest first.</summary>
    Task<IReadOnlyList<Alert>> RecentAsync(int count, CancellationToken cancellationToken);

    /// <summary>Raised on this replica for every alert any replica raises.</summary>
    event Action<Alert>? Raised;
}
