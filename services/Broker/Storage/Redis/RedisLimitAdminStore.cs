using System.Globalization;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Limiter administration in Redis, where every replica sees it: overrides sit beside the counter they
/// change (the store's scripts read them on each call), shadow modes in one global hash each replica
/// re-reads at most every <see cref="ShadowCacheFor"/>. Each change is one script with its audit entry.
/// </summary>
public sealed class RedisLimitAdminStore(IConnectionMultiplexer redis, TimeProvider time, AtRestProtector protector) : ILimitAdminStore, IShadowModes
{
    public static readonly TimeSpan ShadowCacheFor = TimeSpan.FromSeconds(1);

    private readonly SharedRead<IReadOnlySet<string>> _shadowed = new(() => ReadShadowedAsync(redis), ShadowCacheFor, time);

    private IDatabase Db => redis.GetDatabase();

    public async Task<IReadOnlyList<CounterReading>> ReadAsync(string unit, IReadOnlyList<LimitCharge> counters, AuditEvent audit,
        CancellationToken cancellationToken)
    {
        RedisKey[] keys = [RedisKeys.Audit(unit), RedisKeys.LimitOverrides(unit), .. counters.Select(c => RedisKeys.LimitCounter(unit, c.Rule.Name, c.Holder))];
        RedisValue[] args = [RedisAuditEntry.Seal(audit, protector), .. counters.SelectMany(c => new RedisValue[]
        {
            RedisKeys.LimitField(c.Rule.Name, c.Holder), c.Rule.IsQuota ? "2" : c.Rule.IsWindow ? "1" : "0", c.Rule.PeriodUs,
            QuotaWindow.BucketUs(c.Rule.PeriodUs),
        })];
        var reply = (RedisResult[])(await RedisScripts.LimitRead.EvaluateAsync(Db, keys, args, cancellationToken))!;
        var now = Number(reply[0]);
        return [.. counters.Select((counter, i) =>
        {
            var limit = ParseOverride(reply[3 + 3 * i].ToString(), now);
            if (counter.Rule.IsWindow)
                return CounterReading.FromMembers(counter, limit, Number(reply[1 + 3 * i]), Number(reply[2 + 3 * i]), now);
            var (tat, interval) = RedisLimiter.ParseTat(reply[1 + 3 * i].ToString());
            return CounterReading.FromTat(counter, limit, tat, interval, now);
        })];
    }

    public Task SetOverrideAsync(string unit, LimitCharge counter, LimitOverride limit, AuditEvent audit, CancellationToken cancellationToken)
    {
        var ttl = (long)Math.Ceiling((limit.ExpiresAt - time.GetUtcNow()).TotalMilliseconds);
        if (ttl <= 0)
            throw Domain.DomainException.Invalid("expires_at", "expires_at must be in the future.");
        return RedisScripts.LimitOverride.EvaluateAsync(Db, [RedisKeys.LimitOverrides(unit), RedisKeys.Audit(unit)],
            [RedisKeys.LimitField(counter.Rule.Name, counter.Holder), RedisLimiter.OverrideValue(counter.Rule.With(limit), limit.ExpiresAt), ttl,
                RedisAuditEntry.Seal(audit, protector)], cancellationToken);
    }

    public Task ResetAsync(string unit, LimitCharge counter, AuditEvent audit, CancellationToken cancellationToken) =>
        RedisScripts.LimitReset.EvaluateAsync(Db,
            [RedisKeys.LimitCounter(unit, counter.Rule.Name, counter.Holder), RedisKeys.LimitOverrides(unit), RedisKeys.Audit(unit)],
            [RedisKeys.LimitField(counter.Rule.Name, counter.Holder), RedisAuditEntry.Seal(audit, protector)], cancellationToken);

    public async Task SetShadowAsync(string rule, bool shadow, AuditEvent audit, CancellationToken cancellationToken)
    {
        await RedisScripts.LimitShadow.EvaluateAsync(Db, [RedisKeys.ShadowModes, RedisKeys.AdminAudit],
            [rule, shadow ? "1" : "0", RedisAuditEntry.Seal(audit, protector)], cancellationToken);
        _shadowed.Invalidate();
    }

    /// <summary>
    /// Cached for a second, one read in flight at a time. A failed read is not cached and fails the call
    /// that needed it (fail closed): no replica guesses which rules are enforced.
    /// </summary>
    public ValueTask<IReadOnlySet<string>> ShadowedAsync(CancellationToken cancellationToken) => _shadowed.GetAsync(cancellationToken);

    /// <summary>The admin trail (shadow-mode changes), oldest first.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AdminAuditAsync(CancellationToken cancellationToken = default)
    {
        var entries = await Db.StreamRangeAsync(RedisKeys.AdminAudit).WaitAsync(cancellationToken);
        return [.. entries.Select(e => RedisAuditEntry.Parse(e, protector))];
    }

    private static async Task<IReadOnlySet<string>> ReadShadowedAsync(IConnectionMultiplexer redis)
    {
        var fields = await redis.GetDatabase().HashKeysAsync(RedisKeys.ShadowModes);
        return fields.Select(f => f.ToString()).ToHashSet(StringComparer.Ordinal);
    }

    private static long Number(RedisResult value) => long.Parse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static LimitOverride? ParseOverride(string value, long nowUs)
    {
        var parts = value.Split(':');
        if (parts.Length != 4)
            return null;
        var interval = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var expires = long.Parse(parts[3], CultureInfo.InvariantCulture);
        return expires <= nowUs
            ? null
            : new LimitOverride(int.Parse(parts[2], CultureInfo.InvariantCulture),
                (int)(long.Parse(parts[1], CultureInfo.InvariantCulture) / interval), LimitTime.FromUs(expires));
    }
}
