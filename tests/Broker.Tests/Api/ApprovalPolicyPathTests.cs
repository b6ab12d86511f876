using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// The approval policy over real gRPC: ranks from the token, the two-rank rule for call records, the legal-basis
/// rules at Submit, the policy version on every decision, and GetPolicy. Runs once per store.
/// </summary>
public abstract class ApprovalPolicyPathTests : IAsyncLifetime
{
    protected SuiteHost Suite { get; private set; } = null!;

    private Metadata Officer => Suite.As("cttc-officer-1", Roles.Officer, unit: "CTTC");
    private Metadata Supervisor => Suite.Supervisor("phq-approver-1", "POLICE-HQ");
    private Metadata SecondSupervisor => Suite.Supervisor("phq-approver-3", "POLICE-HQ");
    private Metadata Legal => Suite.LegalApprover("phq-approver-2", "POLICE-HQ");
    private Metadata Unranked => Suite.As("phq-approver-9", Roles.Approver, headquarters: "POLICE-HQ");
    private Metadata Auditor => Suite.As("oversight-auditor-1", Roles.Auditor);

    protected abstract Task<SuiteHost> StartSuiteAsync();

    public async Task InitializeAsync() => Suite = await StartSuiteAsync();

    public async Task DisposeAsync() => await Suite.DisposeAsync();

    [Fact]
    public async Task Call_records_are_released_only_by_a_supervisor_and_a_legal_approver_and_say_what_is_still_needed()
    {
        var request = await SubmitCallRecordsAsync(21);
        Assert.Equal(1, request.PolicyVersion);
        Assert.Equal(["supervisor", "legal"], request.RanksRequired);
        Assert.Equal("0 of 2: supervisor and legal needed", request.ApprovalProgress);

        var once = (await Suite.Approvals.DecideAsync(Approve(request.RequestId), Supervisor).ResponseAsync.DefaultTimeout()).Request;
        Assert.Equal(BrokerProto.RequestState.AwaitingApproval, once.State);
        Assert.Equal("1 of 2: supervisor approved; legal needed", once.ApprovalProgress);
        Assert.Equal(["legal"], once.RanksNeeded);
        Assert.Equal("supervisor", Assert.Single(once.Approvals).ApproverRank);
        var pending = await Suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest(), Legal).ResponseAsync.DefaultTimeout();
        Assert.Equal("1 of 2: supervisor approved; legal needed", pending.Requests.Single(r => r.RequestId == request.RequestId).ApprovalProgress);

        // Two supervisors never make a supervisor and a legal officer; nor does an approver the directory gave no rank.
        foreach (var refused in new[] { SecondSupervisor, Unranked })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Approvals.DecideAsync(Approve(request.RequestId), refused).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Contains("a legal approver", error.Status.Detail, StringComparison.Ordinal);
        }
        var early = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request.RequestId }, Officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);

        var approved = (await Suite.Approvals.DecideAsync(Approve(request.RequestId), Legal).ResponseAsync.DefaultTimeout()).Request;
        Assert.Equal(BrokerProto.RequestState.Approved, approved.State);
        Assert.Equal("2 of 2: supervisor and legal approved", approved.ApprovalProgress);
        Assert.Equal(["supervisor", "legal"], approved.Approvals.Select(a => a.ApproverRank));
        var fetched = await Suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request.RequestId }, Officer).ResponseAsync.DefaultTimeout();
        Assert.True(fetched.SubjectFound);

        // Every decision is on the record with the policy version it was judged under and the rank it counted as.
        var trail = await Suite.ReadChainedAsync(
            async () => (await Suite.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest { RequestId = request.RequestId }, Auditor)).Entries,
            entries => entries.Any(e => e.Kind == "request.approved"));
        var decisions = trail.Where(e => e.Kind is "request.approval" or "request.approved").OrderBy(e => e.At).ToArray();
        Assert.Equal(["request.approval", "request.approved"], decisions.Select(e => e.Kind));
        Assert.All(decisions, e => Assert.Equal("1", e.Details["policy"]));
        Assert.Equal(["supervisor", "legal"], decisions.Select(e => e.Details["approver_rank"]));
        Assert.Equal("1", trail.Single(e => e.Kind == "request.submitted").Details["policy"]);
    }

    [Fact]
    public async Task A_rank_in_a_request_field_counts_for_nothing_only_the_token_s_rank_does()
    {
        var request = await SubmitCallRecordsAsync(22);
        await Suite.Approvals.DecideAsync(Approve(request.RequestId), Supervisor).ResponseAsync.DefaultTimeout();
        // An unranked approver who writes "legal" in the note is still unranked.
        var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Approvals.DecideAsync(
            new BrokerProto.DecideRequest { RequestId = request.RequestId, Decision = BrokerProto.Decision.Approve, Note = "legal" }, Unranked).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task Any_rank_counts_where_the_policy_names_none()
    {
        var request = (await Suite.Requests.SubmitAsync(Requests.Submit(Suite.Population.NidOf(23)), Officer).ResponseAsync.DefaultTimeout()).Request;
        Assert.Empty(request.RanksRequired);
        var approved = (await Suite.Approvals.DecideAsync(Approve(request.RequestId), Unranked).ResponseAsync.DefaultTimeout()).Request;
        Assert.Equal(BrokerProto.RequestState.Approved, approved.State);
        Assert.Equal("", Assert.Single(approved.Approvals).ApproverRank);
    }

    [Theory]
    [InlineData(BrokerProto.LegalBasis.TelecomAct97A, RecordsProto.Category.CriminalRecord, 7, "legal_basis")]
    [InlineData(BrokerProto.LegalBasis.Crpc94, RecordsProto.Category.CallRecords, 31, "cdr_window")]
    [InlineData(BrokerProto.LegalBasis.NarcoticsControlAct, RecordsProto.Category.CallRecords, 61, "cdr_window")]
    public async Task A_legal_basis_refuses_what_the_policy_does_not_allow_under_it_naming_the_field(BrokerProto.LegalBasis basis,
        RecordsProto.Category category, int days, string field)
    {
        var message = Requests.Submit(Suite.Population.NidOf(24), category);
        message.LegalBasis = basis;
        if (message.CdrWindow is not null)
            message.CdrWindow.From = Timestamp.FromDateTimeOffset(message.CdrWindow.To.ToDateTimeOffset().AddDays(-days));
        var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Requests.SubmitAsync(message, Officer).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);

        // One day less, or a basis that allows it, is accepted.
        message.IdempotencyKey = Guid.NewGuid().ToString();
        if (message.CdrWindow is not null)
            message.CdrWindow.From = Timestamp.FromDateTimeOffset(message.CdrWindow.To.ToDateTimeOffset().AddDays(-(days - 1)));
        else
            message.LegalBasis = BrokerProto.LegalBasis.CourtOrder;
        var accepted = await Suite.Requests.SubmitAsync(message, Officer).ResponseAsync.DefaultTimeout();
        Assert.Equal(BrokerProto.RequestState.AwaitingApproval, accepted.Request.State);
    }

    [Fact]
    public async Task Any_authenticated_caller_reads_the_policy_in_force_and_no_one_else()
    {
        foreach (var caller in new[] { Officer, Unranked, Auditor })
        {
            var policy = (await Suite.Policy.GetPolicyAsync(new BrokerProto.GetPolicyRequest(), caller).ResponseAsync.DefaultTimeout()).Policy;
            Assert.Equal(1, policy.Version);
            Assert.Equal(TimeSpan.FromMinutes(15), policy.GrantTtl.ToTimeSpan());
            var calls = policy.ApprovalRules.Single(r => r.Category == RecordsProto.Category.CallRecords);
            Assert.Equal(2, calls.Quorum);
            Assert.Equal(["supervisor", "legal"], calls.Ranks);
            Assert.Equal(TimeSpan.FromDays(30),
                policy.LegalBasisRules.Single(b => b.LegalBasis == BrokerProto.LegalBasis.Crpc94).MaxCdrWindow.ToTimeSpan());
        }
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Suite.Policy.GetPolicyAsync(new BrokerProto.GetPolicyRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    protected async Task<BrokerProto.DataRequest> SubmitCallRecordsAsync(int citizen, Metadata? officer = null) =>
        (await Suite.Requests.SubmitAsync(Requests.Submit(Suite.Population.NidOf(citizen), RecordsProto.Category.CallRecords), officer ?? Officer)
            .ResponseAsync.DefaultTimeout()).Request;

    protected static BrokerProto.DecideRequest Approve(string requestId) =>
        new() { RequestId = requestId, Decision = BrokerProto.Decision.Approve };
}
