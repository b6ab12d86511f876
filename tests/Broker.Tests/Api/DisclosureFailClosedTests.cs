using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using StackExchange.Redis;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>No disclosure without its audit entry and its release record: break either store and nothing leaves.</summary>
public sealed class DisclosureFailClosedTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;
    private SuiteHost _suite = null!;

    private Metadata Officer => _suite.As("atu-officer-1", Roles.Officer, unit: "ATU");

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _suite = await SuiteHost.StartAsync(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _suite.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task With_the_audit_store_gone_a_fetch_is_unavailable_and_releases_nothing()
    {
        var request = await ApprovedAsync(1);
        await _redis.DisposeAsync();

        var call = _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request }, Officer);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task With_the_releases_registry_unwritable_a_fetch_releases_nothing_and_the_grant_survives()
    {
        var request = await ApprovedAsync(2);
        using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString).DefaultTimeout();
        // A key of the wrong type makes every registry write fail, as a full or broken store would.
        await redis.GetDatabase().StringSetAsync("{r}:index", "broken");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request }, Officer).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var state = (await _suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = request }, Officer)).Request.State;
        Assert.Equal(BrokerProto.RequestState.Approved, state);

        await redis.GetDatabase().KeyDeleteAsync("{r}:index");
        var fetched = await _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request }, Officer);
        Assert.True(fetched.SubjectFound);
    }

    private async Task<string> ApprovedAsync(int citizen)
    {
        var submitted = (await _suite.Requests.SubmitAsync(Requests.Submit(_suite.Population.NidOf(citizen)), Officer)).Request;
        await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = submitted.RequestId, Decision = BrokerProto.Decision.Approve },
            _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ"));
        return submitted.RequestId;
    }
}
