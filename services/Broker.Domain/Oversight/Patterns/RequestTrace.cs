namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// What the detector remembers of a request between its events: decisions and disclosures do not repeat the
/// requester or the submission time, and a disclosure does not name its approvers.
/// </summary>
public sealed record RequestTrace(string Requester, string Unit, DateTimeOffset SubmittedAt, bool Emergency, IReadOnlyList<string> Approvers);
