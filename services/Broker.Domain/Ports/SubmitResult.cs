using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// The stored request; <see cref="Replayed"/> when the idempotency key already named one; <see cref="Refused"/> when a
/// count of the call's <see cref="ActivityPlan"/> passed its ceiling, so nothing was written.
/// </summary>
public sealed record SubmitResult(DataRequest Request, bool Replayed, bool Refused = false);
