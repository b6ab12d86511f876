using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>One page of requests and the opaque token of the next page (null at the end).</summary>
public sealed record RequestPage(IReadOnlyList<DataRequest> Requests, string? NextPageToken);
