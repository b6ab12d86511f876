using DataBroker.Broker.Tests.Support;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>What every <see cref="IRequestStore"/> and its change feed promise; run against each implementation.</summary>
public abstract class RequestStoreContract
{
    private static readonly TimeSpan NoticeWait = TimeSpan.FromSeconds(5);

    protected RequestFactory Requests { get; } = new();

    protected abstract IRequestStore Store { get; }

    protected abstract IRequestChangeFeed Changes { get; }

    /// <summary>The unit's audit trail, oldest first, as the implementation holds it.</summary>
    protected abstract Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit);

    [Fact]
    public async Task Submitted_request_reads_back_equal_in_every_field()
    {
        var unit = RequestFactory.NewUnit();
        var submitted = Requests.New(unit, callRecords: true);
        await SubmitAsync(submitted);
        RequestAssert.Same(submitted, await Store.GetAsync(unit, submitted.Id, default).DefaultTimeout());

        // An approval short of the quorum adds an approval and a transition: those must round-trip too.
        var approved = Requests.Approve(submitted);
        Assert.True(await Store.TryUpdateAsync(approved, Requests.Audit(approved, AuditKinds.Approval), default).DefaultTimeout());
        var read = await Store.GetAsync(unit, submitted.Id, default).DefaultTimeout();
        RequestAssert.Same(approved, read);
        Assert.Single(read!.Approvals);
        Assert.Equal(2, read.History.Count);
        Assert.NotNull(read.CdrWindow);
    }

    [Fact]
    public async Task Unknown_or_foreign_request_is_absent()
    {
        var unit = RequestFactory.NewUnit();
        var request = Requests.New(unit);
        await SubmitAsync(request);

        Assert.Null(await Store.GetAsync(unit, unit + ".NOSUCHREQUEST", default).DefaultTimeout());
        Assert.Null(await Store.GetAsync(RequestFactory.NewUnit(), request.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task Same_requester_and_key_replays_the_first_request_and_writes_nothing()
    {
        var unit = RequestFactory.NewUnit();
        var first = Requests.New(unit, idempotencyKey: "key-1");
        var again = Requests.New(unit, idempotencyKey: "key-1");

        Assert.False((await SubmitAsync(first)).Replayed);
        var replay = await SubmitAsync(again);

        Assert.True(replay.Replayed);
        RequestAssert.Same(first, replay.Request);
        Assert.Null(await Store.GetAsync(unit, again.Id, default).DefaultTimeout());
        Assert.Single(await AuditOfAsync(unit).DefaultTimeout());
        Assert.Single((await ListMineAsync(unit, "officer-1", null, 10)).Requests);
    }

    [Fact]
    public async Task Concurrent_submits_with_one_key_create_exactly_one_request()
    {
        var unit = RequestFactory.NewUnit();
        var attempts = Enumerable.Range(0, 20).Select(_ => Requests.New(unit, idempotencyKey: "same-key")).ToArray();

        var results = await Task.WhenAll(attempts.Select(r => Store.SubmitAsync(r, Requests.Audit(r), default))).DefaultTimeout();

        var created = Assert.Single(results, r => !r.Replayed);
        Assert.All(results, r => Assert.Equal(created.Request.Id, r.Request.Id));
        Assert.Single(await AuditOfAsync(unit).DefaultTimeout());
        Assert.Single((await ListMineAsync(unit, "officer-1", null, 50)).Requests);
        Assert.Single((await Store.ListPendingAsync([unit], null, 50, default).DefaultTimeout()).Requests);
    }

    [Fact]
    public async Task Another_requester_with_the_same_key_creates_a_new_request()
    {
        var unit = RequestFactory.NewUnit();
        var mine = Requests.New(unit, requester: "officer-1", idempotencyKey: "shared-key");
        var theirs = Requests.New(unit, requester: "officer-2", idempotencyKey: "shared-key");

        Assert.False((await SubmitAsync(mine)).Replayed);
        var result = await SubmitAsync(theirs);

        Assert.False(result.Replayed);
        Assert.Equal(theirs.Id, result.Request.Id);
        RequestAssert.Same(theirs, await Store.GetAsync(unit, theirs.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task Update_succeeds_at_the_next_version_and_fails_on_a_stale_one()
    {
        var unit = RequestFactory.NewUnit();
        var request = Requests.New(unit, callRecords: true);
        await SubmitAsync(request);

        var first = Requests.Approve(request, "approver-1");
        Assert.True(await Store.TryUpdateAsync(first, Requests.Audit(first, AuditKinds.Approval), default).DefaultTimeout());

        // Built from the stale version 1, so it claims version 2 again.
        var stale = Requests.Reject(request);
        Assert.False(await Store.TryUpdateAsync(stale, Requests.Audit(stale, AuditKinds.Rejected), default).DefaultTimeout());
        var skipping = Requests.Cancel(Requests.Approve(first, "approver-2", AuthorisationPolicy.Legal));
        Assert.False(await Store.TryUpdateAsync(skipping, Requests.Audit(skipping), default).DefaultTimeout());

        RequestAssert.Same(first, await Store.GetAsync(unit, request.Id, default).DefaultTimeout());
        Assert.Equal(2, (await AuditOfAsync(unit).DefaultTimeout()).Count);
    }

    [Fact]
    public async Task A_lost_update_hands_back_the_request_as_stored_and_one_of_a_request_never_stored_hands_back_none()
    {
        var unit = RequestFactory.NewUnit();
        var request = Requests.New(unit, callRecords: true);
        await SubmitAsync(request);
        var first = Requests.Approve(request, "approver-1");
        var won = await Store.UpdateAsync(first, Requests.Audit(first, AuditKinds.Approval), LimitPlan.None, ActivityPlan.None, default).DefaultTimeout();
        Assert.Equal((true, null), (won.Committed, won.Current));

        var stale = Requests.Reject(request);
        var lost = await Store.UpdateAsync(stale, Requests.Audit(stale, AuditKinds.Rejected), LimitPlan.None, ActivityPlan.None, default).DefaultTimeout();
        Assert.False(lost.Committed);
        RequestAssert.Same(first, lost.Current);

        var never = Requests.Cancel(Requests.New(unit));
        var none = await Store.UpdateAsync(never, Requests.Audit(never), LimitPlan.None, ActivityPlan.None, default).DefaultTimeout();
        Assert.Equal((false, null), (none.Committed, none.Current));
        Assert.Equal(2, (await AuditOfAsync(unit).DefaultTimeout()).Count);
    }

    [Fact]
    public async Task Concurrent_updates_from_one_version_have_exactly_one_winner()
    {
        var unit = RequestFactory.NewUnit();
        var request = Requests.New(unit);
        await SubmitAsync(request);

        var contenders = Enumerable.Range(0, 20)
            .Select(i => i % 2 == 0 ? Requests.Approve(request, $"approver-{i}") : Requests.Reject(request)).ToArray();
        var outcomes = await Task.WhenAll(contenders.Select(u => Store.TryUpdateAsync(u, Requests.Audit(u), default))).DefaultTimeout();

        Assert.Single(outcomes, won => won);
        var winner = contenders[Array.IndexOf(outcomes, true)];
        RequestAssert.Same(winner, await Store.GetAsync(unit, request.Id, default).DefaultTimeout());
        Assert.Equal(2, (await AuditOfAsync(unit).DefaultTimeout()).Count);
    }

    [Fact]
    public async Task Pending_index_drops_a_request_once_it_is_decided_or_cancelled()
    {
        var unit = RequestFactory.NewUnit();
        var approved = Requests.New(unit);
        var rejected = Requests.New(unit);
        var cancelled = Requests.New(unit);
        var halfApproved = Requests.New(unit, callRecords: true);
        var untouched = Requests.New(unit);
        foreach (var request in new[] { approved, rejected, cancelled, halfApproved, untouched })
            await SubmitAsync(request);

        await UpdateAsync(Requests.Approve(approved));
        await UpdateAsync(Requests.Reject(rejected));
        await UpdateAsync(Requests.Cancel(cancelled));
        await UpdateAsync(Requests.Approve(halfApproved));

        var pending = await Store.ListPendingAsync([unit], null, 50, default).DefaultTimeout();
        Assert.Equal([halfApproved.Id, untouched.Id], pending.Requests.Select(r => r.Id));
        Assert.Equal(2, pending.Requests[0].Version);
        Assert.Null(pending.NextPageToken);
    }

    [Fact]
    public async Task Listing_by_requester_is_newest_first_and_pages_walk_everything_once()
    {
        var unit = RequestFactory.NewUnit();
        var mine = new List<DataRequest>();
        for (var i = 0; i < 7; i++)
        {
            var request = Requests.New(unit, requester: "officer-1");
            mine.Add(request);
            await SubmitAsync(request);
            // Another requester's requests, interleaved, never appear.
            await SubmitAsync(Requests.New(unit, requester: "officer-2"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ListMineAsync(unit, "officer-1", token, 3);
            Assert.True(page.Requests.Count <= 3);
            Assert.All(page.Requests, r => Assert.Equal("officer-1", r.RequesterId));
            seen.AddRange(page.Requests.Select(r => r.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(mine.Select(r => r.Id).Reverse(), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Requests_of_one_millisecond_are_each_listed_once_across_page_breaks()
    {
        // Created 50 µs apart, so their ids (random within a millisecond) do not follow their creation order.
        var unit = RequestFactory.NewUnit();
        var units = new[] { unit };
        var all = Enumerable.Range(0, 12).Select(i => Requests.New(unit, after: i == 0 ? null : TimeSpan.FromTicks(500))).ToArray();
        foreach (var request in all)
            await SubmitAsync(request);

        var mine = new List<string>();
        var pending = new List<string>();
        string? mineToken = null, pendingToken = null;
        for (var pages = 0; pages < 30 && (pages == 0 || mineToken is not null || pendingToken is not null); pages++)
        {
            if (pages == 0 || mineToken is not null)
            {
                var page = await ListMineAsync(unit, "officer-1", mineToken, 1);
                mine.AddRange(page.Requests.Select(r => r.Id));
                mineToken = page.NextPageToken;
            }
            if (pages == 0 || pendingToken is not null)
            {
                var page = await Store.ListPendingAsync(units, pendingToken, 1, default).DefaultTimeout();
                pending.AddRange(page.Requests.Select(r => r.Id));
                pendingToken = page.NextPageToken;
            }
        }

        var ids = all.Select(r => r.Id).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ids, mine.Order(StringComparer.Ordinal));
        Assert.Equal(ids, pending.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_by_requester_keeps_only_what_the_filter_accepts()
    {
        var unit = RequestFactory.NewUnit();
        var all = Enumerable.Range(0, 6).Select(_ => Requests.New(unit)).ToArray();
        foreach (var request in all)
            await SubmitAsync(request);
        await UpdateAsync(Requests.Cancel(all[1]));
        await UpdateAsync(Requests.Cancel(all[4]));

        var cancelled = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.ListByRequesterAsync(unit, "officer-1", r => r.State == RequestState.Cancelled, token, 2, default)
                .DefaultTimeout();
            cancelled.AddRange(page.Requests.Select(r => r.Id));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([all[4].Id, all[1].Id], cancelled);
    }

    [Fact]
    public async Task Listing_pending_merges_units_oldest_first_across_pages()
    {
        var units = new[] { RequestFactory.NewUnit(), RequestFactory.NewUnit(), RequestFactory.NewUnit() };
        var submitted = new List<DataRequest>();
        for (var i = 0; i < 8; i++)
        {
            var request = Requests.New(units[i % 3]);
            submitted.Add(request);
            await SubmitAsync(request);
        }
        var other = Requests.New(RequestFactory.NewUnit());
        await SubmitAsync(other);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListPendingAsync(units, token, 3, default).DefaultTimeout();
            Assert.True(page.Requests.Count <= 3);
            seen.AddRange(page.Requests.Select(r => r.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(submitted.Select(r => r.Id), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Every_submit_and_update_appends_exactly_one_audit_event()
    {
        var unit = RequestFactory.NewUnit();
        var request = Requests.New(unit);
        var submitAudit = Requests.Audit(request);
        await Store.SubmitAsync(request, submitAudit, default).DefaultTimeout();
        var approved = Requests.Approve(request);
        var approveAudit = Requests.Audit(approved, AuditKinds.Approved);
        Assert.True(await Store.TryUpdateAsync(approved, approveAudit, default).DefaultTimeout());
        // Neither a replay nor a lost race leaves a trace.
        await Store.SubmitAsync(Requests.New(unit, idempotencyKey: request.IdempotencyKey), submitAudit, default).DefaultTimeout();
        Assert.False(await Store.TryUpdateAsync(Requests.Cancel(request), approveAudit, default).DefaultTimeout());

        var audit = await AuditOfAsync(unit).DefaultTimeout();

        Assert.Equal(2, audit.Count);
        RequestAssert.Same(submitAudit, audit[0]);
        RequestAssert.Same(approveAudit, audit[1]);
        Assert.Empty(await AuditOfAsync(RequestFactory.NewUnit()).DefaultTimeout());
    }

    [Fact]
    public async Task Activity_counts_are_distinct_per_key_and_taken_with_the_change()
    {
        var unit = RequestFactory.NewUnit();
        var first = Requests.New(unit);
        var plan = Activity(("subjects:officer-1", "s1"), ("case:officer-1:C-1", "s1"));
        await Store.SubmitAsync(first, Requests.Audit(first), LimitPlan.None, plan, default).DefaultTimeout();
        Assert.Equal([1L, 1L], plan.Results);

        // The same subject again is no new one; another subject is.
        var again = Activity(("subjects:officer-1", "s1"), ("case:officer-1:C-1", "s2"));
        var second = Requests.New(unit);
        await Store.SubmitAsync(second, Requests.Audit(second), LimitPlan.None, again, default).DefaultTimeout();
        Assert.Equal([1L, 2L], again.Results);

        // An update takes its counts too, in the same step.
        var approved = Requests.Approve(first);
        var pair = Activity(("approver:approver-1:pair:officer-1", first.Id));
        Assert.True(await Store.TryUpdateAsync(approved, Requests.Audit(approved, AuditKinds.Approved), LimitPlan.None, pair, default)
            .DefaultTimeout());
        Assert.Equal([1L], pair.Results);
        // Another unit's counts are its own.
        var elsewhere = Activity(("subjects:officer-1", "s9"));
        var other = Requests.New(RequestFactory.NewUnit());
        await Store.SubmitAsync(other, Requests.Audit(other), LimitPlan.None, elsewhere, default).DefaultTimeout();
        Assert.Equal([1L], elsewhere.Results);
    }

    [Fact]
    public async Task A_count_takes_exactly_the_members_inside_its_window_as_of_the_plans_time()
    {
        var unit = RequestFactory.NewUnit();
        var t0 = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

        async Task<long> CountAsync(string member, TimeSpan after)
        {
            var plan = new ActivityPlan([new DistinctCount("subjects:officer-1", member, TimeSpan.FromHours(1))], t0 + after);
            var request = Requests.New(unit);
            await Store.SubmitAsync(request, Requests.Audit(request), LimitPlan.None, plan, default).DefaultTimeout();
            return Assert.Single(plan.Results!);
        }

        Assert.Equal(1, await CountAsync("s1", TimeSpan.Zero));
        Assert.Equal(2, await CountAsync("s2", TimeSpan.FromMinutes(30)));
        // A member exactly one window old still counts; a millisecond later it has left, and comes back as new.
        Assert.Equal(3, await CountAsync("s3", TimeSpan.FromMinutes(60)));
        Assert.Equal(3, await CountAsync("s1", TimeSpan.FromMinutes(60) + TimeSpan.FromMilliseconds(1)));
        // Members long gone are not counted, whether or not anything trimmed them yet.
        Assert.Equal(1, await CountAsync("s4", TimeSpan.FromMinutes(121)));
    }

    [Fact]
    public async Task A_count_past_its_ceiling_refuses_the_submission_and_writes_nothing()
    {
        var unit = RequestFactory.NewUnit();
        var first = Requests.New(unit);
        await Store.SubmitAsync(first, Requests.Audit(first), LimitPlan.None,
            new ActivityPlan([new DistinctCount("subjects:officer-1", "s1", TimeSpan.FromHours(1), RefuseAbove: 1)]), default).DefaultTimeout();

        var bulk = Requests.New(unit, idempotencyKey: "bulk-1");
        var refusing = new ActivityPlan([new DistinctCount("subjects:officer-1", "s2", TimeSpan.FromHours(1), RefuseAbove: 1)]);
        var result = await Store.SubmitAsync(bulk, Requests.Audit(bulk), LimitPlan.None, refusing, default).DefaultTimeout();

        Assert.True(result.Refused);
        Assert.True(refusing.Refused);
        Assert.Equal([2L], refusing.Results);
        Assert.Null(await Store.GetAsync(unit, bulk.Id, default).DefaultTimeout());
        Assert.Single(await AuditOfAsync(unit).DefaultTimeout());
        Assert.Equal([first.Id], (await Store.ListPendingAsync([unit], null, 10, default).DefaultTimeout()).Requests.Select(r => r.Id));
        // The refused subject was not recorded, and its idempotency key names nothing: a later try is a new request.
        var retry = Requests.New(unit, idempotencyKey: "bulk-1");
        var allowed = Activity(("subjects:officer-1", "s1"));
        var retried = await Store.SubmitAsync(retry, Requests.Audit(retry), LimitPlan.None, allowed, default).DefaultTimeout();
        Assert.False(retried.Replayed || retried.Refused);
        Assert.Equal([1L], allowed.Results);
    }

    [Fact]
    public async Task A_replay_takes_no_count()
    {
        var unit = RequestFactory.NewUnit();
        var first = Requests.New(unit, idempotencyKey: "key-1");
        await Store.SubmitAsync(first, Requests.Audit(first), LimitPlan.None, Activity(("offhours:officer-1", "key-1")), default)
            .DefaultTimeout();
        var again = Requests.New(unit, idempotencyKey: "key-1");
        var plan = Activity(("offhours:officer-1", "other"));

        Assert.True((await Store.SubmitAsync(again, Requests.Audit(again), LimitPlan.None, plan, default).DefaultTimeout()).Replayed);
        Assert.Null(plan.Results);
    }

    [Fact]
    public async Task Subscriber_hears_commits_of_its_units_only()
    {
        var unit = RequestFactory.NewUnit();
        var elsewhere = RequestFactory.NewUnit();
        await using var subscription = await Changes.SubscribeAsync([unit], default).DefaultTimeout();

        await SubmitAsync(Requests.New(elsewhere));
        var request = Requests.New(unit);
        await SubmitAsync(request);
        var approved = Requests.Approve(request);
        await UpdateAsync(approved);

        Assert.Equal(new RequestChange(unit, request.Id, 1, RequestState.AwaitingApproval), await NextChangeAsync(subscription));
        Assert.Equal(new RequestChange(unit, request.Id, 2, RequestState.Approved), await NextChangeAsync(subscription));
        // The other unit's commit came first; had it been delivered it would have been read above.
        Assert.False(subscription.Changes.TryRead(out var stray), $"unexpected change {stray}");
    }

    [Fact]
    public async Task A_page_token_not_issued_by_the_store_is_an_invalid_argument()
    {
        var unit = RequestFactory.NewUnit();

        var mine = await Assert.ThrowsAsync<DomainException>(() => ListMineAsync(unit, "officer-1", "not-a-token!", 5));
        var pending = await Assert.ThrowsAsync<DomainException>(
            () => Store.ListPendingAsync([unit], Convert.ToBase64String("no-bar"u8), 5, default).DefaultTimeout());

        Assert.Equal(DomainErrorKind.InvalidArgument, mine.Kind);
        Assert.Equal("page_token", mine.Field);
        Assert.Equal(DomainErrorKind.InvalidArgument, pending.Kind);
    }

    private static ActivityPlan Activity(params (string Key, string Member)[] counts) =>
        new([.. counts.Select(c => new DistinctCount(c.Key, c.Member, TimeSpan.FromHours(1)))]);

    protected async Task<SubmitResult> SubmitAsync(DataRequest request) =>
        await Store.SubmitAsync(request, Requests.Audit(request), default).DefaultTimeout();

    protected async Task UpdateAsync(DataRequest updated) =>
        Assert.True(await Store.TryUpdateAsync(updated, Requests.Audit(updated, AuditKinds.Approval), default).DefaultTimeout());

    private Task<RequestPage> ListMineAsync(string unit, string requester, string? token, int pageSize) =>
        Store.ListByRequesterAsync(unit, requester, _ => true, token, pageSize, default).DefaultTimeout();

    private static async Task<RequestChange> NextChangeAsync(IChangeSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(NoticeWait);
        return await subscription.Changes.ReadAsync(timeout.Token);
    }
}
