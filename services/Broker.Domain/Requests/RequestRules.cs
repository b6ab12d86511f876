using DataBroker.Broker.Domain.Policy;

namespace DataBroker.Broker.Domain.Requests;

/// <summary>The tunable rules of the request path. Defaults are the agency's policy.</summary>
public sealed record RequestRules
{
    /// <summary>A request nobody decides in this time expires.</summary>
    public TimeSpan PendingTtl { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Who must approve what, what each legal basis allows, and how long a grant lasts (docs/policy.md).</summary>
    public AuthorisationPolicy Policy { get; init; } = AuthorisationPolicy.Default;

    /// <summary>An emergency request nobody decides in this time is granted without approval (and flagged for review).</summary>
    public TimeSpan EmergencyAutoGrantAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What an emergency request may ask for: identity and SIMs, never call records or criminal files.</summary>
    public static IReadOnlySet<Category> EmergencyCategories { get; } = new HashSet<Category> { Category.NidDetails, Category.SimRegistrations };

    public int MinJustificationLength { get; init; } = 20;
    public int MinJustificationWords { get; init; } = 4;
}
