using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// One limit, decided by one of two algorithms, both smooth (no window resets at midnight or on the hour):
/// <list type="bullet">
/// <item>With a <see cref="Burst"/> (1..Limit): GCRA, a rate. On average <see cref="Limit"/> calls per
/// <see cref="Period"/>, at most <see cref="Burst"/> at once; over any span t at most <c>Burst + t / Interval</c>.</item>
/// <item>Without one (Burst 0), and always for released subjects: a sliding window. At most <see cref="Limit"/> calls
/// (a quota, counted per 24th of the period: <see cref="QuotaWindow"/>) or distinct subjects (exact, one entry per
/// subject) within any <see cref="Period"/>, however they are spread.</item>
/// </list>
/// Times are whole microseconds, so every store computes the same.
/// </summary>
public sealed record LimitRule(
    string Name,
    LimitScope Scope,
    int Limit,
    TimeSpan Period,
    int Burst,
    Category? Category = null,
    LimitMode Mode = LimitMode.Enforce)
{
    public const int MaxNameLength = 64;

    /// <summary>True for a sliding window (a quota or released subjects), false for GCRA (a rate with a burst).</summary>
    public bool IsWindow => CountsReleases || Burst == 0;

    /// <summary>A window that counts calls (not released subjects): a bucketed sliding counter (<see cref="QuotaWindow"/>).</summary>
    public bool IsQuota => IsWindow && !CountsReleases;

    /// <summary>A budget on what releases disclose (distinct subjects or third-party numbers), charged when records are released.</summary>
    public bool CountsReleases => Scope is LimitScope.ReleasedSubjects or LimitScope.OfficerReleasedSubjects
        or LimitScope.ReleasedThirdParties or LimitScope.OfficerReleasedThirdParties;

    /// <summary>A budget on the third-party numbers call records expose, rather than on the subjects released.</summary>
    public bool CountsThirdParties => Scope is LimitScope.ReleasedThirdParties or LimitScope.OfficerReleasedThirdParties;

    /// <summary>Counted for the unit as a whole; otherwise per officer or approver (the counter's holder).</summary>
    public bool IsUnitHeld => Scope is LimitScope.Unit or LimitScope.ReleasedSubjects or LimitScope.ReleasedThirdParties;

    public long PeriodUs => Period.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>GCRA emission interval: the period shared out over the limit, rounded up so the rate is never exceeded.</summary>
    public long IntervalUs => (PeriodUs + Limit - 1) / Limit;

    /// <summary>GCRA tolerance: how far ahead of now the theoretical arrival time may run.</summary>
    public long ToleranceUs => IntervalUs * Burst;

    /// <summary>This rule with another limit (and burst, for a rate), for a temporary override. The algorithm stays the rule's.</summary>
    public LimitRule With(LimitOverride limit) => this with { Limit = limit.Limit, Burst = IsWindow ? 0 : limit.Burst };

    /// <summary>Why this rule cannot be used, or null when it can.</summary>
    public string? Problem()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > MaxNameLength || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            return $"rule name '{Name}' must be 1 to {MaxNameLength} of a-z, 0-9 and '-'";
        if (!Enum.IsDefined(Scope))
            return $"rule {Name}: scope must be one of {string.Join(", ", Enum.GetNames<LimitScope>())}";
        if (!Enum.IsDefined(Mode))
            return $"rule {Name}: mode must be one of {string.Join(", ", Enum.GetNames<LimitMode>())}";
        if (Limit < 1)
            return $"rule {Name}: limit must be at least 1";
        if (Period < TimeSpan.FromMilliseconds(1) || Period > TimeSpan.FromDays(31))
            return $"rule {Name}: period must be from 1 ms to 31 days";
        if (Burst < 0 || Burst > Limit)
            return $"rule {Name}: burst must be from 1 to the limit ({Limit}), or 0 for a sliding window (a quota)";
        if (Category is not null && Scope is not (LimitScope.Officer or LimitScope.Unit))
            return $"rule {Name}: only officer and unit rules can be narrowed to a category";
        return null;
    }
}
