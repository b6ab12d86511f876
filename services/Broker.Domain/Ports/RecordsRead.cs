namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// What the records service returned, and the distinct third-party numbers (callees, normalised) it exposes:
/// call records disclose them too, so they count against the weekly third-party budgets.
/// </summary>
public sealed record RecordsRead<TRecords>(bool SubjectFound, TRecords Records, IReadOnlyList<string>? ThirdParties = null)
{
    public IReadOnlyList<string> ThirdPartyNumbers { get; } = ThirdParties ?? [];
}
