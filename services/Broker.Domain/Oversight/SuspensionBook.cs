namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Every suspension in force, and when each officer or unit was last suspended. Suspensions are rare, so
/// the whole book is small: each replica holds a recent copy and answers every call's check from memory
/// instead of asking the store per caller.
/// </summary>
public sealed class SuspensionBook
{
    private readonly Dictionary<(SuspensionScope, string), Suspension> _inForce;
    private readonly IReadOnlyDictionary<(SuspensionScope, string), DateTimeOffset> _lastSuspended;

    public SuspensionBook(IEnumerable<Suspension> inForce, IReadOnlyDictionary<(SuspensionScope Scope, string Target), DateTimeOffset> lastSuspended)
    {
        _inForce = inForce.ToDictionary(s => (s.Scope, s.Target));
        _lastSuspended = lastSuspended;
    }

    public SuspensionStatus StatusOf(string officerId, string? unit) => new(
        _inForce.GetValueOrDefault((SuspensionScope.Officer, officerId)),
        unit is null ? null : _inForce.GetValueOrDefault((SuspensionScope.Unit, unit)),
        _lastSuspended.TryGetValue((SuspensionScope.Officer, officerId), out var officer) ? officer : null,
        unit is not null && _lastSuspended.TryGetValue((SuspensionScope.Unit, unit), out var ofUnit) ? ofUnit : null);
}
