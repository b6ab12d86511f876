using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>A conditional update's outcome: committed, or not, with the request as stored when it lost (null if there is none).</summary>
public sealed record UpdateOutcome(bool Committed, DataRequest? Current)
{
    public static UpdateOutcome Done { get; } = new(true, null);
}
