using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Oversight;
using DataBroker.Broker.Tests.Support;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// The audit chains on a real three-master Redis Cluster: each unit's chain lives on its unit's master, so each
/// fold is one script there (no CROSSSLOT, no other node), and the checkpoint over every head verifies. Every master
/// is emptied before each test: the counts it checks are the whole cluster's.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterAuditTests(RedisClusterFixture cluster) : IAsyncLifetime, IDisposable
{
    private static readonly string[] Units = [.. Enumerable.Range(1, 6).Select(i => "A" + i)];
    private static readonly OrganisationChart Organisation = new(new Dictionary<string, IReadOnlyList<string>> { [RequestFactory.Headquarters] = Units });

    private readonly AtRestProtector _protector = new(cluster.Options.SubjectKeyBytes());
    private readonly RequestFactory _requests = new();

    [Fact]
    public async Task Each_units_chain_folds_on_its_own_master_and_the_checkpoint_over_every_head_verifies()
    {
        var db = cluster.Connection.GetDatabase();
        var store = new RedisRequestStore(cluster.Connection, cluster.Options, _protector);
        var rig = new ChainRig(new RedisAuditChainStore(cluster.Connection, _protector), new RedisAuditSource(cluster.Connection, _protector),
            organisation: Organisation);
        foreach (var unit in Units)
        {
            for (var i = 0; i <= Array.IndexOf(Units, unit); i++)
            {
                var request = _requests.New(unit);
                await store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
            }
        }

        Assert.Equal(Units.Length * (Units.Length + 1) / 2, await rig.Sequencer.CatchUpAsync(default).DefaultTimeout());

        // Each chain sits beside its unit's stream, and the units spread over all three masters.
        var masters = Units.Select(u => Endpoint(db, RedisKeys.Audit(u))).ToArray();
        Assert.Equal(3, masters.Distinct().Count());
        Assert.Equal(masters, Units.Select(u => Endpoint(db, RedisKeys.ChainOf(AuditSources.OfUnit(u)))));
        Assert.Equal(masters, Units.Select(u => Endpoint(db, RedisKeys.HeadOf(AuditSources.OfUnit(u)))));
        var verified = await rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.True(verified.Intact, verified.Reason);
        Assert.Equal(Units.Length * (Units.Length + 1) / 2, verified.EntriesChecked);
        Assert.Equal(1, verified.CheckpointsChecked);
        var checkpoint = Checkpoint.Parse(await rig.Chain.LastCheckpointAsync(default).DefaultTimeout())!;
        Assert.Equal(Units.Select((_, i) => (long)i + 1), Units.Select(u => checkpoint.HeadOf(AuditSources.OfUnit(u))!.Seq));

        // Tampering on one master is reported in that unit's chain.
        var chain = RedisKeys.ChainOf(AuditSources.OfUnit("A4"));
        await db.ListSetByIndexAsync(chain, 2, (await db.ListGetByIndexAsync(chain, 1)).ToString());
        var tampered = await rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(tampered.Intact);
        Assert.Equal(("unit:A4", 3L), (tampered.Chain, tampered.FirstBadSeq));
    }

    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _protector.Dispose();
    }

    private static string? Endpoint(IDatabase db, RedisKey key) => db.IdentifyEndpoint(key)?.ToString();
}
