using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Limits;

/// <summary>One rule in configuration; see <see cref="LimitRule"/> for what each field means.</summary>
public sealed class LimitRuleOptions
{
    public LimitScope Scope { get; set; } = LimitScope.Officer;

    public int Limit { get; set; }

    public TimeSpan Period { get; set; }

    /// <summary>Most calls at once (1..Limit) for a rate decided by GCRA; unset or 0 for an exact sliding-window quota.</summary>
    public int Burst { get; set; }

    /// <summary>For officer and unit rules: count only requests asking for this category.</summary>
    public Category? Category { get; set; }

    public LimitMode Mode { get; set; } = LimitMode.Enforce;
}
