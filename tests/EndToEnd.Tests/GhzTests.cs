using System.Text.Json;
using DataBroker.EndToEnd.Tests.Support;

namespace DataBroker.EndToEnd.Tests;

/// <summary>
/// Every ghz config in deploy/ghz runs with the real ghz against the real suite (Redis, records, broker as processes),
/// briefly, through deploy/ghz/run.sh --smoke, and a single non-OK call fails the run. ghz is taken from $GHZ, else
/// PATH, else ../shared/tools/ghz beside the repository; without it this test fails rather than pass unseen.
/// </summary>
public sealed class GhzTests
{
    private static readonly string[] Configs = ["health", "submit", "get", "list-pending", "decide", "fetch"];
    private static readonly string CheckReport = Path.Combine(Repository.Root, "deploy", "ghz", "check-report.sh");

    [Fact]
    public async Task Every_config_runs_clean_with_the_real_ghz()
    {
        var ghz = FindGhz();
        Assert.True(ghz is not null, "ghz not found: set GHZ, put ghz on PATH, or place it at ../shared/tools/ghz beside the repository.");
        var work = Directory.CreateTempSubdirectory("dbroker-ghz-");
        try
        {
            var reports = Path.Combine(work.FullName, "reports");
            var (code, stdout, stderr) = await DotnetProcess.RunExecutableAsync("bash",
                [Path.Combine(Repository.Root, "deploy", "ghz", "run.sh"), "--smoke", "--out", reports],
                new Dictionary<string, string>
                {
                    ["GHZ"] = ghz!,
                    ["CONFIGURATION"] = Repository.Configuration,
                    ["SKIP_BUILD"] = "1",
                    ["WORK"] = work.FullName,
                },
                TimeSpan.FromSeconds(150));
            Assert.True(code == 0, $"run.sh --smoke failed ({code}):\n{stdout}\n{stderr}");
            foreach (var config in Configs)
            {
                using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, config + ".json")));
                Assert.Equal(300, report.RootElement.GetProperty("count").GetInt32());
                Assert.Equal(["OK"], report.RootElement.GetProperty("statusCodeDistribution").EnumerateObject().Select(p => p.Name));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"count":300,"statusCodeDistribution":{"OK":300},"errorDistribution":{}}""", 300, 0)]
    [InlineData("""{"count":300,"statusCodeDistribution":{"OK":299,"NotFound":1},"errorDistribution":{"rpc error: code = NotFound desc = x":1}}""", 300, 1)]
    [InlineData("""{"count":300,"statusCodeDistribution":{"OK":300},"errorDistribution":{"connection refused":2}}""", 300, 1)]
    [InlineData("""{"count":2000,"statusCodeDistribution":{"OK":2000},"errorDistribution":{}}""", 50000, 1)]
    [InlineData("""{"count":0,"statusCodeDistribution":{},"errorDistribution":{}}""", null, 1)]
    [InlineData("""template: call_template_data:1: unexpected "\\" in operand""", null, 1)]
    public async Task A_report_passes_only_when_every_call_answered_OK(string report, int? expected, int exitCode)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, report);
            string[] arguments = expected is null ? [CheckReport, file] : [CheckReport, file, expected.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var (code, _, stderr) = await DotnetProcess.RunExecutableAsync("bash", arguments);
            Assert.True(code == exitCode, $"exit {code}, expected {exitCode}: {stderr}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>$GHZ, else ghz on PATH, else ../shared/tools/ghz beside the repository root.</summary>
    private static string? FindGhz()
    {
        if (Environment.GetEnvironmentVariable("GHZ") is { Length: > 0 } configured)
            return configured;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "ghz")).FirstOrDefault(File.Exists);
        if (onPath is not null)
            return onPath;
        var shared = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "tools", "ghz"));
        return File.Exists(shared) ? shared : null;
    }
}
