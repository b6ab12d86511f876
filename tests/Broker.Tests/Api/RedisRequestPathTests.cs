using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Api;

[Collection(RedisCollection.Name)]
public sealed class RedisRequestPathTests(RedisServerFixture redis) : RequestPathTests
{
    protected override Task<SuiteHost> StartSuiteAsync() => SuiteHost.StartAsync(redis.Options.ConnectionString, new Dictionary<string, string?>
    {
        ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey,
    });

    [Fact]
    public async Task A_broker_restart_between_submit_and_approve_loses_nothing()
    {
        var officer = Suite.As("rab6-officer-1", Roles.Officer, unit: "RAB-6");
        var submitted = (await Suite.Requests.SubmitAsync(
            Requests.Submit(Suite.Population.NidOf(11), RecordsProto.Category.CallRecords), officer)).Request;

        await Suite.RestartBrokerAsync();
        var approver1 = Suite.Supervisor("rabhq-approver-1", "RAB-HQ");
        var pending = await Suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest(), approver1);
        Assert.Contains(pending.Requests, r => r.RequestId == submitted.RequestId);
        await Suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = submitted.RequestId, Decision = BrokerProto.Decision.Approve }, approver1);

        await Suite.RestartBrokerAsync();
        var approver2 = Suite.LegalApprover("rabhq-approver-2", "RAB-HQ");
        await Suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = submitted.RequestId, Decision = BrokerProto.Decision.Approve }, approver2);

        await Suite.RestartBrokerAsync();
        var fetched = await Suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = submitted.RequestId }, officer);
        Assert.True(fetched.SubjectFound);
        var final = (await Suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = submitted.RequestId }, officer)).Request;
        Assert.Equal(BrokerProto.RequestState.Disclosed, final.State);
        Assert.Equal(["rabhq-approver-1", "rabhq-approver-2"], final.Approvals.Select(a => a.ApproverId));
    }

    [Fact]
    public async Task With_Redis_down_a_submit_is_unavailable_and_says_so()
    {
        await using var doomed = await RedisServerProcess.StartAsync();
        await using var suite = await SuiteHost.StartAsync(doomed.ConnectionString);
        await doomed.DisposeAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Requests.SubmitAsync(
            Requests.Submit(suite.Population.NidOf(1)), suite.As("atu-officer-1", Roles.Officer, unit: "ATU")).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
