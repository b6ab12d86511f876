using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Builds the multiplexer while the host starts. Built lazily, the first calls would wait on a synchronous
/// connect on request threads: against a Redis that accepts but never answers, that is the connect
/// timeout per thread and a starved thread pool, far past any call's deadline.
/// </summary>
internal sealed class RedisConnectionWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<IConnectionMultiplexer>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
