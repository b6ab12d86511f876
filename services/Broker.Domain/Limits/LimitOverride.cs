namespace DataBroker.Broker.Domain.Limits;

/// <summary>A temporary limit for one counter (one officer's, approver's or unit's), in force until <see cref="ExpiresAt"/>.</summary>
public sealed record LimitOverride(int Limit, int Burst, DateTimeOffset ExpiresAt);
