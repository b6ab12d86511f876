using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Builds the multiplexer while the host starts, and loads the store's scripts. Built lazily, the first calls would
/// wait on a synchronous connect on request threads: against a Redis that accepts but never answers, that is the
/// connect timeout per thread and a starved thread pool, far past any call's deadline.
/// </summary>
internal sealed class RedisConnectionWarmup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        // A restarted Redis has lost its scripts: load them again, or every call after would send the body.
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
                _ = LoadAsync(redis, CancellationToken.None);
        };
        await LoadAsync(redis, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Best effort: while Redis is down the broker still starts (and reports unready); a script not loaded runs by body.
    private static async Task LoadAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        try
        {
            await RedisScripts.LoadAsync(redis, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Nothing to do: the next call sends the body, and the next reconnect loads again.
        }
    }
}
