using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>Reads the units' audit streams and the oversight stream, in stream order, after a stream id.</summary>
public sealed class RedisAuditSource(IConnectionMultiplexer redis, AtRestProtector protector) : IAuditSource
{
    public async Task<IReadOnlyList<SourcedAuditEvent>> ReadAfterAsync(string source, string? afterId, int count,
        CancellationToken cancellationToken)
    {
        // XREAD semantics: strictly after the position given.
        var entries = await redis.GetDatabase().StreamReadAsync(RedisKeys.StreamOf(source), afterId ?? "0-0", count)
            .WaitAsync(cancellationToken);
        return [.. entries.Select(e => new SourcedAuditEvent(source, e.Id.ToString(), RedisAuditEntry.Parse(e, protector)))];
    }

    /// <summary>
    /// XTRIM MINID: drops the entries below the smaller of the chained id and the first id of
    /// <paramref name="before"/>'s millisecond (stream ids start with Redis's clock in ms).
    /// </summary>
    public async Task TrimChainedAsync(string source, string chainedThroughId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var chained = Parse(chainedThroughId);
        var cutoff = (Ms: before.ToUnixTimeMilliseconds(), Seq: 0L);
        var below = chained.CompareTo(cutoff) <= 0 ? chained : cutoff;
        await redis.GetDatabase().StreamTrimByMinIdAsync(RedisKeys.StreamOf(source),
            string.Create(CultureInfo.InvariantCulture, $"{below.Ms}-{below.Seq}")).WaitAsync(cancellationToken);
    }

    private static (long Ms, long Seq) Parse(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return (long.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }
}
