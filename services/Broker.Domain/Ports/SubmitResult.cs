using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>The stored request; <see cref="Replayed"/> when the idempotency key already named one.</summary>
public sealed record SubmitResult(DataRequest Request, bool Replayed);
