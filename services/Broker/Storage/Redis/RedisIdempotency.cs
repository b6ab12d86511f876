using System.Collections.Concurrent;
using System.Text;
using DataBroker.Broker.Domain.Requests;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Where the Submit script looks an idempotency key up and records it (<c>Lua/idempotency.lib.lua</c>). A unit's keys
/// sit in one hash per period of one TTL (<see cref="RedisKeys.Idempotency(string, long)"/>), each expiring with its
/// last entry: memory is bounded by design (entries of at most two periods) and no Submit sweeps. An entry written
/// less than a TTL ago is in the current period's hash or the previous one; the broker names them by its clock, so
/// near a boundary it also reads the neighbour a clock a little apart would have used.
/// </summary>
internal sealed class RedisIdempotency(AtRestProtector protector, long ttlMs, TimeProvider time)
{
    /// <summary>How far apart (ms) a broker's clock and the clock of the broker that wrote an entry may be.</summary>
    private const long MaxSkewMs = 60_000;

    private const byte TextId = 1;

    private readonly long _periodMs = Math.Max(ttlMs, 1);

    /// <summary>The units whose hash of brokers before periods this process has given its expiry (or asked Redis to).</summary>
    private readonly ConcurrentDictionary<string, bool> _expiring = new(StringComparer.Ordinal);

    /// <summary>
    /// The hash to write (KEYS[2]), the field, the entry's id part (ARGV[4]), and what goes after the limit plan: the
    /// other hashes to read and the hash of brokers before periods (KEYS); the text key prefix of a binary id (its
    /// request's key before 2026-12-03, <see cref="RedisKeys.RequestByText"/>), that
    /// hash's field and how many others there are (ARGV), after the TTL to give that hash on this process's first
    /// Submit of the unit (nothing else would ever remove it).
    /// </summary>
    /// <param name="member">The id as the indexes keep it (<see cref="CompactRequestId.Of"/>), computed once per Submit.</param>
    public (RedisKey Bucket, byte[] Field, byte[] IdPart, RedisKey[] TailKeys, RedisValue[] TailArgs) Arguments(DataRequest request, byte[] member)
    {
        var unit = request.Unit;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var current = Period(now);
        // Every period an entry still alive may have been written in, by a clock up to MaxSkewMs either side.
        var margin = Math.Min(MaxSkewMs, _periodMs / 4);
        var (first, last) = (Period(now - ttlMs - margin), Period(now + margin));
        var keys = new List<RedisKey>((int)(last - first) + 2);
        for (var period = last; period >= first; period--)
        {
            if (period != current)
                keys.Add(RedisKeys.Idempotency(unit, period));
        }
        var others = keys.Count;
        keys.Add(RedisKeys.IdempotencyBeforePeriods(unit));
        var field = protector.ShortKeyedHashBytes(request.RequesterId + "\n" + request.IdempotencyKey);
        return (RedisKeys.Idempotency(unit, current), RedisKeys.IdempotencyField(field), IdPart(member, request.Id), [.. keys],
            [_expiring.TryAdd(unit, true) ? ttlMs : "", RedisKeys.RequestPrefix(unit) + RedisKeys.Escape(unit) + ".", AtRestProtector.ShortKeyedHashText(field), others]);
    }

    /// <summary>The id's binary member as it is (0 and 16 bytes), else 1 and its key part.</summary>
    private static byte[] IdPart(byte[] member, string requestId) =>
        CompactRequestId.IsBinary(member) ? member : [TextId, .. Encoding.UTF8.GetBytes(RedisKeys.Escape(requestId))];

    private long Period(long ms) => ms / _periodMs - (ms % _periodMs < 0 ? 1 : 0);
}
