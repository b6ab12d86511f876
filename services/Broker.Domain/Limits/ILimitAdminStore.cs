using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// What an admin may do to limiter state. Each change is atomic with its audit entry: in the unit's
/// audit trail for a unit's counter, in the admin trail for a rule's shadow mode.
/// </summary>
public interface ILimitAdminStore
{
    /// <summary>The counters' current state in <paramref name="unit"/>, in the order given; the read itself is audited.</summary>
    Task<IReadOnlyList<CounterReading>> ReadAsync(string unit, IReadOnlyList<LimitCharge> counters, AuditEvent audit, CancellationToken cancellationToken);

    Task SetOverrideAsync(string unit, LimitCharge counter, LimitOverride limit, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Empties the counter (and drops its override): its full allowance is available again.</summary>
    Task ResetAsync(string unit, LimitCharge counter, AuditEvent audit, CancellationToken cancellationToken);

    Task SetShadowAsync(string rule, bool shadow, AuditEvent audit, CancellationToken cancellationToken);
}
