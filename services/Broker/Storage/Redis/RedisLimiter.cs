using System.Globalization;
using System.Security.Cryptography;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The limiter inside the store's scripts: <c>Lua/limit.lib.lua</c> defines <c>limit(...)</c>, which decides every
/// charge of a plan on Redis's clock (TIME, so replicas with skewed clocks agree), and writes only when
/// no enforced rule refuses. It mirrors <see cref="Gcra"/>, <see cref="QuotaWindow"/>, <see cref="DistinctWindow"/> and
/// <see cref="LimitPlan.Verdict"/>; the store contract tests hold the two to the same answers.
/// Every key it writes gets a PX expiry in the same call, so no limiter key lives without a TTL.
/// </summary>
internal sealed class RedisLimiter
{
    private readonly KeyedHmac _member;

    /// <param name="subjectKey">The subject key; a separate key for member fingerprints is derived from it.</param>
    public RedisLimiter(ReadOnlySpan<byte> subjectKey) =>
        _member = new KeyedHmac(HKDF.DeriveKey(HashAlgorithmName.SHA256, subjectKey.ToArray(), 32, info: "databroker/limits/released-subject"u8.ToArray()));

    /// <summary>
    /// The plan as the scripts' flat KEYS and ARGV tails (<c>Lua/limit.lib.lua</c> says the layout; nothing for Redis to
    /// decode): the unit's override hash and one counter per charge, all on the unit's hash tag; an empty plan is the
    /// one argument "0" and no key.
    /// </summary>
    public LimitArguments Arguments(string unit, LimitPlan plan)
    {
        if (plan.IsEmpty)
            return LimitArguments.None;
        var charges = plan.Charges;
        var keys = new RedisKey[1 + charges.Count];
        var args = new List<RedisValue>(1 + 5 * charges.Count) { charges.Count };
        keys[0] = RedisKeys.LimitOverrides(unit);
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            var rule = charge.Rule;
            keys[1 + i] = RedisKeys.LimitCounter(unit, rule.Name, charge.Holder);
            args.Add(RedisKeys.LimitField(rule.Name, charge.Holder));
            // Only the numbers the charge's kind uses: each argument is a Lua string Redis builds on every call.
            if (!rule.IsWindow)
            {
                args.Add(charge.Shadow ? "R" : "r");
                args.Add(rule.IntervalUs);
                args.Add(rule.ToleranceUs);
            }
            else if (rule.IsQuota)
            {
                // A quota counts calls per bucket (QuotaWindow), so it takes no member.
                args.Add(charge.Shadow ? "Q" : "q");
                args.Add(QuotaWindow.BucketUs(rule.PeriodUs));
                args.Add(rule.Limit);
                args.Add(rule.PeriodUs);
            }
            else
            {
                args.Add(charge.Shadow ? "W" : "w");
                args.Add(rule.Limit);
                args.Add(rule.PeriodUs);
                // Subjects and third-party numbers are keyed-hashed: the window names no citizen.
                var members = charge.WindowMembers;
                args.Add(members.Count);
                foreach (var member in members)
                    args.Add(Fingerprint(member));
            }
        }
        return new LimitArguments(keys, [.. args]);
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
    public string Fingerprint(string member) => _member.Base64(member);
}
