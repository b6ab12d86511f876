using System.Collections.Concurrent;
using DataBroker.Broker.Hosting;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Grpc.Health.V1;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// A broker replica may start before its Redis (a rolling restart, a Redis failover): it must start, refuse
/// with UNAVAILABLE meanwhile, and once Redis answers serve and hear the other replicas live. Its own
/// redis-server, started late on a port chosen up front.
/// </summary>
public sealed class RedisStartupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_broker_started_before_its_redis_refuses_meanwhile_then_serves_and_hears_other_replicas_alerts()
    {
        var port = RedisServerProcess.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Broker:Store:SubjectKey"] = Convert.ToBase64String(new byte[32]),
            ["Broker:Oversight:Insider:SubjectsPerHour"] = "1",
        };
        await using var early = await SuiteHost.StartAsync($"127.0.0.1:{port}", settings, awaitStore: false);
        var officer = early.As("atu-officer-3", Roles.Officer, unit: "ATU");
        var meanwhile = await Assert.ThrowsAsync<RpcException>(() =>
            early.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), officer).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, meanwhile.StatusCode);

        await using var redis = await RedisServerProcess.StartAsync(() => port, []);
        await using var late = await SuiteHost.StartAsync(redis.ConnectionString, settings);
        await ServesAsync(early, officer);

        // Live alerts reach the early replica only through its Redis subscription, made before Redis was up.
        var auditor = early.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");
        using var watching = new CancellationTokenSource(Patience);
        using var watch = early.Oversight.WatchAlerts(new BrokerProto.WatchAlertsRequest(), auditor, cancellationToken: watching.Token);
        var heard = new ConcurrentQueue<BrokerProto.Alert>();
        var listener = ListenAsync(watch, heard, watching.Token);
        await watch.ResponseHeadersAsync.WaitAsync(Patience);

        var insider = late.As("atu-insider", Roles.Officer, unit: "ATU");
        for (var citizen = 1; citizen <= 2; citizen++)
        {
            try
            {
                await late.Requests.SubmitAsync(Requests.Submit(late.Population.NidOf(700 + citizen)), insider).ResponseAsync.DefaultTimeout();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
            {
                // The second subject trips the bulk rule, which suspends at once.
            }
        }
        while (!watching.IsCancellationRequested && !heard.Any(a => a.Rule == "bulk_subjects"))
            await Task.Delay(20);
        Assert.Contains(heard, a => a.Rule == "bulk_subjects" && a.OfficerId == "atu-insider");
        await watching.CancelAsync();
        await listener;
    }

    [Fact]
    public async Task Health_says_not_serving_while_the_redis_store_is_away_and_serving_once_it_connects()
    {
        var port = RedisServerProcess.FreePort();
        await using var broker = await SuiteHost.StartAsync($"127.0.0.1:{port}", awaitStore: false);
        var health = new Health.HealthClient(broker.BrokerChannel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.DefaultTimeout()).Status);
        // Alive all the same: an orchestrator must not restart every replica because their Redis is away.
        var liveness = new HealthCheckRequest { Service = HealthServices.Liveness };
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(liveness).ResponseAsync.DefaultTimeout()).Status);

        var redis = await RedisServerProcess.StartAsync(() => port, []);
        await StatusBecomesAsync(health, HealthCheckResponse.Types.ServingStatus.Serving);

        // Killed under it (a crash, a failover): the replica stops taking traffic again, without a restart of its own.
        await redis.DisposeAsync();
        await StatusBecomesAsync(health, HealthCheckResponse.Types.ServingStatus.NotServing);
    }

    private static async Task StatusBecomesAsync(Health.HealthClient health, HealthCheckResponse.Types.ServingStatus expected)
    {
        using var waiting = new CancellationTokenSource(Patience);
        var status = HealthCheckResponse.Types.ServingStatus.Unknown;
        while (!waiting.IsCancellationRequested)
        {
            status = (await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.DefaultTimeout()).Status;
            if (status == expected)
                return;
            await Task.Delay(100);
        }
        Assert.Equal(expected, status);
    }

    private static async Task ServesAsync(SuiteHost host, Metadata officer)
    {
        using var waiting = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                await host.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), officer).ResponseAsync.DefaultTimeout();
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && !waiting.IsCancellationRequested)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task ListenAsync(AsyncServerStreamingCall<BrokerProto.WatchAlertsResponse> watch,
        ConcurrentQueue<BrokerProto.Alert> heard, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in watch.ResponseStream.ReadAllAsync(cancellationToken))
                heard.Enqueue(message.Alert);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }
}
