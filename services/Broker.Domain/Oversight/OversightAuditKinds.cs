namespace DataBroker.Broker.Domain.Oversight;

/// <summary>Kinds of the audit events oversight writes to the oversight stream.</summary>
public static class OversightAuditKinds
{
    public const string Suspended = "oversight.suspended";
    public const string Reinstated = "oversight.reinstated";
    public const string Refused = "oversight.refused";
    public const string Alert = "oversight.alert";
    public const string SubjectQuery = "oversight.subject_query";
    public const string LeakTrace = "oversight.leak_trace";
    public const string EmergencyReview = "oversight.emergency_review";
}
