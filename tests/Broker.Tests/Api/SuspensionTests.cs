using System.Diagnostics;
using DataBroker.Broker.Tests.Storage;
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
    private RedisServerProcess _redis = null!;
    private SuiteHost _a = null!;
    private SuiteHost _b = null!;

    private static Metadata Auditor(SuiteHost host) => host.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");
    private static Metadata Admin(SuiteHost host) => host.As("oversight-admin-1", Roles.Admin, headquarters: "POLICE-HQ");
    private static Metadata Approver(SuiteHost host) => host.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        var settings = new Dictionary<string, string?> { ["Broker:Store:SubjectKey"] = Convert.ToBase64String(new byte[32]) };
        _a = await SuiteHost.StartAsync(_redis.ConnectionString, settings);
        _b = await SuiteHost.StartAsync(_redis.ConnectionString, settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_suspension_made_on_one_replica_refuses_the_officer_on_another_within_a_second()
    {
        var officer = _b.As("atu-officer-7", Roles.Officer, unit: "ATU");
        await _b.Requests.SubmitAsync(Requests.Submit(_b.Population.NidOf(1)), officer).ResponseAsync.DefaultTimeout();

        await _a.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Officer, "atu-officer-7", "sold NID details on Telegram"),
            Auditor(_a)).ResponseAsync.DefaultTimeout();
        var clock = Stopwatch.StartNew();
        RpcException? refused = null;
        while (refused is null && clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            try
            {
                await _b.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), officer).ResponseAsync.DefaultTimeout();
                await Task.Delay(20);
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused only after {clock.Elapsed}");
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("sold NID details on Telegram", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("oversight-auditor-1", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_suspension_freezes_its_pending_requests_and_revokes_its_grants_for_good()
    {
        var officer = _a.As("atu-officer-8", Roles.Officer, unit: "ATU");
        var pending = (await _a.Requests.SubmitAsync(Requests.Submit(_a.Population.NidOf(2)), officer)).Request;
        var granted = (await _a.Requests.SubmitAsync(Requests.Submit(_a.Population.NidOf(3)), officer)).Request;
        await _a.Approvals.DecideAsync(Approve(granted.RequestId), Approver(_a));

        await _a.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Unit, "ATU", "unit under investigation"), Admin(_a));

        var frozen = await Assert.ThrowsAsync<RpcException>(() => _b.Approvals.DecideAsync(Approve(pending.RequestId), Approver(_b)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, frozen.StatusCode);
        Assert.Contains("frozen", frozen.Status.Detail, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _b.Requests.FetchAsync(Fetch(granted.RequestId), officer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        await _b.Oversight.ReinstateAsync(new BrokerProto.ReinstateRequest
        {
            Scope = BrokerProto.SuspensionScope.Unit, Target = "ATU", Reason = "investigation closed",
        }, Admin(_b));

        // The frozen request thaws; the grant that was live at the suspension stays revoked.
        await _b.Approvals.DecideAsync(Approve(pending.RequestId), Approver(_b));
        var revoked = await Assert.ThrowsAsync<RpcException>(() => _b.Requests.FetchAsync(Fetch(granted.RequestId), officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, revoked.StatusCode);
        Assert.Contains("revoked", revoked.Status.Detail, StringComparison.Ordinal);
        var fetched = await _b.Requests.FetchAsync(Fetch(pending.RequestId), officer);
        Assert.True(fetched.SubjectFound);
    }

    [Fact]
    public async Task Suspensions_and_reinstatements_are_on_the_chain_with_who_and_why()
    {
        await _a.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Officer, "rab6-officer-3", "bulk pulls"), Auditor(_a));
        await _a.Oversight.ReinstateAsync(new BrokerProto.ReinstateRequest
        {
            Scope = BrokerProto.SuspensionScope.Officer, Target = "rab6-officer-3", Reason = "cleared by inquiry",
        }, Admin(_a));
        await _a.SequenceAuditAsync();
        await _b.SequenceAuditAsync();

        var query = await _b.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest(), Auditor(_b));
        var suspended = Assert.Single(query.Entries, e => e.Kind == "oversight.suspended" && e.Details["target"] == "rab6-officer-3");
        Assert.Equal("oversight-auditor-1", suspended.ActorId);
        Assert.Equal("bulk pulls", suspended.Details["reason"]);
        var reinstated = Assert.Single(query.Entries, e => e.Kind == "oversight.reinstated");
        Assert.Equal("oversight-admin-1", reinstated.ActorId);
        Assert.True(reinstated.Seq > suspended.Seq);
        Assert.True((await _b.Oversight.VerifyAuditAsync(new BrokerProto.VerifyAuditRequest(), Auditor(_b))).Intact);
    }

    [Fact]
    public async Task Only_oversight_staff_may_suspend_and_only_an_admin_may_reinstate()
    {
        var byOfficer = await Assert.ThrowsAsync<RpcException>(() => _a.Oversight.SuspendAsync(
            Suspend(BrokerProto.SuspensionScope.Officer, "atu-officer-9", "x"), _a.As("atu-officer-1", Roles.Officer, unit: "ATU")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byOfficer.StatusCode);
        await _a.Oversight.SuspendAsync(Suspend(BrokerProto.SuspensionScope.Officer, "atu-officer-9", "x"), Auditor(_a));
        var byAuditor = await Assert.ThrowsAsync<RpcException>(() => _a.Oversight.ReinstateAsync(new BrokerProto.ReinstateRequest
        {
            Scope = BrokerProto.SuspensionScope.Officer, Target = "atu-officer-9", Reason = "y",
        }, Auditor(_a)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byAuditor.StatusCode);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => _a.Oversight.SuspendAsync(
            Suspend(BrokerProto.SuspensionScope.Unit, "ATU", " "), Auditor(_a)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
    }

    [Fact]
    public async Task Asking_who_accessed_a_subject_finds_its_entries_and_is_itself_recorded()
    {
        var nid = _a.Population.NidOf(5);
        var officer = _a.As("atu-officer-4", Roles.Officer, unit: "ATU");
        var request = (await _a.Requests.SubmitAsync(Requests.Submit(nid), officer)).Request;
        await _a.Approvals.DecideAsync(Approve(request.RequestId), Approver(_a));
        await _a.Requests.FetchAsync(Fetch(request.RequestId), officer);
        await _a.SequenceAuditAsync();

        var access = await _a.Oversight.AccessBySubjectAsync(new BrokerProto.AccessBySubjectRequest { Nid = nid }, Auditor(_a));
        Assert.Equal(["request.submitted", "request.disclosed"], access.Entries.Select(e => e.Kind));
        Assert.All(access.Entries, e => Assert.DoesNotContain(nid, string.Join(' ', e.Details.Values), StringComparison.Ordinal));
        Assert.Equal("atu-officer-4", access.Entries[^1].ActorId);

        await _a.SequenceAuditAsync();
        var again = await _a.Oversight.AccessBySubjectAsync(new BrokerProto.AccessBySubjectRequest { Nid = nid }, Auditor(_a));
        Assert.Contains(again.Entries, e => e.Kind == "oversight.subject_query" && e.ActorId == "oversight-auditor-1");
    }

    private static BrokerProto.SuspendRequest Suspend(BrokerProto.SuspensionScope scope, string target, string reason) =>
        new() { Scope = scope, Target = target, Reason = reason };

    private static BrokerProto.DecideRequest Approve(string id) => new() { RequestId = id, Decision = BrokerProto.Decision.Approve };

    private static BrokerProto.FetchRequest Fetch(string id) => new() { RequestId = id };
}
