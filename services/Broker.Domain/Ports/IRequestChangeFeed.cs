namespace DataBroker.Broker.Domain.Ports;

/// <summary>Committed changes of requests, announced after each commit (at most once: watchers also re-read).</summary>
public interface IRequestChangeFeed
{
    /// <summary>
    /// Starts listening to the units' changes. When this returns, every later commit will be seen, so a
    /// caller subscribes first and reads the current state second.
    /// </summary>
    Task<IChangeSubscription> SubscribeAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken);
}
