using DataBroker.EndToEnd.Tests.Support;

namespace DataBroker.EndToEnd.Tests;

/// <summary>
/// Every service publishes as an operator would ship it, and dbroker packs and installs as a .NET tool. The
/// projects are already built for the tests, so publish and pack run with --no-build: the packaging steps
/// (which is where NETSDK1152 stopped the CLI) run for real, the compiler does not run twice, and nothing is
/// restored from a network: the tool installs from a local folder only.
/// </summary>
public sealed class PackagingTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(120);

    // No MSBuild node may outlive its command, or it would hold the output pipes open after the test.
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    [Fact]
    public async Task Every_service_publishes_and_dbroker_installs_as_a_tool()
    {
        var work = Directory.CreateTempSubdirectory("dbroker-packaging-");
        try
        {
            foreach (var (project, entry) in new[]
            {
                ("Broker", "DataBroker.Broker"), ("Records", "DataBroker.Records"), ("Cli", "dbroker"), ("LoadDriver", "dbroker-load"),
                ("Console", "DataBroker.WebConsole"), ("DevIdentityProvider", "DataBroker.DevIdentityProvider"),
            })
            {
                var output = Path.Combine(work.FullName, project);
                await DotnetAsync("publish", Project(project), "-c", Repository.Configuration, "--no-build", "-nodeReuse:false", "-o", output);
                Assert.True(File.Exists(Path.Combine(output, entry + ".dll")), $"{project}: {entry}.dll is not in the published folder");
            }
            var published = await DotnetProcess.RunAsync(Path.Combine(work.FullName, "Cli", "dbroker.dll"), ["--help"], Quiet, StepTimeout);
            Assert.True(published.ExitCode == 0, published.StdErr);

            var packages = Path.Combine(work.FullName, "packages");
            await DotnetAsync("pack", Project("Cli"), "-c", Repository.Configuration, "--no-build", "-nodeReuse:false", "-o", packages);
            // Only the local folder as a source: the tool package carries everything it needs.
            var config = Path.Combine(work.FullName, "nuget.config");
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            var tools = Path.Combine(work.FullName, "tools");
            await DotnetAsync("tool", "install", "DataBroker.Cli", "--tool-path", tools, "--configfile", config);

            var (code, stdout, stderr) = await DotnetProcess.RunExecutableAsync(Path.Combine(tools, "dbroker"), ["--help"], Quiet, StepTimeout);
            Assert.True(code == 0, stderr);
            Assert.Contains("dbroker: request, approve and fetch", stdout, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Project(string name) => Path.Combine(Repository.Root, "services", name, name + ".csproj");

    private static async Task DotnetAsync(params string[] arguments)
    {
        var (code, stdout, stderr) = await DotnetProcess.RunExecutableAsync("dotnet", arguments, Quiet, StepTimeout);
        Assert.True(code == 0, $"dotnet {string.Join(' ', arguments)} failed ({code}):\n{stdout}\n{stderr}");
    }
}
