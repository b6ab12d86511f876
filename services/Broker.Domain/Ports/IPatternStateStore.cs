using DataBroker.Broker.Domain.Oversight.Patterns;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// The pattern detector's state: one history per party and one trace per recent request, each under its own key
/// with a time to live, so state stays bounded per party and a party gone quiet disappears. One writer at a time
/// (the audit sequencer's lease holder), so a load and a save need no transaction.
/// </summary>
public interface IPatternStateStore
{
    Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, PartyHistory>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Writes what the batch changed, in one round trip where the store can.</summary>
    Task SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken);
}
