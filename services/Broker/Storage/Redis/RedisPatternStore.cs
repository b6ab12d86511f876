using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The pattern state on Redis: one string per party and per request trace, named by a keyed hash (no officer id or
/// request id in a key name), sealed with AES-GCM (it holds pseudonyms and case digests), with a time to live so a
/// quiet party's state goes by itself. Keys carry no shared hash tag, so parties spread over a cluster; a batch's
/// reads are sent together and its writes too (the multiplexer pipelines them: one round trip each).
/// </summary>
public sealed class RedisPatternStore(IConnectionMultiplexer redis, AtRestProtector protector) : IPatternStateStore
{
    private const string Field = "pattern";

    public Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        LoadAsync(requestIds, "r\n", PatternJsonContext.Default.RequestTrace, cancellationToken);

    public Task<IReadOnlyDictionary<string, PartyHistory>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        LoadAsync(keys, "", PatternJsonContext.Default.PartyHistory, cancellationToken);

    public async Task SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var writes = state.ChangedRequests.Select(r => Write(db, "r\n" + r.Key, JsonSerializer.Serialize(r.Value, PatternJsonContext.Default.RequestTrace), requestRetention))
            .Concat(state.ChangedParties.Select(p => Write(db, p.Key, JsonSerializer.Serialize(p.Value, PatternJsonContext.Default.PartyHistory), partyRetention)))
            .ToList();
        await Task.WhenAll(writes).WaitAsync(cancellationToken);
    }

    private Task<bool> Write(IDatabase db, string key, string json, TimeSpan ttl)
    {
        var name = KeyOf(key);
        return db.StringSetAsync(name, protector.Protect(json, name, Field), ttl);
    }

    private async Task<IReadOnlyDictionary<string, T>> LoadAsync<T>(IReadOnlyCollection<string> keys, string prefix, JsonTypeInfo<T> type,
        CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var names = keys.Select(k => (Key: k, Name: KeyOf(prefix + k))).ToList();
        var values = await Task.WhenAll(names.Select(n => db.StringGetAsync(n.Name))).WaitAsync(cancellationToken);
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (values[i].IsNull)
                continue;
            // A value that does not open was not written by a broker with our key: treat the party as new rather than trust it.
            if (protector.TryUnprotect(values[i]!, names[i].Name, Field) is { } json)
                found[names[i].Key] = JsonSerializer.Deserialize(json, type)!;
        }
        return found;
    }

    private string KeyOf(string key) => RedisKeys.PatternState(protector.KeyedHash(key)).ToString();
}
