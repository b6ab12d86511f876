using DataBroker.Broker.Domain.Audit;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Keys of oversight state. Each audit chain lives on its source stream's hash tag (a unit's chain under
/// <c>{u:UNIT}</c>, the oversight chain under <c>{o}</c>), so a fold is one script on the node that already
/// holds the stream, and units' chains spread over a cluster; the checkpoints over every chain's head have
/// their own tag (<c>{audit}</c>, one small entry per interval). Suspensions and the oversight stream share
/// <c>{o}</c> so a suspension and its audit entry are one script; the releases registry has its own tag <c>{r}</c>.
/// </summary>
public static class RedisOversightKeys
{
    /// <summary>List: the chain's entry texts (encrypted at rest), position n at index n-1.</summary>
    public static RedisKey ChainOf(string chain) => TagOf(chain) + ":chain";

    /// <summary>String: the chain's sealed head.</summary>
    public static RedisKey HeadOf(string chain) => TagOf(chain) + ":chain-head";

    /// <summary>String: the id of the last stream entry the chain holds.</summary>
    public static RedisKey CursorOf(string chain) => TagOf(chain) + ":chain-cursor";

    /// <summary>String: who folds the chain now (SET PX).</summary>
    public static RedisKey LeaseOf(string chain) => TagOf(chain) + ":chain-lease";

    /// <summary>List: positions in the chain of the entries about one subject.</summary>
    public static RedisKey SubjectIndexOf(string chain, string subjectHmac) => TagOf(chain) + ":chain-subject:" + RedisKeys.Escape(subjectHmac);

    /// <summary>List: the signed checkpoints over every chain's head, oldest first.</summary>
    public static RedisKey Checkpoints => "{audit}:checkpoints";

    /// <summary>String: who writes checkpoints now (SET PX).</summary>
    public static RedisKey CheckpointLease => "{audit}:lease";

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

    /// <summary>The hash tag of a source's stream, which its chain shares.</summary>
    private static string TagOf(string source) =>
        source == AuditSources.Oversight ? "{o}"
        : AuditSources.UnitOf(source) is { } unit ? RedisKeys.Tag(unit)
        : throw new ArgumentException($"Unknown audit source '{source}'.", nameof(source));
}
