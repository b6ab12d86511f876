using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>Reads the embedded stores' audit lists as streams; an id is the entry's 1-based position.</summary>
public sealed class EmbeddedAuditSource(EmbeddedRequestStore requests, EmbeddedOversightStore oversight) : IAuditSource
{
    public Task<IReadOnlyList<SourcedAuditEvent>> ReadAfterAsync(string source, string? afterId, int count,
        CancellationToken cancellationToken)
    {
        var after = afterId is null ? 0 : int.Parse(afterId, CultureInfo.InvariantCulture);
        var events = AuditSources.UnitOf(source) is { } unit
            ? requests.AuditOf(unit).Skip(after).Take(count).ToArray()
            : oversight.AuditAfter(after, count);
        return Task.FromResult<IReadOnlyList<SourcedAuditEvent>>(
            [.. events.Select((e, i) => new SourcedAuditEvent(source, (after + i + 1).ToString(CultureInfo.InvariantCulture), e))]);
    }
}
