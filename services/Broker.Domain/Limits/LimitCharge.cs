namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// One rule applied to one call: the counter it charges (the rule, and whose: <see cref="Holder"/>, the
/// officer or approver id, or null for the unit itself), whether it is only shadowed, and for a
/// window rule the member it adds: the subject released, or a fresh id per call for a quota.
/// </summary>
public sealed record LimitCharge(LimitRule Rule, string? Holder, bool Shadow, string? Member = null)
{
    /// <summary>The counter's name within its unit: the rule, then the holder if any.</summary>
    public string Counter => Holder is null ? Rule.Name : Rule.Name + "/" + Holder;
}
