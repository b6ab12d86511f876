using System.Globalization;
using DataBroker.Broker.Domain.Policy;

namespace DataBroker.Broker.Tests.Support;

/// <summary>An approval policy as the "Broker:Policy" configuration keys a deployment would write, for a suite broker.</summary>
public static class PolicySettings
{
    public static Dictionary<string, string?> Of(AuthorisationPolicy policy)
    {
        const string Section = "Broker:Policy";
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [$"{Section}:Version"] = policy.Version.ToString(CultureInfo.InvariantCulture),
            [$"{Section}:GrantTtl"] = policy.GrantTtl.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var rule in policy.Approvals)
        {
            var key = rule.Urgency is null ? $"{Section}:Approvals:{rule.Category}" : $"{Section}:Approvals:{rule.Category}:Urgency:{rule.Urgency}";
            settings[$"{key}:Quorum"] = rule.Quorum.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < rule.Ranks.Count; i++)
                settings[$"{key}:Ranks:{i}"] = rule.Ranks[i];
            if (rule.GrantTtl is { } ttl)
                settings[$"{key}:GrantTtl"] = ttl.ToString("c", CultureInfo.InvariantCulture);
        }
        foreach (var basis in policy.LegalBases)
        {
            var key = $"{Section}:LegalBases:{basis.LegalBasis}";
            for (var i = 0; i < basis.Categories.Count; i++)
                settings[$"{key}:Categories:{i}"] = basis.Categories[i].ToString();
            settings[$"{key}:MaxCdrWindow"] = basis.MaxCdrWindow.ToString("c", CultureInfo.InvariantCulture);
        }
        return settings;
    }
}
