using System.Globalization;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Policy;

/// <summary>
/// The approval policy as data, with a version: who must approve each category (per urgency), which legal bases allow
/// which categories, the longest call-records window each basis allows, and how long a grant stays fetchable. A request
/// is judged under the version in force when it was submitted: its <see cref="ApprovalRequirement"/> is stored with it,
/// so a later policy can neither release it with fewer approvals nor hold it to more (docs/policy.md).
/// </summary>
public sealed record AuthorisationPolicy(int Version, TimeSpan GrantTtl, IReadOnlyList<ApprovalRule> Approvals,
    IReadOnlyList<LegalBasisRule> LegalBases)
{
    public const int MaxQuorum = 5;
    public const int MaxRankLength = 32;

    /// <summary>The records service serves at most 90 days of call records; no basis may allow more.</summary>
    public static readonly TimeSpan LongestCdrWindow = TimeSpan.FromDays(90);

    public static readonly TimeSpan LongestGrantTtl = TimeSpan.FromDays(1);

    public const string Supervisor = "supervisor";
    public const string Legal = "legal";

    private static readonly Category[] EveryCategory = Enum.GetValues<Category>();

    /// <summary>
    /// The agency's policy as shipped: call records need a supervising officer and a legal officer of the HQ; the other
    /// categories one approver of any rank; an emergency (identity and SIMs only) the duty approver alone. Call records
    /// under CrPC s.94 are limited to 30 days and under the Narcotics Control Act to 60; the Telecommunication Act
    /// reaches telecom data and identity, not criminal files.
    /// </summary>
    public static AuthorisationPolicy Default { get; } = new(
        Version: 1,
        GrantTtl: TimeSpan.FromMinutes(15),
        Approvals:
        [
            new(Category.NidDetails, null, 1, []),
            new(Category.SimRegistrations, null, 1, []),
            new(Category.CallRecords, null, 2, [Supervisor, Legal]),
            new(Category.CriminalRecord, null, 1, []),
            new(Category.NidDetails, Urgency.Emergency, 1, []),
            new(Category.SimRegistrations, Urgency.Emergency, 1, []),
        ],
        LegalBases:
        [
            new(LegalBasis.AntiTerrorismAct, EveryCategory, TimeSpan.FromDays(90)),
            new(LegalBasis.TelecomAct97A, [Category.NidDetails, Category.SimRegistrations, Category.CallRecords], TimeSpan.FromDays(90)),
            new(LegalBasis.CrPc94, EveryCategory, TimeSpan.FromDays(30)),
            new(LegalBasis.CourtOrder, EveryCategory, TimeSpan.FromDays(90)),
            new(LegalBasis.NarcoticsControlAct, EveryCategory, TimeSpan.FromDays(60)),
        ]);

    /// <summary>The rule for one category at one urgency: the urgency's own, else the category's.</summary>
    public ApprovalRule RuleFor(Category category, Urgency urgency)
    {
        // Loops, not LINQ: this runs for every category of every Submit.
        ApprovalRule? general = null;
        foreach (var rule in Approvals)
        {
            if (rule.Category != category)
                continue;
            if (rule.Urgency == urgency)
                return rule;
            if (rule.Urgency is null)
                general ??= rule;
        }
        // Unreachable with a validated policy; fail closed all the same.
        return general ?? throw DomainException.Precondition($"Approval policy version {Version} has no rule for {category}; nothing can be approved.");
    }

    /// <summary>
    /// What a request for <paramref name="categories"/> needs: every category's rule must hold for the same approvals,
    /// so each rank any of them names, and at least the largest quorum (and no fewer approvers than ranks).
    /// The grant lasts the shortest of the categories' grant times.
    /// </summary>
    public ApprovalRequirement RequirementFor(IReadOnlyCollection<Category> categories, Urgency urgency)
    {
        var ranks = new List<string>(2);
        int? quorum = null;
        TimeSpan? grantTtl = null;
        foreach (var category in categories)
        {
            var rule = RuleFor(category, urgency);
            quorum = Math.Max(quorum ?? int.MinValue, rule.Quorum);
            var ttl = rule.GrantTtl ?? GrantTtl;
            grantTtl = grantTtl is { } shortest && shortest <= ttl ? shortest : ttl;
            foreach (var rank in rule.Ranks)
            {
                if (!ranks.Contains(rank))
                    ranks.Add(rank);
            }
        }
        return new ApprovalRequirement(Math.Max(quorum ?? 1, ranks.Count), [.. ranks], grantTtl ?? GrantTtl);
    }

    /// <summary>Refuses, naming the field, a legal basis that does not allow a category or a window longer than it allows.</summary>
    public void EnsureAllows(LegalBasis basis, IReadOnlyList<Category> categories, TimeWindow? cdrWindow)
    {
        var rule = LegalBases.FirstOrDefault(b => b.LegalBasis == basis);
        if (rule is null)
            throw DomainException.Invalid("legal_basis", $"legal_basis {basis} allows no category under approval policy version {Version}.");
        var refused = categories.Where(c => !rule.Categories.Contains(c)).ToArray();
        if (refused.Length > 0)
            throw DomainException.Invalid("legal_basis",
                $"legal_basis {basis} does not allow {string.Join(", ", refused)} under approval policy version {Version}; it allows {string.Join(", ", rule.Categories)}.");
        if (cdrWindow is not null && cdrWindow.Length > rule.MaxCdrWindow)
            throw DomainException.Invalid("cdr_window",
                $"cdr_window may span at most {Days(rule.MaxCdrWindow)} days under legal_basis {basis} (approval policy version {Version}).");
    }

    /// <summary>Every fault of the policy, each naming its entry as configured (Approvals:CallRecords:Quorum, ...); empty when sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Version < 1)
            problems.Add("Version must be a positive integer; raise it with every change.");
        if (GrantTtl <= TimeSpan.Zero || GrantTtl > LongestGrantTtl)
            problems.Add("GrantTtl must be more than 0 and at most 1 day.");
        foreach (var category in EveryCategory.Where(c => !Approvals.Any(r => r.Category == c && r.Urgency is null)))
            problems.Add($"Approvals:{category} is missing: every category needs an approval rule.");
        foreach (var twin in Approvals.GroupBy(r => (r.Category, r.Urgency)).Where(g => g.Count() > 1))
            problems.Add($"{Entry(twin.First())} is given more than once.");
        foreach (var rule in Approvals)
            CheckRule(rule, problems);
        if (LegalBases.Count == 0)
            problems.Add("LegalBases lists no legal basis, so nothing could ever be requested.");
        foreach (var twin in LegalBases.GroupBy(b => b.LegalBasis).Where(g => g.Count() > 1))
            problems.Add($"LegalBases:{twin.Key} is given more than once.");
        foreach (var basis in LegalBases)
        {
            if (basis.Categories.Count == 0)
                problems.Add($"LegalBases:{basis.LegalBasis}:Categories is empty; leave the basis out to allow nothing under it.");
            if (basis.Categories.Distinct().Count() != basis.Categories.Count)
                problems.Add($"LegalBases:{basis.LegalBasis}:Categories repeats a category.");
            if (basis.Categories.Contains(Category.CallRecords) && (basis.MaxCdrWindow < TimeSpan.FromDays(1) || basis.MaxCdrWindow > LongestCdrWindow))
                problems.Add($"LegalBases:{basis.LegalBasis}:MaxCdrWindow must be 1 to {Days(LongestCdrWindow)} days when the basis allows CallRecords.");
        }
        return problems;
    }

    private static void CheckRule(ApprovalRule rule, List<string> problems)
    {
        var entry = Entry(rule);
        if (rule.Quorum is < 1 or > MaxQuorum)
            problems.Add($"{entry}:Quorum must be 1 to {MaxQuorum}.");
        if (rule.Ranks.Count > rule.Quorum)
            problems.Add($"{entry}:Ranks names {rule.Ranks.Count} ranks but Quorum is {rule.Quorum}: each rank needs its own approver.");
        if (rule.Ranks.Distinct(StringComparer.Ordinal).Count() != rule.Ranks.Count)
            problems.Add($"{entry}:Ranks repeats a rank; name each rank once.");
        foreach (var rank in rule.Ranks.Where(r => !IsRank(r)))
            problems.Add($"{entry}:Ranks holds '{Echo.Of(rank)}', which is not a rank (1 to {MaxRankLength} of a-z, 0-9, '-').");
        if (rule.GrantTtl is { } ttl && (ttl <= TimeSpan.Zero || ttl > LongestGrantTtl))
            problems.Add($"{entry}:GrantTtl must be more than 0 and at most 1 day.");
    }

    /// <summary>A rank as tokens carry it: short, lower case, so a policy and a token cannot differ by case or space.</summary>
    public static bool IsRank(string? rank) =>
        !string.IsNullOrEmpty(rank) && rank.Length <= MaxRankLength && rank.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static string Entry(ApprovalRule rule) =>
        rule.Urgency is null ? $"Approvals:{rule.Category}" : $"Approvals:{rule.Category}:Urgency:{rule.Urgency}";

    private static string Days(TimeSpan span) => span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
}
