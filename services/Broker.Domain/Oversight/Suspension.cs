namespace DataBroker.Broker.Domain.Oversight;

/// <summary>An officer or a unit barred from the broker, by whom, why and since when.</summary>
public sealed record Suspension(SuspensionScope Scope, string Target, string Reason, string SuspendedBy, DateTimeOffset Since)
{
    public string Describe() =>
        $"{(Scope == SuspensionScope.Unit ? "Unit" : "Officer")} {Target} is suspended since {Since:yyyy-MM-dd HH:mm} UTC by {SuspendedBy}: {Reason}";
}
