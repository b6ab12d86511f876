using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Hears every replica's commits through Redis pub/sub and fans them out to this broker's watchers via
/// the <see cref="ChangeHub"/>. One Redis subscription per unit serves all of the unit's watchers; it is
/// dropped when the last of them leaves. Each unit's notices are handed on one at a time, in the order
/// Redis delivered them (its commit order): the client's handler-style subscription runs messages
/// concurrently and could hand a watcher version 2 before version 1.
/// </summary>
public sealed class RedisChangeFeed(IConnectionMultiplexer redis, ChangeHub hub) : IRequestChangeFeed, IDisposable
{
    // Serializes the 0 -> 1 and 1 -> 0 transitions of a unit's count with the SUBSCRIBE / UNSUBSCRIBE
    // they cause, so the two can never cross on the wire.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (int Count, ChannelMessageQueue Queue)> _watchers = new(StringComparer.Ordinal);

    public async Task<IChangeSubscription> SubscribeAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken)
    {
        var distinct = units.Distinct(StringComparer.Ordinal).ToArray();
        // Join the hub first, so nothing Redis delivers after the acknowledgement can be missed.
        var local = await hub.SubscribeAsync(distinct, cancellationToken);
        try
        {
            await AcquireAsync(distinct, cancellationToken);
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
        return new Subscription(this, local, distinct);
    }

    public void Dispose() => _gate.Dispose();

    private async Task AcquireAsync(string[] units, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var acquired = new List<string>(units.Length);
        try
        {
            foreach (var unit in units)
            {
                if (!_watchers.TryGetValue(unit, out var watched))
                {
                    // Returns once Redis has acknowledged the SUBSCRIBE: later commits will be heard. Not
                    // cancelled midway, or an acknowledged subscription could be left uncounted.
                    var queue = await redis.GetSubscriber().SubscribeAsync(RedisKeys.Changes(unit));
                    queue.OnMessage(message => OnMessage(unit, message.Message));
                    watched = (0, queue);
                }
                _watchers[unit] = (watched.Count + 1, watched.Queue);
                acquired.Add(unit);
            }
        }
        catch
        {
            await ReleaseLockedAsync(acquired);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync(string[] units)
    {
        await _gate.WaitAsync();
        try
        {
            await ReleaseLockedAsync(units);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseLockedAsync(IEnumerable<string> units)
    {
        foreach (var unit in units)
        {
            if (!_watchers.TryGetValue(unit, out var watched))
                continue;
            if (watched.Count > 1)
            {
                _watchers[unit] = (watched.Count - 1, watched.Queue);
                continue;
            }
            _watchers.Remove(unit);
            try
            {
                await watched.Queue.UnsubscribeAsync();
            }
            catch (RedisException)
            {
                // Redis is unreachable: the client has already forgotten the channel locally, and a
                // reconnected connection does not resubscribe it.
            }
        }
    }

    private void OnMessage(string unit, RedisValue message)
    {
        if (RedisChangeMessage.Parse(unit, message.ToString()) is { } change)
            hub.Publish(change);
    }

    private sealed class Subscription(RedisChangeFeed feed, IChangeSubscription local, string[] units) : IChangeSubscription
    {
        private int _disposed;

        public System.Threading.Channels.ChannelReader<RequestChange> Changes => local.Changes;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            await local.DisposeAsync();
            await feed.ReleaseAsync(units);
        }
    }
}
