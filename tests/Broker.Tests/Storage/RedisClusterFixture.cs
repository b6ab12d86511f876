using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Support;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// A three-master Redis Cluster on loopback, started once for every class of <see cref="RedisClusterCollection"/>:
/// three cluster-mode redis-servers in their own temporary directories, joined with <c>redis-cli --cluster create</c>.
/// Disposal kills exactly those three processes.
/// </summary>
public sealed class RedisClusterFixture : IRedisFixture, IAsyncLifetime
{
    // Below the ephemeral range, with room for each node's cluster bus port (port + 10000) below it too.
    private const int LowestPort = 12_000;
    private const int HighestPort = 22_000;

    private readonly List<RedisServerProcess> _nodes = [];
    private readonly List<string> _directories = [];
    private ConnectionMultiplexer? _connection;
    private ConnectionMultiplexer? _admin;

    public RedisStoreOptions Options { get; private set; } = new();

    public AtRestProtector Protector { get; private set; } = null!;

    /// <summary>The connection the stores under test use, configured as a broker's (no admin commands).</summary>
    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The cluster has not started.");

    private ConnectionMultiplexer Admin => _admin ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            var directory = Directory.CreateTempSubdirectory("dbr-cluster-").FullName;
            _directories.Add(directory);
            _nodes.Add(await RedisServerProcess.StartAsync(FreeLowPort,
                ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000", "--dir", directory],
                directory));
        }
        await CreateClusterAsync(_nodes);
        await WaitUntilEveryNodeServesAsync();
        // One multiplexer given every master, as a broker would be configured for a cluster.
        Options = RedisServerFixture.OptionsFor(string.Join(',', _nodes.Select(n => n.ConnectionString)));
        Protector = new AtRestProtector(Options.SubjectKeyBytes());
        _connection = await RedisConnectionFactory.ConnectAsync(Options).DefaultTimeout();
        // The test's own connection for FLUSHALL and the slot map, which a broker's connection may not send.
        var admin = RedisConnectionFactory.Configuration(Options);
        admin.AllowAdmin = true;
        admin.ClientName = "databroker-tests-admin";
        _admin = await ConnectionMultiplexer.ConnectAsync(admin).DefaultTimeout();
    }

    /// <summary>Empties every master, so a test that uses fixed names (ATU, the audit checkpoints) starts from nothing.</summary>
    public async Task FlushAsync() =>
        await Task.WhenAll(Masters().Select(m => Admin.GetServer(m).FlushAllDatabasesAsync())).DefaultTimeout();

    /// <summary>The master serving <paramref name="key"/>, asked of the cluster itself: CLUSTER KEYSLOT, then CLUSTER NODES.</summary>
    public async Task<EndPoint> MasterOfAsync(RedisKey key)
    {
        var server = Admin.GetServer(Masters()[0]);
        var slot = (int)await server.ExecuteAsync("CLUSTER", "KEYSLOT", key).DefaultTimeout();
        var nodes = await server.ClusterNodesAsync().DefaultTimeout() ?? throw new InvalidOperationException("CLUSTER NODES gave nothing.");
        return nodes.GetBySlot(slot)?.EndPoint ?? throw new InvalidOperationException($"No master serves slot {slot}.");
    }

    /// <summary>How many keys each master holds, in the order of <see cref="Masters"/>.</summary>
    public async Task<long[]> KeysPerMasterAsync() =>
        await Task.WhenAll(Masters().Select(m => Admin.GetServer(m).DatabaseSizeAsync())).DefaultTimeout();

    private EndPoint[] Masters() => [.. Admin.GetEndPoints().Where(e => !Admin.GetServer(e).IsReplica)];

    public async Task DisposeAsync()
    {
        Protector?.Dispose();
        if (_admin is not null)
            await _admin.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        foreach (var node in _nodes)
            await node.DisposeAsync();
        foreach (var directory in _directories)
            Directory.Delete(directory, recursive: true);
    }

    private static string Cli => RedisServerProcess.FindOnPath("redis-cli") ?? throw new InvalidOperationException(
        "redis-cli is not on PATH. The cluster tests need it; install it with: apt-get install -y redis-tools");

    private static async Task CreateClusterAsync(IEnumerable<RedisServerProcess> nodes) =>
        await RunCliAsync(["--cluster", "create", .. nodes.Select(n => n.ConnectionString), "--cluster-replicas", "0", "--cluster-yes"]);

    /// <summary>The cluster answers once every node has agreed the slot map: wait for cluster_state:ok everywhere.</summary>
    private async Task WaitUntilEveryNodeServesAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var states = await Task.WhenAll(_nodes.Select(node =>
                RunCliAsync(["-p", node.Port.ToString(CultureInfo.InvariantCulture), "cluster", "info"])));
            if (states.All(s => s.Contains("cluster_state:ok", StringComparison.Ordinal)))
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The cluster did not reach cluster_state:ok within 20 s.");
    }

    private static async Task<string> RunCliAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (cli.ExitCode != 0)
            throw new InvalidOperationException($"redis-cli {string.Join(' ', start.ArgumentList)} failed ({cli.ExitCode}): {await output}{await errors}");
        return await output;
    }

    private static int FreeLowPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, HighestPort);
            if (IsFree(port) && IsFree(port + 10_000))
                return port;
        }
        throw new InvalidOperationException($"No free port pair between {LowestPort} and {HighestPort + 10_000}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
