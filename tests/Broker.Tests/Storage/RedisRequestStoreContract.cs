using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>The request store contract over the Redis adapters, on whichever Redis the tests started.</summary>
public abstract class RedisRequestStoreContract(IRedisFixture redis) : RequestStoreContract, IDisposable
{
    private readonly RedisRequestStore _store = new(redis.Connection, redis.Options, redis.Protector);
    private readonly RedisChangeFeed _changes = new(redis.Connection, new ChangeHub());

    protected override IRequestStore Store => _store;

    protected override IRequestChangeFeed Changes => _changes;

    protected override Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit) => _store.AuditOfAsync(unit);

    [Fact]
    public async Task A_Redis_that_lost_its_scripts_still_runs_each_call_once_and_holds_the_script_after()
    {
        var unit = RequestFactory.NewUnit();
        var first = Requests.New(unit);
        await SubmitAsync(first);
        // As a restart or SCRIPT FLUSH leaves it, while the store's connection still believes its scripts loaded.
        await using var admin = await RedisServerFixture.ConnectAdminAsync(redis.Options).DefaultTimeout();
        var masters = admin.GetServers().Where(s => !s.IsReplica).ToArray();
        foreach (var server in masters)
            await server.ScriptFlushAsync().DefaultTimeout();

        // Called by SHA, refused with NOSCRIPT, sent again by body: one request stored, not none and not two.
        var second = Requests.New(unit);
        await SubmitAsync(second);
        RequestAssert.Same(second, await Store.GetAsync(unit, second.Id, default).DefaultTimeout());
        var approved = Requests.Approve(second);
        Assert.True(await Store.TryUpdateAsync(approved, Requests.Audit(approved, AuditKinds.Approval), default).DefaultTimeout());
        var read = await Store.GetAsync(unit, second.Id, default).DefaultTimeout();
        Assert.Single(read!.Approvals);
        RequestAssert.Same(first, await Store.GetAsync(unit, first.Id, default).DefaultTimeout());
        Assert.Equal(3, (await AuditOfAsync(unit).DefaultTimeout()).Count); // two submissions and one approval, each once

        // And the server that ran it holds it again, so the next call goes by SHA.
        var held = await Task.WhenAll(masters.Select(s => s.ScriptExistsAsync(RedisScripts.Submit.Body))).DefaultTimeout();
        Assert.Contains(true, held);
    }

    public void Dispose()
    {
        _changes.Dispose();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }
}
