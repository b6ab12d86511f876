namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// What the broker remembers of one release, to trace a leak back to it: who received it, about which
/// subject (pseudonym), its watermark, and keyed hashes of the values released (never the values).
/// </summary>
public sealed record ReleaseRecord(
    string ReleaseId,
    string RequestId,
    string OfficerId,
    string Unit,
    DateTimeOffset At,
    string SubjectHmac,
    string Watermark,
    IReadOnlyList<ReleaseValue> Values);
