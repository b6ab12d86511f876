using System.Globalization;
using System.Runtime.CompilerServices;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The durable store: every change is one Lua script (one round trip) that checks, counts the activity its
/// oversight rules need, writes the request and its indexes, appends the audit entry and publishes the change,
/// all on the unit's hash tag. A request is one string: its version, ':', then the sealed protobuf blob
/// (<see cref="RequestSerializer"/>), so the scripts' version check needs no second field or key.
/// </summary>
public sealed class RedisRequestStore : IRequestStore, IPendingDepth, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly AtRestProtector _protector;
    private readonly bool _ownsProtector;
    private readonly RequestSerializer _serializer;
    private readonly long _idempotencyTtlMs;
    private readonly RedisIdempotency _idempotency;
    private readonly RedisLimiter _limiter;

    public RedisRequestStore(IConnectionMultiplexer redis, RedisStoreOptions options)
        : this(redis, options, new AtRestProtector(options.SubjectKeyBytes()))
    {
        _ownsProtector = true;
    }

    /// <param name="time">The broker's clock, which names the idempotency hashes (<see cref="RedisIdempotency"/>); the system's by default.</param>
    public RedisRequestStore(IConnectionMultiplexer redis, RedisStoreOptions options, AtRestProtector protector, TimeProvider? time = null)
    {
        options.Validate();
        _redis = redis;
        _protector = protector;
        _serializer = new RequestSerializer(_protector);
        _idempotencyTtlMs = (long)options.IdempotencyTtl.TotalMilliseconds;
        _idempotency = new RedisIdempotency(_protector, _idempotencyTtlMs, time ?? TimeProvider.System);
        _limiter = new RedisLimiter(options.SubjectKeyBytes());
    }

    private IDatabase Db => _redis.GetDatabase();

    public void Dispose()
    {
        if (_ownsProtector)
            _protector.Dispose();
    }

    public Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, CancellationToken cancellationToken) =>
        SubmitAsync(request, audit, LimitPlan.None, ActivityPlan.None, cancellationToken);

    public Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, CancellationToken cancellationToken) =>
        SubmitAsync(request, audit, limits, ActivityPlan.None, cancellationToken);

    public async Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken)
    {
        var unit = request.Unit;
        var (activityKeys, activityArgs) = ActivityArguments(unit, activity);
        var limitArgs = _limiter.Arguments(unit, limits);
        var createdAtMs = request.CreatedAt.ToUnixTimeMilliseconds();
        var idempotency = _idempotency.Arguments(request, CompactRequestId.Of(unit, request.Id));
        RedisValue[] args =
        [
            RedisKeys.RequestPrefix(unit),
            idempotency.Field,
            _idempotencyTtlMs,
            idempotency.IdPart,
            CompactRequestId.MemberOf(unit, request.Id, createdAtMs),
            request.Version,
            _serializer.Serialize(request),
            createdAtMs,
            RedisAuditEntry.Seal(audit, _protector),
            RedisKeys.Changes(unit).ToString(),
            RedisChangeMessage.Format(request),
            .. activityArgs,
            .. limitArgs.Args,
            .. idempotency.TailArgs,
        ];
        var reply = (RedisResult[])(await RedisScripts.Submit.EvaluateAsync(Db,
            [RedisKeys.Request(unit, request.Id), idempotency.Bucket, RedisKeys.Pending(unit), RedisKeys.ByRequester(unit, request.RequesterId),
                RedisKeys.Audit(unit), .. activityKeys, .. limitArgs.Keys, .. idempotency.TailKeys], args, cancellationToken))!;
        switch (reply[0].ToString())
        {
            case "replay":
                return new SubmitResult(Open(unit, IdOf(unit, (byte[])reply[1]!), (byte[])reply[2]!), Replayed: true);
            case "refused":
                activity.Record(Counts(reply, 1, activity.Counts.Count));
                return new SubmitResult(request, Replayed: false, Refused: true);
            default:
                Conclude(reply, limits, activity);
                return new SubmitResult(request, Replayed: false);
        }
    }

    public async Task PreviewLimitsAsync(string unit, LimitPlan limits, CancellationToken cancellationToken)
    {
        if (limits.IsEmpty)
            return;
        var limitArgs = _limiter.Arguments(unit, limits);
        var reply = (RedisResult[])(await RedisScripts.Preview.EvaluateAsync(Db, limitArgs.Keys, limitArgs.Args, cancellationToken))!;
        LimitPlan.Preview(RedisLimiter.Outcomes(limits, reply, 2));
    }

    /// <summary>One call: preview.lua reads the request with the look, both on the unit's tag.</summary>
    public async Task<PreviewedRequest> GetPreviewingAsync(string unit, string requestId, LimitPlan limits, CancellationToken cancellationToken)
    {
        var limitArgs = _limiter.Arguments(unit, limits);
        var reply = (RedisResult[])(await RedisScripts.Preview.EvaluateAsync(Db, [.. limitArgs.Keys, .. KeysOf(unit, requestId)],
            limitArgs.Args, cancellationToken))!;
        var outcomes = RedisLimiter.Outcomes(limits, reply, 2);
        return new PreviewedRequest(reply[1].IsNull ? null : Open(unit, requestId, (byte[])reply[1]!), () =>
        {
            LimitPlan.Preview(outcomes);
            return Task.CompletedTask;
        });
    }

    public async Task<DataRequest?> GetAsync(string unit, string requestId, CancellationToken cancellationToken)
    {
        var keys = KeysOf(unit, requestId);
        var values = await Db.StringGetAsync(keys).WaitAsync(cancellationToken);
        return Found(values, 0, keys.Length) is { IsNull: false } value ? Open(unit, requestId, value) : null;
    }

    public Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, CancellationToken cancellationToken) =>
        TryUpdateAsync(updated, audit, LimitPlan.None, ActivityPlan.None, cancellationToken);

    public Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, CancellationToken cancellationToken) =>
        TryUpdateAsync(updated, audit, limits, ActivityPlan.None, cancellationToken);

    public async Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken) =>
        (await UpdateAsync(updated, audit, limits, activity, cancellationToken)).Committed;

    /// <summary>One call: a lost commit's reply carries the request as stored (update.lua), so the retry reads nothing.</summary>
    public async Task<UpdateOutcome> UpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken)
    {
        var unit = updated.Unit;
        var (activityKeys, activityArgs) = ActivityArguments(unit, activity);
        var limitArgs = _limiter.Arguments(unit, limits);
        RedisValue[] args =
        [
            (updated.Version - 1).ToString(CultureInfo.InvariantCulture),
            updated.Version,
            _serializer.Serialize(updated),
            updated.State == RequestState.AwaitingApproval ? 1 : 0,
            CompactRequestId.MemberOf(unit, updated.Id, updated.CreatedAt.ToUnixTimeMilliseconds()),
            RedisAuditEntry.Seal(audit, _protector),
            RedisKeys.Changes(unit).ToString(),
            RedisChangeMessage.Format(updated),
            .. activityArgs,
            .. limitArgs.Args,
            // The pending member as earlier brokers wrote it (17 bytes, or text before), which leaves with this one.
            CompactRequestId.Of(unit, updated.Id),
            updated.Id,
        ];
        var reply = (RedisResult[])(await RedisScripts.Update.EvaluateAsync(Db,
            [RedisKeys.Request(unit, updated.Id), RedisKeys.Pending(unit), RedisKeys.Audit(unit), .. activityKeys, .. limitArgs.Keys,
                RedisKeys.RequestByText(unit, updated.Id)],
            args, cancellationToken))!;
        switch (reply[0].ToString())
        {
            case "stale":
                return new UpdateOutcome(false, reply.Length > 1 && !reply[1].IsNull ? Open(unit, updated.Id, (byte[])reply[1]!) : null);
            default:
                Conclude(reply, limits, activity);
                return UpdateOutcome.Done;
        }
    }

    public async Task<RequestPage> ListByRequesterAsync(string unit, string requesterId, Func<DataRequest, bool> filter,
        string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var after = PageCursor.Decode(pageToken);
        var page = new PageFiller(filter, pageSize);
        var index = RedisKeys.ByRequester(unit, requesterId);
        await foreach (var batch in EntriesAfterAsync(unit, index, after, Order.Descending, BatchSize(pageSize), cancellationToken))
        {
            foreach (var request in await LoadAsync(unit, batch, cancellationToken))
            {
                if (!page.Offer(request))
                    return page.Finish();
            }
        }
        return page.Finish();
    }

    public async Task<RequestPage> ListPendingAsync(IReadOnlyList<string> units, string? pageToken, int pageSize,
        CancellationToken cancellationToken)
    {
        var after = PageCursor.Decode(pageToken);
        // One more than a page tells whether another page follows.
        var wanted = Math.Max(pageSize, 0) + 1;
        var heads = await Task.WhenAll(units.Distinct(StringComparer.Ordinal).Select(async unit =>
        {
            var head = new List<(string Unit, IndexEntry Entry)>(wanted);
            await foreach (var batch in EntriesAfterAsync(unit, RedisKeys.Pending(unit), after, Order.Ascending, wanted, cancellationToken))
            {
                head.AddRange(batch.Select(entry => (unit, entry)));
                if (head.Count >= wanted)
                    break;
            }
            return head;
        }));
        var merged = heads.SelectMany(head => head)
            .OrderBy(x => x.Entry.CreatedAtMs).ThenBy(x => x.Entry.Id, StringComparer.Ordinal)
            .Take(wanted)
            .ToArray();
        var loaded = await Task.WhenAll(merged.GroupBy(x => x.Unit)
            .Select(group => LoadAsync(group.Key, [.. group.Select(x => x.Entry)], cancellationToken)));
        var byId = loaded.SelectMany(requests => requests).ToDictionary(r => r.Id, StringComparer.Ordinal);

        var page = new PageFiller(_ => true, pageSize);
        foreach (var (_, entry) in merged)
        {
            if (byId.TryGetValue(entry.Id, out var request) && !page.Offer(request))
                break;
        }
        return page.Finish();
    }

    public Task<long> CountPendingAsync(string unit, CancellationToken cancellationToken) =>
        Db.SortedSetLengthAsync(RedisKeys.Pending(unit)).WaitAsync(cancellationToken);

    /// <summary>The unit's audit trail, oldest first, as read from its stream.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string unit, CancellationToken cancellationToken = default)
    {
        var entries = await Db.StreamRangeAsync(RedisKeys.Audit(unit)).WaitAsync(cancellationToken);
        return [.. entries.Select(e => RedisAuditEntry.Parse(e, _protector))];
    }

    private static int BatchSize(int pageSize) => Math.Clamp(pageSize + 1, 16, 256);

    /// <summary>
    /// An index's entries strictly past <paramref name="after"/> in listing order, in batches. Each batch
    /// starts from the last entry seen rather than an offset, so concurrent adds and removes neither repeat
    /// nor skip an entry.
    /// </summary>
    private async IAsyncEnumerable<IndexEntry[]> EntriesAfterAsync(string unit, RedisKey index, PageCursor? after, Order order, int batchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = after;
        var take = batchSize;
        while (true)
        {
            var bound = position?.CreatedAtMs ?? (order == Order.Ascending ? double.NegativeInfinity : double.PositiveInfinity);
            var (low, high) = order == Order.Ascending ? (bound, double.PositiveInfinity) : (double.NegativeInfinity, bound);
            var entries = await Db.SortedSetRangeByScoreWithScoresAsync(index, low, high, Exclude.None, order, 0, take)
                .WaitAsync(cancellationToken);
            var fresh = entries
                .Select(e => new IndexEntry((long)e.Score, CompactRequestId.Read(unit, (byte[])e.Element!, (long)e.Score)))
                .Where(e => position is not { } p || (order == Order.Ascending ? p.CompareTo(e.CreatedAtMs, e.Id) < 0 : p.CompareTo(e.CreatedAtMs, e.Id) > 0))
                .ToArray();
            var exhausted = entries.Length < take;
            if (fresh.Length > 0)
            {
                yield return fresh;
                position = new PageCursor(fresh[^1].CreatedAtMs, fresh[^1].Id);
                take = batchSize;
            }
            else
            {
                // Every entry read shares the position's timestamp and sorts at or before it: read further.
                take *= 2;
            }
            if (exhausted)
                yield break;
        }
    }

    /// <summary>The requests the entries name, in the entries' order; one MGET of every name they may be stored under.</summary>
    private async Task<DataRequest[]> LoadAsync(string unit, IndexEntry[] entries, CancellationToken cancellationToken)
    {
        if (entries.Length == 0)
            return [];
        var names = entries.Select(e => KeysOf(unit, e.Id)).ToArray();
        var data = await Db.StringGetAsync([.. names.SelectMany(keys => keys)]).WaitAsync(cancellationToken);
        var requests = new List<DataRequest>(entries.Length);
        for (int i = 0, at = 0; i < entries.Length; at += names[i].Length, i++)
        {
            if (Found(data, at, names[i].Length) is { IsNull: false } value)
                requests.Add(Open(unit, entries[i].Id, value));
        }
        return [.. requests];
    }

    /// <summary>
    /// The keys a request may be stored under: its key (<see cref="RedisKeys.Request"/>), then, where that is the id's
    /// bytes, its key by text, under which brokers before 2026-12-03 stored every request. Read together in one command
    /// (both on the unit's tag), so a request of either age costs one round trip; the second name is one more lookup
    /// of Redis's dictionary, not a second call.
    /// </summary>
    private static RedisKey[] KeysOf(string unit, string requestId)
    {
        var (key, byText) = (RedisKeys.Request(unit, requestId), RedisKeys.RequestByText(unit, requestId));
        return key == byText ? [key] : [key, byText];
    }

    /// <summary>The first value found of the <paramref name="count"/> read for one request from <paramref name="at"/>.</summary>
    private static RedisValue Found(RedisValue[] values, int at, int count)
    {
        for (var i = at; i < at + count; i++)
        {
            if (!values[i].IsNull)
                return values[i];
        }
        return RedisValue.Null;
    }

    private DataRequest Open(string unit, string id, RedisValue stored) => _serializer.Deserialize(unit, id, Split((byte[])stored!).Sealed.Span);

    /// <summary>The request id a key of <paramref name="unit"/>'s requests names, in either form.</summary>
    private static string IdOf(string unit, byte[] key) =>
        RedisKeys.RequestIdOf(unit, key) ?? throw new InvalidDataException("A replayed request's key is not one of its unit's.");

    /// <summary>A stored request: its version in digits, ':', the sealed blob.</summary>
    private static (long Version, ReadOnlyMemory<byte> Sealed) Split(byte[] stored)
    {
        var colon = Array.IndexOf(stored, (byte)':');
        if (colon <= 0)
            throw new InvalidDataException("A stored request has no version prefix.");
        return (long.Parse(stored.AsSpan(0, colon), CultureInfo.InvariantCulture), stored.AsMemory(colon + 1));
    }

    /// <summary>
    /// The activity plan as the scripts' KEYS and ARGV (<c>Lua/activity.lib.lua</c>): a sorted set per count on the unit's
    /// tag; n, then per count its member, window (ms) and ceiling, then when the counts are taken (ms on the broker's
    /// clock, or '' for Redis's).
    /// </summary>
    private (RedisKey[] Keys, RedisValue[] Args) ActivityArguments(string unit, ActivityPlan activity)
    {
        var keys = new RedisKey[activity.Counts.Count];
        var args = new RedisValue[2 + 3 * activity.Counts.Count];
        args[0] = activity.Counts.Count;
        args[^1] = activity.At is { } at ? at.ToUnixTimeMilliseconds() : "";
        for (var i = 0; i < activity.Counts.Count; i++)
        {
            var count = activity.Counts[i];
            // Counter names may hold a case reference and members a subject pseudonym: keyed hashes, never the text.
            keys[i] = RedisKeys.Activity(unit, _protector.ShortKeyedHash(count.Key));
            args[1 + 3 * i] = _protector.ShortKeyedHash(count.Member);
            args[2 + 3 * i] = (long)count.Window.TotalMilliseconds;
            args[3 + 3 * i] = count.RefuseAbove == long.MaxValue ? "" : count.RefuseAbove.ToString(CultureInfo.InvariantCulture);
        }
        return (keys, args);
    }

    /// <summary>
    /// A committed change's reply after its status: the activity counts, then the limit verdicts. A 'limited' reply
    /// carries only the verdicts, and concluding them throws: the change wrote nothing.
    /// </summary>
    private static void Conclude(RedisResult[] reply, LimitPlan limits, ActivityPlan activity)
    {
        if (reply[0].ToString() == "limited")
        {
            limits.Conclude(RedisLimiter.Outcomes(limits, reply, 1));
            throw new InvalidOperationException("A script refused on limits the plan does not refuse.");
        }
        activity.Record(Counts(reply, 1, activity.Counts.Count));
        limits.Conclude(RedisLimiter.Outcomes(limits, reply, 1 + activity.Counts.Count));
    }

    private static long[] Counts(RedisResult[] reply, int offset, int count) =>
        [.. Enumerable.Range(offset, count).Select(i => (long)reply[i])];

    private readonly record struct IndexEntry(long CreatedAtMs, string Id);
}
