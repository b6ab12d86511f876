namespace DataBroker.Broker.Domain.Audit;

/// <summary>Detail names the oversight code reads back from audit events.</summary>
public static class ChainDetails
{
    public const string SubjectHmac = "subject_hmac";
    public const string ReleaseId = "release_id";
    public const string Requester = "requester";
    public const string Reason = "reason";

    /// <summary>
    /// On a decision: when its request was submitted (round-trip format, with its offset). With <see cref="Requester"/>
    /// it makes the decision's entry enough for the pattern rules, which otherwise kept a trace per request to pair it.
    /// </summary>
    public const string SubmittedAt = "submitted_at";

    /// <summary>On a disclosure: the approvers who approved the request, comma-separated, in the order they approved.</summary>
    public const string Approvers = "approvers";
}
