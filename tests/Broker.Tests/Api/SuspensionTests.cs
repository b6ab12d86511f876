using System.Diagnostics;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// Suspension over real gRPC on two broker replicas sharing one real redis-server (this class's own:
/// suspensions are global state, so the suite's shared server is left alone).
/// </summary>
public sealed class SuspensionTests : IAsyncLifetime
{
    private ReplicaPair _pair = null!;

    private SuiteHost A => _pair.A;

    private SuiteHost B => _pair.B;

    private static Metadata Auditor(SuiteHost host) => host.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");
    private static Metadata Admin(SuiteHost host) => host.As("oversight-admin-1", Roles.Admin, headquarters: "POLICE-HQ");
    private static Metadata Approver(SuiteHost host) => host.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");

    public async Task InitializeAsync() => _pair = await ReplicaPair.StartAsync(null);

    public async Task DisposeAsync() => await _pair.DisposeAsync();

    [Fact]
    public async Task A_suspension_made_on_one_replica_refuses_the_officer_on_another_within_a_second()
    {
        var officer = B.As("atu-officer-7", Roles.Officer, unit: "ATU");
        await B.Requests.SubmitAsync(Requests.Submit(B.Population.NidOf(1)), officer).ResponseAsync.DefaultTimeout();

        await A.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Officer, "atu-officer-7", "sold NID details on Telegram"),
            Auditor(A)).ResponseAsync.DefaultTimeout();
        var clock = Stopwatch.StartNew();
        RpcException? refused = null;
        var refusedCallStarted = TimeSpan.Zero;
        while (refused is null && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            // What counts is when a refused call started: a slow machine may take long to answer it.
            var started = clock.Elapsed;
            try
            {
                await B.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), officer).ResponseAsync.DefaultTimeout();
                await Task.Delay(20);
            }
            catch (RpcException e)
            {
                (refused, refusedCallStarted) = (e, started);
            }
        }
        Assert.NotNull(refused);
        Assert.True(refusedCallStarted < TimeSpan.FromSeconds(1), $"the first refused call started {refusedCallStarted} after the suspension");
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("sold NID details on Telegram", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("oversight-auditor-1", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_suspension_freezes_its_pending_requests_and_revokes_its_grants_for_good()
    {
        var officer = A.As("atu-officer-8", Roles.Officer, unit: "ATU");
        var pending = (await A.Requests.SubmitAsync(Requests.Submit(A.Population.NidOf(2)), officer)).Request;
        var granted = (await A.Requests.SubmitAsync(Requests.Submit(A.Population.NidOf(3)), officer)).Request;
        await A.Approvals.DecideAsync(Approve(granted.RequestId), Approver(A));

        await A.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Unit, "ATU", "unit under investigation"), Admin(A));

        var frozen = await Assert.ThrowsAsync<RpcException>(() => B.Approvals.DecideAsync(Approve(pending.RequestId), Approver(B)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, frozen.StatusCode);
        Assert.Contains("frozen", frozen.Status.Detail, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<RpcException>(() => B.Requests.FetchAsync(Fetch(granted.RequestId), officer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        await B.Oversight.ReinstateAsync(new BrokerProto.ReinstateRequest
        {
            Scope = BrokerProto.SuspensionScope.Unit, Target = "ATU", Reason = "investigation closed",
        }, Admin(B));

        // The frozen request thaws; the grant that was live at the suspension stays revoked.
        await B.Approvals.DecideAsync(Approve(pending.RequestId), Approver(B));
        var revoked = await Assert.ThrowsAsync<RpcException>(() => B.Requests.FetchAsync(Fetch(granted.RequestId), officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, revoked.StatusCode);
        Assert.Contains("revoked", revoked.Status.Detail, StringComparison.Ordinal);
        var fetched = await B.Requests.FetchAsync(Fetch(pending.RequestId), officer);
        Assert.True(fetched.SubjectFound);
    }

    [Fact]
    public async Task Suspensions_and_reinstatements_are_on_the_chain_with_who_and_why()
    {
        await A.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Officer, "rab6-officer-3", "bulk pulls"), Auditor(A));
        await A.Oversight.ReinstateAsync(new BrokerProto.ReinstateRequest
        {
            Scope = BrokerProto.SuspensionScope.Officer, Target = "rab6-officer-3", Reason = "cleared by inquiry",
        }, Admin(A));
        await A.SequenceAuditAsync();
        await B.SequenceAuditAsync();

        var query = await B.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest(), Auditor(B));
        var suspended = Assert.Single(query.Entries, e => e.Kind == "oversight.suspended" && e.Details["target"] == "rab6-officer-3");
        Assert.Equal("oversight-auditor-1", suspended.ActorId);
        Assert.Equal("bulk pulls", suspended.Details["reason"]);
        var reinstated = Assert.Single(query.Entries, e => e.Kind == "oversight.reinstated");
        Assert.Equal("oversight-admin-1", reinstated.ActorId);
        Assert.True(reinstated.Seq > suspended.Seq);
        Assert.True((await B.Oversight.VerifyAuditAsync(new BrokerProto.VerifyAuditRequest(), Auditor(B))).Intact);
    }

    [Fact]
    public async Task Only_oversight_staff_may_suspend_and_only_an_admin_may_reinstate()
    {
        var byOfficer = await Assert.ThrowsAsync<RpcException>(() => A.Oversight.SuspendAsync(
            Suspend(BrokerProto.SuspensionScope.Officer, "atu-officer-9", "x"), A.As("atu-officer-1", Roles.Officer, unit: "ATU")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byOfficer.StatusCode);
        await A.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Officer, "atu-officer-9", "x"), Auditor(A));
        var byAuditor = await Assert.ThrowsAsync<RpcException>(() => A.Oversight.ReinstateAsync(new BrokerProto.ReinstateRequest
        {
            Scope = BrokerProto.SuspensionScope.Officer, Target = "atu-officer-9", Reason = "y",
        }, Auditor(A)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byAuditor.StatusCode);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => A.Oversight.SuspendAsync(
            Suspend(BrokerProto.SuspensionScope.Unit, "ATU", " "), Auditor(A)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
    }

    [Fact]
    public async Task Asking_who_accessed_a_subject_finds_its_entries_and_is_itself_recorded()
    {
        var nid = A.Population.NidOf(5);
        var officer = A.As("atu-officer-4", Roles.Officer, unit: "ATU");
        var request = (await A.Requests.SubmitAsync(Requests.Submit(nid), officer)).Request;
        await A.Approvals.DecideAsync(Approve(request.RequestId), Approver(A));
        await A.Requests.FetchAsync(Fetch(request.RequestId), officer);

        var access = await A.ReadChainedAsync(
            async () => await A.Oversight.AccessBySubjectAsync(new BrokerProto.AccessBySubjectRequest { Nid = nid }, Auditor(A)),
            a => a.Entries.Any(e => e.Kind == "request.disclosed"));
        // The query is audited before it reads: the sequencer may already have chained its own entry.
        Assert.Equal(["request.submitted", "request.disclosed"], access.Entries.Select(e => e.Kind).Where(k => k != "oversight.subject_query"));
        Assert.All(access.Entries, e => Assert.DoesNotContain(nid, string.Join(' ', e.Details.Values), StringComparison.Ordinal));
        Assert.Equal("atu-officer-4", access.Entries.Single(e => e.Kind == "request.disclosed").ActorId);

        var again = await A.ReadChainedAsync(
            async () => await A.Oversight.AccessBySubjectAsync(new BrokerProto.AccessBySubjectRequest { Nid = nid }, Auditor(A)),
            a => a.Entries.Any(e => e.Kind == "oversight.subject_query"));
        Assert.Contains(again.Entries, e => e.Kind == "oversight.subject_query" && e.ActorId == "oversight-auditor-1");
    }

    private static BrokerProto.SuspendRequest Suspend(BrokerProto.SuspensionScope scope, string target, string reason) =>
        new() { Scope = scope, Target = target, Reason = reason };

    private static BrokerProto.DecideRequest Approve(string id) => new() { RequestId = id, Decision = BrokerProto.Decision.Approve };

    private static BrokerProto.FetchRequest Fetch(string id) => new() { RequestId = id };
}
