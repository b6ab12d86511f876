using System.Collections.Concurrent;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Xunit.Abstractions;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// Redis killed (SIGKILL) under concurrent submits: a submit whose script ran but whose reply never came
/// exists afterwards, so its UNAVAILABLE must not say "nothing was changed". Redis keeps an fsync-always
/// append-only file and is restarted on it, so what it acknowledged to itself survives, as in production.
/// </summary>
public sealed class RedisKillOutcomeTests(ITestOutputHelper output) : IDisposable
{
    private const int Workers = 32;
    private const int MaxRounds = 5;
    private readonly string _directory = Directory.CreateTempSubdirectory("dbr-kill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task After_a_kill_mid_flight_no_unavailable_submit_that_committed_claims_nothing_changed()
    {
        var port = RedisServerProcess.FreePort();
        string[] durable = ["--appendonly", "yes", "--appendfsync", "always", "--dir", _directory];
        var redis = await RedisServerProcess.StartAsync(() => port, durable, _directory);
        await using var suite = await SuiteHost.StartAsync($"127.0.0.1:{port}",
            new Dictionary<string, string?> { ["Broker:Store:SubjectKey"] = Convert.ToBase64String(new byte[32]) });
        var failed = new List<Failure>();
        var committed = new List<Failure>();
        var rounds = 0;
        try
        {
            // Whether a kill lands between a script's run and its reply is timing: kill again (up to a bound)
            // until some committed calls went unanswered, so the assertion below has something to judge.
            while (rounds < MaxRounds && committed.Count < 3)
            {
                var round = await KillMidFlightAsync(suite, redis, rounds++);
                failed.AddRange(round);
                redis = await RedisServerProcess.StartAsync(() => port, durable, _directory);
                await ServingAsync(suite);
                foreach (var failure in round)
                {
                    var again = await suite.Requests.SubmitAsync(failure.Request, failure.Caller).ResponseAsync.DefaultTimeout();
                    if (again.Replayed)
                        committed.Add(failure);
                }
            }
            output.WriteLine($"{failed.Count} submits failed across {rounds} kills; {committed.Count} of them had committed.");

            Assert.NotEmpty(failed);
            Assert.All(failed, f => Assert.Equal(StatusCode.Unavailable, f.Status));
            Assert.All(committed, f => Assert.DoesNotContain("nothing was changed", f.Message, StringComparison.OrdinalIgnoreCase));
            Assert.All(committed, f => Assert.Contains("same idempotency key", f.Message, StringComparison.Ordinal));
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    /// <summary>Submits from every worker until each has failed once; Redis is killed once enough have passed.</summary>
    private static async Task<IReadOnlyList<Failure>> KillMidFlightAsync(SuiteHost suite, RedisServerProcess redis, int round)
    {
        var failures = new ConcurrentBag<Failure>();
        var passed = 0;
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var caller = suite.As($"kill-officer-{round}-{worker}", Roles.Officer, unit: "ATU");
            for (var n = 0; ; n++)
            {
                var request = Requests.Submit(suite.Population.NidOf(1 + (worker * 997 + n) % 90_000));
                try
                {
                    await suite.Requests.SubmitAsync(request, caller).ResponseAsync;
                    Interlocked.Increment(ref passed);
                }
                catch (RpcException e)
                {
                    failures.Add(new Failure(request, caller, e.StatusCode, e.Status.Detail));
                    return;
                }
            }
        })).ToArray();
        while (Volatile.Read(ref passed) < 40 + 20 * round)
            await Task.Delay(5);
        await redis.DisposeAsync();
        await Task.WhenAll(workers).DefaultTimeout();
        return [.. failures];
    }

    private static async Task ServingAsync(SuiteHost suite)
    {
        var caller = suite.As("kill-probe", Roles.Officer, unit: "ATU");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), caller).ResponseAsync.DefaultTimeout();
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < 200)
            {
                await Task.Delay(50);
            }
        }
    }

    private sealed record Failure(BrokerProto.SubmitRequest Request, Metadata Caller, StatusCode Status, string Message);
}
