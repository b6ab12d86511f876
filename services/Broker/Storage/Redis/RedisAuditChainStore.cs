using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The chains in Redis. Each chain (entries, sealed head, cursor, lease, subject index) sits on its source
/// stream's hash tag, so one fold is one script on one node and never touches another unit's node; the
/// checkpoints over every head sit on <c>{audit}</c>. An entry holds its event's details (case references,
/// notes, reasons), so it is stored sealed, bound to its chain and position (<see cref="RedisChainEntry"/>); the
/// hashes are over the clear text, so verification is unchanged. A read of a range also reads the entry before it,
/// whose stored hash is the first entry's predecessor's. An append also trims the source stream's copies of
/// what the chain now holds, in the same script.
/// </summary>
/// <param name="subjectGeneration">Positions per generation-0 bucket of the subject index; part of the stored format,
/// so only a test that wants many generations from a short chain passes another.</param>
public sealed class RedisAuditChainStore(IConnectionMultiplexer redis, AtRestProtector protector,
    int subjectGeneration = RedisSubjectIndex.GenerationSize) : IAuditChainStore
{
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
        // One MGET: both keys share the chain's hash tag.
        var values = await Db.StringGetAsync([RedisKeys.HeadOf(chain), RedisKeys.CursorOf(chain)]).WaitAsync(cancellationToken);
        return new ChainState(ChainHead.Parse(values[0].IsNull ? null : values[0].ToString()), values[1].IsNull ? null : values[1].ToString());
    }

    public async Task<bool> TryAppendAsync(ChainAppend append, string holder, DateTimeOffset releaseSourceBefore, CancellationToken cancellationToken)
    {
        var chain = append.Chain;
        var keys = new List<RedisKey>
        {
            RedisKeys.ChainOf(chain), RedisKeys.HeadOf(chain), RedisKeys.CursorOf(chain), RedisKeys.LeaseOf(chain), RedisKeys.StreamOf(chain),
        };
        var args = new List<RedisValue>(6 + 4 * append.Entries.Count)
        {
            holder, append.AfterSeq, append.Head.Text, append.Cursor, TrimBelow(append.Cursor, releaseSourceBefore), append.Entries.Count,
        };
        args.AddRange(append.Entries.Select(e => (RedisValue)RedisChainEntry.Store(e, chain, protector)));
        // Each subject's position goes to its bucket of the position's generation: the buckets this fold touches are
        // KEYS 6.., each named in ARGV by its KEYS index.
        var buckets = new Dictionary<RedisKey, int>();
        foreach (var entry in append.Entries)
        {
            if (!entry.Event.Details.TryGetValue(ChainDetails.SubjectHmac, out var subject))
                continue;
            var field = RedisKeys.SubjectField(subject);
            var bucket = RedisSubjectIndex.KeyOf(chain, field, RedisSubjectIndex.GenerationOf(entry.Seq, subjectGeneration));
            if (!buckets.TryGetValue(bucket, out var index))
            {
                keys.Add(bucket);
                buckets[bucket] = index = keys.Count;
            }
            args.AddRange([index, field, RedisSubjectIndex.Encode(entry.Seq)]);
        }
        return (long)await RedisScripts.ChainAppend.EvaluateAsync(Db, [.. keys], [.. args], cancellationToken) == 1;
    }

    /// <summary>
    /// XTRIM MINID's bound: the smaller of the chained id and the first id of <paramref name="before"/>'s millisecond
    /// (stream ids start with Redis's clock in ms). The entry at the cursor itself stays, so reading after it still works.
    /// </summary>
    private static string TrimBelow(string cursor, DateTimeOffset before)
    {
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        var chained = (Ms: long.Parse(cursor.AsSpan(0, dash), CultureInfo.InvariantCulture), Seq: long.Parse(cursor.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        var cutoff = (Ms: before.ToUnixTimeMilliseconds(), Seq: 0L);
        var below = chained.CompareTo(cutoff) <= 0 ? chained : cutoff;
        return string.Create(CultureInfo.InvariantCulture, $"{below.Ms}-{below.Seq}");
    }

    public async Task<IReadOnlyList<string>> ReadAsync(string chain, long fromSeq, int count, CancellationToken cancellationToken)
    {
        if (count <= 0 || fromSeq < 1)
            return [];
        // An entry keeps its own hash but not its predecessor's: the entry before the range gives it (one more element).
        var values = await Db.ListRangeAsync(RedisKeys.ChainOf(chain), Math.Max(fromSeq - 2, 0), fromSeq - 1 + count - 1).WaitAsync(cancellationToken);
        return RedisChainEntry.ReadRange(values, chain, fromSeq, protector);
    }

    public async Task<string?> HeadAsync(string chain, CancellationToken cancellationToken) =>
        await TextAsync(Db.StringGetAsync(RedisKeys.HeadOf(chain)), cancellationToken);

    /// <summary>
    /// The positions the subject's bucket of every generation up to the chain's length holds (two round trips: the
    /// length, then the buckets), with those of the single hash and the per-subject lists earlier versions kept.
    /// </summary>
    public async Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string chain, string subjectHmac, CancellationToken cancellationToken)
    {
        var db = Db;
        var field = RedisKeys.SubjectField(subjectHmac);
        var length = db.ListLengthAsync(RedisKeys.ChainOf(chain));
        var indexed = db.HashGetAsync(RedisKeys.SubjectsOf(chain), field);
        var listed = db.ListRangeAsync(RedisKeys.SubjectIndexOf(chain, subjectHmac));
        await Task.WhenAll(length, indexed, listed).WaitAsync(cancellationToken);
        var generations = length.Result == 0 ? 0 : RedisSubjectIndex.GenerationOf(length.Result, subjectGeneration) + 1;
        var buckets = Enumerable.Range(0, generations).Select(k => db.HashGetAsync(RedisSubjectIndex.KeyOf(chain, field, k), field)).ToArray();
        await Task.WhenAll(buckets).WaitAsync(cancellationToken);
        var earlier = indexed.Result.IsNullOrEmpty ? [] : indexed.Result.ToString().Split(',');
        return [.. listed.Result.Select(v => v.ToString()).Concat(earlier).Select(p => long.Parse(p, CultureInfo.InvariantCulture))
            .Concat(buckets.Where(b => !b.Result.IsNullOrEmpty).SelectMany(b => RedisSubjectIndex.Decode((byte[])b.Result!)))
            .Distinct().Order()];
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
