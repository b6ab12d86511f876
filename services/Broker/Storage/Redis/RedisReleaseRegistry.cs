using System.Text.Json;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The releases registry in Redis, on its own hash tag: a hash of release id -> record, and a hash of
/// index key -> space-separated release ids, both written by one script.
/// </summary>
public sealed class RedisReleaseRegistry(IConnectionMultiplexer redis) : IReleaseRegistry
{
    private const int LookupBatch = 4096;

    // KEYS: releases, index. ARGV: id, record, then the index keys.
    private const string RecordScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        for i = 3, #ARGV do
            local ids = redis.call('HGET', KEYS[2], ARGV[i])
            redis.call('HSET', KEYS[2], ARGV[i], ids and (ids .. ' ' .. ARGV[1]) or ARGV[1])
        end
        return 1
        """;

    // KEYS: releases, index. ARGV: id, then the index keys of the release. Drops the id from each entry.
    private const string RemoveScript = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        for i = 2, #ARGV do
            local ids = redis.call('HGET', KEYS[2], ARGV[i])
            if ids then
                local kept = {}
                for id in string.gmatch(ids, '%S+') do
                    if id ~= ARGV[1] then kept[#kept + 1] = id end
                end
                if #kept == 0 then
                    redis.call('HDEL', KEYS[2], ARGV[i])
                else
                    redis.call('HSET', KEYS[2], ARGV[i], table.concat(kept, ' '))
                end
            end
        end
        return 1
        """;

    private static RedisKey Releases => "{r}:releases";
    private static RedisKey Index => "{r}:index";

    public async Task RecordAsync(ReleaseRecord release, CancellationToken cancellationToken)
    {
        RedisValue[] args = [release.ReleaseId, JsonSerializer.Serialize(release, OversightJsonContext.Default.ReleaseRecord),
            .. ReleaseIndex.KeysOf(release).Select(k => (RedisValue)k)];
        await redis.GetDatabase().ScriptEvaluateAsync(RecordScript, [Releases, Index], args).WaitAsync(cancellationToken);
    }

    public async Task RemoveAsync(string releaseId, CancellationToken cancellationToken)
    {
        // The record names its index keys; a concurrent remove of the same id only finds less to drop.
        var found = await GetAsync([releaseId], cancellationToken);
        if (found.Count == 0)
            return;
        RedisValue[] args = [releaseId, .. ReleaseIndex.KeysOf(found[0]).Select(k => (RedisValue)k)];
        await redis.GetDatabase().ScriptEvaluateAsync(RemoveScript, [Releases, Index], args).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var batch in keys.Chunk(LookupBatch))
        {
            var values = await db.HashGetAsync(Index, [.. batch.Select(k => (RedisValue)k)]).WaitAsync(cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                if (!values[i].IsNull)
                    found[batch[i]] = values[i].ToString().Split(' ');
            }
        }
        return found;
    }

    public async Task<IReadOnlyList<ReleaseRecord>> GetAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken)
    {
        if (releaseIds.Count == 0)
            return [];
        var values = await redis.GetDatabase().HashGetAsync(Releases, [.. releaseIds.Select(id => (RedisValue)id)]).WaitAsync(cancellationToken);
        return [.. values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize(v.ToString(), OversightJsonContext.Default.ReleaseRecord)!)];
    }
}
