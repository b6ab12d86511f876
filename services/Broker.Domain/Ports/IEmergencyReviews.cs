using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>The queue of emergency requests awaiting their mandatory review.</summary>
public interface IEmergencyReviews
{
    /// <summary>Queues the review; throws when it cannot (the emergency request must then not be made).</summary>
    Task EnqueueAsync(EmergencyReview review, CancellationToken cancellationToken);

    Task<EmergencyReview?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Stores the reviewed entry together with its audit event; false when it was already reviewed.</summary>
    Task<bool> CompleteAsync(EmergencyReview reviewed, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Marks an overdue review as alerted, so its alert is raised once; false when another replica did first.</summary>
    Task<bool> MarkOverdueAlertedAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Every review not yet done, oldest first.</summary>
    Task<IReadOnlyList<EmergencyReview>> OpenAsync(CancellationToken cancellationToken);
}
