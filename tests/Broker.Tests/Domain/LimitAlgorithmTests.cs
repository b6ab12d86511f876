using CsCheck;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Broker.Tests.Domain;

/// <summary>
/// The limiter's algorithms against simple models, on random rules and random call timings driven
/// through an injected clock (<see cref="FakeTimeProvider"/>).
/// </summary>
public sealed class LimitAlgorithmTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static readonly Gen<LimitRule> Rules =
        from limit in Gen.Int[1, 40]
        from periodMs in Gen.Int[1, 20_000]
        from burst in Gen.Int[1, limit]
        select new LimitRule("r", LimitScope.Officer, limit, TimeSpan.FromMilliseconds(periodMs), burst);

    /// <summary>Gaps between calls, as fractions of an emission interval (so both bursts and idle spells occur).</summary>
    private static readonly Gen<double[]> Gaps = Gen.Double[0, 3].Array[1, 120];

    [Fact]
    public void Gcra_decides_exactly_as_a_token_bucket_holding_microseconds_of_credit()
    {
        Gen.Select(Rules, Gaps).Sample((rule, gaps) =>
        {
            var clock = new FakeTimeProvider(Start);
            long tat = 0;
            var credit = rule.ToleranceUs;       // the model: full at first, refills 1 us per us, each call costs one interval
            var last = LimitTime.ToUs(clock.GetUtcNow());
            foreach (var gap in gaps)
            {
                clock.Advance(TimeSpan.FromMicroseconds(Math.Round(gap * rule.IntervalUs)));
                var now = LimitTime.ToUs(clock.GetUtcNow());
                credit = Math.Min(rule.ToleranceUs, credit + (now - last));
                last = now;

                var (decision, newTat) = Gcra.Decide(tat, now, rule.IntervalUs, rule.ToleranceUs);

                var modelAllows = credit >= rule.IntervalUs;
                Assert.Equal(modelAllows, decision.Allowed);
                if (modelAllows)
                {
                    credit -= rule.IntervalUs;
                    Assert.Equal(credit / rule.IntervalUs, decision.Remaining);
                }
                else
                {
                    Assert.Equal(tat, newTat);
                    Assert.Equal(rule.IntervalUs - credit, decision.RetryAfterUs);
                }
                tat = newTat;
                Assert.Equal(decision.Allowed ? decision.Remaining : 0, Gcra.Remaining(tat, now, rule.IntervalUs, rule.ToleranceUs));
            }
        }, iter: 500);
    }

    [Fact]
    public void Gcra_never_admits_more_than_the_burst_plus_the_rate_over_any_span()
    {
        Gen.Select(Rules, Gaps).Sample((rule, gaps) =>
        {
            var clock = new FakeTimeProvider(Start);
            long tat = 0;
            var admitted = new List<long>();
            foreach (var gap in gaps)
            {
                clock.Advance(TimeSpan.FromMicroseconds(Math.Round(gap * rule.IntervalUs)));
                var now = LimitTime.ToUs(clock.GetUtcNow());
                (var decision, tat) = Gcra.Decide(tat, now, rule.IntervalUs, rule.ToleranceUs);
                if (decision.Allowed)
                    admitted.Add(now);
            }
            for (var i = 0; i < admitted.Count; i++)
            {
                for (var j = i; j < admitted.Count; j++)
                    Assert.True(j - i + 1 <= rule.Burst + (admitted[j] - admitted[i]) / rule.IntervalUs);
            }
            // And a full period never admits more than the limit plus the burst (a fixed window allows twice the limit).
            Assert.True(admitted.Count(t => t - admitted[0] < rule.PeriodUs) <= rule.Limit + rule.Burst);
        }, iter: 300);
    }

    [Fact]
    public void An_idle_counter_regains_its_whole_burst_after_one_tolerance()
    {
        Rules.Sample(rule =>
        {
            var now = LimitTime.ToUs(Start);
            long tat = 0;
            for (var i = 0; i < rule.Burst; i++)
            {
                (var decision, tat) = Gcra.Decide(tat, now, rule.IntervalUs, rule.ToleranceUs);
                Assert.True(decision.Allowed);
            }
            Assert.False(Gcra.Decide(tat, now, rule.IntervalUs, rule.ToleranceUs).Decision.Allowed);
            Assert.Equal(rule.Burst, Gcra.Remaining(tat, now + rule.ToleranceUs, rule.IntervalUs, rule.ToleranceUs));
        });
    }

    [Fact]
    public void Rescaling_keeps_the_calls_used_when_the_rate_changes()
    {
        Gen.Select(Rules, Gen.Int[1, 40]).Sample((rule, newLimit) =>
        {
            var now = LimitTime.ToUs(Start);
            var used = Math.Min(rule.Burst, newLimit);
            long tat = 0;
            for (var i = 0; i < used; i++)
                tat = Gcra.Decide(tat, now, rule.IntervalUs, rule.ToleranceUs).NewTatUs;
            var raised = rule with { Limit = newLimit, Burst = newLimit };

            var rescaled = Gcra.Rescale(tat, now, rule.IntervalUs, raised.IntervalUs);

            Assert.Equal(newLimit - used, Gcra.Remaining(rescaled, now, raised.IntervalUs, raised.ToleranceUs));
        });
    }

    [Fact]
    public void A_quota_never_admits_more_than_its_limit_in_any_period_and_frees_a_call_when_its_bucket_has_left()
    {
        var gen = Gen.Select(Gen.Int[1, 8], Gen.Int[24, 5_000], Gen.Int[0, 600].Array[1, 120]);
        gen.Sample((limit, periodMs, gapsMs) =>
        {
            var clock = new FakeTimeProvider(Start);
            var period = periodMs * 1000L;
            var bucket = QuotaWindow.BucketUs(period);
            var log = new List<long>();                                  // the model: every admitted call, never trimmed
            var buckets = new Dictionary<long, long>();
            foreach (var gap in gapsMs)
            {
                clock.Advance(TimeSpan.FromMilliseconds(gap));
                var now = LimitTime.ToUs(clock.GetUtcNow());

                var decision = QuotaWindow.Decide(buckets, now, period, limit);

                // What it counts: every call made from the start of the bucket the period ending now starts in.
                var counted = log.Where(at => at / bucket >= (now - period) / bucket).Order().ToArray();
                Assert.Equal(counted.Length < limit, decision.Allowed);
                if (decision.Allowed)
                {
                    Assert.Equal(limit - counted.Length - 1, decision.Remaining);
                    log.Add(now);
                    buckets[now / bucket] = buckets.GetValueOrDefault(now / bucket) + 1;
                }
                else
                {
                    // Room once the bucket of the (counted - limit + 1)th oldest call has wholly left the period.
                    var freeing = counted[counted.Length - limit];
                    Assert.Equal((freeing / bucket + 1) * bucket + period - now, decision.RetryAfterUs);
                    Assert.InRange(decision.RetryAfterUs, 1, period + bucket);
                }
                // Strict: no period ending at any admitted call holds more than the limit.
                Assert.True(log.Count(at => at > now - period) <= limit);
            }
        }, iter: 300);
    }

    [Fact]
    public void Distinct_window_admits_as_a_log_of_every_release_would()
    {
        // A call adds one member (a subject) or several at once (the third parties of a call-records release).
        var gen = Gen.Select(Gen.Int[1, 6], Gen.Int[10, 5_000], Gen.Select(Gen.Int[0, 9].Array[1, 4], Gen.Int[0, 2_000]).Array[1, 80]);
        gen.Sample((limit, windowMs, calls) =>
        {
            var clock = new FakeTimeProvider(Start);
            var window = windowMs * 1000L;
            var log = new List<(string Member, long At)>();           // the model: every admission, never trimmed
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (subjects, gapMs) in calls)
            {
                clock.Advance(TimeSpan.FromMilliseconds(gapMs));
                var now = LimitTime.ToUs(clock.GetUtcNow());
                string[] members = [.. subjects.Select(s => "NID:" + s)];
                foreach (var stale in seen.Where(p => p.Value <= DistinctWindow.WindowStart(now, window)).Select(p => p.Key).ToArray())
                    seen.Remove(stale);

                var decision = DistinctWindow.Decide(seen, members, now, window, limit);

                var lastSeen = log.Where(e => e.At > now - window).GroupBy(e => e.Member).ToDictionary(g => g.Key, g => g.Max(e => e.At));
                var fresh = members.Distinct().Count(m => !lastSeen.ContainsKey(m));
                Assert.Equal(fresh == 0 || lastSeen.Count + fresh <= limit, decision.Allowed);
                if (decision.Allowed)
                {
                    foreach (var member in members)
                    {
                        log.Add((member, now));
                        seen[member] = now;
                    }
                }
                else if (fresh > limit)
                {
                    Assert.Equal(window, decision.RetryAfterUs);
                }
                else
                {
                    // Room for all of them once enough of the oldest have left.
                    var freeAt = lastSeen.Values.Order().ElementAt(lastSeen.Count + fresh - limit - 1) + window;
                    Assert.Equal(freeAt - now, decision.RetryAfterUs);
                }
                Assert.True(log.Where(e => e.At > now - window).Select(e => e.Member).Distinct().Count() <= limit);
            }
        }, iter: 300);
    }

    [Fact]
    public void A_plan_one_enforced_rule_refuses_changes_no_counter_while_shadowed_rules_never_refuse()
    {
        var gen = Gen.Select(Rules.Array[1, 3], Gen.Bool.Array[3], Gaps);
        gen.Sample((rules, shadows, gaps) =>
        {
            var clock = new FakeTimeProvider(Start);
            var counters = new DictionaryCounters();
            var plan = new LimitPlan([.. rules.Select((r, i) => new LimitCharge(r with { Name = "r" + i }, "officer-1", shadows[i]))]);
            foreach (var gap in gaps)
            {
                clock.Advance(TimeSpan.FromMilliseconds(gap * 100));
                var before = counters.Snapshot();

                var outcomes = plan.Evaluate(counters, LimitTime.ToUs(clock.GetUtcNow()));

                var refused = outcomes.Any(o => o.Verdict == LimitVerdict.Limited);
                Assert.Equal(refused, outcomes.Select((o, i) => o.Verdict == LimitVerdict.Limited && !shadows[i]).Any(x => x));
                Assert.DoesNotContain(outcomes.Where((o, i) => shadows[i]), o => o.Verdict == LimitVerdict.Limited);
                if (refused)
                    Assert.Equal(before, counters.Snapshot());
            }
        }, iter: 300);
    }

    [Fact]
    public void A_refusal_names_the_rule_that_frees_up_last()
    {
        var plan = new LimitPlan([
            new LimitCharge(new LimitRule("soon", LimitScope.Officer, 1, TimeSpan.FromMinutes(1), 1), "o", false),
            new LimitCharge(new LimitRule("later", LimitScope.Unit, 1, TimeSpan.FromHours(1), 1), null, false)]);

        var error = Assert.Throws<DomainException>(() => plan.Conclude([
            new LimitOutcome("soon", LimitVerdict.Limited, 30_000_000),
            new LimitOutcome("later", LimitVerdict.Limited, 1_800_000_000)]));

        Assert.Equal(DomainErrorKind.ResourceExhausted, error.Kind);
        Assert.Equal("later", error.Rule);
        Assert.Equal(TimeSpan.FromMinutes(30), error.RetryAfter);
        Assert.Contains("later", error.Message, StringComparison.Ordinal);
    }

    private sealed class DictionaryCounters : ILimitCounters
    {
        private readonly Dictionary<string, (long, long)> _tats = new(StringComparer.Ordinal);

        public (long TatUs, long IntervalUs) Tat(string counter) => _tats.GetValueOrDefault(counter);

        public void SetTat(string counter, long tatUs, long intervalUs) => _tats[counter] = (tatUs, intervalUs);

        public IReadOnlyDictionary<string, long> Members(string counter, long windowStartUs) => new Dictionary<string, long>();

        public void AddMember(string counter, string member, long nowUs, long windowUs) { }

        public IReadOnlyDictionary<long, long> Buckets(string counter, long firstBucket) => new Dictionary<long, long>();

        public void CountCall(string counter, long bucket) { }

        public LimitOverride? OverrideOf(string counter, long nowUs) => null;

        public string Snapshot() => string.Join(";", _tats.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }
}
