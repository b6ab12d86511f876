using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// The cluster contract suites really run across masters, asked of the cluster's own slot map (CLUSTER KEYSLOT,
/// CLUSTER NODES) rather than of our hashing: otherwise a suite could pass with every unit on one node.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterSpreadTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    [Fact]
    public async Task Units_a_test_makes_one_after_another_land_on_three_masters_and_their_data_with_them()
    {
        string[] units = [RequestFactory.NewUnit(), RequestFactory.NewUnit(), RequestFactory.NewUnit()];

        var masters = await Task.WhenAll(units.Select(u => cluster.MasterOfAsync(RedisKeys.Pending(u))));
        Assert.Equal(3, masters.Distinct().Count());

        // The data goes where the slot map says: one request in each unit leaves keys on every master.
        Assert.All(await cluster.KeysPerMasterAsync(), keys => Assert.Equal(0, keys));
        var requests = new RequestFactory();
        using var store = new RedisRequestStore(cluster.Connection, cluster.Options, cluster.Protector);
        foreach (var unit in units)
        {
            var request = requests.New(unit);
            await store.SubmitAsync(request, requests.Audit(request), default).DefaultTimeout();
        }
        Assert.All(await cluster.KeysPerMasterAsync(), keys => Assert.True(keys > 0));
    }

    [Fact]
    public async Task The_chain_contracts_chains_and_checkpoints_do_not_all_sit_on_one_master()
    {
        var masters = await Task.WhenAll(new[]
        {
            RedisKeys.ChainOf(AuditSources.OfUnit("ATU")),
            RedisKeys.ChainOf(AuditSources.OfUnit("RAB-6")),
            RedisKeys.ChainOf(AuditSources.Oversight),
            RedisKeys.Checkpoints,
        }.Select(cluster.MasterOfAsync));

        Assert.True(masters.Distinct().Count() >= 2, string.Join(", ", masters.Select(m => m.ToString())));
    }

    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
