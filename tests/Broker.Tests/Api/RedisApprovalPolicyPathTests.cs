using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

[Collection(RedisCollection.Name)]
public sealed class RedisApprovalPolicyPathTests(RedisServerFixture redis) : ApprovalPolicyPathTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync(redis.Options.ConnectionString, Settings());

    private Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>()) { ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey };
        return settings;
    }

    [Fact]
    public async Task A_pending_request_stays_judged_under_the_policy_it_was_submitted_under_after_a_policy_change()
    {
        var officer = Suite.As("db-officer-1", Roles.Officer, unit: "DB");
        var request = await SubmitCallRecordsAsync(25, officer);
        await Suite.Approvals.DecideAsync(Approve(request.RequestId), Suite.Supervisor("phq-approver-1", "POLICE-HQ")).ResponseAsync.DefaultTimeout();

        // Version 2 would let one approver of any rank release call records: it must not release this one.
        var laxer = AuthorisationPolicy.Default with
        {
            Version = 2,
            Approvals = [.. AuthorisationPolicy.Default.Approvals.Where(r => r.Category != Category.CallRecords), new(Category.CallRecords, null, 1, [])],
        };
        await using var changed = await SuiteHost.StartAsync(redis.Options.ConnectionString, Settings(PolicySettings.Of(laxer)));
        Assert.Equal(2, (await changed.Policy.GetPolicyAsync(new BrokerProto.GetPolicyRequest(), officer).ResponseAsync.DefaultTimeout()).Policy.Version);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            changed.Approvals.DecideAsync(Approve(request.RequestId), changed.Supervisor("phq-approver-3", "POLICE-HQ")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("a legal approver (approval policy version 1)", error.Status.Detail, StringComparison.Ordinal);
        var still = (await changed.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = request.RequestId }, officer).ResponseAsync.DefaultTimeout()).Request;
        Assert.Equal((BrokerProto.RequestState.AwaitingApproval, 1), (still.State, still.PolicyVersion));

        // A new request is judged under version 2.
        var fresh = await changed.Requests.SubmitAsync(Requests.Submit(changed.Population.NidOf(26), DataBroker.Records.V1.Category.CallRecords), officer)
            .ResponseAsync.DefaultTimeout();
        var approved = (await changed.Approvals.DecideAsync(Approve(fresh.Request.RequestId), changed.As("phq-approver-9", Roles.Approver, headquarters: "POLICE-HQ"))
            .ResponseAsync.DefaultTimeout()).Request;
        Assert.Equal((BrokerProto.RequestState.Approved, 2), (approved.State, approved.PolicyVersion));
    }
}
