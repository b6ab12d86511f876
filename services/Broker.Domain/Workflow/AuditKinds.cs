namespace DataBroker.Broker.Domain.Workflow;

public static class AuditKinds
{
    public const string Submitted = "request.submitted";
    public const string Approval = "request.approval";
    public const string Approved = "request.approved";
    public const string Rejected = "request.rejected";
    public const string Cancelled = "request.cancelled";
    public const string Expired = "request.expired";
    public const string AutoGranted = "request.auto_granted";
    public const string Disclosed = "request.disclosed";
}
