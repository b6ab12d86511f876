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
        var refusing = Refusing(outcomes);
        // A refused call passed no rule: report only the refusals, not admissions that never happened.
        observer?.Observe(refusing is null ? outcomes : [.. outcomes.Where(o => o.Verdict == LimitVerdict.Limited)]);
        ThrowIf(refusing);
    }

    /// <summary>
    /// For an early look (before costly work), nothing charged: throws as <see cref="Conclude"/> would, reports
    /// nothing (the commit that follows decides and reports).
    /// </summary>
    public static void Preview(IReadOnlyList<LimitOutcome> outcomes) => ThrowIf(Refusing(outcomes));

    private static LimitOutcome? Refusing(IReadOnlyList<LimitOutcome> outcomes)
    {
        LimitOutcome? refusing = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Verdict == LimitVerdict.Limited && (refusing is null || outcome.RetryAfterUs > refusing.RetryAfterUs))
                refusing = outcome;
        }
        return refusing;
    }

    private static void ThrowIf(LimitOutcome? refusing)
    {
        if (refusing is not null)
            throw DomainException.Limited(refusing.Rule, TimeSpan.FromMicroseconds(refusing.RetryAfterUs));
    }

    /// <summary>
    /// Decides every charge against state read through <paramref name="counters"/>, writing back only when
    /// the call is admitted (and <paramref name="charge"/> is set). For stores that hold their counters in
    /// process; the Redis scripts do the same.
    /// </summary>
    public IReadOnlyList<LimitOutcome> Evaluate(ILimitCounters counters, long nowUs, bool charge = true)
    {
        var outcomes = new LimitOutcome[charges.Count];
        var writes = new List<Action>(charges.Count);
        var refused = false;
        for (var i = 0; i < charges.Count; i++)
        {
            var item = charges[i];
            var rule = counters.OverrideOf(item.Counter, nowUs) is { } o ? item.Rule.With(o) : item.Rule;
            LimitDecision decision;
            long capacity;
            if (rule.IsQuota)
            {
                var buckets = counters.Buckets(item.Counter, QuotaWindow.FirstBucket(nowUs, rule.PeriodUs));
                decision = QuotaWindow.Decide(buckets, nowUs, rule.PeriodUs, rule.Limit);
                capacity = rule.Limit;
                if (decision.Allowed)
                    writes.Add(() => counters.CountCall(item.Counter, QuotaWindow.BucketOf(nowUs, rule.PeriodUs)));
            }
            else if (rule.IsWindow)
            {
                var seen = counters.Members(item.Counter, DistinctWindow.WindowStart(nowUs, rule.PeriodUs));
                var members = item.WindowMembers;
                decision = DistinctWindow.Decide(seen, members, nowUs, rule.PeriodUs, rule.Limit);
                capacity = rule.Limit;
                if (decision.Allowed)
                {
                    writes.Add(() =>
                    {
                        foreach (var member in members)
                            counters.AddMember(item.Counter, member, nowUs, rule.PeriodUs);
                    });
                }
            }
            else
            {
                var (stored, storedInterval) = counters.Tat(item.Counter);
                (decision, var tat) = Gcra.Decide(Gcra.Rescale(stored, nowUs, storedInterval, rule.IntervalUs), nowUs, rule.IntervalUs, rule.ToleranceUs);
                capacity = rule.Burst;
                if (decision.Allowed)
                    writes.Add(() => counters.SetTat(item.Counter, tat, rule.IntervalUs));
            }
            outcomes[i] = Verdict(item, decision, capacity);
            refused |= outcomes[i].Verdict == LimitVerdict.Limited;
        }
        if (!refused && charge)
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
