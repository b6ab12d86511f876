using System.Collections.Concurrent;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// What every store promises about limits decided with its changes; run against each implementation.
/// Time is real (Redis decides on its own clock), so windows are short and waits bounded.
/// </summary>
public abstract class LimitStoreContract
{
    protected RequestFactory Requests { get; } = new();

    protected RecordingObserver Observer { get; } = new();

    protected abstract IRequestStore Store { get; }

    protected abstract ILimitAdminStore Admin { get; }

    protected abstract IShadowModes Shadows { get; }

    protected abstract Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit);

    [Fact]
    public async Task Concurrent_submits_over_a_limit_admit_exactly_the_limit_and_audit_only_those()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("unit-5", LimitScope.Unit, 5, TimeSpan.FromHours(1), 5));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => TrySubmitAsync(policy, Requests.New(unit, $"officer-{i}"))));

        Assert.Equal(5, attempts.Count(a => a is null));
        Assert.All(attempts.Where(a => a is not null), e =>
        {
            Assert.Equal(DomainErrorKind.ResourceExhausted, e!.Kind);
            Assert.Equal("unit-5", e.Rule);
            Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(12));
        });
        Assert.Equal(5, (await AuditOfAsync(unit).DefaultTimeout()).Count);
    }

    [Fact]
    public async Task A_replay_of_an_admitted_submit_is_answered_and_consumes_nothing()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("one-per-officer", LimitScope.Officer, 1, TimeSpan.FromHours(1), 1));
        var first = Requests.New(unit, idempotencyKey: "k1");
        Assert.Null(await TrySubmitAsync(policy, first));

        var replay = await Store.SubmitAsync(Requests.New(unit, idempotencyKey: "k1"), Requests.Audit(first),
            await policy.ForSubmitAsync(first, default), default).DefaultTimeout();

        Assert.True(replay.Replayed);
        Assert.Equal(first.Id, replay.Request.Id);
        var reading = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf("officer-1"), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(0, reading.Remaining);
        Assert.Equal("one-per-officer", (await TrySubmitAsync(policy, Requests.New(unit)))?.Rule);
    }

    [Fact]
    public async Task A_call_one_rule_refuses_consumes_no_other_rule()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(
            new LimitRule("per-officer", LimitScope.Officer, 10, TimeSpan.FromHours(1), 10),
            new LimitRule("per-unit", LimitScope.Unit, 2, TimeSpan.FromHours(1), 2));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit, "officer-1")));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit, "officer-1")));

        var refused = await TrySubmitAsync(policy, Requests.New(unit, "officer-2"));

        Assert.Equal("per-unit", refused?.Rule);
        var officer2 = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf("officer-2"), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(10, officer2.Remaining);
        var officer1 = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf("officer-1"), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(8, officer1.Remaining);
        Assert.Contains(Observer.Seen, o => o.Rule == "per-unit" && o.Verdict == LimitVerdict.Limited);
    }

    [Fact]
    public async Task A_category_rule_counts_only_requests_for_its_category()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("cdr-per-officer", LimitScope.Officer, 1, TimeSpan.FromHours(1), 1, Category.CallRecords));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit, callRecords: true)));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Equal("cdr-per-officer", (await TrySubmitAsync(policy, Requests.New(unit, callRecords: true)))?.Rule);
    }

    [Fact]
    public async Task The_allowance_returns_as_the_period_moves_on()
    {
        // 3 per 3 s: one call earned back each second, slack enough for a loaded machine between calls.
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("three-per-period", LimitScope.Unit, 3, TimeSpan.FromSeconds(3), 3));
        for (var i = 0; i < 3; i++)
            Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        var refused = await TrySubmitAsync(policy, Requests.New(unit));
        Assert.NotNull(refused);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        await Task.Delay(TimeSpan.FromSeconds(3.1));

        for (var i = 0; i < 3; i++)
            Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.NotNull(await TrySubmitAsync(policy, Requests.New(unit)));
    }

    [Fact]
    public async Task A_quota_admits_at_most_its_limit_within_any_period_and_frees_as_the_oldest_call_leaves()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("three-per-window", LimitScope.Unit, 3, TimeSpan.FromSeconds(3), 0));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        // Two seconds between the oldest call and the next two: the last check below needs those two still in the window
        // when it runs, which leaves it ~1.9 s of slack on a loaded CI machine (with one second it had ~0.9 s, and failed once).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        var refused = await TrySubmitAsync(policy, Requests.New(unit));
        Assert.Equal("three-per-window", refused?.Rule);
        // The oldest call leaves the window 3 s after the end of its bucket (125 ms, a 24th of the period), made two
        // seconds or more ago (timers may fire a few ms early).
        Assert.InRange(refused!.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1100 + 125));

        await Task.Delay(refused.RetryAfter.Value + TimeSpan.FromMilliseconds(100));

        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.NotNull(await TrySubmitAsync(policy, Requests.New(unit)));
    }

    [Fact]
    public async Task A_quotas_reading_counts_its_calls_and_is_full_again_when_its_newest_calls_bucket_has_left()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("five-per-hour", LimitScope.Unit, 5, TimeSpan.FromHours(1), 0));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));

        var reading = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf(null), UsageAudit(unit), default).DefaultTimeout());

        Assert.Equal(3, reading.Remaining);
        // The newest call's bucket (2.5 min, a 24th of the hour) ends within 2.5 min; an hour after that it has left.
        Assert.InRange(reading.FullIn, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2.5));
    }

    [Fact]
    public async Task Released_subjects_count_each_subject_once_within_the_window()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("subjects", LimitScope.ReleasedSubjects, 2, TimeSpan.FromHours(1), 0));

        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001"));
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001"));
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000002"));
        var refused = await TryReleaseAsync(policy, unit, "5550000003");
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000002"));

        Assert.Equal("subjects", refused?.Rule);
        Assert.InRange(refused!.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        var reading = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf(null), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(0, reading.Remaining);
    }

    [Fact]
    public async Task Third_party_numbers_are_admitted_together_or_not_at_all_and_repeats_are_free()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("callees", LimitScope.ReleasedThirdParties, 5, TimeSpan.FromHours(1), 0));

        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001", thirdParties: ["8801710000001", "8801710000002", "8801710000003"]));
        // Three new numbers would make 6 of 5: none of them is admitted, and the release is refused.
        var refused = await TryReleaseAsync(policy, unit, "5550000002", thirdParties: ["8801710000003", "8801710000004", "8801710000005", "8801710000006"]);
        // Two of these are already counted: two new make 5 of 5.
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000003", thirdParties: ["8801710000001", "8801710000002", "8801710000004", "8801710000005"]));
        // Numbers already in the window cost nothing more.
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000004", thirdParties: ["8801710000003", "8801710000005"]));

        Assert.Equal("callees", refused?.Rule);
        Assert.InRange(refused!.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        var reading = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf(null), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(0, reading.Remaining);
    }

    [Fact]
    public async Task A_release_exposing_more_numbers_than_a_whole_window_allows_is_refused_and_counts_nothing()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("callees", LimitScope.OfficerReleasedThirdParties, 1000, TimeSpan.FromDays(7), 0));
        string[] bulk = [.. Enumerable.Range(0, 2500).Select(i => "88017" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))];

        var refused = await TryReleaseAsync(policy, unit, "5550000001", thirdParties: bulk);
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000002", thirdParties: bulk[..1000]));

        Assert.Equal("callees", refused?.Rule);
        Assert.Equal(TimeSpan.FromDays(7), refused!.RetryAfter);
        var reading = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf("officer-1"), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(0, reading.Remaining);
    }

    [Fact]
    public async Task An_officers_weekly_citizens_budget_is_the_officers_own_and_the_units_budget_counts_them_all()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(
            new LimitRule("officer-citizens", LimitScope.OfficerReleasedSubjects, 2, TimeSpan.FromDays(7), 0),
            new LimitRule("unit-citizens", LimitScope.ReleasedSubjects, 3, TimeSpan.FromDays(7), 0));

        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001", "officer-a"));
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000002", "officer-a"));
        var officerOver = await TryReleaseAsync(policy, unit, "5550000003", "officer-a");
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001", "officer-a"));
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000003", "officer-b"));
        var unitOver = await TryReleaseAsync(policy, unit, "5550000004", "officer-b");

        Assert.Equal("officer-citizens", officerOver?.Rule);
        Assert.Equal("unit-citizens", unitOver?.Rule);
        var officerB = Assert.Single(await Admin.ReadAsync(unit, policy.CountersOf("officer-b"), UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(1, officerB.Remaining);
    }

    [Fact]
    public async Task A_preview_refuses_what_the_commit_would_and_charges_nothing()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("subjects", LimitScope.ReleasedSubjects, 1, TimeSpan.FromHours(1), 0));
        var first = Requests.New(unit, subject: new Subject(SubjectKind.Nid, "5550000001"));
        var second = Requests.New(unit, subject: new Subject(SubjectKind.Nid, "5550000002"));

        await Store.PreviewLimitsAsync(unit, await policy.ForReleaseAsync(first, default), default).DefaultTimeout();
        await Store.PreviewLimitsAsync(unit, await policy.ForReleaseAsync(second, default), default).DefaultTimeout();
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001"));

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            Store.PreviewLimitsAsync(unit, policy.ForReleaseAsync(second, default).AsTask().Result, default).DefaultTimeout());
        Assert.Equal("subjects", refused.Rule);
        await Store.PreviewLimitsAsync(unit, await policy.ForReleaseAsync(first, default), default).DefaultTimeout();
        Assert.DoesNotContain(Observer.Seen, o => o.Verdict == LimitVerdict.Limited);
    }

    [Fact]
    public async Task A_read_with_a_preview_hands_back_the_request_as_stored_and_refuses_only_when_asked()
    {
        var (unit, policy, second) = await SecondSubjectOverABudgetOfOneAsync();

        var read = await Store.GetPreviewingAsync(unit, second.Id, await policy.ForReleaseAsync(second, default), default).DefaultTimeout();
        RequestAssert.Same(second, read.Request);
        var refused = await Assert.ThrowsAsync<DomainException>(read.PreviewLimitsAsync);
        Assert.Equal("subjects", refused.Rule);

        var unknown = Requests.New(unit, subject: new Subject(SubjectKind.Nid, "5550000001"));
        var none = await Store.GetPreviewingAsync(unit, unknown.Id, await policy.ForReleaseAsync(unknown, default), default).DefaultTimeout();
        Assert.Null(none.Request);
        await none.PreviewLimitsAsync().DefaultTimeout();
        Assert.DoesNotContain(Observer.Seen, o => o.Verdict == LimitVerdict.Limited);
    }

    [Fact]
    public async Task A_refused_update_writes_nothing_and_the_request_stays_as_it_was()
    {
        var (unit, policy, request) = await SecondSubjectOverABudgetOfOneAsync();
        var before = (await AuditOfAsync(unit).DefaultTimeout()).Count;

        var cancelled = Requests.Cancel(request);
        var error = await Assert.ThrowsAsync<DomainException>(() => Store.TryUpdateAsync(cancelled, Requests.Audit(cancelled, AuditKinds.Cancelled),
            policy.ForReleaseAsync(request, default).AsTask().Result, default).DefaultTimeout());

        Assert.Equal(DomainErrorKind.ResourceExhausted, error.Kind);
        Assert.Equal(RequestState.AwaitingApproval, (await Store.GetAsync(unit, request.Id, default).DefaultTimeout())!.State);
        Assert.Equal(before, (await AuditOfAsync(unit).DefaultTimeout()).Count);
    }

    [Fact]
    public async Task A_rule_in_shadow_mode_admits_everything_and_reports_what_it_would_refuse()
    {
        var unit = RequestFactory.NewUnit();
        var rule = new LimitRule("shadowed", LimitScope.Unit, 1, TimeSpan.FromHours(1), 1);
        var policy = Policy(rule);
        await Admin.SetShadowAsync("shadowed", true, AdminAudit(unit, "limits.shadow_set"), default).DefaultTimeout();
        try
        {
            for (var i = 0; i < 3; i++)
                Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
            Assert.Equal(1, Observer.Seen.Count(o => o.Rule == "shadowed" && o.Verdict is LimitVerdict.Admitted or LimitVerdict.NearLimit));
            Assert.Equal(2, Observer.Seen.Count(o => o.Rule == "shadowed" && o.Verdict == LimitVerdict.ShadowWouldLimit));
        }
        finally
        {
            await Admin.SetShadowAsync("shadowed", false, AdminAudit(unit, "limits.shadow_cleared"), default).DefaultTimeout();
        }
        Assert.Equal("shadowed", (await TrySubmitAsync(policy, Requests.New(unit)))?.Rule);
    }

    [Fact]
    public async Task An_override_changes_a_counter_at_once_keeps_what_was_used_and_is_audited()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("per-officer", LimitScope.Officer, 2, TimeSpan.FromHours(1), 2));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.NotNull(await TrySubmitAsync(policy, Requests.New(unit)));

        var counter = policy.CountersOf("officer-1")[0];
        await Admin.SetOverrideAsync(unit, counter, new LimitOverride(5, 5, DateTimeOffset.UtcNow.AddMinutes(10)),
            AdminAudit(unit, "limits.override_set"), default).DefaultTimeout();

        var reading = Assert.Single(await Admin.ReadAsync(unit, [counter], UsageAudit(unit), default).DefaultTimeout());
        Assert.Equal(5, reading.Effective.Limit);
        Assert.Equal(3, reading.Remaining);
        for (var i = 0; i < 3; i++)
            Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.NotNull(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Contains(await AuditOfAsync(unit).DefaultTimeout(), e => e.Kind == "limits.override_set");
    }

    [Fact]
    public async Task A_reset_restores_the_full_allowance_and_is_audited()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("per-officer", LimitScope.Officer, 1, TimeSpan.FromHours(1), 1));
        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.NotNull(await TrySubmitAsync(policy, Requests.New(unit)));

        await Admin.ResetAsync(unit, policy.CountersOf("officer-1")[0], AdminAudit(unit, "limits.reset"), default).DefaultTimeout();

        Assert.Null(await TrySubmitAsync(policy, Requests.New(unit)));
        Assert.Contains(await AuditOfAsync(unit).DefaultTimeout(), e => e.Kind == "limits.reset");
    }

    protected LimitPolicy Policy(params LimitRule[] rules) => new(rules, Shadows, Observer);

    protected async Task<DomainException?> TrySubmitAsync(LimitPolicy policy, DataRequest request)
    {
        try
        {
            await Store.SubmitAsync(request, Requests.Audit(request), await policy.ForSubmitAsync(request, default), default).DefaultTimeout();
            return null;
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.ResourceExhausted)
        {
            return e;
        }
    }

    /// <summary>Submits a request for the subject and cancels it carrying the release plan: the store sees only the plan.</summary>
    /// <summary>A unit whose one-subject budget one release has spent, and a stored request for a second subject.</summary>
    private async Task<(string Unit, LimitPolicy Policy, DataRequest Second)> SecondSubjectOverABudgetOfOneAsync()
    {
        var unit = RequestFactory.NewUnit();
        var policy = Policy(new LimitRule("subjects", LimitScope.ReleasedSubjects, 1, TimeSpan.FromHours(1), 0));
        Assert.Null(await TryReleaseAsync(policy, unit, "5550000001"));
        var second = Requests.New(unit, subject: new Subject(SubjectKind.Nid, "5550000002"));
        await Store.SubmitAsync(second, Requests.Audit(second), default).DefaultTimeout();
        return (unit, policy, second);
    }

    private async Task<DomainException?> TryReleaseAsync(LimitPolicy policy, string unit, string nid, string officer = "officer-1",
        IReadOnlyList<string>? thirdParties = null)
    {
        var request = Requests.New(unit, officer, subject: new Subject(SubjectKind.Nid, nid));
        await Store.SubmitAsync(request, Requests.Audit(request), default).DefaultTimeout();
        var changed = Requests.Cancel(request);
        try
        {
            Assert.True(await Store.TryUpdateAsync(changed, Requests.Audit(changed, AuditKinds.Cancelled),
                await policy.ForReleaseAsync(request, default, thirdParties), default).DefaultTimeout());
            return null;
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.ResourceExhausted)
        {
            return e;
        }
    }

    private static AuditEvent UsageAudit(string unit) => AdminAudit(unit, "limits.usage_read");

    private static AuditEvent AdminAudit(string unit, string kind) =>
        new(kind, unit, "", "admin-1", DateTimeOffset.UtcNow, new Dictionary<string, string>(StringComparer.Ordinal) { ["rule"] = "test" });

    protected sealed class RecordingObserver : ILimitObserver
    {
        private readonly ConcurrentQueue<LimitOutcome> _seen = new();

        public IReadOnlyCollection<LimitOutcome> Seen => _seen;

        public void Observe(IReadOnlyList<LimitOutcome> outcomes)
        {
            foreach (var outcome in outcomes)
                _seen.Enqueue(outcome);
        }
    }
}
