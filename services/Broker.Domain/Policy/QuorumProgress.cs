namespace DataBroker.Broker.Domain.Policy;

/// <summary>Where a request stands against its <see cref="ApprovalRequirement"/>: who has approved, and what is still needed.</summary>
public sealed record QuorumProgress(int Approvals, int Quorum, IReadOnlyList<string> RanksApproved, IReadOnlyList<string> RanksNeeded)
{
    /// <summary>Seats any approver may fill: the quorum not yet reached, less the seats kept for the ranks still needed.</summary>
    public int AnyRankNeeded => Math.Max(0, Quorum - Approvals - RanksNeeded.Count);

    public bool IsMet => RanksNeeded.Count == 0 && Approvals >= Quorum;

    /// <summary>
    /// Whether one more approval by an approver of <paramref name="rank"/> would count: it fills a rank still needed,
    /// or a seat any rank may fill. A second approver of a rank already counted fills nothing on a two-rank rule.
    /// </summary>
    public bool Admits(string? rank) =>
        (rank is not null && RanksNeeded.Contains(rank, StringComparer.Ordinal)) || AnyRankNeeded > 0;

    /// <summary>What is still needed, e.g. "a legal approver", "a supervisor or legal approver", "1 more approver of any rank".</summary>
    public string StillNeeded
    {
        get
        {
            var parts = new List<string>();
            if (RanksNeeded.Count > 0)
                parts.Add("a " + string.Join(" and a ", RanksNeeded) + " approver");
            if (AnyRankNeeded > 0)
                parts.Add($"{AnyRankNeeded} more approver{(AnyRankNeeded == 1 ? "" : "s")} of any rank");
            return parts.Count == 0 ? "nothing" : string.Join(" and ", parts);
        }
    }

    /// <summary>For people: "1 of 2: supervisor approved; legal needed".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (RanksApproved.Count > 0)
            parts.Add(string.Join(" and ", RanksApproved) + " approved");
        if (RanksNeeded.Count > 0)
            parts.Add(string.Join(" and ", RanksNeeded) + " needed");
        if (AnyRankNeeded > 0)
            parts.Add($"{AnyRankNeeded} more of any rank needed");
        return $"{Approvals} of {Quorum}" + (parts.Count == 0 ? "" : ": " + string.Join("; ", parts));
    }
}
