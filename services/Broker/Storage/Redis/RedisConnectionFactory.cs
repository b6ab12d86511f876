using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Connections that fail fast: while Redis is unreachable a command fails at once with a
/// <see cref="RedisConnectionException"/> (or a <see cref="RedisTimeoutException"/> after the command
/// timeout) instead of queueing, so a caller gets UNAVAILABLE promptly; reconnection goes on in the background.
/// </summary>
public static class RedisConnectionFactory
{
    public static ConfigurationOptions Configuration(RedisStoreOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = options.ConnectTimeoutMs;
        configuration.SyncTimeout = options.CommandTimeoutMs;
        configuration.AsyncTimeout = options.CommandTimeoutMs;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "databroker-broker";
        return configuration;
    }

    public static Task<ConnectionMultiplexer> ConnectAsync(RedisStoreOptions options) =>
        ConnectionMultiplexer.ConnectAsync(Configuration(options));
}
