using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

public static class RedisStorageExtensions
{
    /// <summary>
    /// Stores requests in Redis: one shared multiplexer, the store and the change feed (singletons).
    /// Throws here, at start, when the options are unusable.
    /// </summary>
    public static IServiceCollection AddRedisRequestStore(this IServiceCollection services, RedisStoreOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton<ChangeHub>();
        // AbortOnConnectFail is off: this returns at once even while Redis is down, and reconnects in the background.
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnectionFactory.Configuration(options)));
        services.AddHostedService<RedisConnectionWarmup>();
        // One protector for everything sealed at rest, shared by every Redis adapter.
        services.AddSingleton(_ => new AtRestProtector(options.SubjectKeyBytes()));
        services.AddSingleton(sp => new RedisRequestStore(sp.GetRequiredService<IConnectionMultiplexer>(), options,
            sp.GetRequiredService<AtRestProtector>()));
        services.AddSingleton<IRequestStore>(sp => sp.GetRequiredService<RedisRequestStore>());
        services.AddSingleton<RedisChangeFeed>();
        services.AddSingleton<IRequestChangeFeed>(sp => sp.GetRequiredService<RedisChangeFeed>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RedisLimitAdminStore>();
        services.AddSingleton<ILimitAdminStore>(sp => sp.GetRequiredService<RedisLimitAdminStore>());
        services.AddSingleton<IShadowModes>(sp => sp.GetRequiredService<RedisLimitAdminStore>());
        return services;
    }
}
