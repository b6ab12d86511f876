using System.Text.Json;
using DataBroker.LoadDriver.Scenarios;
using DataBroker.Records.Synthetic;

namespace DataBroker.LoadDriver;

/// <summary>`run SCENARIO`: one measured run against running services, printed and optionally written as JSON.</summary>
internal static class DriverCommands
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static int Usage()
    {
        Console.Error.WriteLine("""
            dbroker-load run SCENARIO --target URL [--concurrency 64] [--connections 4] [--duration 10] [--warmup 2]
                                      [--rate R (open loop)] [--total N] [--officers 200] [--json FILE]
                                      [--identities FILE (reuse the officers and tokens saved there; save new ones if none)]
              SCENARIO: health | submit | get | list-pending | flow | records-health | records-lookup
              (records-* target the records service; the others the broker, which must run in Development)
            dbroker-load budget --broker URL --records URL [--reps 3] [--duration 8] [--warmup 2] [--settle 20] [--rate 20000] [--out DIR]
            dbroker-load scale-out --target URL [--flows 40] [--duration 20] [--out FILE]
            dbroker-load prepare --target URL [--officers 1] [--count 1000] [--state pending|approved] --out FILE   (tokens and request ids for ghz)
            """);
        return 2;
    }

    public static async Task<int> RunAsync(DriverArguments arguments)
    {
        var name = (arguments.Positional.Count > 0 ? arguments.Positional[0] : null) ?? throw new ArgumentException("name a SCENARIO.");
        using var target = new LoadTarget(arguments.Text("target"), arguments.Int("connections", 4));
        var identities = LoadIdentities.Reuse(arguments.Optional("identities"), arguments.Int("officers", 200));
        var scenario = Create(name, target, identities, Population(arguments));
        await scenario.PrepareAsync(CancellationToken.None);

        var runner = new LoadRunner(scenario);
        var duration = arguments.Seconds("duration", 10);
        var warmup = arguments.Seconds("warmup", 2);
        var result = arguments.Optional("rate") is not null
            ? await runner.OpenAsync(arguments.Number("rate", 0), duration, warmup)
            : await runner.ClosedAsync(arguments.Int("concurrency", 64), duration, warmup,
                arguments.Optional("total") is null ? null : arguments.Int("total", 0));
        Console.WriteLine(result);
        if (arguments.Optional("json") is { } file)
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Json));
        return result.Failed == 0 ? 0 : 1;
    }

    public static LoadScenario Create(string name, LoadTarget target, LoadIdentities identities, SyntheticPopulation population)
    {
        var submissions = new Submissions(target, identities, population);
        return name switch
        {
            "health" => new HealthScenario(target, "health"),
            "records-health" => new HealthScenario(target, "records-health"),
            "submit" => new SubmitScenario(submissions),
            "get" => new GetScenario(target, submissions),
            "list-pending" => new ListPendingScenario(target, submissions),
            "flow" => new FlowScenario(target, submissions),
            "records-lookup" => new RecordsLookupScenario(target, identities, population),
            _ => throw new ArgumentException($"unknown scenario '{name}'."),
        };
    }

    /// <summary>The records service's population (its defaults unless told otherwise), so subjects are real citizens.</summary>
    public static SyntheticPopulation Population(DriverArguments arguments) =>
        new((ulong)arguments.Number("seed", 20240607), (long)arguments.Number("citizens", 100_000));

    /// <summary>Officer ids unique to this run, so per-officer state from an earlier run never interferes.</summary>
    public static string RunId() => Guid.NewGuid().ToString("N")[..6];
}
