using System.ComponentModel.DataAnnotations;
using DataBroker.Broker.Domain.Limits;

namespace DataBroker.Broker.Limits;

/// <summary>
/// Configuration section "Broker:Limits". The rules come pre-filled with <see cref="LimitDefaults"/>; a
/// setting changes one field of one rule (Broker:Limits:Rules:submit-per-officer:Limit=50), and a new
/// name adds a rule. Validated at start.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Broker:Limits";

    /// <summary>False turns every rule off (the records bulkhead stays): for benchmarks and trusted test rigs only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most calls in flight to the records service from this broker; the rest are shed with UNAVAILABLE.</summary>
    [Range(1, 100_000)]
    public int RecordsMaxInFlight { get; set; } = 64;

    public Dictionary<string, LimitRuleOptions> Rules { get; set; } = LimitDefaults.Rules.ToDictionary(
        r => r.Name,
        r => new LimitRuleOptions { Scope = r.Scope, Limit = r.Limit, Period = r.Period, Burst = r.Burst, Category = r.Category, Mode = r.Mode },
        StringComparer.Ordinal);

    /// <summary>The rules as the domain uses them (none when disabled).</summary>
    public IReadOnlyList<LimitRule> ToRules() => Enabled
        ? [.. Rules.Select(p => new LimitRule(p.Key, p.Value.Scope, p.Value.Limit, p.Value.Period,
            p.Value.Burst, p.Value.Category, p.Value.Mode))]
        : [];
}
