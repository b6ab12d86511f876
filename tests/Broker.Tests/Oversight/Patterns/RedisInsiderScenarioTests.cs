using DataBroker.Broker.Tests.Storage;
using Xunit.Abstractions;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>The scenarios on a real redis-server of their own: a shared one would hand the chain's lease, and other tests' units, to this suite.</summary>
public sealed class RedisInsiderScenarioTests(ITestOutputHelper output) : InsiderScenarioSuite(output), IAsyncLifetime
{
    private RedisServerProcess? _server;

    protected override string? Redis => _server!.ConnectionString;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
