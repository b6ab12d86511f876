using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>
/// The default store: in memory, one lock per unit so each change and its audit event are one atomic
/// step, as in the Redis store's scripts. Limits are decided under the same lock, by the same rules
/// as the scripts, on <paramref name="time"/> (one process, one clock). Nothing survives a restart; use Redis for that.
/// </summary>
public sealed class EmbeddedRequestStore(ChangeHub hub, TimeProvider? time = null)
    : IRequestStore, IPendingDepth, ILimitAdminStore, IShadowModes
{
    private readonly Dictionary<string, UnitShard> _units = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shadowed = new(StringComparer.Ordinal);
    private readonly List<AuditEvent> _adminAudit = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<SubmitResult> SubmitAsync(DataRequest request, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken)
    {
        var shard = ShardOf(request.Unit);
        lock (shard)
        {
            var key = (request.RequesterId, request.IdempotencyKey);
            if (shard.Idempotency.TryGetValue(key, out var existingId))
                return Task.FromResult(new SubmitResult(shard.Requests[existingId], Replayed: true));
            var now = _time.GetUtcNow();
            var counts = activity.IsEmpty ? [] : shard.Activity.Peek(activity.Counts, activity.At ?? now);
            if (!activity.IsEmpty && activity.Refuses(counts))
            {
                activity.Record(counts);
                return Task.FromResult(new SubmitResult(request, Replayed: false, Refused: true));
            }
            Charge(shard, limits);
            activity.Record(counts);
            shard.Activity.Record(activity.Counts, activity.At ?? now);
            shard.Requests[request.Id] = request;
            shard.Idempotency[key] = request.Id;
            shard.Pending.Add(request.Id);
            shard.Audit.Add(audit);
        }
        hub.Publish(new RequestChange(request.Unit, request.Id, request.Version, request.State));
        return Task.FromResult(new SubmitResult(request, Replayed: false));
    }

    public Task PreviewLimitsAsync(string unit, LimitPlan limits, CancellationToken cancellationToken)
    {
        var shard = ShardOf(unit);
        lock (shard)
            LimitPlan.Preview(limits.Evaluate(shard.Limits, LimitTime.ToUs(_time.GetUtcNow()), charge: false));
        return Task.CompletedTask;
    }

    public Task<DataRequest?> GetAsync(string unit, string requestId, CancellationToken cancellationToken)
    {
        var shard = ShardOf(unit);
        lock (shard)
            return Task.FromResult(shard.Requests.GetValueOrDefault(requestId));
    }

    public Task<bool> TryUpdateAsync(DataRequest updated, AuditEvent audit, LimitPlan limits, ActivityPlan activity,
        CancellationToken cancellationToken)
    {
        var shard = ShardOf(updated.Unit);
        lock (shard)
        {
            if (!shard.Requests.TryGetValue(updated.Id, out var stored) || stored.Version != updated.Version - 1)
                return Task.FromResult(false);
            Charge(shard, limits);
            if (!activity.IsEmpty)
            {
                var now = _time.GetUtcNow();
                activity.Record(shard.Activity.Peek(activity.Counts, activity.At ?? now));
                shard.Activity.Record(activity.Counts, activity.At ?? now);
            }
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
            .OrderDescending(PageCursor.Order);
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
            .Order(PageCursor.Order);
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

    /// <summary>The admin trail (shadow-mode changes), oldest first.</summary>
    public IReadOnlyList<AuditEvent> AdminAudit()
    {
        lock (_adminAudit)
            return _adminAudit.ToArray();
    }

    public Task<IReadOnlyList<CounterReading>> ReadAsync(string unit, IReadOnlyList<LimitCharge> counters, AuditEvent audit,
        CancellationToken cancellationToken)
    {
        var shard = ShardOf(unit);
        var now = LimitTime.ToUs(_time.GetUtcNow());
        lock (shard)
        {
            shard.Audit.Add(audit);
            return Task.FromResult<IReadOnlyList<CounterReading>>([.. counters.Select(c => shard.Limits.Read(c, now))]);
        }
    }

    public Task SetOverrideAsync(string unit, LimitCharge counter, LimitOverride limit, AuditEvent audit, CancellationToken cancellationToken) =>
        ChangeLimits(unit, audit, limits => limits.SetOverride(counter.Counter, limit));

    public Task ResetAsync(string unit, LimitCharge counter, AuditEvent audit, CancellationToken cancellationToken) =>
        ChangeLimits(unit, audit, limits => limits.Reset(counter.Counter));

    public Task SetShadowAsync(string rule, bool shadow, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_adminAudit)
        {
            if (shadow)
                _shadowed.Add(rule);
            else
                _shadowed.Remove(rule);
            _adminAudit.Add(audit);
        }
        return Task.CompletedTask;
    }

    public ValueTask<IReadOnlySet<string>> ShadowedAsync(CancellationToken cancellationToken)
    {
        lock (_adminAudit)
            return ValueTask.FromResult<IReadOnlySet<string>>(_shadowed.ToHashSet(StringComparer.Ordinal));
    }

    private Task ChangeLimits(string unit, AuditEvent audit, Action<EmbeddedLimitCounters> change)
    {
        var shard = ShardOf(unit);
        lock (shard)
        {
            change(shard.Limits);
            shard.Audit.Add(audit);
        }
        return Task.CompletedTask;
    }

    /// <summary>Decides the plan under the unit's lock; throws (having written nothing) when it refuses.</summary>
    private void Charge(UnitShard shard, LimitPlan limits)
    {
        if (!limits.IsEmpty)
            limits.Conclude(limits.Evaluate(shard.Limits, LimitTime.ToUs(_time.GetUtcNow())));
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
        public EmbeddedLimitCounters Limits { get; } = new();
        public EmbeddedActivityCounts Activity { get; } = new();
    }
}
