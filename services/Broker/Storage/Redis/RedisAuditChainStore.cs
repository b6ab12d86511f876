using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Oversight;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The chain in Redis: a list of entry texts, the sealed head, checkpoints and cursors, all on one hash tag.
/// An entry holds its event's details (case references, notes, reasons), so it is stored encrypted, bound to
/// its position; the chain's hashes are over the clear text, so verification is unchanged. An entry that does
/// not open (altered, moved, inserted) is read back as stored, which no verification accepts.
/// </summary>
public sealed class RedisAuditChainStore(IConnectionMultiplexer redis, AtRestProtector protector) : IAuditChainStore
{
    private const string EntryField = "chain";

    private const string LeaseScript = """
        local holder = redis.call('GET', KEYS[1])
        if not holder then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
        end
        if holder == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
        end
        return 0
        """;

    // KEYS: chain, cursors, head, checkpoints, lease, then one subject index per indexed entry.
    // ARGV: holder, afterSeq, head, checkpoint or '', cursor count, cursor pairs, entry count, entries,
    // then one position per subject index key. Checks run before the first write.
    private const string AppendScript = """
        if redis.call('GET', KEYS[5]) ~= ARGV[1] then return 0 end
        if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[2]) then return -1 end
        local i = 6
        for _ = 1, tonumber(ARGV[5]) do
            redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
            i = i + 2
        end
        local entries = tonumber(ARGV[i])
        i = i + 1
        for _ = 1, entries do
            redis.call('RPUSH', KEYS[1], ARGV[i])
            i = i + 1
        end
        for k = 6, #KEYS do
            redis.call('RPUSH', KEYS[k], ARGV[i])
            i = i + 1
        end
        redis.call('SET', KEYS[3], ARGV[3])
        if ARGV[4] ~= '' then redis.call('RPUSH', KEYS[4], ARGV[4]) end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> TryHoldLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
        (long)await Db.ScriptEvaluateAsync(LeaseScript, [RedisKeys.Lease],
            [holder, (long)ttl.TotalMilliseconds]).WaitAsync(cancellationToken) == 1;

    public async Task<ChainState> StateAsync(CancellationToken cancellationToken)
    {
        var db = Db;
        var head = db.StringGetAsync(RedisKeys.ChainHead);
        var checkpoint = db.ListGetByIndexAsync(RedisKeys.Checkpoints, -1);
        var cursors = db.HashGetAllAsync(RedisKeys.Cursors);
        await Task.WhenAll(head, checkpoint, cursors).WaitAsync(cancellationToken);
        var last = checkpoint.Result;
        return new ChainState(
            ChainHead.Parse(head.Result.IsNull ? null : head.Result.ToString()),
            last.IsNull ? null : Checkpoint.Parse(last.ToString()),
            cursors.Result.ToDictionary(c => c.Name.ToString(), c => c.Value.ToString(), StringComparer.Ordinal));
    }

    public async Task<bool> TryAppendAsync(ChainAppend append, string holder, CancellationToken cancellationToken)
    {
        var indexed = append.Entries.Where(e => e.Event.Details.ContainsKey(ChainDetails.SubjectHmac)).ToArray();
        RedisKey[] keys =
        [
            RedisKeys.Chain, RedisKeys.Cursors, RedisKeys.ChainHead, RedisKeys.Checkpoints,
            RedisKeys.Lease, .. indexed.Select(e => RedisKeys.SubjectIndex(e.Event.Details[ChainDetails.SubjectHmac])),
        ];
        var args = new List<RedisValue>
        {
            holder, append.AfterSeq, append.Head.Text, append.Checkpoint?.Text ?? "", append.Cursors.Count,
        };
        foreach (var (source, id) in append.Cursors)
        {
            args.Add(source);
            args.Add(id);
        }
        args.Add(append.Entries.Count);
        args.AddRange(append.Entries.Select(e => (RedisValue)protector.Protect(e.Text, Position(e.Seq), EntryField)));
        args.AddRange(indexed.Select(e => (RedisValue)e.Seq));
        var result = (long)await Db.ScriptEvaluateAsync(AppendScript, keys, [.. args]).WaitAsync(cancellationToken);
        return result == 1;
    }

    public async Task<IReadOnlyList<string>> ReadAsync(long fromSeq, int count, CancellationToken cancellationToken)
    {
        if (count <= 0 || fromSeq < 1)
            return [];
        var values = await Db.ListRangeAsync(RedisKeys.Chain, fromSeq - 1, fromSeq - 1 + count - 1).WaitAsync(cancellationToken);
        return [.. values.Select((v, i) => protector.TryUnprotect(v.ToString(), Position(fromSeq + i), EntryField) ?? v.ToString())];
    }

    private static string Position(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<string>> CheckpointsAsync(CancellationToken cancellationToken) =>
        [.. (await Db.ListRangeAsync(RedisKeys.Checkpoints).WaitAsync(cancellationToken)).Select(v => v.ToString())];

    public async Task<string?> HeadAsync(CancellationToken cancellationToken)
    {
        var head = await Db.StringGetAsync(RedisKeys.ChainHead).WaitAsync(cancellationToken);
        return head.IsNull ? null : head.ToString();
    }

    public async Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string subjectHmac, CancellationToken cancellationToken)
    {
        var values = await Db.ListRangeAsync(RedisKeys.SubjectIndex(subjectHmac)).WaitAsync(cancellationToken);
        return [.. values.Select(v => long.Parse(v.ToString(), CultureInfo.InvariantCulture))];
    }
}
