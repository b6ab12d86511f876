using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Limits;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace DataBroker.Limits.Bench;

/// <summary>
/// Submit throughput through the workflow and the Redis store on a private redis-server, with the
/// shipped rules (limits raised so nothing is refused: this measures the checking, not refusals) and
/// without any, interleaved, so both see the same machine at the same time. Reports medians and their ratio.
/// </summary>
internal static class SubmitBenchmark
{
    private static readonly string[] Units = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8"];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Argument(args, "--seconds", 5);
        var repetitions = Argument(args, "--repetitions", 3);
        var concurrency = Argument(args, "--concurrency", 32);

        await using var server = await RedisServerProcess.StartAsync();
        var options = new RedisStoreOptions
        {
            ConnectionString = server.ConnectionString,
            SubjectKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        await using var redis = await RedisConnectionFactory.ConnectAsync(options);
        var store = new RedisRequestStore(redis, options);
        using var changes = new RedisChangeFeed(redis, new ChangeHub());
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var organisation = new OrganisationChart(new Dictionary<string, IReadOnlyList<string>> { ["HQ-B"] = Units });
        var limited = new LimitPolicy(LimitDefaults.Rules.Select(r => r with { Limit = 1_000_000_000, Burst = r.IsWindow ? 0 : 1_000_000_000 }),
            new RedisLimitAdminStore(redis, TimeProvider.System, new AtRestProtector(options.SubjectKeyBytes())), new LimitMetrics(services.GetRequiredService<IMeterFactory>()));
        var variants = new (string Name, RequestWorkflow Workflow)[]
        {
            ("without limits", new RequestWorkflow(store, changes, organisation, new RequestRules(), TimeProvider.System, LimitPolicy.Unlimited)),
            ("with limits", new RequestWorkflow(store, changes, organisation, new RequestRules(), TimeProvider.System, limited)),
        };

        Console.WriteLine($"Submit through the workflow and the Redis store (redis-server {server.ConnectionString}), " +
            $"{concurrency} concurrent submitters, {seconds} s per run, {repetitions} repetitions, interleaved.");
        await MeasureAsync(variants[0].Workflow, concurrency, TimeSpan.FromSeconds(1));   // warm-up: JIT, scripts loaded
        await MeasureAsync(variants[1].Workflow, concurrency, TimeSpan.FromSeconds(1));
        var results = variants.ToDictionary(v => v.Name, _ => new List<Run>());
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            // Alternate which goes first, so neither always meets a warmer or fuller server.
            foreach (var (name, workflow) in repetition % 2 == 0 ? variants : variants.Reverse())
            {
                var run = await MeasureAsync(workflow, concurrency, TimeSpan.FromSeconds(seconds));
                results[name].Add(run);
                Console.WriteLine($"  {name,-15} run {repetition + 1}: {run.PerSecond,9:0} submits/s   mean {run.MeanMs:0.000} ms");
            }
        }

        var without = Median(results["without limits"].Select(r => r.PerSecond));
        var with = Median(results["with limits"].Select(r => r.PerSecond));
        Console.WriteLine($"median without limits: {without:0} submits/s");
        Console.WriteLine($"median with limits:    {with:0} submits/s");
        Console.WriteLine($"ratio with/without:    {with / without:0.000} (limit rules per submit: {LimitDefaults.Rules.Count(r => r.Scope is LimitScope.Officer or LimitScope.Unit && (r.Category is null || r.Category == Category.NidDetails))})");
        return 0;
    }

    private static async Task<Run> MeasureAsync(RequestWorkflow workflow, int concurrency, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var officer = new Officer($"bench-officer-{worker}", Role.Officer, Units[worker % Units.Length], "HQ-B");
            var done = 0;
            while (clock.Elapsed < duration)
            {
                await workflow.SubmitAsync(officer, Draft(), default);
                done++;
            }
            return done;
        }));
        var elapsed = clock.Elapsed;
        var total = counts.Sum();
        return new Run(total / elapsed.TotalSeconds, elapsed.TotalMilliseconds * concurrency / total);
    }

    private static RequestDraft Draft() => new(
        Guid.NewGuid().ToString(), "BENCH-1/2026", LegalBasis.CrPc94, "Benchmark submission with a realistic justification text.",
        new Subject(SubjectKind.Nid, "5550001112"), [Category.NidDetails], null, Urgency.Routine);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private readonly record struct Run(double PerSecond, double MeanMs);
}
