namespace DataBroker.Broker.Domain.Requests;

/// <summary>One step of a request's life. A version bump with From == To records an approval short of the quorum.</summary>
public sealed record Transition(RequestState From, RequestState To, string ActorId, DateTimeOffset At, string Note);
