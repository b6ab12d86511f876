using System.Collections.Concurrent;
using System.Text.Json;
using DataBroker.Broker.V1;
using DataBroker.LoadDriver.Scenarios;
using Grpc.Core;

namespace DataBroker.LoadDriver;

/// <summary>
/// Through the balancer: whole flows, then a stretch of submissions (during which the script stops a
/// broker), then every acknowledged submission read back. Nothing acknowledged may be missing.
/// </summary>
internal static class ScaleOutCheck
{
    public static async Task<int> RunAsync(DriverArguments arguments)
    {
        using var target = new LoadTarget(arguments.Text("target"), arguments.Int("connections", 4));
        var identities = new LoadIdentities(arguments.Int("officers", 50), DriverCommands.RunId());
        var submissions = new Submissions(target, identities, DriverCommands.Population(arguments));

        var flows = await new LoadRunner(new FlowScenario(target, submissions))
            .ClosedAsync(concurrency: 8, TimeSpan.FromMinutes(1), TimeSpan.Zero, total: arguments.Int("flows", 40));
        Console.WriteLine(flows);
        // Tells the script the flows are done: it stops a broker only during the submissions that follow.
        if (arguments.Optional("phase-file") is { } phase)
            await File.WriteAllTextAsync(phase, "load");

        var acknowledged = new ConcurrentQueue<(long Officer, string Id)>();
        var load = await new LoadRunner(new SubmitScenario(submissions, acknowledged))
            .ClosedAsync(arguments.Int("concurrency", 32), arguments.Seconds("duration", 20), TimeSpan.Zero);
        Console.WriteLine(load);

        var missing = 0;
        var requests = new RequestService.RequestServiceClient(target.Next());
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (ack, ct) =>
        {
            if (!await ReadableAsync(requests, ack.Id, identities.Officer(ack.Officer), ct))
                Interlocked.Increment(ref missing);
        });

        var summary = new ScaleOutSummary(flows.Ok, flows.Failed, acknowledged.Count, load.Errors, missing);
        var json = JsonSerializer.Serialize(summary, DriverCommands.Json);
        Console.WriteLine(json);
        if (arguments.Optional("out") is { } file)
            await File.WriteAllTextAsync(file, json);
        return summary.FlowsOk > 0 && summary.FlowsFailed == 0 && summary.Acknowledged > 0 && missing == 0 ? 0 : 1;
    }

    /// <summary>A read that fails for a transient reason is retried; only NOT_FOUND (or no answer at all) counts as missing.</summary>
    private static async Task<bool> ReadableAsync(RequestService.RequestServiceClient client, string id, Metadata officer, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                var reply = await client.GetAsync(new GetRequest { RequestId = id }, officer, cancellationToken: ct);
                return reply.Request?.RequestId == id;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled)
            {
                await Task.Delay(200, ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }
        return false;
    }
}

internal sealed record ScaleOutSummary(long FlowsOk, long FlowsFailed, long Acknowledged, IReadOnlyDictionary<string, long> SubmitErrorsDuringLoad, long Missing);
