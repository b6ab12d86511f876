using System.Diagnostics;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Xunit.Abstractions;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// The first alert after two fresh replicas start, on one Redis: raised on A, heard by oversight on B within a
/// second of the call that raised it. (Run alone, the test process is cold too, as a broker just started is.)
/// </summary>
public sealed class FirstAlertTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ReplicaPair _pair = null!;

    // The second distinct citizen within the hour is a bulk pull: the first alert comes on the second call.
    public async Task InitializeAsync() => _pair = await ReplicaPair.StartAsync(new Dictionary<string, string?> { ["Broker:Oversight:Insider:SubjectsPerHour"] = "1" });

    public async Task DisposeAsync() => await _pair.DisposeAsync();

    [Fact]
    public async Task The_first_alert_after_the_brokers_start_reaches_oversight_on_the_other_replica_within_a_second()
    {
        var (a, b) = (_pair.A, _pair.B);
        var auditor = b.As("oversight-auditor-1", Roles.Auditor, headquarters: "RAB-HQ");
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = b.Oversight.WatchAlerts(new BrokerProto.WatchAlertsRequest(), auditor, cancellationToken: watching.Token);
        await watch.ResponseHeadersAsync.DefaultTimeout();
        var first = watch.ResponseStream.MoveNext(watching.Token);

        var officer = a.As("rab6-officer-1", Roles.Officer, unit: "RAB-6");
        var clock = Stopwatch.StartNew();
        await a.Requests.SubmitAsync(Requests.Submit(a.Population.NidOf(901)), officer).ResponseAsync.DefaultTimeout();
        var firstCall = clock.Elapsed;
        clock.Restart();
        var refused = await Assert.ThrowsAsync<RpcException>(() => a.Requests.SubmitAsync(Requests.Submit(a.Population.NidOf(902)), officer).ResponseAsync.DefaultTimeout());
        var answered = clock.Elapsed;
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.True(await first.DefaultTimeout());
        var heard = clock.Elapsed;
        output.WriteLine($"first call {firstCall.TotalMilliseconds:0} ms; the alerting call answered after {answered.TotalMilliseconds:0} ms, its alert heard on the other replica after {heard.TotalMilliseconds:0} ms");
        Assert.Equal("bulk_subjects", watch.ResponseStream.Current.Alert.Rule);
        Assert.True(heard < TimeSpan.FromSeconds(1), $"the first alert took {heard.TotalMilliseconds:0} ms");
    }
}
