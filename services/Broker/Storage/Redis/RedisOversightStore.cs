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
    private const string AppendScript = """
        local fields = cjson.decode(ARGV[1])
        redis.call('XADD', KEYS[1], '*', unpack(fields))
        return 1
        """;

    // KEYS: suspensions, last-suspended, audit. ARGV: audit fields, field, value, since-ms.
    private const string SuspendScript = """
        local fields = cjson.decode(ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
        redis.call('XADD', KEYS[3], '*', unpack(fields))
        redis.call('PUBLISH', ARGV[5], ARGV[2])
        return 1
        """;

    private const string ReinstateScript = """
        local fields = cjson.decode(ARGV[1])
        if redis.call('HDEL', KEYS[1], ARGV[2]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', unpack(fields))
        redis.call('PUBLISH', ARGV[3], ARGV[2])
        return 1
        """;

    // KEYS: alerts, audit. ARGV: alert JSON, audit fields, channel.
    private const string RaiseScript = """
        local fields = cjson.decode(ARGV[2])
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', '10000', '*', 'a', ARGV[1])
        redis.call('XADD', KEYS[2], '*', unpack(fields))
        redis.call('PUBLISH', ARGV[3], ARGV[1])
        return 1
        """;

    private static readonly RedisChannel AlertChannel = RedisChannel.Literal("dbr:alerts");
    private static readonly RedisKey Alerts = "{o}:alerts";

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
        subscriber.Subscribe(RedisOversightKeys.SuspensionChanges, (_, _) => Changed?.Invoke(), CommandFlags.FireAndForget);
        subscriber.Subscribe(AlertChannel, (_, message) => Raised?.Invoke(ParseAlert(message.ToString())), CommandFlags.FireAndForget);
    }

    public event Action? Changed;

    public event Action<Alert>? Raised;

    public async Task RaiseAsync(Alert alert, AuditEvent audit, CancellationToken cancellationToken) =>
        await Db.ScriptEvaluateAsync(RaiseScript, [Alerts, RedisOversightKeys.Audit],
            [_protector.Protect(JsonSerializer.Serialize(alert, OversightJsonContext.Default.Alert), AlertOwner, "a"),
                RedisAuditEntry.FieldsJson(audit, _protector), AlertChannel.ToString()]).WaitAsync(cancellationToken);

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
        await Db.ScriptEvaluateAsync(AppendScript, [RedisOversightKeys.Audit], [RedisAuditEntry.FieldsJson(audit, _protector)]).WaitAsync(cancellationToken);

    public async Task SuspendAsync(Suspension suspension, AuditEvent audit, CancellationToken cancellationToken)
    {
        await Db.ScriptEvaluateAsync(SuspendScript,
            [RedisOversightKeys.Suspensions, RedisOversightKeys.LastSuspended, RedisOversightKeys.Audit],
            [RedisAuditEntry.FieldsJson(audit, _protector), SuspensionText.Field(suspension.Scope, suspension.Target),
                _protector.Protect(SuspensionText.Format(suspension), SuspensionOwner, SuspensionText.Field(suspension.Scope, suspension.Target)),
                suspension.Since.ToUnixTimeMilliseconds(), RedisOversightKeys.SuspensionChanges.ToString()]).WaitAsync(cancellationToken);
        Changed?.Invoke();
    }

    public async Task<bool> ReinstateAsync(SuspensionScope scope, string target, AuditEvent audit, CancellationToken cancellationToken)
    {
        var done = (long)await Db.ScriptEvaluateAsync(ReinstateScript, [RedisOversightKeys.Suspensions, RedisOversightKeys.Audit],
            [RedisAuditEntry.FieldsJson(audit, _protector), SuspensionText.Field(scope, target), RedisOversightKeys.SuspensionChanges.ToString()]).WaitAsync(cancellationToken) == 1;
        Changed?.Invoke();
        return done;
    }

    public async Task<SuspensionBook> ReadAsync(CancellationToken cancellationToken)
    {
        var db = Db;
        var current = db.HashGetAllAsync(RedisOversightKeys.Suspensions);
        var last = db.HashGetAllAsync(RedisOversightKeys.LastSuspended);
        await Task.WhenAll(current, last).WaitAsync(cancellationToken);
        return new SuspensionBook(
            current.Result.Select(Suspension),
            last.Result.ToDictionary(e => SuspensionText.Key(e.Name.ToString()),
                e => Time(e.Value)!.Value));
    }

    public async Task<IReadOnlyList<Suspension>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await Db.HashGetAllAsync(RedisOversightKeys.Suspensions).WaitAsync(cancellationToken);
        return [.. all.Select(Suspension).OrderBy(s => s.Since)];
    }

    private Suspension Suspension(HashEntry entry) => SuspensionText.Parse(entry.Name.ToString(),
        _protector.Unprotect(entry.Value.ToString(), SuspensionOwner, entry.Name.ToString()));

    private static DateTimeOffset? Time(RedisValue ms) =>
        ms.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms.ToString(), CultureInfo.InvariantCulture));
}
