using System.Text.Json;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The pattern state on Redis: one string per party and per request trace, named by a short keyed hash (no officer id
/// or request id in a key name), sealed with AES-GCM (it holds pseudonyms and case digests) in binary, with a time to
/// live so a quiet party's state goes by itself. A trace is a small protobuf record (one is kept per request), a party's
/// history its JSON. Keys carry no shared hash tag, so parties spread over a cluster; a batch's reads are sent together
/// and its writes too (the multiplexer pipelines them: one round trip each). State an earlier version wrote (a long key
/// name, base64 text) is still read for what the new names lack, until its time to live ends it.
/// </summary>
public sealed class RedisPatternStore(IConnectionMultiplexer redis, AtRestProtector protector) : IPatternStateStore
{
    private const string EarlierField = "pattern";
    private const string RequestPrefix = "r\n";

    public Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        LoadAsync(requestIds, RequestPrefix, TraceOf, json => JsonSerializer.Deserialize(json, PatternJsonContext.Default.RequestTrace)!, cancellationToken);

    public Task<IReadOnlyDictionary<string, PartyHistory>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        LoadAsync(keys, "", plain => JsonSerializer.Deserialize(plain, PatternJsonContext.Default.PartyHistory)!,
            json => JsonSerializer.Deserialize(json, PatternJsonContext.Default.PartyHistory)!, cancellationToken);

    public async Task SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var writes = state.ChangedRequests.Select(r => Write(db, RequestPrefix + r.Key, Stored(r.Value).ToByteArray(), requestRetention))
            .Concat(state.ChangedParties.Select(p => Write(db, p.Key, JsonSerializer.SerializeToUtf8Bytes(p.Value, PatternJsonContext.Default.PartyHistory), partyRetention)))
            .ToList();
        await Task.WhenAll(writes).WaitAsync(cancellationToken);
    }

    private Task<bool> Write(IDatabase db, string key, byte[] plain, TimeSpan ttl)
    {
        var name = KeyOf(key);
        return db.StringSetAsync(name, protector.Seal(plain, name), ttl);
    }

    private async Task<IReadOnlyDictionary<string, T>> LoadAsync<T>(IReadOnlyCollection<string> keys, string prefix, Func<byte[], T> parse,
        Func<string, T> parseEarlier, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var names = keys.Select(k => (Key: k, Name: KeyOf(prefix + k))).ToList();
        var values = await Task.WhenAll(names.Select(n => db.StringGetAsync(n.Name))).WaitAsync(cancellationToken);
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        var missing = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            if (values[i].IsNull)
            {
                missing.Add(names[i].Key);
                continue;
            }
            // A value that does not open was not written by a broker with our key: treat the party as new rather than trust it.
            if (TryOpen(values[i], names[i].Name) is { } plain)
                found[names[i].Key] = parse(plain);
        }
        if (missing.Count == 0)
            return found;
        var earlierNames = missing.Select(k => (Key: k, Name: EarlierKeyOf(prefix + k))).ToList();
        var earlier = await Task.WhenAll(earlierNames.Select(n => db.StringGetAsync(n.Name))).WaitAsync(cancellationToken);
        for (var i = 0; i < earlierNames.Count; i++)
        {
            if (!earlier[i].IsNull && protector.TryUnprotect(earlier[i]!, earlierNames[i].Name, EarlierField) is { } json)
                found[earlierNames[i].Key] = parseEarlier(json);
        }
        return found;
    }

    private byte[]? TryOpen(RedisValue value, string name)
    {
        try
        {
            return protector.Open((byte[])value!, name);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static StoredRequestTrace Stored(RequestTrace trace)
    {
        var stored = new StoredRequestTrace
        {
            Requester = trace.Requester,
            Unit = trace.Unit,
            SubmittedAt = trace.SubmittedAt.UtcTicks,
            OffsetMinutes = (int)trace.SubmittedAt.Offset.TotalMinutes,
            Emergency = trace.Emergency,
        };
        stored.Approvers.AddRange(trace.Approvers);
        return stored;
    }

    private static RequestTrace TraceOf(byte[] plain)
    {
        var stored = StoredRequestTrace.Parser.ParseFrom(plain);
        return new RequestTrace(stored.Requester, stored.Unit,
            new DateTimeOffset(stored.SubmittedAt, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(stored.OffsetMinutes)), stored.Emergency, [.. stored.Approvers]);
    }

    private string KeyOf(string key) => RedisKeys.PatternState(protector.ShortKeyedHash(key)).ToString();

    /// <summary>The name an earlier version gave the same state: the full keyed hash.</summary>
    private string EarlierKeyOf(string key) => RedisKeys.PatternState(protector.KeyedHash(key)).ToString();
}
