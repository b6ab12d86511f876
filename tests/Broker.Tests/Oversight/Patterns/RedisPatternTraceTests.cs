using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// Through the broker's own workflow on a redis-server of its own: a submission leaves no pattern key (the trace per
/// request is gone), and the decision is still paired with its requester, from its own chain entry.
/// </summary>
public sealed class RedisPatternTraceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private RedisServerProcess? _server;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_submission_writes_no_pattern_key_and_its_decision_is_paired_from_its_own_entry()
    {
        await using var broker = ScenarioBroker.Start(_server!.ConnectionString, Start, []);
        var decision = new PlannedDecision("phq-approver-1", Start.AddSeconds(40), true);
        var plan = new PlannedRequest("atu-officer-1", "ATU", "GD-1", 1, false, 0, false, Start, [decision], Start.AddMinutes(2));
        using var admin = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);

        string[] ids = [(await broker.SubmitAsync(plan))!, (await broker.SubmitAsync(plan with { Citizen = 2 }))!];
        await broker.FoldAsync();
        Assert.Empty(server.Keys(pattern: "{p:*").ToList());

        Assert.True(await broker.DecideAsync(ids[0], decision, "ATU"));
        await broker.FoldAsync();

        var pair = PartyKeys.Pair("phq-approver-1", "atu-officer-1");
        var history = Assert.Single(await broker.Services.GetRequiredService<IPatternStateStore>().LoadPartiesAsync([pair], default).DefaultTimeout()).Value.History;
        var day = new Broker.Oversight.PatternOptions().ToRules(new Broker.Oversight.InsiderOptions().ToRules()).DayOf(decision.At);
        Assert.Equal((1, 1), (history.Sum("decisions", day, day), history.Sum("quick", day, day)));
        // Only parties' histories: no request's trace, neither for the decided request nor the pending one.
        var protector = broker.Services.GetRequiredService<AtRestProtector>();
        foreach (var id in ids)
            Assert.False(await admin.GetDatabase().KeyExistsAsync(RedisKeys.PatternState(protector.ShortKeyedHash("r\n" + id))));
    }
}
