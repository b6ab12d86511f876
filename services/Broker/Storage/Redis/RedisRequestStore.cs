using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The durable store: every change is one Lua script (one round trip) that checks, writes the request
/// and its indexes, appends the audit entry and publishes the change, all on the unit's hash tag.
/// </summary>
public sealed class RedisRequestStore : IRequestStore, IPendingDepth, IDisposable
{
    // Everything that can fail (decoding the audit fields) runs before the first write: Redis does not
    // roll a script back, so a script that fails must fail before it has changed anything.
    // @requestPrefix is passed as a key only so Redis Cluster routes the script; the replay reads the
    // request key it names plus the id found under the idempotency key, on the same hash tag.
    // Limits are decided after the replay check (a replay consumes nothing) and before any other write.
    private static readonly LuaScript SubmitScript = LuaScript.Prepare(RedisLimiter.Lua + "\n" + """
        local fields = cjson.decode(@auditFields)
        local existing = redis.call('GET', @idempotency)
        if existing then
            local stored = redis.call('HGET', @requestPrefix .. existing, 'd')
            if stored then
                return {'replay', stored}
            end
        end
        local refused, verdicts = limit(@limits, false)
        if refused then
            return {'limited', unpack(verdicts)}
        end
        -- The audit entry is the first write of the change: if it fails, nothing it records exists.
        redis.call('XADD', @audit, '*', unpack(fields))
        redis.call('HSET', @request, 'v', @version, 'd', @data)
        redis.call('SET', @idempotency, @requestSegment, 'PX', @idempotencyTtlMs)
        redis.call('ZADD', @pending, @createdAtMs, @id)
        redis.call('ZADD', @byRequester, @createdAtMs, @id)
        redis.call('PUBLISH', @channel, @change)
        return {'created', unpack(verdicts)}
        """);

    private static readonly LuaScript UpdateScript = LuaScript.Prepare(RedisLimiter.Lua + "\n" + """
        local fields = cjson.decode(@auditFields)
        local stored = redis.call('HGET', @request, 'v')
        if not stored or stored ~= @expectedVersion then
            return {'stale'}
        end
        local refused, verdicts = limit(@limits, false)
        if refused then
            return {'limited', unpack(verdicts)}
        end
        redis.call('XADD', @audit, '*', unpack(fields))
        redis.call('HSET', @request, 'v', @version, 'd', @data)
        if @stillPending == '0' then
            redis.call('ZREM', @pending, @id)
        end
        redis.call('PUBLISH', @channel, @change)
        return {'updated', unpack(verdicts)}
        """);

    // @overrides is passed only so Redis Cluster routes the script to the unit's node.
    private static readonly LuaScript PreviewScript = LuaScript.Prepare(RedisLimiter.Lua + "\n" + """
        local unused = @overrides
        local refused, verdicts = limit(@limits, true)
        return {'preview', unpack(verdicts)}
        """);

    private const string DataField = "d";

    private readonly IConnectionMultiplexer _redis;
    private readonly AtRestProtector _protector;
    private readonly bool _ownsProtector;
    private readonly RequestSerializer _serializer;
    private readonly long _idempotencyTtlMs;
    private readonly RedisLimiter _limiter;

    public RedisRequestStore(IConnectionMultiplexer redis, RedisStoreOptions options)
        : this(redis, options, new AtRestProtector(options.SubjectKeyBytes()))
    {
        _ownsProtector = true;
    }

    public RedisRequestStore(IConnectionMultiplexer redis, RedisStoreOptions options, AtRestProtector protector)
    {
        options.Validate();
        _redis = redis;
        _protector = protector;
        _serializer = new RequestSerializer(_protector);
        _idempotencyTtlMs = (long)options.IdempotencyTtl.TotalMilliseconds;
        _limiter = new RedisLimiter(options.SubjectKeyBytes());
    }

    private IDatabase Db => _redis.GetDatabase();

    public void Dispose()
    {
        if (_ownsProtector)
            _protector.Dispose();
    }

    public Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, CancellationToken cancellationToken) =>
        SubmitAsync(request, audit, LimitPlan.None, cancellationToken);

    public async Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, CancellationToken cancellationToken)
    {
        var unit = request.Unit;
        var result = await Db.ScriptEvaluateAsync(SubmitScript, new
        {
            request = RedisKeys.Request(unit, request.Id),
            idempotency = RedisKeys.Idempotency(unit, request.RequesterId, _protector.KeyedHash(request.IdempotencyKey)),
            pending = RedisKeys.Pending(unit),
            byRequester = RedisKeys.ByRequester(unit, request.RequesterId),
            audit = RedisKeys.Audit(unit),
            requestPrefix = (RedisKey)RedisKeys.RequestPrefix(unit),
            requestSegment = RedisKeys.Escape(request.Id),
            id = request.Id,
            version = request.Version,
            data = _serializer.Serialize(request),
            idempotencyTtlMs = _idempotencyTtlMs,
            createdAtMs = request.CreatedAt.ToUnixTimeMilliseconds(),
            auditFields = RedisAuditEntry.FieldsJson(audit, _protector),
            channel = RedisKeys.Changes(unit).ToString(),
            change = RedisChangeMessage.Format(request),
            limits = _limiter.Spec(unit, limits),
        }).WaitAsync(cancellationToken);
        var reply = (RedisResult[])result!;
        if (reply[0].ToString() == "replay")
            return new SubmitResult(_serializer.Deserialize(reply[1].ToString()), Replayed: true);
        limits.Conclude(RedisLimiter.Outcomes(limits, reply, 1));
        return new SubmitResult(request, Replayed: false);
    }

    public async Task PreviewLimitsAsync(string unit, LimitPlan limits, CancellationToken cancellationToken)
    {
        if (limits.IsEmpty)
            return;
        var result = await Db.ScriptEvaluateAsync(PreviewScript, new
        {
            overrides = RedisKeys.LimitOverrides(unit),
            limits = _limiter.Spec(unit, limits),
        }).WaitAsync(cancellationToken);
        LimitPlan.Preview(RedisLimiter.Outcomes(limits, (RedisResult[])result!, 1));
    }

    public async Task<DataRequest?> GetAsync(string unit, string requestId, CancellationToken cancellationToken)
    {
        var data = await Db.HashGetAsync(RedisKeys.Request(unit, requestId), DataField).WaitAsync(cancellationToken);
        return data.IsNull ? null : _serializer.Deserialize(data.ToString());
    }

    public Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, CancellationToken cancellationToken) =>
        TryUpdateAsync(updated, audit, LimitPlan.None, cancellationToken);

    public async Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, CancellationToken cancellationToken)
    {
        var unit = updated.Unit;
        var result = await Db.ScriptEvaluateAsync(UpdateScript, new
        {
            request = RedisKeys.Request(unit, updated.Id),
            pending = RedisKeys.Pending(unit),
            audit = RedisKeys.Audit(unit),
            id = updated.Id,
            expectedVersion = (updated.Version - 1).ToString(CultureInfo.InvariantCulture),
            version = updated.Version,
            data = _serializer.Serialize(updated),
            stillPending = updated.State == RequestState.AwaitingApproval ? 1 : 0,
            auditFields = RedisAuditEntry.FieldsJson(audit, _protector),
            channel = RedisKeys.Changes(unit).ToString(),
            change = RedisChangeMessage.Format(updated),
            limits = _limiter.Spec(unit, limits),
        }).WaitAsync(cancellationToken);
        var reply = (RedisResult[])result!;
        if (reply[0].ToString() == "stale")
            return false;
        limits.Conclude(RedisLimiter.Outcomes(limits, reply, 1));
        return true;
    }

    public async Task<RequestPage> ListByRequesterAsync(string unit, string requesterId, Func<DataRequest, bool> filter,
        string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var after = PageCursor.Decode(pageToken);
        var page = new PageFiller(filter, pageSize);
        var index = RedisKeys.ByRequester(unit, requesterId);
        await foreach (var batch in EntriesAfterAsync(index, after, Order.Descending, BatchSize(pageSize), cancellationToken))
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
            await foreach (var batch in EntriesAfterAsync(RedisKeys.Pending(unit), after, Order.Ascending, wanted, cancellationToken))
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
    private async IAsyncEnumerable<IndexEntry[]> EntriesAfterAsync(RedisKey index, PageCursor? after, Order order, int batchSize,
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
                .Select(e => new IndexEntry((long)e.Score, e.Element.ToString()))
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

    /// <summary>The requests the entries name, in the entries' order; one pipelined read each.</summary>
    private async Task<DataRequest[]> LoadAsync(string unit, IndexEntry[] entries, CancellationToken cancellationToken)
    {
        var db = Db;
        var data = await Task.WhenAll(entries.Select(e => db.HashGetAsync(RedisKeys.Request(unit, e.Id), DataField)))
            .WaitAsync(cancellationToken);
        return [.. data.Where(d => !d.IsNull).Select(d => _serializer.Deserialize(d.ToString()))];
    }

    private readonly record struct IndexEntry(long CreatedAtMs, string Id);
}
