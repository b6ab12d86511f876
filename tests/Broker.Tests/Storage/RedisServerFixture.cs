using DataBroker.Broker.Tests.Support;
using System.Security.Cryptography;
using DataBroker.Broker.Storage.Redis;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>One real redis-server (and one shared multiplexer) for every Redis test class; tests use their own units.</summary>
public sealed class RedisServerFixture : IRedisFixture, IAsyncLifetime
{
    private RedisServerProcess? _server;
    private ConnectionMultiplexer? _connection;

    public RedisStoreOptions Options { get; private set; } = new();

    /// <summary>The protector of <see cref="Options"/>' key: what a broker on this fixture seals at rest with.</summary>
    public AtRestProtector Protector { get; private set; } = null!;

    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        Options = OptionsFor(_server);
        Protector = new AtRestProtector(Options.SubjectKeyBytes());
        _connection = await RedisConnectionFactory.ConnectAsync(Options).DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    public static RedisStoreOptions OptionsFor(RedisServerProcess server) => OptionsFor(server.ConnectionString);

    public static RedisStoreOptions OptionsFor(string connectionString) => new()
    {
        ConnectionString = connectionString,
        SubjectKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>A connection allowed the server commands a broker never sends (INFO, SCRIPT FLUSH): for tests that inspect or break the server.</summary>
    public static Task<ConnectionMultiplexer> ConnectAdminAsync(RedisStoreOptions options) =>
        ConnectionMultiplexer.ConnectAsync(options.ConnectionString + ",allowAdmin=true");
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
