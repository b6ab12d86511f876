namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// What the broker remembers of one release, to trace a leak back to it: who received it, about which
/// subject (pseudonym), its watermark, keyed hashes of the values released (never the values), its
/// per-release wording traits, and how many third-party numbers (callees) it exposed.
/// </summary>
public sealed record ReleaseRecord(
    string ReleaseId,
    string RequestId,
    string OfficerId,
    string Unit,
    DateTimeOffset At,
    string SubjectHmac,
    string Watermark,
    IReadOnlyList<ReleaseValue> Values,
    IReadOnlyList<ReleaseTrait>? Traits = null,
    int ThirdPartyNumbers = 0)
{
    public IReadOnlyList<ReleaseTrait> AllTraits => Traits ?? [];
}
