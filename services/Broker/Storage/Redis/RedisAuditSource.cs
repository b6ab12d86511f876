using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Reads the units' audit streams and the oversight stream, in stream order, after a stream id. The chain store's
/// append trims them (<see cref="RedisAuditChainStore"/>).
/// </summary>
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
}
