using DataBroker.Broker.V1;

namespace DataBroker.WebConsole.Pages.Shared;

/// <summary>The rows of a request list, as the live refresh and the full page both render them.</summary>
public sealed record RequestRows(IReadOnlyList<DataRequest> Requests, DateTimeOffset Now, string EmptyText);
