namespace DataBroker.Broker.Domain.Ports;

/// <summary>How many requests of a unit await approval: the queue depth an operator watches.</summary>
public interface IPendingDepth
{
    Task<long> CountPendingAsync(string unit, CancellationToken cancellationToken);
}
