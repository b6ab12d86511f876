using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Hosting;

/// <summary>
/// Configuration section "Broker:Policy": the approval policy as data (docs/policy.md). Absent, the agency's shipped
/// policy (<see cref="AuthorisationPolicy.Default"/>) is in force; present, it is the whole policy, every category
/// given, and checked at start: a bad entry stops the broker with a message naming it.
/// </summary>
public sealed class PolicyOptions
{
    public const string Section = "Broker:Policy";

    /// <summary>A positive integer, raised with every change.</summary>
    public int Version { get; set; }

    public TimeSpan? GrantTtl { get; set; }

    /// <summary>By category name (NidDetails, SimRegistrations, CallRecords, CriminalRecord).</summary>
    public Dictionary<string, ApprovalRuleOptions> Approvals { get; set; } = [];

    /// <summary>By legal basis name (AntiTerrorismAct, TelecomAct97A, CrPc94, CourtOrder, NarcoticsControlAct).</summary>
    public Dictionary<string, LegalBasisOptions> LegalBases { get; set; } = [];

    public bool IsConfigured => Version != 0 || GrantTtl is not null || Approvals.Count > 0 || LegalBases.Count > 0;

    /// <summary>The policy in force; every fault goes to <paramref name="failures"/>, naming its configuration key.</summary>
    public AuthorisationPolicy Build(List<string> failures)
    {
        if (!IsConfigured)
            return AuthorisationPolicy.Default;
        var approvals = new List<ApprovalRule>();
        foreach (var (name, rule) in Approvals)
        {
            if (!TryParse<Category>(name, $"{Section}:Approvals:{name}", failures, out var category))
                continue;
            approvals.Add(new ApprovalRule(category, null, rule.Quorum, rule.Ranks, rule.GrantTtl));
            foreach (var (urgencyName, byUrgency) in rule.Urgency)
            {
                var key = $"{Section}:Approvals:{name}:Urgency:{urgencyName}";
                if (!TryParse<Urgency>(urgencyName, key, failures, out var urgency))
                    continue;
                if (byUrgency.Urgency.Count > 0)
                    failures.Add($"{key}:Urgency: an urgency's rule cannot have urgencies of its own.");
                approvals.Add(new ApprovalRule(category, urgency, byUrgency.Quorum, byUrgency.Ranks, byUrgency.GrantTtl));
            }
        }
        var bases = new List<LegalBasisRule>();
        foreach (var (name, basis) in LegalBases)
        {
            var key = $"{Section}:LegalBases:{name}";
            if (!TryParse<LegalBasis>(name, key, failures, out var legalBasis))
                continue;
            var categories = new List<Category>();
            foreach (var categoryName in basis.Categories)
            {
                if (TryParse<Category>(categoryName, $"{key}:Categories ('{categoryName}')", failures, out var category))
                    categories.Add(category);
            }
            bases.Add(new LegalBasisRule(legalBasis, categories, basis.MaxCdrWindow));
        }
        var policy = new AuthorisationPolicy(Version, GrantTtl ?? AuthorisationPolicy.Default.GrantTtl, approvals, bases);
        failures.AddRange(policy.Problems().Select(problem => $"{Section}:{problem}"));
        return policy;
    }

    private static bool TryParse<T>(string name, string key, List<string> failures, out T value) where T : struct, Enum
    {
        // Names only: a number would parse as any value, defined or not.
        if (Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsAsciiDigit(name.TrimStart('-')[0]))
            return true;
        failures.Add($"{key}: '{name}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
        return false;
    }

    /// <summary>Who must approve one category (or, under Urgency, one category at one urgency).</summary>
    public sealed class ApprovalRuleOptions
    {
        public int Quorum { get; set; }

        public List<string> Ranks { get; set; } = [];

        public TimeSpan? GrantTtl { get; set; }

        /// <summary>By urgency name (Routine, Priority, Emergency): the rule for that urgency instead.</summary>
        public Dictionary<string, ApprovalRuleOptions> Urgency { get; set; } = [];
    }

    /// <summary>What one law allows.</summary>
    public sealed class LegalBasisOptions
    {
        public List<string> Categories { get; set; } = [];

        public TimeSpan MaxCdrWindow { get; set; }
    }
}
