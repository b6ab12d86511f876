using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>
/// The default store: in memory, one lock per unit so each change and its audit event are one atomic
/// step, as in the Redis store's scripts. Nothing survives a restart; use Redis for that.
/// </summary>
public sealed class EmbeddedRequestStore(ChangeHub hub) : IRequestStore, IPendingDepth
{
    private readonly Dictionary<string, UnitShard> _units = new(StringComparer.Ordinal);

    public Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, CancellationToken cancellationToken)
    {
        var shard = ShardOf(request.Unit);
        lock (shard)
        {
            var key = (request.RequesterId, request.IdempotencyKey);
            if (shard.Idempotency.TryGetValue(key, out var existingId))
                return Task.FromResult(new SubmitResult(shard.Requests[existingId], Replayed: true));
            shard.Requests[request.Id] = request;
            shard.Idempotency[key] = request.Id;
            shard.Pending.Add(request.Id);
            shard.Audit.Add(audit);
        }
        hub.Publish(new RequestChange(request.Unit, request.Id, request.Version, request.State));
        return Task.FromResult(new SubmitResult(request, Replayed: false));
    }

    public Task<DataRequest?> GetAsync(string unit, string requestId, CancellationToken cancellationToken)
    {
        var shard = ShardOf(unit);
        lock (shard)
            return Task.FromResult(shard.Requests.GetValueOrDefault(requestId));
    }

    public Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, CancellationToken cancellationToken)
    {
        var shard = ShardOf(updated.Unit);
        lock (shard)
        {
            if (!shard.Requests.TryGetValue(updated.Id, out var stored) || stored.Version != updated.Version - 1)
                return Task.FromResult(false);
            shard.Requests[updated.Id] = updated;
            if (updated.State != RequestState.AwaitingApproval)
                shard.Pending.Remove(updated.Id);
            shard.Audit.Add(audit);
        }
        hub.Publish(new RequestChange(updated.Unit, updated.Id, updated.Version, updated.State));
        return Task.FromResult(true);
    }

    public Task<RequestPage> ListByRequesterAsync(string unit, string requesterId, Func<DataRequest, bool> filter,
        string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var after = PageCursor.Decode(pageToken);
        var shard = ShardOf(unit);
        DataRequest[] mine;
        lock (shard)
            mine = shard.Requests.Values.Where(r => r.RequesterId == requesterId).ToArray();
        // Newest first: the next page holds what sorts before the cursor.
        var ordered = mine.Where(r => after is null || after.Value.CompareTo(r) > 0)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal);
        return Task.FromResult(Page(ordered, filter, pageSize));
    }

    public Task<RequestPage> ListPendingAsync(IReadOnlyList<string> units, string? pageToken, int pageSize,
        CancellationToken cancellationToken)
    {
        var after = PageCursor.Decode(pageToken);
        var pending = new List<DataRequest>();
        foreach (var unit in units)
        {
            var shard = ShardOf(unit);
            lock (shard)
                pending.AddRange(shard.Pending.Select(id => shard.Requests[id]));
        }
        var ordered = pending.Where(r => after is null || after.Value.CompareTo(r) < 0)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal);
        return Task.FromResult(Page(ordered, _ => true, pageSize));
    }

    /// <summary>The unit's audit trail, oldest first.</summary>
    public Task<long> CountPendingAsync(string unit, CancellationToken cancellationToken)
    {
        var shard = ShardOf(unit);
        lock (shard)
            return Task.FromResult((long)shard.Pending.Count);
    }

    public IReadOnlyList<AuditEvent> AuditOf(string unit)
    {
        var shard = ShardOf(unit);
        lock (shard)
            return shard.Audit.ToArray();
    }

    private static RequestPage Page(IEnumerable<DataRequest> ordered, Func<DataRequest, bool> filter, int pageSize)
    {
        var page = new PageFiller(filter, pageSize);
        foreach (var request in ordered)
        {
            if (!page.Offer(request))
                break;
        }
        return page.Finish();
    }

    private UnitShard ShardOf(string unit)
    {
        lock (_units)
        {
            if (!_units.TryGetValue(unit, out var shard))
                _units[unit] = shard = new UnitShard();
            return shard;
        }
    }

    private sealed class UnitShard
    {
        public Dictionary<string, DataRequest> Requests { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Requester, string Key), string> Idempotency { get; } = new();
        public HashSet<string> Pending { get; } = new(StringComparer.Ordinal);
        public List<AuditEvent> Audit { get; } = [];
    }
}
