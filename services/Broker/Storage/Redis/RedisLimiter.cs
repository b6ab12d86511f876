using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataBroker.Broker.Domain.Limits;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The limiter inside the store's scripts: <c>Lua/limit.lib.lua</c> defines <c>limit(spec)</c>, which decides every
/// charge of a plan on Redis's clock (TIME, so replicas with skewed clocks agree), and writes only when
/// no enforced rule refuses. It mirrors <see cref="Gcra"/>, <see cref="DistinctWindow"/> and
/// <see cref="LimitPlan.Verdict"/>; the store contract tests hold the two to the same answers.
/// Every key it writes gets a PX expiry in the same call, so no limiter key lives without a TTL.
/// </summary>
internal sealed class RedisLimiter
{
    private readonly byte[] _memberKey;

    /// <param name="subjectKey">The subject key; a separate key for member fingerprints is derived from it.</param>
    public RedisLimiter(ReadOnlySpan<byte> subjectKey) =>
        _memberKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, subjectKey.ToArray(), 32, info: "databroker/limits/released-subject"u8.ToArray());

    /// <summary>The plan as the script's JSON argument (empty when there is nothing to check), its keys on the unit's hash tag.</summary>
    public string Spec(string unit, LimitPlan plan)
    {
        if (plan.IsEmpty)
            return "";
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("o", RedisKeys.LimitOverrides(unit).ToString());
            json.WriteStartArray("c");
            foreach (var charge in plan.Charges)
            {
                json.WriteStartObject();
                json.WriteString("k", RedisKeys.LimitCounter(unit, charge.Rule.Name, charge.Holder).ToString());
                json.WriteString("f", RedisKeys.LimitField(charge.Rule.Name, charge.Holder));
                json.WriteNumber("d", charge.Rule.IsWindow ? 1 : 0);
                json.WriteNumber("iv", charge.Rule.IntervalUs);
                json.WriteNumber("tol", charge.Rule.ToleranceUs);
                json.WriteNumber("lim", charge.Rule.Limit);
                json.WriteNumber("win", charge.Rule.PeriodUs);
                json.WriteNumber("s", charge.Shadow ? 1 : 0);
                // A quota's members are fresh per call: no need to look for a repeat.
                json.WriteNumber("q", charge.Rule.IsWindow && !charge.Rule.CountsReleases ? 1 : 0);
                // Subjects and third-party numbers are keyed-hashed; a quota's members are random ids already.
                json.WriteStartArray("m");
                foreach (var member in charge.WindowMembers)
                    json.WriteStringValue(charge.Rule.CountsReleases ? Fingerprint(member) : member);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The outcomes from the script's flat reply, starting at <paramref name="offset"/>.</summary>
    public static IReadOnlyList<LimitOutcome> Outcomes(LimitPlan plan, RedisResult[] reply, int offset)
    {
        var outcomes = new LimitOutcome[plan.Charges.Count];
        for (var i = 0; i < outcomes.Length; i++)
            outcomes[i] = new LimitOutcome(plan.Charges[i].Rule.Name, (LimitVerdict)(int)reply[offset + 2 * i], (long)reply[offset + 2 * i + 1]);
        return outcomes;
    }

    /// <summary>A GCRA counter's value: TAT and the interval it was stored under (us).</summary>
    public static (long TatUs, long IntervalUs) ParseTat(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (0, 0)
            : (long.Parse(value.AsSpan(0, colon), CultureInfo.InvariantCulture), long.Parse(value.AsSpan(colon + 1), CultureInfo.InvariantCulture));
    }

    /// <summary>An override as the script reads it: interval, tolerance, limit, expiry (us).</summary>
    public static string OverrideValue(LimitRule effective, DateTimeOffset expiresAt) => string.Join(':',
        effective.IntervalUs.ToString(CultureInfo.InvariantCulture),
        effective.ToleranceUs.ToString(CultureInfo.InvariantCulture),
        effective.Limit.ToString(CultureInfo.InvariantCulture),
        LimitTime.ToUs(expiresAt).ToString(CultureInfo.InvariantCulture));

    /// <summary>A keyed hash of a subject: the released-subjects set names no citizen, and is useless without the key.</summary>
    public string Fingerprint(string member) => Convert.ToBase64String(HMACSHA256.HashData(_memberKey, Encoding.UTF8.GetBytes(member)));
}
