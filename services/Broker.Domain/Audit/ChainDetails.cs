namespace DataBroker.Broker.Domain.Audit;

/// <summary>Detail names the oversight code reads back from audit events.</summary>
public static class ChainDetails
{
    public const string SubjectHmac = "subject_hmac";
    public const string ReleaseId = "release_id";
    public const string Requester = "requester";
    public const string Reason = "reason";
}
