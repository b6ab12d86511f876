using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>Reads an approved request's records from the records service; the payload stays opaque to the domain.</summary>
public interface IRecordsReader<TRecords>
{
    Task<RecordsRead<TRecords>> ReadAsync(DataRequest request, CancellationToken cancellationToken);
}
