using DataBroker.Broker.Oversight;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Keys of oversight state. The chain lives under one hash tag (<c>{audit}</c>) so a fold is one
/// script; suspensions and the oversight stream share <c>{o}</c> so a suspension and its audit entry are
/// one script; the releases registry has its own tag <c>{r}</c>. All three are low-volume.
/// </summary>
public static class RedisOversightKeys
{
    public static RedisKey Chain => "{audit}:chain";
    public static RedisKey ChainHead => "{audit}:head";
    public static RedisKey Checkpoints => "{audit}:checkpoints";
    public static RedisKey Cursors => "{audit}:cursors";
    public static RedisKey Lease => "{audit}:lease";

    public static RedisKey SubjectIndex(string subjectHmac) => "{audit}:subject:" + RedisKeys.Escape(subjectHmac);

    /// <summary>Stream of the events no request change writes: suspensions, refusals, alerts, reviews.</summary>
    public static RedisKey Audit => "{o}:audit";

    /// <summary>Hash: "officer:ID" or "unit:UNIT" -> the suspension in force.</summary>
    public static RedisKey Suspensions => "{o}:suspended";

    /// <summary>Hash: same fields -> when the target was last suspended (ms), kept after reinstatement.</summary>
    public static RedisKey LastSuspended => "{o}:suspended-at";

    public static RedisChannel SuspensionChanges => RedisChannel.Literal("dbr:suspensions");

    /// <summary>The stream a source name of the chain refers to.</summary>
    public static RedisKey StreamOf(string source) =>
        source == AuditSources.Oversight ? Audit
        : AuditSources.UnitOf(source) is { } unit ? RedisKeys.Audit(unit)
        : throw new ArgumentException($"Unknown audit source '{source}'.", nameof(source));
}
