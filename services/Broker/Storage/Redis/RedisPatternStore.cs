using System.Text.Json;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The pattern state on Redis: one string per party, named by a short keyed hash (no officer id in a key name), sealed
/// with AES-GCM (it holds pseudonyms and case digests) in binary, with a time to live so a quiet party's state goes by
/// itself; a party's history is its JSON. Each party is written by a one-key script that compares the stored value's
/// nonce with the one read (<see cref="RedisScripts.PatternWrite"/>): a compare-and-set, so two brokers folding one HQ
/// at once cannot overwrite each other. No trace is written per request any more (the events name what it held); the
/// traces an earlier version kept (a small protobuf record) are still read, and kept up to date, until they expire. Keys
/// carry no shared hash tag, so parties spread over a cluster. A batch's reads are one MGET and its writes one script
/// call per group of names one command may take (<see cref="Groups{T}"/>): on one server the whole batch, so a fold
/// costs Redis two or three calls however many parties it moves, not two or three per party. State an earlier version
/// wrote under a long key name (base64 text) is still read for what the new names lack, until its time to live ends it.
/// </summary>
public sealed class RedisPatternStore(IConnectionMultiplexer redis, AtRestProtector protector) : IPatternStateStore
{
    private const string EarlierField = "pattern";
    private const string RequestPrefix = "r\n";

    // The sealed value's nonce, random per write: the version a party's compare-and-set compares.
    private const int VersionBytes = 12;

    // Names per MGET or script call: a fold after an outage (up to PatternWatch's 50,000 events) must not hold the server long.
    private const int GroupLimit = 256;

    public async Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
        (await LoadAsync(requestIds, RequestPrefix, TraceOf, json => JsonSerializer.Deserialize(json, PatternJsonContext.Default.RequestTrace)!, null, cancellationToken))
            .ToDictionary(r => r.Key, r => r.Value.Value, StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, StoredParty>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        (await LoadAsync(keys, "", plain => JsonSerializer.Deserialize(plain, PatternJsonContext.Default.PartyHistory)!,
            json => JsonSerializer.Deserialize(json, PatternJsonContext.Default.PartyHistory)!, () => new PartyHistory(), cancellationToken))
            .ToDictionary(p => p.Key, p => new StoredParty(p.Value.Value, p.Value.Version), StringComparer.Ordinal);

    public async Task<IReadOnlyCollection<string>> SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var traces = state.ChangedRequests.Select(r =>
        {
            var name = KeyOf(RequestPrefix + r.Key);
            return db.StringSetAsync(name, protector.Seal(Stored(r.Value).ToByteArray(), name), requestRetention);
        }).ToList();
        var ttl = ((long)partyRetention.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parties = state.ChangedParties.Select(p =>
        {
            var name = KeyOf(p.Key);
            var sealedValue = protector.Seal(JsonSerializer.SerializeToUtf8Bytes(p.Value, PatternJsonContext.Default.PartyHistory), name);
            return (p.Key, Name: (RedisKey)name, Expected: (RedisValue)Convert.FromHexString(state.VersionOf(p.Key)), Value: (RedisValue)sealedValue);
        }).ToList();
        var groups = Groups(parties, p => p.Name);
        var written = groups.Select(g => RedisScripts.PatternWrite.EvaluateAsync(db, [.. g.Select(p => p.Name)],
            [ttl, .. g.SelectMany(p => new[] { p.Expected, p.Value })], cancellationToken)).ToList();
        await Task.WhenAll(traces).WaitAsync(cancellationToken);
        await Task.WhenAll(written).WaitAsync(cancellationToken);
        var conflicts = new List<string>();
        for (var g = 0; g < groups.Count; g++)
        {
            var reply = (RedisResult[])written[g].Result!;
            conflicts.AddRange(groups[g].Where((_, i) => (long)reply[i] == 0).Select(p => p.Key));
        }
        return conflicts;
    }

    private async Task<IReadOnlyDictionary<string, (T Value, string Version)>> LoadAsync<T>(IReadOnlyCollection<string> keys, string prefix, Func<byte[], T> parse,
        Func<string, T> parseEarlier, Func<T>? unopened, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var names = keys.Select(k => (Key: k, Name: KeyOf(prefix + k))).ToList();
        var values = await ReadAsync(db, [.. names.Select(n => (RedisKey)n.Name)], cancellationToken);
        var found = new Dictionary<string, (T Value, string Version)>(StringComparer.Ordinal);
        var missing = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            if (values[i].IsNull)
            {
                missing.Add(names[i].Key);
                continue;
            }
            // A value that does not open was not written by a broker with our key: a party is treated as new rather than
            // trusted, at the version (nonce) it holds, so its write replaces it; a trace is ignored.
            var stored = (byte[])values[i]!;
            var version = Convert.ToHexString(stored.AsSpan(0, Math.Min(VersionBytes, stored.Length)));
            if (TryOpen(stored, names[i].Name) is { } plain)
                found[names[i].Key] = (parse(plain), version);
            else if (unopened is not null)
                found[names[i].Key] = (unopened(), version);
        }
        if (missing.Count == 0)
            return found;
        var earlierNames = missing.Select(k => (Key: k, Name: EarlierKeyOf(prefix + k))).ToList();
        var earlier = await ReadAsync(db, [.. earlierNames.Select(n => (RedisKey)n.Name)], cancellationToken);
        for (var i = 0; i < earlierNames.Count; i++)
        {
            if (!earlier[i].IsNull && protector.TryUnprotect(earlier[i]!, earlierNames[i].Name, EarlierField) is { } json)
                found[earlierNames[i].Key] = (parseEarlier(json), "");
        }
        return found;
    }

    /// <summary>The values of <paramref name="names"/>, in their order: one MGET per group.</summary>
    private async Task<RedisValue[]> ReadAsync(IDatabase db, RedisKey[] names, CancellationToken cancellationToken)
    {
        var groups = Groups([.. Enumerable.Range(0, names.Length)], i => names[i]);
        var replies = await Task.WhenAll(groups.Select(g => db.StringGetAsync([.. g.Select(i => names[i])]))).WaitAsync(cancellationToken);
        var values = new RedisValue[names.Length];
        for (var g = 0; g < groups.Count; g++)
        {
            for (var i = 0; i < groups[g].Length; i++)
                values[groups[g][i]] = replies[g][i];
        }
        return values;
    }

    /// <summary>
    /// The items in groups whose names one command may take together: on one server, all of them; on a cluster (or any
    /// server that routes by hash slot), those of one slot, and since each party's name is its own hash tag that is
    /// mostly one each, as before. At most <see cref="GroupLimit"/> per group.
    /// </summary>
    private List<T[]> Groups<T>(IReadOnlyList<T> items, Func<T, RedisKey> name)
    {
        var bySlot = redis.GetServers().Any(s => s.ServerType != ServerType.Standalone);
        IEnumerable<IEnumerable<T>> groups = bySlot ? items.GroupBy(i => redis.HashSlot(name(i))) : [items];
        return [.. groups.SelectMany(g => g.Chunk(GroupLimit))];
    }

    private byte[]? TryOpen(byte[] value, string name)
    {
        try
        {
            return protector.Open(value, name);
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
