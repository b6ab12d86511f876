namespace DataBroker.Identity;

/// <summary>The JWT claims the suite reads. Identity comes from these, never from a request field.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Unit = "unit";
    public const string Headquarters = "hq";
    public const string Role = "role";

    /// <summary>An approver's rank (<see cref="ApproverRanks"/>), which the broker's approval policy counts.</summary>
    public const string ApproverRank = "approver_rank";
}
