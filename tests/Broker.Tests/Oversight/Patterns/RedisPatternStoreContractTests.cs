using System.Text.Json;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

[Collection(RedisCollection.Name)]
public sealed class RedisPatternStoreContractTests(RedisServerFixture redis) : PatternStoreContract
{
    protected override IPatternStateStore Store { get; } = new RedisPatternStore(redis.Connection, redis.Protector);

    [Fact]
    public async Task A_trace_is_a_small_sealed_binary_record_under_a_short_name_and_state_an_earlier_version_wrote_is_still_read()
    {
        var (requestId, earlierId) = ("ATU.p" + Guid.NewGuid().ToString("N"), "ATU.p" + Guid.NewGuid().ToString("N"));
        var state = PatternState.Empty();
        state.SetRequest(requestId, new RequestTrace("atu-officer-1", "ATU", At, false, []));
        await Store.SaveAsync(state, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout();
        var db = redis.Connection.GetDatabase();
        var stored = (byte[])(await db.StringGetAsync(RedisKeys.PatternState(redis.Protector.ShortKeyedHash("r\n" + requestId))).DefaultTimeout())!;
        Assert.InRange(stored.Length, 1, 80);

        // As an earlier version wrote a trace: its JSON, base64 of the sealed text, under the full keyed hash.
        var earlier = new RequestTrace("atu-officer-2", "ATU", At, true, ["phq-approver-1"]);
        var name = RedisKeys.PatternState(redis.Protector.KeyedHash("r\n" + earlierId)).ToString();
        await db.StringSetAsync(name, redis.Protector.Protect(JsonSerializer.Serialize(earlier), name, "pattern"), TimeSpan.FromHours(1)).DefaultTimeout();
        var loaded = await Store.LoadRequestsAsync([requestId, earlierId], default).DefaultTimeout();
        Assert.Equal(("atu-officer-1", "atu-officer-2"), (loaded[requestId].Requester, loaded[earlierId].Requester));
        Assert.Equal(["phq-approver-1"], loaded[earlierId].Approvers);
    }
}
