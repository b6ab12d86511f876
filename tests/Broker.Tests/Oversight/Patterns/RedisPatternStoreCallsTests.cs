using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>What a fold of the pattern rules costs Redis on one server, counted by the server itself (INFO commandstats).</summary>
public sealed class RedisPatternStoreCallsTests : IAsyncLifetime
{
    private RedisServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_batch_of_parties_is_read_with_one_command_per_name_form_and_written_with_one_script_call()
    {
        var options = RedisServerFixture.OptionsFor(_server);
        await using var connection = await RedisConnectionFactory.ConnectAsync(options).DefaultTimeout();
        await RedisScripts.LoadAsync(connection, default).DefaultTimeout();
        using var protector = new AtRestProtector(options.SubjectKeyBytes());
        var store = new RedisPatternStore(connection, protector);
        await using var admin = await RedisServerFixture.ConnectAdminAsync(options).DefaultTimeout();
        string[] parties = [.. Enumerable.Range(0, 6).Select(i => PartyKeys.Officer("officer-" + i)), PartyKeys.Headquarters("HQ")];

        var before = await CallsAsync(admin);
        var state = PatternState.Empty();
        state.Merge(await store.LoadPartiesAsync(parties, default).DefaultTimeout());
        foreach (var party in parties)
            state.Party(party).Day(20_000, 35).Add("decisions", 1);
        Assert.Empty(await store.SaveAsync(state, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());
        var after = await CallsAsync(admin);

        // New parties: their names, then the names an earlier version used, one MGET each; then one compare-and-set call.
        Assert.Equal((0L, 2L, 1L), (after.Get - before.Get, after.Mget - before.Mget, after.Evalsha - before.Evalsha));
        var loaded = await store.LoadPartiesAsync(parties, default).DefaultTimeout();
        Assert.All(parties, party => Assert.Equal(1, loaded[party].History.Sum("decisions", 20_000, 20_000)));
    }

    private static async Task<(long Get, long Mget, long Evalsha)> CallsAsync(ConnectionMultiplexer connection)
    {
        var stats = (await connection.GetServer(connection.GetEndPoints()[0]).InfoAsync("commandstats").DefaultTimeout())
            .SelectMany(group => group).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        long Calls(string command) => stats.TryGetValue("cmdstat_" + command, out var value)
            ? long.Parse(value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        return (Calls("get"), Calls("mget"), Calls("evalsha"));
    }
}
