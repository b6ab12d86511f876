using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// A request as stored (null if there is none) read together with an early look at a limit plan, whose refusal is
/// thrown only when the caller asks (<see cref="PreviewLimitsAsync"/>), after it has judged the request.
/// </summary>
public sealed record PreviewedRequest(DataRequest? Request, Func<Task> PreviewLimitsAsync);
