using System.Collections.Concurrent;
using System.Threading.Channels;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage;

/// <summary>
/// In-process fan-out of committed changes to this broker's watchers. The embedded store publishes
/// into it directly; the Redis store feeds it from Redis pub/sub, so every replica's watchers hear
/// every replica's commits.
/// </summary>
public sealed class ChangeHub : IRequestChangeFeed
{
    // A slow watcher loses notices rather than stalling commits; watchers re-read periodically anyway.
    private const int WatcherBuffer = 1024;

    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public void Publish(RequestChange change)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.Units.Contains(change.Unit))
                subscription.Writer.TryWrite(change);
        }
    }

    public Task<IChangeSubscription> SubscribeAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken)
    {
        var subscription = new Subscription(this, units.ToHashSet(StringComparer.Ordinal));
        _subscriptions[subscription] = 0;
        return Task.FromResult<IChangeSubscription>(subscription);
    }

    private sealed class Subscription : IChangeSubscription
    {
        private readonly ChangeHub _hub;
        private readonly Channel<RequestChange> _channel = Channel.CreateBounded<RequestChange>(
            new BoundedChannelOptions(WatcherBuffer) { FullMode = BoundedChannelFullMode.DropOldest });

        public Subscription(ChangeHub hub, HashSet<string> units)
        {
            _hub = hub;
            Units = units;
        }

        public HashSet<string> Units { get; }

        public ChannelWriter<RequestChange> Writer => _channel.Writer;

        public ChannelReader<RequestChange> Changes => _channel.Reader;

        public ValueTask DisposeAsync()
        {
            _hub._subscriptions.TryRemove(this, out _);
            _channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
