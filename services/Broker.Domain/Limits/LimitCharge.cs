namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// One rule applied to one call: the counter it charges (the rule, and whose: <see cref="Holder"/>, the
/// officer or approver id, or null for the unit itself), whether it is only shadowed, and for a
/// released-subjects rule the members it adds: the subject released, or the third-party numbers a call-records release
/// exposes (a quota counts calls, and takes none). All of a charge's members are admitted together or not at all.
/// </summary>
public sealed record LimitCharge(LimitRule Rule, string? Holder, bool Shadow, IReadOnlyList<string>? Members = null)
{
    /// <summary>The counter's name within its unit: the rule, then the holder if any.</summary>
    public string Counter => Holder is null ? Rule.Name : Rule.Name + "/" + Holder;

    /// <summary>What a window rule adds: the members, never empty (a charge without members is one anonymous call).</summary>
    public IReadOnlyList<string> WindowMembers => Members is { Count: > 0 } members ? members : [""];
}
