using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DataBroker.EndToEnd.Tests.Support;

/// <summary>The records service and the broker as real processes on loopback ports, as an operator runs them.</summary>
internal sealed class LoopbackSuite : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string? _redis;
    private DotnetProcess? _records;
    private DotnetProcess? _broker;

    private LoopbackSuite(string? redis)
    {
        _redis = redis;
        RecordsPort = DataBroker.Broker.Tests.Storage.RedisServerProcess.FreePort();
        BrokerPort = DataBroker.Broker.Tests.Storage.RedisServerProcess.FreePort();
    }

    public int RecordsPort { get; }

    public int BrokerPort { get; }

    public string BrokerAddress => $"http://127.0.0.1:{BrokerPort}";

    public static async Task<LoopbackSuite> StartAsync(string? redis = null)
    {
        var suite = new LoopbackSuite(redis);
        try
        {
            suite._records = DotnetProcess.Start(Repository.Assembly("Records", "DataBroker.Records"),
                ["--urls", $"http://127.0.0.1:{suite.RecordsPort}"], Development);
            await WaitHealthyAsync($"http://127.0.0.1:{suite.RecordsPort}", suite._records);
            await suite.StartBrokerAsync();
            return suite;
        }
        catch
        {
            // A suite that failed to start still stops what it started: no process outlives the test.
            await suite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the broker process outright (no graceful shutdown) and starts a new one.</summary>
    public async Task RestartBrokerAsync()
    {
        await _broker!.DisposeAsync();
        await StartBrokerAsync();
    }

    /// <summary>Runs <c>dbroker</c> as its own process against this suite.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> CliAsync(string? token, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["DBROKER_ADDRESS"] = BrokerAddress };
        if (token is not null)
            environment["DBROKER_TOKEN"] = token;
        return DotnetProcess.RunAsync(Repository.Assembly("Cli", "dbroker"), arguments, environment);
    }

    public async Task<string> TokenAsync(string persona)
    {
        var (code, stdout, stderr) = await CliAsync(null, "token", persona);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_records is not null)
            await _records.DisposeAsync();
    }

    private static Dictionary<string, string> Development => new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" };

    private async Task StartBrokerAsync()
    {
        _broker = DotnetProcess.Start(Repository.Assembly("Broker", "DataBroker.Broker"),
        [
            "--urls", BrokerAddress,
            "--Broker:Records:Address", $"http://127.0.0.1:{RecordsPort}",
            "--Broker:Store:Redis", _redis ?? "",
        ], Development);
        await WaitHealthyAsync(BrokerAddress, _broker);
    }

    private static async Task WaitHealthyAsync(string address, DotnetProcess process)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        var started = DateTime.UtcNow;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{address} exited during start:\n{process.Output}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (Grpc.Core.RpcException)
            {
            }
            if (DateTime.UtcNow - started > StartTimeout)
                throw new TimeoutException($"{address} not healthy within {StartTimeout.TotalSeconds} s:\n{process.Output}");
            await Task.Delay(200);
        }
    }
}
