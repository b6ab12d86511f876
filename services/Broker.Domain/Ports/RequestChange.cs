using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>A committed change to a request, as announced to watchers (after the commit, never instead of it).</summary>
public sealed record RequestChange(string Unit, string RequestId, long Version, RequestState State);
