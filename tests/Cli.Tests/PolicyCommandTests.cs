using System.Text.Json;
using DataBroker.DevIdentityProvider.Personas;
using DataBroker.Identity;

namespace DataBroker.Cli.Tests;

/// <summary><c>dbroker policy show</c> against the real suite (<c>dbroker dev</c>), as any authenticated person.</summary>
public sealed class PolicyCommandTests
{
    [Fact]
    public async Task Policy_show_prints_the_policy_in_force_as_text_and_as_json()
    {
        var ports = Enumerable.Range(0, 4).Select(_ => DevCommandTests.FreePort()).ToArray();
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var dev = DbrokerCli.RunAsync(
            ["dev", "--broker-port", $"{ports[0]}", "--records-port", $"{ports[1]}", "--idp-port", $"{ports[2]}", "--console-port", $"{ports[3]}",
                "--citizens", "100"],
            new CliEnvironment(TextWriter.Synchronized(output), TextWriter.Synchronized(new StringWriter())), stop.Token);
        try
        {
            await DevCommandTests.WaitUntilListeningAsync(ports[0]);
            var officer = Commands.TokenCommand.Mint(DevelopmentPersonas.Find("atu-officer-1")!, TimeSpan.FromMinutes(5), TimeProvider.System);
            var variables = new Dictionary<string, string>
            {
                [GlobalOptions.AddressVariable] = $"http://127.0.0.1:{ports[0]}",
                [GlobalOptions.TokenVariable] = officer,
            };

            var text = await CliRun.ExecuteAsync(["policy", "show"], variables: variables);
            Assert.Equal(ExitCodes.Success, text.ExitCode);
            Assert.StartsWith("approval policy version 1; an approved request stays fetchable for 15m", text.Out, StringComparison.Ordinal);
            var lines = text.Out.Split('\n').Select(l => l.TrimEnd()).ToArray();
            Assert.Contains(lines, l => l.StartsWith("CALL_RECORDS ", StringComparison.Ordinal) && l.Contains("supervisor + legal", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("NID_DETAILS ", StringComparison.Ordinal) && l.Contains(" EMERGENCY ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("CRPC_94 ", StringComparison.Ordinal) && l.EndsWith(" 30d", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("TELECOM_ACT_97A ", StringComparison.Ordinal) && !l.Contains("CRIMINAL_RECORD", StringComparison.Ordinal));

            var json = await CliRun.ExecuteAsync(["policy", "show", "--json"], variables: variables);
            Assert.Equal(ExitCodes.Success, json.ExitCode);
            using var document = JsonDocument.Parse(json.Out);
            var policy = document.RootElement.GetProperty("policy");
            Assert.Equal(1, policy.GetProperty("version").GetInt32());
            var calls = policy.GetProperty("approvalRules").EnumerateArray().Single(r => r.GetProperty("category").GetString() == "CATEGORY_CALL_RECORDS");
            Assert.Equal(["supervisor", "legal"], calls.GetProperty("ranks").EnumerateArray().Select(r => r.GetString()));

            var anonymous = await CliRun.ExecuteAsync(["policy", "show"], variables: new Dictionary<string, string>
            {
                [GlobalOptions.AddressVariable] = $"http://127.0.0.1:{ports[0]}",
            });
            Assert.NotEqual(ExitCodes.Success, anonymous.ExitCode);
            Assert.Contains("Unauthenticated", anonymous.Error, StringComparison.Ordinal);
        }
        finally
        {
            stop.Cancel();
            await dev.WaitAsync(CliRun.DefaultTimeout);
        }
    }
}
