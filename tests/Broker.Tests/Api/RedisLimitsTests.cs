using System.Diagnostics;
using System.Globalization;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using StackExchange.Redis;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// Limits where they must hold across replicas and fail closed: brokers in process on TestServer, each
/// with its own records service, all on real redis-servers started for the test.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLimitsTests(RedisServerFixture redis)
{
    /// <remarks>
    /// Both algorithms: a quota (burst 0, sliding window counted per 24th of the period: 7 per 4 s) and a rate (GCRA: 5 per 10 s, burst 5,
    /// so a new call is earned only every 2 s, far longer than a wave takes even on a loaded machine, and a
    /// wave sees exactly the burst).
    /// </remarks>
    [Theory]
    [InlineData(7, 0, 4)]
    [InlineData(5, 5, 10)]
    public async Task Three_brokers_on_one_redis_admit_exactly_the_limit_and_exactly_it_again_once_the_window_moves(int limit, int burst, int seconds)
    {
        var unit = NewUnit();
        var period = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartAsync(redis.Options.ConnectionString, unit, limit, period, burst)));
        try
        {
            var first = await WaveAsync(hosts, unit, clients: 60);
            Assert.Equal(limit, first.Count(s => s == StatusCode.OK));
            Assert.Equal(60 - limit, first.Count(s => s == StatusCode.ResourceExhausted));

            // One period and a quota's bucket (a 24th) after the wave, the whole allowance is back (the window has moved
            // past every call's bucket).
            await Task.Delay(TimeSpan.FromSeconds(seconds * 25 / 24.0) + TimeSpan.FromMilliseconds(200));

            var second = await WaveAsync(hosts, unit, clients: 60);
            Assert.Equal(limit, second.Count(s => s == StatusCode.OK));
            Assert.Equal(60 - limit, second.Count(s => s == StatusCode.ResourceExhausted));
            Assert.Equal(2 * limit, await redis.Connection.GetDatabase().StreamLengthAsync("{u:" + unit + "}:audit"));
        }
        finally
        {
            await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task With_redis_stopped_100_concurrent_calls_admit_none_and_all_are_unavailable_within_the_deadline()
    {
        var unit = NewUnit();
        await using var doomed = await RedisServerProcess.StartAsync();
        await using var suite = await StartAsync(doomed.ConnectionString, unit, limit: 3, "01:00:00");
        await doomed.DisposeAsync();

        var outcomes = await CallsAsync(suite, unit, calls: 100, deadline: TimeSpan.FromSeconds(3));

        Assert.All(outcomes, o => Assert.Equal(StatusCode.Unavailable, o.Status));
        Assert.All(outcomes, o => Assert.True(o.Elapsed < TimeSpan.FromSeconds(3), $"answered after {o.Elapsed}"));
    }

    [Fact]
    public async Task With_redis_answering_nothing_concurrent_calls_are_unavailable_before_their_deadline_not_timed_out()
    {
        var unit = NewUnit();
        await using var frozen = await RedisServerProcess.StartAsync();
        await using var suite = await StartAsync(frozen.ConnectionString, unit, limit: 3, "01:00:00");
        // A broker in service: it has talked to Redis (and cached the shadow modes) before Redis hangs.
        Assert.Equal(StatusCode.OK, (await CallsAsync(suite, unit, calls: 1, deadline: TimeSpan.FromSeconds(5)))[0].Status);
        await Task.Delay(RedisLimitAdminStore.ShadowCacheFor);
        Signal("STOP", frozen.ProcessId);
        try
        {
            // Shorter than the store's own 2 s command timeout: only the call budget can answer in time.
            var outcomes = await CallsAsync(suite, unit, calls: 10, deadline: TimeSpan.FromMilliseconds(1800));

            Assert.All(outcomes, o => Assert.Equal(StatusCode.Unavailable, o.Status));
            Assert.All(outcomes, o => Assert.True(o.Elapsed < TimeSpan.FromMilliseconds(1800), $"answered after {o.Elapsed}"));
        }
        finally
        {
            // Killed while stopped, so the scripts it holds never run.
            await frozen.DisposeAsync();
        }
    }

    [Fact]
    public async Task Calls_cancelled_mid_flight_leave_no_limiter_key_without_a_ttl()
    {
        var unit = NewUnit();
        await using var suite = await StartAsync(redis.Options.ConnectionString, unit, limit: 50, "01:00:00");
        var cut = 0;
        var admitted = 0;
        var calls = Enumerable.Range(0, 150).Select(async i =>
        {
            // Every tenth call runs to its end, so the wave surely reaches Redis; the rest are cut at random points.
            using var cancel = i % 10 == 0 ? new CancellationTokenSource() : new CancellationTokenSource(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 200)));
            try
            {
                await suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(i)),
                    suite.As($"officer-{i % 20}", Roles.Officer, unit), cancellationToken: cancel.Token).ResponseAsync;
                Interlocked.Increment(ref admitted);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                Interlocked.Increment(ref cut);
            }
            catch (RpcException)
            {
                // Limited or unavailable: what matters is what the keys look like afterwards.
            }
        });
        await Task.WhenAll(calls).DefaultTimeout();
        await Task.Delay(200);
        Assert.True(cut > 0, "no call was cut mid-flight");

        var server = redis.Connection.GetServers()[0];
        var db = redis.Connection.GetDatabase();
        // This test's unit only: other tests' keys on the shared server are theirs to check.
        var keys = server.Keys(pattern: "{u:" + unit + "}:lim:*", pageSize: 500).ToArray();
        Assert.True(keys.Any(k => k.ToString().StartsWith("{u:" + unit + "}:lim:c:", StringComparison.Ordinal)),
            $"no limiter counter of unit {unit} in Redis ({cut} calls cut, {admitted} admitted)");
        foreach (var key in keys)
        {
            var ttl = await db.KeyTimeToLiveAsync(key).DefaultTimeout();
            Assert.True(ttl is { } t && t > TimeSpan.Zero || !await db.KeyExistsAsync(key), $"{key} has no TTL");
        }
    }

    private static string NewUnit() => "L" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A broker whose organisation is one HQ over <paramref name="unit"/>, with the unit's submissions limited.</summary>
    private Task<SuiteHost> StartAsync(string connection, string unit, int limit, string period, int? burst = null) =>
        SuiteHost.StartAsync(connection, new Dictionary<string, string?>
        {
            ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey,
            ["Broker:Organisation:HQ-" + unit + ":0"] = unit,
            ["Broker:Limits:Rules:submit-per-unit:Limit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["Broker:Limits:Rules:submit-per-unit:Burst"] = (burst ?? limit).ToString(CultureInfo.InvariantCulture),
            ["Broker:Limits:Rules:submit-per-unit:Period"] = period,
            // The unit's stream keeps every admitted call's audit entry (not trimmed as it is chained), so the test counts them there.
            ["Broker:Audit:SourceRetention"] = "00:10:00",
        });

    /// <summary>Many clients at once, each its own officer, spread over the brokers; the status each got.</summary>
    private static async Task<StatusCode[]> WaveAsync(SuiteHost[] hosts, string unit, int clients)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, clients).Select(async i =>
        {
            var host = hosts[i % hosts.Length];
            await start.Task;
            try
            {
                await host.Requests.SubmitAsync(Requests.Submit(host.Population.NidOf(i)), host.As($"officer-{Guid.NewGuid():N}", Roles.Officer, unit),
                    deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync;
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(calls).DefaultTimeout();
    }

    private static async Task<(StatusCode Status, TimeSpan Elapsed)[]> CallsAsync(SuiteHost suite, string unit, int calls, TimeSpan deadline)
    {
        var officer = suite.As("officer-1", Roles.Officer, unit);
        return await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(i)), officer, deadline: DateTime.UtcNow + deadline).ResponseAsync;
                return (StatusCode.OK, clock.Elapsed);
            }
            catch (RpcException e)
            {
                return (e.StatusCode, clock.Elapsed);
            }
        })).DefaultTimeout();
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
