using DataBroker.Broker.V1;

namespace DataBroker.Cli.Tests;

public sealed class OversightCommandTests : IAsyncLifetime
{
    private FakeBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await FakeBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<CliRun> RunAsync(params string[] args) => CliRun.ExecuteAsync(["--broker", "http://localhost", "--token", "t", .. args], _broker.Handler);

    [Fact]
    public async Task A_tampered_audit_trail_fails_verify_with_the_first_bad_entry()
    {
        var run = await RunAsync("audit", "verify");
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("TAMPERED at entry 3 of chain unit:ATU", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_names_exactly_one_target()
    {
        var both = await RunAsync("suspend", "--officer", "x", "--unit", "RAB-6", "--reason", "r");
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Null(_broker.Seen.Suspension);

        var unit = await RunAsync("suspend", "--unit", "RAB-6", "--reason", "sold NID details");
        Assert.Equal(ExitCodes.Success, unit.ExitCode);
        Assert.Equal((SuspensionScope.Unit, "RAB-6", "sold NID details"),
            (_broker.Seen.Suspension!.Scope, _broker.Seen.Suspension.Target, _broker.Seen.Suspension.Reason));
        Assert.Contains("suspended: unit", unit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_leak_sends_the_file_as_written_and_shows_the_suspects()
    {
        var run = await TraceFileAsync("Name: Rahim\u2060\u200B\u2060 Uddin\nNID 123 456 7890");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Name: Rahim\u2060\u200B\u2060 Uddin\nNID 123 456 7890", _broker.Seen.TracedText);
        Assert.Contains("rab6-officer-1", run.Out, StringComparison.Ordinal);
        Assert.Contains("matched by content", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_leak_shows_a_tie_and_its_reason_and_ranks_no_one()
    {
        var run = await TraceFileAsync("a post of two recipients' citizens");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("TIE, no one is named: atu-officer-1 and db-officer-2 both received these citizens", run.Out, StringComparison.Ordinal);
        Assert.Contains("suspects (the tied ones first, by id; not ranked):", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("best first", run.Out.Split("releases")[0], StringComparison.Ordinal);
    }

    private async Task<CliRun> TraceFileAsync(string text)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, text);
            return await RunAsync("trace-leak", "--file", path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
