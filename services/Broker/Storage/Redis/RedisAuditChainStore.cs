using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The chains in Redis. Each chain (entries, sealed head, cursor, lease, subject index) sits on its source
/// stream's hash tag, so one fold is one script on one node and never touches another unit's node; the
/// checkpoints over every head sit on <c>{audit}</c>. An entry holds its event's details (case references,
/// notes, reasons), so it is stored encrypted, bound to its chain and position; the hashes are over the clear
/// text, so verification is unchanged. An entry that does not open (altered, moved, inserted) is read back as
/// stored, which no verification accepts.
/// </summary>
public sealed class RedisAuditChainStore(IConnectionMultiplexer redis, AtRestProtector protector) : IAuditChainStore
{
    private const string EntryField = "chain";

    private IDatabase Db => redis.GetDatabase();

    public Task<bool> TryHoldLeaseAsync(string chain, string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
        HoldAsync(RedisKeys.LeaseOf(chain), holder, ttl, cancellationToken);

    public Task<bool> TryHoldCheckpointLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
        HoldAsync(RedisKeys.CheckpointLease, holder, ttl, cancellationToken);

    private async Task<bool> HoldAsync(RedisKey lease, string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
        (long)await RedisScripts.Lease.EvaluateAsync(Db, [lease], [holder, (long)ttl.TotalMilliseconds], cancellationToken) == 1;

    public Task ReleaseLeaseAsync(string chain, string holder, CancellationToken cancellationToken) =>
        RedisScripts.LeaseRelease.EvaluateAsync(Db, [RedisKeys.LeaseOf(chain)], [holder], cancellationToken);

    public async Task<int> AnnounceAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
        (int)await RedisScripts.Announce.EvaluateAsync(Db, [RedisKeys.Sequencers], [holder, (long)ttl.TotalMilliseconds], cancellationToken);

    public async Task<ChainState> StateAsync(string chain, CancellationToken cancellationToken)
    {
        var db = Db;
        var head = db.StringGetAsync(RedisKeys.HeadOf(chain));
        var cursor = db.StringGetAsync(RedisKeys.CursorOf(chain));
        await Task.WhenAll(head, cursor).WaitAsync(cancellationToken);
        return new ChainState(ChainHead.Parse(head.Result.IsNull ? null : head.Result.ToString()),
            cursor.Result.IsNull ? null : cursor.Result.ToString());
    }

    public async Task<bool> TryAppendAsync(ChainAppend append, string holder, CancellationToken cancellationToken)
    {
        var chain = append.Chain;
        var indexed = append.Entries.Where(e => e.Event.Details.ContainsKey(ChainDetails.SubjectHmac)).ToArray();
        RedisKey[] keys =
        [
            RedisKeys.ChainOf(chain), RedisKeys.HeadOf(chain), RedisKeys.CursorOf(chain), RedisKeys.LeaseOf(chain),
            .. indexed.Select(e => RedisKeys.SubjectIndexOf(chain, e.Event.Details[ChainDetails.SubjectHmac])),
        ];
        var args = new List<RedisValue>(6 + append.Entries.Count + indexed.Length)
        {
            holder, append.AfterSeq, append.Head.Text, append.Cursor, append.Entries.Count,
        };
        args.AddRange(append.Entries.Select(e => (RedisValue)protector.Protect(e.Text, Position(chain, e.Seq), EntryField)));
        args.AddRange(indexed.Select(e => (RedisValue)e.Seq));
        return (long)await RedisScripts.ChainAppend.EvaluateAsync(Db, keys, [.. args], cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<string>> ReadAsync(string chain, long fromSeq, int count, CancellationToken cancellationToken)
    {
        if (count <= 0 || fromSeq < 1)
            return [];
        var values = await Db.ListRangeAsync(RedisKeys.ChainOf(chain), fromSeq - 1, fromSeq - 1 + count - 1).WaitAsync(cancellationToken);
        return [.. values.Select((v, i) => protector.TryUnprotect(v.ToString(), Position(chain, fromSeq + i), EntryField) ?? v.ToString())];
    }

    /// <summary>What an entry's ciphertext is bound to: its chain and position, so it opens nowhere else.</summary>
    private static string Position(string chain, long seq) => chain + "#" + seq.ToString(CultureInfo.InvariantCulture);

    public async Task<string?> HeadAsync(string chain, CancellationToken cancellationToken) =>
        await TextAsync(Db.StringGetAsync(RedisKeys.HeadOf(chain)), cancellationToken);

    public async Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string chain, string subjectHmac, CancellationToken cancellationToken)
    {
        var values = await Db.ListRangeAsync(RedisKeys.SubjectIndexOf(chain, subjectHmac)).WaitAsync(cancellationToken);
        return [.. values.Select(v => long.Parse(v.ToString(), CultureInfo.InvariantCulture))];
    }

    public async Task<IReadOnlyList<string>> CheckpointsAsync(long fromNumber, int count, CancellationToken cancellationToken) =>
        count <= 0 || fromNumber < 1 ? []
        : [.. (await Db.ListRangeAsync(RedisKeys.Checkpoints, fromNumber - 1, fromNumber - 1 + count - 1).WaitAsync(cancellationToken))
            .Select(v => v.ToString())];

    public async Task<string?> LastCheckpointAsync(CancellationToken cancellationToken) =>
        await TextAsync(Db.ListGetByIndexAsync(RedisKeys.Checkpoints, -1), cancellationToken);

    public async Task<bool> TryAddCheckpointAsync(Checkpoint checkpoint, string holder, CancellationToken cancellationToken) =>
        (long)await RedisScripts.CheckpointAdd.EvaluateAsync(Db, [RedisKeys.Checkpoints, RedisKeys.CheckpointLease],
            [holder, checkpoint.Number - 1, checkpoint.Text], cancellationToken) == 1;

    private static async Task<string?> TextAsync(Task<RedisValue> read, CancellationToken cancellationToken)
    {
        var value = await read.WaitAsync(cancellationToken);
        return value.IsNull ? null : value.ToString();
    }
}
