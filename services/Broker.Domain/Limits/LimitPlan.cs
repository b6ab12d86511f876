namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// The limits one call must pass, handed to the store so it decides them in the same atomic step as
/// the change (after the idempotency or version check, before any write). All or nothing: a call one
/// enforced rule refuses consumes no rule's allowance.
/// </summary>
public sealed class LimitPlan(IReadOnlyList<LimitCharge> charges, ILimitObserver? observer = null)
{
    public static LimitPlan None { get; } = new([]);

    public IReadOnlyList<LimitCharge> Charges => charges;

    public bool IsEmpty => charges.Count == 0;

    /// <summary>
    /// Reports the outcomes (of a refused call, only the refusals), then throws <see cref="DomainErrorKind.ResourceExhausted"/> naming the refusing
    /// rule that frees up last (the call cannot pass before then) if any refused.
    /// </summary>
    public void Conclude(IReadOnlyList<LimitOutcome> outcomes)
    {
        if (outcomes.Count == 0)
            return;
        LimitOutcome? refusing = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Verdict == LimitVerdict.Limited && (refusing is null || outcome.RetryAfterUs > refusing.RetryAfterUs))
                refusing = outcome;
        }
        // A refused call passed no rule: report only the refusals, not admissions that never happened.
        observer?.Observe(refusing is null ? outcomes : [.. outcomes.Where(o => o.Verdict == LimitVerdict.Limited)]);
        if (refusing is not null)
            throw DomainException.Limited(refusing.Rule, TimeSpan.FromMicroseconds(refusing.RetryAfterUs));
    }

    /// <summary>
    /// Decides every charge against state read through <paramref name="counters"/>, writing back only when
    /// the call is admitted. For stores that hold their counters in process; the Redis scripts do the same.
    /// </summary>
    public IReadOnlyList<LimitOutcome> Evaluate(ILimitCounters counters, long nowUs)
    {
        var outcomes = new LimitOutcome[charges.Count];
        var writes = new List<Action>(charges.Count);
        var refused = false;
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            var rule = counters.OverrideOf(charge.Counter, nowUs) is { } o ? charge.Rule.With(o) : charge.Rule;
            LimitDecision decision;
            long capacity;
            if (rule.IsWindow)
            {
                var seen = counters.Members(charge.Counter, DistinctWindow.WindowStart(nowUs, rule.PeriodUs));
                decision = DistinctWindow.Decide(seen, charge.Member ?? "", nowUs, rule.PeriodUs, rule.Limit);
                capacity = rule.Limit;
                if (decision.Allowed)
                    writes.Add(() => counters.AddMember(charge.Counter, charge.Member ?? "", nowUs, rule.PeriodUs));
            }
            else
            {
                var (stored, storedInterval) = counters.Tat(charge.Counter);
                (decision, var tat) = Gcra.Decide(Gcra.Rescale(stored, nowUs, storedInterval, rule.IntervalUs), nowUs, rule.IntervalUs, rule.ToleranceUs);
                capacity = rule.Burst;
                if (decision.Allowed)
                    writes.Add(() => counters.SetTat(charge.Counter, tat, rule.IntervalUs));
            }
            outcomes[i] = Verdict(charge, decision, capacity);
            refused |= outcomes[i].Verdict == LimitVerdict.Limited;
        }
        if (!refused)
        {
            foreach (var write in writes)
                write();
        }
        return outcomes;
    }

    /// <summary>The one mapping from a rule's decision to what is reported, shared by every store.</summary>
    public static LimitOutcome Verdict(LimitCharge charge, LimitDecision decision, long capacity) =>
        new(charge.Rule.Name, decision switch
        {
            { Allowed: false } when charge.Shadow => LimitVerdict.ShadowWouldLimit,
            { Allowed: false } => LimitVerdict.Limited,
            _ when decision.Near(capacity) => LimitVerdict.NearLimit,
            _ => LimitVerdict.Admitted,
        }, decision.Allowed ? 0 : decision.RetryAfterUs);
}
