namespace DataBroker.Identity;

/// <summary>
/// The approver ranks the shipped approval policy names (a deployment's policy may name others): call records need
/// one approver of each. The identity provider, the directory, issues them; a request can never claim one.
/// </summary>
public static class ApproverRanks
{
    /// <summary>A supervising officer of the HQ.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>A legal officer of the HQ.</summary>
    public const string Legal = "legal";
}
