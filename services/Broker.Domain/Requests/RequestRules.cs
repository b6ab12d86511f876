namespace DataBroker.Broker.Domain.Requests;

/// <summary>The tunable rules of the request path. Defaults are the agency's policy.</summary>
public sealed record RequestRules
{
    /// <summary>A request nobody decides in this time expires.</summary>
    public TimeSpan PendingTtl { get; init; } = TimeSpan.FromHours(72);

    /// <summary>An approved request must be fetched within this time.</summary>
    public TimeSpan GrantTtl { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan MaxCdrWindow { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Distinct approvals each category needs; a request needs the largest of its categories.</summary>
    public IReadOnlyDictionary<Category, int> Quorum { get; init; } = new Dictionary<Category, int>
    {
        [Category.NidDetails] = 1,
        [Category.SimRegistrations] = 1,
        [Category.CallRecords] = 2,
        [Category.CriminalRecord] = 1,
    };

    /// <summary>An emergency request nobody decides in this time is granted without approval (and flagged for review).</summary>
    public TimeSpan EmergencyAutoGrantAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What an emergency request may ask for: identity and SIMs, never call records or criminal files.</summary>
    public static IReadOnlySet<Category> EmergencyCategories { get; } = new HashSet<Category> { Category.NidDetails, Category.SimRegistrations };

    public int MinJustificationLength { get; init; } = 20;
    public int MinJustificationWords { get; init; } = 4;

    public int ApprovalsRequired(IEnumerable<Category> categories) =>
        categories.Select(c => Quorum.TryGetValue(c, out var q) ? Math.Max(q, 1) : 1).DefaultIfEmpty(1).Max();
}
