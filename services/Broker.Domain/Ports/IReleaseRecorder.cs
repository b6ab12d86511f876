using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Marks one release's records so a leaked copy can be traced to it, and registers the release
/// before the records leave (throws, and nothing is released, when it cannot).
/// </summary>
public interface IReleaseRecorder<TRecords>
{
    Task<TRecords> RecordAsync(DataRequest disclosed, string releaseId, TRecords records, CancellationToken cancellationToken);

    /// <summary>Unregisters a release whose disclosure certainly did not commit (it lost its race): its records never left.</summary>
    Task ForgetAsync(string releaseId, CancellationToken cancellationToken);
}
