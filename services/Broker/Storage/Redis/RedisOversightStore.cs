using System.Globalization;
using System.Text.Json;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The oversight stream and suspensions in Redis. A suspension, its audit entry and the notice to every
/// replica are one script on the <c>{o}</c> tag: there is no suspension without its entry.
/// </summary>
public sealed class RedisOversightStore : IAuditJournal, ISuspensionRegistry, IAlertStore
{
    private static readonly RedisChannel AlertChannel = RedisKeys.AlertChanges;
    private static readonly RedisKey Alerts = RedisKeys.Alerts;

    // Sealed alert texts and suspension reasons are bound to these owners.
    private const string AlertOwner = "alert";
    private const string SuspensionOwner = "suspension";

    private readonly IConnectionMultiplexer _redis;
    private readonly AtRestProtector _protector;

    public RedisOversightStore(IConnectionMultiplexer redis, AtRestProtector protector)
    {
        _redis = redis;
        _protector = protector;
        // Hearing of another replica's change clears this replica's cache at once. Fire-and-forget: the
        // multiplexer keeps the subscription and (re)sends it whenever it (re)connects, so a broker that starts
        // before its Redis, or loses it, still hears every later change; until then suspensions rest on the
        // cache's short lifetime and Redis-backed calls fail closed (UNAVAILABLE).
        var subscriber = redis.GetSubscriber();
        subscriber.Subscribe(RedisKeys.SuspensionChanges, (_, _) => Changed?.Invoke(), CommandFlags.FireAndForget);
        // Alerts one at a time, in the order Redis published them: the handler-style subscription runs messages
        // concurrently, and the desk would hear two alerts raised back to back in either order.
        subscriber.Subscribe(AlertChannel, CommandFlags.FireAndForget).OnMessage(message => Raised?.Invoke(ParseAlert(message.Message.ToString())));
    }

    public event Action? Changed;

    public event Action<Alert>? Raised;

    public async Task RaiseAsync(Alert alert, AuditEvent audit, CancellationToken cancellationToken) =>
        await RedisScripts.RaiseAlert.EvaluateAsync(Db, [Alerts, RedisKeys.OversightAudit],
            [_protector.Protect(JsonSerializer.Serialize(alert, OversightJsonContext.Default.Alert), AlertOwner, "a"),
                RedisAuditEntry.Seal(audit, _protector), AlertChannel.ToString()], cancellationToken);

    public async Task<IReadOnlyList<Alert>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
            return [];
        var entries = await Db.StreamRangeAsync(Alerts, "-", "+", count, Order.Descending).WaitAsync(cancellationToken);
        return [.. entries.Reverse().Select(e => ParseAlert(e["a"].ToString()))];
    }

    private Alert ParseAlert(string sealedJson) =>
        JsonSerializer.Deserialize(_protector.Unprotect(sealedJson, AlertOwner, "a"), OversightJsonContext.Default.Alert)!;

    private IDatabase Db => _redis.GetDatabase();

    public async Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken) =>
        await RedisScripts.OversightAppend.EvaluateAsync(Db, [RedisKeys.OversightAudit], [RedisAuditEntry.Seal(audit, _protector)], cancellationToken);

    public async Task SuspendAsync(Suspension suspension, AuditEvent audit, CancellationToken cancellationToken)
    {
        await RedisScripts.Suspend.EvaluateAsync(Db,
            [RedisKeys.Suspensions, RedisKeys.LastSuspended, RedisKeys.OversightAudit],
            [RedisAuditEntry.Seal(audit, _protector), SuspensionText.Field(suspension.Scope, suspension.Target),
                _protector.Protect(SuspensionText.Format(suspension), SuspensionOwner, SuspensionText.Field(suspension.Scope, suspension.Target)),
                suspension.Since.ToUnixTimeMilliseconds(), RedisKeys.SuspensionChanges.ToString()], cancellationToken);
        Changed?.Invoke();
    }

    public async Task<bool> ReinstateAsync(SuspensionScope scope, string target, AuditEvent audit, CancellationToken cancellationToken)
    {
        var done = (long)await RedisScripts.Reinstate.EvaluateAsync(Db, [RedisKeys.Suspensions, RedisKeys.OversightAudit],
            [RedisAuditEntry.Seal(audit, _protector), SuspensionText.Field(scope, target), RedisKeys.SuspensionChanges.ToString()],
            cancellationToken) == 1;
        Changed?.Invoke();
        return done;
    }

    public async Task<SuspensionBook> ReadAsync(CancellationToken cancellationToken)
    {
        var db = Db;
        var current = db.HashGetAllAsync(RedisKeys.Suspensions);
        var last = db.HashGetAllAsync(RedisKeys.LastSuspended);
        await Task.WhenAll(current, last).WaitAsync(cancellationToken);
        return new SuspensionBook(
            current.Result.Select(Suspension),
            last.Result.ToDictionary(e => SuspensionText.Key(e.Name.ToString()),
                e => Time(e.Value)!.Value));
    }

    public async Task<IReadOnlyList<Suspension>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await Db.HashGetAllAsync(RedisKeys.Suspensions).WaitAsync(cancellationToken);
        return [.. all.Select(Suspension).OrderBy(s => s.Since)];
    }

    private Suspension Suspension(HashEntry entry) => SuspensionText.Parse(entry.Name.ToString(),
        _protector.Unprotect(entry.Value.ToString(), SuspensionOwner, entry.Name.ToString()));

    private static DateTimeOffset? Time(RedisValue ms) =>
        ms.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms.ToString(), CultureInfo.InvariantCulture));
}
