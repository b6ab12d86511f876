namespace DataBroker.Broker.Domain.Requests;

/// <summary>A half-open window [From, To).</summary>
public sealed record TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;
}
