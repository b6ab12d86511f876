using System.Diagnostics;
using System.Text.Json;

namespace DataBroker.EndToEnd.Tests;

/// <summary>
/// deploy/scale-out.sh for real: a 3-master Redis Cluster, 3 broker and 2 records processes, nginx in front,
/// flows through it and one broker killed mid-load. Bounded to two minutes; needs redis-server and nginx
/// (the script installs them with apt-get when missing) and fails, never skips, without them.
/// </summary>
[Trait("Category", "System")]
public sealed class ScaleOutTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Through_the_balancer_on_a_redis_cluster_flows_work_and_killing_a_broker_loses_no_acknowledged_request()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), $"scale-out-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "deploy/scale-out.sh", "--duration", "12", "--kill-after", "4", "--flows", "20", "--out", output })
            start.ArgumentList.Add(argument);
        // The test project's build already built the processes (Debug); the script must not rebuild them.
        start.Environment["SKIP_BUILD"] = "1";
        start.Environment["CONFIGURATION"] = Configuration;

        using var script = Process.Start(start)!;
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = script.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await script.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, so the script's trap stops exactly what it started.
            Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Fail($"scale-out.sh took longer than {Bound}:\n{await stderr}");
        }

        var log = await stdout + "\n" + await stderr;
        Assert.True(script.ExitCode == 0, $"scale-out.sh failed ({script.ExitCode}):\n{log}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);
        var result = summary.RootElement;
        Assert.True(result.GetProperty("flows_ok").GetInt64() >= 20, log);
        Assert.Equal(0, result.GetProperty("flows_failed").GetInt64());
        Assert.True(result.GetProperty("acknowledged").GetInt64() > 100, log);
        Assert.Equal(0, result.GetProperty("missing").GetInt64());
        Assert.Contains("killing broker-2", log, StringComparison.Ordinal);
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataBroker.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DataBroker.slnx not found above the test's folder.");
    }
}
