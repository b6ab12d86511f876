namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// What holds now for one officer and their unit: the suspensions in force, and when each was last
/// suspended (a grant that was live at that moment stays revoked after reinstatement).
/// </summary>
public sealed record SuspensionStatus(
    Suspension? Officer,
    Suspension? Unit,
    DateTimeOffset? OfficerLastSuspendedAt,
    DateTimeOffset? UnitLastSuspendedAt)
{
    public static SuspensionStatus None { get; } = new(null, null, null, null);

    public Suspension? InForce => Officer ?? Unit;

    public DateTimeOffset? LastSuspendedAt =>
        OfficerLastSuspendedAt is null ? UnitLastSuspendedAt
        : UnitLastSuspendedAt is null || OfficerLastSuspendedAt > UnitLastSuspendedAt ? OfficerLastSuspendedAt : UnitLastSuspendedAt;
}
