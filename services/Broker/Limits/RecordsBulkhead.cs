using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Limits;

/// <summary>
/// Keeps at most a fixed number of calls in flight to the records service and sheds the rest at once
/// with UNAVAILABLE: no queue, so a surge cannot pile up behind a slow records service. A shed fetch
/// released nothing, so the grant stays usable for a retry.
/// </summary>
public sealed class RecordsBulkhead<TRecords>(IRecordsReader<TRecords> inner, int maxInFlight, LimitMetrics? metrics = null)
    : IRecordsReader<TRecords>, IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxInFlight, maxInFlight);

    public async Task<RecordsRead<TRecords>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            metrics?.RecordsShed();
            throw new DomainException(DomainErrorKind.Unavailable,
                "The records service is busy; nothing was released and your grant is still valid. Try again shortly.");
        }
        try
        {
            return await inner.ReadAsync(request, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
