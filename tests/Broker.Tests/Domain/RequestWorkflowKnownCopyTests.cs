using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
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

/// <summary>
/// A decision starts from the copy its broker last committed rather than a read; the commit's version check decides
/// whether that copy was current, and no refusal is ever answered from a copy another broker has moved on from.
/// Two workflows on one store play two brokers.
/// </summary>
public sealed class RequestWorkflowKnownCopyTests
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly EmbeddedRequestStore _store;
    private readonly CountingStore _counted;
    private readonly RequestWorkflow _one;
    private readonly RequestWorkflow _two;

    public RequestWorkflowKnownCopyTests()
    {
        var hub = new ChangeHub();
        _store = new EmbeddedRequestStore(hub);
        _counted = new CountingStore(_store);
        _one = new RequestWorkflow(_counted, hub, OrganisationChart.Default, new RequestRules(), _time);
        _two = new RequestWorkflow(_store, hub, OrganisationChart.Default, new RequestRules(), _time);
    }

    [Fact]
    public async Task Decisions_on_a_request_this_broker_committed_read_nothing_before_their_commit()
    {
        var request = (await _one.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        await _one.DecideAsync(PoliceApprover1, request.Id, true, "", 1, default);
        var approved = await _one.DecideAsync(PoliceApprover2, request.Id, true, "", 2, default);

        Assert.Equal((RequestState.Approved, 3L), (approved.State, approved.Version));
        Assert.Equal(0, _counted.Reads);
        Assert.Equal(3, _store.AuditOf("ATU").Count);
    }

    [Fact]
    public async Task A_copy_another_broker_moved_on_never_refuses_a_decision_the_stored_request_allows()
    {
        var request = (await _one.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        await _two.DecideAsync(PoliceApprover1, request.Id, true, "", 1, default);

        // Broker one's copy is version 1: judged on it, version 2 would be a conflict. It is read and judged again.
        var approved = await _one.DecideAsync(PoliceApprover2, request.Id, true, "", 2, default);

        Assert.Equal((RequestState.Approved, 3L), (approved.State, approved.Version));
        Assert.Equal(["phq-approver-1", "phq-approver-2"], approved.Approvals.Select(a => a.ApproverId));
    }

    [Fact]
    public async Task A_decision_from_a_copy_another_broker_moved_on_is_judged_on_the_request_as_stored()
    {
        var request = (await _one.SubmitAsync(AtuOfficer, Draft(Category.CallRecords), default)).Request;
        await _two.CancelAsync(AtuOfficer, request.Id, "wrong subject", default);

        // Broker one's copy still awaits approval, so its approval is built and committed; the commit loses, and the
        // request it hands back (cancelled) is what the decision is judged on.
        var refused = await Assert.ThrowsAsync<DomainException>(() => _one.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default));

        Assert.Equal(DomainErrorKind.FailedPrecondition, refused.Kind);
        Assert.Equal(RequestState.Cancelled, (await _one.GetAsync(AtuOfficer, request.Id, default)).State);
        Assert.Equal(2, _store.AuditOf("ATU").Count);
    }

    [Fact]
    public async Task A_fetch_on_a_request_this_broker_approved_reads_it_with_the_look_at_its_release_budget()
    {
        var hub = new ChangeHub();
        var counted = new CountingStore(new EmbeddedRequestStore(hub));
        var limits = new LimitPolicy([new LimitRule("subjects", LimitScope.ReleasedSubjects, 5, TimeSpan.FromHours(1), 0)]);
        var workflow = new RequestWorkflow(counted, hub, OrganisationChart.Default, new RequestRules(), _time, limits);
        var request = (await workflow.SubmitAsync(AtuOfficer, Draft(), default)).Request;
        await workflow.DecideAsync(PoliceApprover1, request.Id, true, "", 0, default);

        var release = await workflow.FetchAsync(AtuOfficer, request.Id, new CountingRecords(), default);

        Assert.Equal(RequestState.Disclosed, release.Request.State);
        Assert.Equal((0, 1), (counted.Reads, counted.PreviewedReads));
        // A second fetch is refused on the request as stored (this broker no longer keeps a disclosed one).
        var again = await Assert.ThrowsAsync<DomainException>(() => workflow.FetchAsync(AtuOfficer, request.Id, new CountingRecords(), default));
        Assert.Equal(DomainErrorKind.FailedPrecondition, again.Kind);
    }

    [Fact]
    public void Known_copies_stay_bounded_keep_the_latest_version_and_drop_a_final_request()
    {
        var known = new KnownRequests(capacity: 4);
        var first = Submitted(AtuOfficer, Category.CallRecords);
        var approved = first.Approve(PoliceApprover1, "", Start);
        known.Remember(approved);
        known.Remember(first);
        Assert.Equal(2, known.Find(first.Id)!.Version);

        foreach (var other in Enumerable.Range(0, 8).Select(_ => Submitted(AtuOfficer)))
            known.Remember(other);
        Assert.Null(known.Find(first.Id));

        var pending = Submitted(AtuOfficer);
        known.Remember(pending);
        known.Remember(pending.Cancel(AtuOfficer, "", Start));
        Assert.Null(known.Find(pending.Id));
    }

    /// <summary>The store, counting its reads of one request: alone, and with a look at limits.</summary>
    private sealed class CountingStore(IRequestStore inner) : IRequestStore
    {
        private int _reads;
        private int _previewed;

        public int Reads => Volatile.Read(ref _reads);

        public Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
            CancellationToken cancellationToken) => inner.SubmitAsync(request, audit, limits, activity, cancellationToken);

        public Task<DataRequest?> GetAsync(string unit, string requestId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return inner.GetAsync(unit, requestId, cancellationToken);
        }

        public int PreviewedReads => Volatile.Read(ref _previewed);

        public async Task<PreviewedRequest> GetPreviewingAsync(string unit, string requestId, LimitPlan limits, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _previewed);
            return new PreviewedRequest(await inner.GetAsync(unit, requestId, cancellationToken),
                () => inner.PreviewLimitsAsync(unit, limits, cancellationToken));
        }

        public Task PreviewLimitsAsync(string unit, LimitPlan limits, CancellationToken cancellationToken) =>
            inner.PreviewLimitsAsync(unit, limits, cancellationToken);

        public Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
            CancellationToken cancellationToken) => inner.TryUpdateAsync(updated, audit, limits, activity, cancellationToken);

        public Task<RequestPage> ListByRequesterAsync(string unit, string requesterId, Func<DataRequest, bool> filter, string? pageToken,
            int pageSize, CancellationToken cancellationToken) =>
            inner.ListByRequesterAsync(unit, requesterId, filter, pageToken, pageSize, cancellationToken);

        public Task<RequestPage> ListPendingAsync(IReadOnlyList<string> units, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
            inner.ListPendingAsync(units, pageToken, pageSize, cancellationToken);
    }
}
