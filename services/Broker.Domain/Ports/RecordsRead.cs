namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// What the records service returned, and the distinct third-party numbers (callees, normalised) it exposes:
/// call records disclose them too, so they count against the weekly third-party budgets. Empty for no call records.
/// </summary>
public sealed record RecordsRead<TRecords>(bool SubjectFound, TRecords Records, IReadOnlyList<string> ThirdPartyNumbers)
{
    /// <summary>Records that expose no third party (no call records asked, or none found).</summary>
    public RecordsRead(bool subjectFound, TRecords records) : this(subjectFound, records, []) { }
}
