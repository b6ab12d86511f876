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

    private static RedisKey Releases => RedisKeys.Releases;
    private static RedisKey Index => RedisKeys.ReleaseIndex;

    public async Task RecordAsync(ReleaseRecord release, CancellationToken cancellationToken)
    {
        RedisValue[] args = [release.ReleaseId, JsonSerializer.Serialize(release, OversightJsonContext.Default.ReleaseRecord),
            .. ReleaseIndex.KeysOf(release).Select(k => (RedisValue)k)];
        await RedisScripts.ReleaseRecord.EvaluateAsync(redis.GetDatabase(), [Releases, Index], args, cancellationToken);
    }

    public async Task RemoveAsync(string releaseId, CancellationToken cancellationToken)
    {
        // The record names its index keys; a concurrent remove of the same id only finds less to drop.
        var found = await GetAsync([releaseId], cancellationToken);
        if (found.Count == 0)
            return;
        RedisValue[] args = [releaseId, .. ReleaseIndex.KeysOf(found[0]).Select(k => (RedisValue)k)];
        await RedisScripts.ReleaseRemove.EvaluateAsync(redis.GetDatabase(), [Releases, Index], args, cancellationToken);
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
