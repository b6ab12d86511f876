namespace DataBroker.Identity;

public static class Roles
{
    public const string Officer = "officer";
    public const string Approver = "approver";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    /// <summary>The broker's own identity towards the records service.</summary>
    public const string BrokerService = "broker-service";

    public static readonly IReadOnlySet<string> Human = new HashSet<string>(StringComparer.Ordinal)
    {
        Officer, Approver, Auditor, Admin,
    };
}
