using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Telemetry;

/// <summary>Counts the records calls in flight and times them; passes everything else through untouched.</summary>
public sealed class MeteredRecordsReader<TRecords>(IRecordsReader<TRecords> inner, BrokerMetrics metrics) : IRecordsReader<TRecords>
{
    public async Task<RecordsRead<TRecords>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
    {
        using var call = metrics.RecordsCall();
        var read = await inner.ReadAsync(request, cancellationToken);
        call.Succeeded();
        return read;
    }
}
