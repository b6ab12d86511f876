namespace DataBroker.Broker.Domain.Policy;

/// <summary>
/// What one request needs before it is released, fixed when it is submitted: <paramref name="Quorum"/> distinct
/// approvers among whom each of <paramref name="Ranks"/> appears, and how long the grant then stays fetchable.
/// </summary>
public sealed record ApprovalRequirement(int Quorum, IReadOnlyList<string> Ranks, TimeSpan GrantTtl)
{
    /// <summary>
    /// How far <paramref name="approverRanks"/> (one entry per distinct approver, null for an approver without a rank)
    /// go towards the requirement. Each approver holds one rank, so a named rank is met by any one approver of it and
    /// every other approver fills an any-rank seat: no assignment of approvers to seats can do better.
    /// </summary>
    public QuorumProgress Progress(IReadOnlyList<string?> approverRanks)
    {
        var approved = Ranks.Where(r => approverRanks.Contains(r, StringComparer.Ordinal)).ToArray();
        var needed = Ranks.Where(r => !approverRanks.Contains(r, StringComparer.Ordinal)).ToArray();
        return new QuorumProgress(approverRanks.Count, Quorum, approved, needed);
    }
}
