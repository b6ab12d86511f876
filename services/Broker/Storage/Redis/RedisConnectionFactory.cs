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
        // The tie-break key serves multi-primary elections the broker never runs; without it the broker's ACL
        // user needs no key outside its own. The configuration channel stays: subscribing to it at connect
        // opens the subscription connection before the first watcher needs it (the ACL grants that channel).
        configuration.TieBreaker = "";
        // Nor does it read the server's configuration (the client library would, for tuning hints): its
        // ACL user is refused CONFIG, which would otherwise fill the ACL log with every connect.
        configuration.CommandMap = CommandMap.Create(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CONFIG" }, available: false);
        // Nor CLIENT SETINFO (Redis 7.2+): the shipped ACL does not grant it, and the library name is no loss.
        configuration.SetClientLibrary = false;
        if (!string.IsNullOrWhiteSpace(options.TrustedCaPath))
            configuration.TrustIssuer(options.TrustedCaPath);
        return configuration;
    }

    public static Task<ConnectionMultiplexer> ConnectAsync(RedisStoreOptions options) =>
        ConnectionMultiplexer.ConnectAsync(Configuration(options));
}
