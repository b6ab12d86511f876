using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DataBroker.Broker.Tests.Domain.Scenario;

namespace DataBroker.Broker.Tests.Domain;

public sealed class RequestWorkflowTests
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly EmbeddedRequestStore _store;
    private readonly RequestWorkflow _workflow;

    public RequestWorkflowTests()
    {
        var hub = new ChangeHub();
        _store = new EmbeddedRequestStore(hub);
        _workflow = new RequestWorkflow(_store, hub, OrganisationChart.Default, new RequestRules(), _time);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_request()
    {
        var draft = Draft();
        var first = await _workflow.SubmitAsync(AtuOfficer, draft, default);
        var second = await _workflow.SubmitAsync(AtuOfficer, draft, default);
        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Request.Id, second.Request.Id);
        Assert.Single(_store.AuditOf("ATU"));
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_other_content_is_refused()
    {
        var draft = Draft();
        await _workflow.SubmitAsync(AtuOfficer, draft, default);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            _workflow.SubmitAsync(AtuOfficer, draft with { CaseReference = "GD-OTHER" }, default));
        Assert.Equal("idempotency_key", error.Field);
    }

    [Fact]
    public async Task Concurrent_approvals_by_two_approvers_both_count()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        await Task.WhenAll(
            Task.Run(() => _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default)),
            Task.Run(() => _workflow.DecideAsync(PoliceApprover2, request.Id, true, "", 0, default))).DefaultTimeout();
        var decided = await _workflow.GetAsync(AtuOfficer, request.Id, default);
        Assert.Equal(RequestState.Approved, decided.State);
        Assert.Equal(3, decided.Version);
    }

    [Fact]
    public async Task Concurrent_approve_and_reject_leave_exactly_one_outcome()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        var outcomes = await Task.WhenAll(
            Attempt(() => _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default)),
            Attempt(() => _workflow.DecideAsync(PoliceApprover2, request.Id, false, "No link to the case.", 0, default)));
        Assert.Single(outcomes, ok => ok);
        var final = await _workflow.GetAsync(AtuOfficer, request.Id, default);
        Assert.Equal(2, final.Version);
        Assert.Equal(2, _store.AuditOf("ATU").Count);
    }

    [Fact]
    public async Task A_decision_naming_a_stale_version_is_refused()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        await _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 1, default);
        var error = await Assert.ThrowsAsync<DomainException>(() => _workflow.DecideAsync(PoliceApprover2, request.Id, true, "", 1, default));
        Assert.Equal(DomainErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task Another_officer_is_told_the_request_does_not_exist()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        var error = await Assert.ThrowsAsync<DomainException>(() => _workflow.GetAsync(AtuOfficer2, request.Id, default));
        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
        Assert.Equal(DomainErrorKind.NotFound,
            (await Assert.ThrowsAsync<DomainException>(() => _workflow.GetAsync(AtuOfficer, "ATU.0000000000000000000000000", default))).Kind);
    }

    [Fact]
    public async Task An_expired_request_is_recorded_as_expired_when_next_read()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        _time.Advance(TimeSpan.FromHours(73));
        var read = await _workflow.GetAsync(AtuOfficer, request.Id, default);
        Assert.Equal(RequestState.Expired, read.State);
        Assert.Equal(AuditKinds.Expired, _store.AuditOf("ATU")[^1].Kind);
    }

    [Fact]
    public async Task Fetch_commits_the_disclosure_before_returning_and_only_once()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        await _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default);
        var reader = new CountingRecords();

        var release = await _workflow.FetchAsync(AtuOfficer, request.Id, reader, default);
        Assert.Equal(RequestState.Disclosed, release.Request.State);
        Assert.Equal(AuditKinds.Disclosed, _store.AuditOf("ATU")[^1].Kind);
        Assert.Equal(release.ReleaseId, _store.AuditOf("ATU")[^1].Details["release_id"]);

        var second = await Assert.ThrowsAsync<DomainException>(() => _workflow.FetchAsync(AtuOfficer, request.Id, reader, default));
        Assert.Equal(DomainErrorKind.FailedPrecondition, second.Kind);
        Assert.Equal(1, reader.Calls);
    }

    [Fact]
    public async Task A_call_records_disclosure_is_audited_with_the_third_party_numbers_it_exposed()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        await _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default);
        await _workflow.DecideAsync(PoliceApprover2, request.Id, true, "", 0, default);

        await _workflow.FetchAsync(AtuOfficer, request.Id, new CountingRecords { ThirdPartyNumbers = 1990 }, default);

        // One subject, but 1,990 other people's numbers left the broker: the volume the detection rules must count.
        Assert.Equal("1990", _store.AuditOf("ATU")[^1].Details["third_party_numbers"]);
    }

    [Fact]
    public async Task A_failed_records_read_releases_nothing_and_keeps_the_grant()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        await _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default);
        await Assert.ThrowsAsync<DomainException>(() => _workflow.FetchAsync(AtuOfficer, request.Id, new CountingRecords { Fail = true }, default));
        Assert.Equal(RequestState.Approved, (await _workflow.GetAsync(AtuOfficer, request.Id, default)).State);
        var release = await _workflow.FetchAsync(AtuOfficer, request.Id, new CountingRecords(), default);
        Assert.Equal(RequestState.Disclosed, release.Request.State);
    }

    [Fact]
    public async Task Watch_streams_each_change_and_ends_at_a_final_state()
    {
        var request = (await _workflow.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        var seen = new List<DataRequest>();
        var watching = Task.Run(async () =>
        {
            await foreach (var r in _workflow.WatchAsync(AtuOfficer, request.Id, default))
                seen.Add(r);
        });
        await WaitUntil(() => seen.Count == 1);
        await _workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default);
        // Changes closer together than a watcher reads may coalesce; history keeps every step.
        await WaitUntil(() => seen.Count == 2);
        await _workflow.DecideAsync(PoliceApprover2, request.Id, false, "Insufficient link to the case.", 0, default);
        await watching.DefaultTimeout();
        Assert.Equal([RequestState.AwaitingApproval, RequestState.AwaitingApproval, RequestState.Rejected], seen.Select(r => r.State));
    }

    [Fact]
    public async Task Watch_pending_shows_existing_then_live_changes_of_the_HQ_only()
    {
        var existing = (await _workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        using var cts = new CancellationTokenSource(TaskTimeouts.Default);
        var events = new List<PendingEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in _workflow.WatchPendingAsync(PoliceApprover1, cts.Token))
            {
                lock (events)
                    events.Add(e);
                if (e.Kind == PendingEventKind.Resolved)
                    return;
            }
        });
        await WaitUntil(() => Count(events) == 2);
        var rab = new Officer("rab6-officer-1", Role.Officer, "RAB-6", "RAB-HQ");
        await _workflow.SubmitAsync(rab, Draft(), default);
        var added = (await _workflow.SubmitAsync(AtuOfficer2, Draft(), default)).Request;
        await WaitUntil(() => Count(events) == 3);
        await _workflow.DecideAsync(PoliceApprover2, existing.Id, true, "", 0, default);
        await watching.DefaultTimeout();

        Assert.Equal(
            [(PendingEventKind.Existing, existing.Id), (PendingEventKind.Synced, null), (PendingEventKind.Added, added.Id), (PendingEventKind.Resolved, existing.Id)],
            events.Select(e => (e.Kind, e.Request?.Id)));
    }

    private static int Count(List<PendingEvent> events)
    {
        lock (events)
            return events.Count;
    }

    private static async Task<bool> Attempt(Func<Task> action)
    {
        try
        {
            await Task.Run(action);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
