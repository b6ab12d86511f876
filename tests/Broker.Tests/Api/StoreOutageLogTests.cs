using DataBroker.Broker.Api;
using DataBroker.Broker.Tests.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Broker.Tests.Api;

public sealed class StoreOutageLogTests : IDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _factory;
    private readonly FakeTimeProvider _time = new();
    private readonly StoreOutageLog _log;

    public StoreOutageLogTests()
    {
        _factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _log = new StoreOutageLog(_factory.CreateLogger<StoreOutageLog>(), _time);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void An_outage_logs_one_warning_per_window_and_the_next_one_counts_what_it_held_back()
    {
        Parallel.For(0, 1000, i => _log.Failed("/databroker.broker.v1.RequestService/Submit", "RedisConnectionException"));
        Assert.Single(_logs.Lines);
        Assert.Contains("0 more such failures", _logs.Lines.Single(), StringComparison.Ordinal);

        _time.Advance(StoreOutageLog.Window - TimeSpan.FromMilliseconds(1));
        _log.Failed("/databroker.broker.v1.RequestService/Get", "RedisTimeoutException");
        Assert.Single(_logs.Lines);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _log.Failed("/databroker.broker.v1.RequestService/Get", "RedisTimeoutException");
        Assert.Equal(2, _logs.Lines.Count);
        var second = _logs.Lines.Last();
        Assert.Contains("Warning", second, StringComparison.Ordinal);
        Assert.Contains("1000 more such failures", second, StringComparison.Ordinal);
    }
}
