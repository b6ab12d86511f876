using System.Globalization;
using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Requests;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The key schema: every Redis key and channel the broker uses, and its hash tag, in one place.
/// <list type="bullet">
/// <item><c>{u:UNIT}</c>: everything about one unit's requests (requests, idempotency, indexes, limiter counters and
/// overrides, activity counts, the unit's audit stream), so every script of a Submit or a state change runs on one
/// Redis Cluster node, and units spread across the cluster.</item>
/// <item><c>{o}</c>: suspensions, alerts, emergency reviews and the oversight stream (low volume; a suspension and its
/// audit entry are one script).</item>
/// <item><c>{r}</c>: the releases registry. <c>{audit}</c>: the hash chain. <c>{admin}</c>: state of no unit (shadow modes).</item>
/// </list>
/// Caller-chosen parts are percent-escaped (':', '{', '}', '%', whitespace and control characters), so no id can
/// forge another key or break the hash tag.
/// </summary>
public static class RedisKeys
{
    /// <summary>The largest first byte of an id's bytes that names its request's key (<see cref="Request"/>).</summary>
    private const byte MaxIdLeadByte = 0x20;

    public static string Tag(string unit) => "{u:" + Escape(unit) + "}";

    /// <summary>
    /// String: the version in digits, ':', then the sealed protobuf request (<see cref="RequestSerializer"/>). Since
    /// 2026-12-03 (req11) named by the id's 16 bytes (<see cref="RequestIds.TryGetBytes"/>) after the prefix where the id is
    /// one <see cref="RequestIds.New"/> wrote for the unit, else as <see cref="RequestByText"/>. The bytes start with the
    /// top byte of the id's 48-bit millisecond, below 0x21 until the year 3084, and escaped text never holds a byte below
    /// 0x21, so the two forms cannot name the same key.
    /// </summary>
    public static RedisKey Request(string unit, string requestId)
    {
        Span<byte> id = stackalloc byte[16];
        if (!RequestIds.TryGetBytes(unit, requestId, id) || id[0] > MaxIdLeadByte)
            return RequestByText(unit, requestId);
        var prefix = RequestPrefix(unit);
        var key = new byte[Encoding.UTF8.GetByteCount(prefix) + id.Length];
        id.CopyTo(key.AsSpan(Encoding.UTF8.GetBytes(prefix, key)));
        return key;
    }

    /// <summary>The key of a request by its escaped id: every request's before 2026-12-03, and an id of any other form's.</summary>
    public static RedisKey RequestByText(string unit, string requestId) => RequestPrefix(unit) + Escape(requestId);

    /// <summary>The id of <paramref name="unit"/>'s request <paramref name="key"/> names, in either form; null for a key that names none.</summary>
    public static string? RequestIdOf(string unit, byte[] key)
    {
        var prefix = Encoding.UTF8.GetBytes(RequestPrefix(unit));
        if (!key.AsSpan().StartsWith(prefix))
            return null;
        var id = key.AsSpan(prefix.Length);
        return id.Length == 16 && id[0] <= MaxIdLeadByte ? RequestIds.FromBytes(unit, id) : Uri.UnescapeDataString(Encoding.UTF8.GetString(id));
    }

    /// <summary>Where a request key starts; the submit script appends the id it finds under an idempotency key.</summary>
    public static string RequestPrefix(string unit) => Tag(unit) + ":req:";

    /// <summary>
    /// Hash of the unit's idempotency keys written in one period (its number: Unix ms / the TTL): <see cref="IdempotencyField"/>
    /// -> expiry and request (<c>Lua/idempotency.lib.lua</c>). It expires with its last entry, so no sweep is needed.
    /// </summary>
    public static RedisKey Idempotency(string unit, long period) => Tag(unit) + ":idem:" + period.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Hash of the unit's idempotency keys as brokers before <see cref="Idempotency(string, long)"/> kept them, all in one
    /// (base64 field -> "expiry (ms):escaped id"): read only, until its entries have expired.
    /// </summary>
    public static RedisKey IdempotencyBeforePeriods(string unit) => Tag(unit) + ":idem";

    /// <summary>A field of <see cref="Idempotency(string, long)"/>: the short keyed hash of requester and key as bytes, never their text.</summary>
    public static byte[] IdempotencyField(byte[] requesterAndKeyHash) => requesterAndKeyHash;

    /// <summary>
    /// Sorted set of one activity count (insider rules, the emergency budget): members scored by time (ms), with the
    /// window as TTL. Named by the short keyed hash of the count's name, which may hold a case reference.
    /// </summary>
    public static RedisKey Activity(string unit, string countNameHash) => Tag(unit) + ":act:" + countNameHash;

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

    // {o}: oversight.

    /// <summary>Stream of the events no request change writes: suspensions, refusals, alerts, reviews.</summary>
    public static RedisKey OversightAudit => "{o}:audit";

    /// <summary>Hash: "officer:ID" or "unit:UNIT" -> the suspension in force.</summary>
    public static RedisKey Suspensions => "{o}:suspended";

    /// <summary>Hash: same fields -> when the target was last suspended (ms), kept after reinstatement.</summary>
    public static RedisKey LastSuspended => "{o}:suspended-at";

    public static RedisChannel SuspensionChanges => RedisChannel.Literal("dbr:suspensions");

    /// <summary>Stream of sealed alerts, capped near 10,000.</summary>
    public static RedisKey Alerts => "{o}:alerts";

    public static RedisChannel AlertChanges => RedisChannel.Literal("dbr:alerts");

    /// <summary>Hashes of emergency reviews by request id: open, done; a set of the open ones alerted as overdue.</summary>
    public static RedisKey EmergencyOpen => "{o}:emergency:open";

    public static RedisKey EmergencyDone => "{o}:emergency:done";

    public static RedisKey EmergencyAlerted => "{o}:emergency:alerted";

    // {r}: the releases registry.

    /// <summary>Hash: release id -> record.</summary>
    public static RedisKey Releases => "{r}:releases";

    /// <summary>Hash: index key -> space-separated release ids.</summary>
    public static RedisKey ReleaseIndex => "{r}:index";

    // Each audit chain lives on its source stream's hash tag (a unit's chain under {u:UNIT}, the oversight chain
    // under {o}), so a fold is one script on the node that already holds the stream, and units' chains spread over a
    // cluster. {audit}: only the signed checkpoints over every chain's head (one small entry per interval).

    /// <summary>List: the chain's entries, position n at index n-1, each sealed at rest (<see cref="RedisChainEntry"/>).</summary>
    public static RedisKey ChainOf(string chain) => ChainTag(chain) + ":chain";

    /// <summary>String: the chain's sealed head.</summary>
    public static RedisKey HeadOf(string chain) => ChainTag(chain) + ":chain-head";

    /// <summary>String: the id of the last stream entry the chain holds.</summary>
    public static RedisKey CursorOf(string chain) => ChainTag(chain) + ":chain-cursor";

    /// <summary>String: who folds the chain now (SET PX).</summary>
    public static RedisKey LeaseOf(string chain) => ChainTag(chain) + ":chain-lease";

    /// <summary>
    /// Hash: the chain's subject index as a version before the buckets kept it (read only), one field per subject
    /// (<see cref="SubjectField"/>) -> the positions of the entries about it, comma-separated, oldest first.
    /// </summary>
    public static RedisKey SubjectsOf(string chain) => ChainTag(chain) + ":chain-subjects";

    /// <summary>
    /// Hash: one bucket of the chain's subject index (<see cref="RedisSubjectIndex"/>), field (<see cref="SubjectField"/>)
    /// -> the positions of the entries about it, as varints one after another, oldest first.
    /// </summary>
    public static RedisKey SubjectBucketOf(string chain, int generation, long bucket) =>
        ChainTag(chain) + ":chain-subjects:" + generation.ToString(CultureInfo.InvariantCulture) + ":" + bucket.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A field of <see cref="SubjectsOf"/>: the first 128 bits of the subject's pseudonym (64 hex digits: an HMAC) as
    /// bytes, which keep collisions out of reach while being a quarter of its text; any other pseudonym as its text.
    /// </summary>
    public static byte[] SubjectField(string subjectHmac) =>
        subjectHmac.Length == 64 && subjectHmac.All(char.IsAsciiHexDigitLower) ? Convert.FromHexString(subjectHmac.AsSpan(0, 32))
        : Encoding.UTF8.GetBytes(subjectHmac);

    /// <summary>List: positions of the entries about one subject, as chains written before <see cref="SubjectsOf"/> kept them (read only).</summary>
    public static RedisKey SubjectIndexOf(string chain, string subjectHmac) => ChainTag(chain) + ":chain-subject:" + Escape(subjectHmac);

    /// <summary>List: the signed checkpoints over every chain's head, oldest first.</summary>
    public static RedisKey Checkpoints => "{audit}:checkpoints";

    /// <summary>String: who writes checkpoints now (SET PX).</summary>
    public static RedisKey CheckpointLease => "{audit}:lease";

    /// <summary>Sorted set: the live sequencers, each scored by when its announcement lapses (ms); how chain leases are shared.</summary>
    public static RedisKey Sequencers => "{audit}:sequencers";

    /// <summary>The stream a source name of the chain refers to.</summary>
    public static RedisKey StreamOf(string source) =>
        source == AuditSources.Oversight ? OversightAudit
        : AuditSources.UnitOf(source) is { } unit ? Audit(unit)
        : throw new ArgumentException($"Unknown audit source '{source}'.", nameof(source));

    /// <summary>
    /// String: one party's long-horizon pattern state, or one request's trace (sealed), with a TTL. Named by the short
    /// keyed hash of the party (an officer, approver, pair, unit or HQ) or request, which is also its hash tag: parties
    /// spread over a cluster. (Earlier versions named it by the full keyed hash: <see cref="RedisPatternStore"/> still reads those.)
    /// </summary>
    public static RedisKey PatternState(string partyHash) => "{p:" + partyHash + "}";

    /// <summary>The hash tag of a source's stream, which its chain shares.</summary>
    private static string ChainTag(string source) =>
        source == AuditSources.Oversight ? "{o}"
        : AuditSources.UnitOf(source) is { } unit ? Tag(unit)
        : throw new ArgumentException($"Unknown audit source '{source}'.", nameof(source));

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
