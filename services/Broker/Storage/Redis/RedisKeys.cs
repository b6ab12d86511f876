using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The key scheme. Every key of one unit carries the hash tag <c>{u:UNIT}</c>, so a unit's scripts run
/// on one Redis Cluster node. Caller-chosen parts are percent-escaped (':', '{', '}', '%', whitespace
/// and control characters), so no id can forge another key or break the hash tag.
/// </summary>
public static class RedisKeys
{
    public static string Tag(string unit) => "{u:" + Escape(unit) + "}";

    /// <summary>Hash: <c>v</c> = version, <c>d</c> = serialized request.</summary>
    public static RedisKey Request(string unit, string requestId) => RequestPrefix(unit) + Escape(requestId);

    /// <summary>Where a request key starts; the submit script appends the escaped id it finds under an idempotency key.</summary>
    public static string RequestPrefix(string unit) => Tag(unit) + ":req:";

    /// <summary>
    /// String: the escaped id of the request the key created, with a TTL. Named by the keyed hash of the
    /// client's idempotency key (<see cref="AtRestProtector.KeyedHash"/>), never its text.
    /// </summary>
    public static RedisKey Idempotency(string unit, string requesterId, string idempotencyKeyHash) =>
        Tag(unit) + ":idem:" + Escape(requesterId) + ":" + Escape(idempotencyKeyHash);

    /// <summary>Sorted set of the ids awaiting approval, scored by creation time (ms).</summary>
    public static RedisKey Pending(string unit) => Tag(unit) + ":pending";

    /// <summary>Sorted set of one requester's ids, scored by creation time (ms).</summary>
    public static RedisKey ByRequester(string unit, string requesterId) => Tag(unit) + ":by:" + Escape(requesterId);

    /// <summary>Stream: one entry per change, in commit order.</summary>
    public static RedisKey Audit(string unit) => Tag(unit) + ":audit";

    /// <summary>A limiter counter (GCRA TAT string, or a sorted set of released-subject fingerprints), always with a TTL.</summary>
    public static RedisKey LimitCounter(string unit, string rule, string? holder) => Tag(unit) + ":lim:c:" + LimitSuffix(rule, holder);

    /// <summary>
    /// Hash of the unit's temporary overrides: field <see cref="LimitField"/> -> "interval:tolerance:limit:expiry" (us).
    /// Its TTL is stretched to the latest expiry; a field past its own expiry is ignored.
    /// </summary>
    public static RedisKey LimitOverrides(string unit) => Tag(unit) + ":lim:o";

    /// <summary>A counter's name within its unit: the rule, then the holder if any.</summary>
    public static string LimitField(string rule, string? holder) => LimitSuffix(rule, holder);

    /// <summary>Hash: rule name -> "1" for the rules an admin put in shadow mode (global, so on its own tag).</summary>
    public static RedisKey ShadowModes => "{admin}:lim-shadow";

    /// <summary>Stream: admin changes that belong to no unit (shadow modes), beside <see cref="ShadowModes"/>.</summary>
    public static RedisKey AdminAudit => "{admin}:audit";

    /// <summary>Pub/sub channel of the unit's committed changes.</summary>
    public static RedisChannel Changes(string unit) => RedisChannel.Literal("dbr:changes:" + Tag(unit));

    private static string LimitSuffix(string rule, string? holder) => holder is null ? Escape(rule) : Escape(rule) + ":" + Escape(holder);

    public static string Escape(string part)
    {
        if (!part.Any(NeedsEscape))
            return part;
        var escaped = new StringBuilder(part.Length + 8);
        foreach (var c in part)
        {
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
                continue;
            }
            foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => c is ':' or '{' or '}' or '%' || char.IsWhiteSpace(c) || char.IsControl(c);
}
