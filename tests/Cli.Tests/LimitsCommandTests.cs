namespace DataBroker.Cli.Tests;

public sealed class LimitsCommandTests : IAsyncLifetime
{
    private FakeBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await FakeBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync(["--broker", "http://localhost", "--token", "admin-token", "limits", .. args], _broker.Handler);

    [Fact]
    public async Task Usage_shows_each_counter_with_what_remains_and_marks_overrides_and_shadow_rules()
    {
        var run = await RunAsync("usage", "--unit", "ATU", "--holder", "atu-officer-1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(("ATU", "atu-officer-1"), (_broker.LimitsSeen.Usage!.Unit, _broker.LimitsSeen.Usage.Holder));
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("RULE", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^submit-per-officer\s+atu-officer-1\s+45\*\s+10\s+1h\s+3\s+14m\s+enforce", lines[1]);
        Assert.Matches(@"^call-records-per-officer \(CallRecords\)\s+atu-officer-1\s+10\s+-\s+1d\s+10\s+0s\s+shadow", lines[2]);
        Assert.Contains("* submit-per-officer: override until 2026-12-01", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_sends_the_limit_and_an_expiry_the_given_duration_ahead()
    {
        var before = DateTimeOffset.UtcNow;
        var run = await RunAsync("override", "--unit", "ATU", "--rule", "submit-per-officer", "--holder", "atu-officer-1",
            "--limit", "45", "--for", "2h", "--reason", "raid night");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var sent = _broker.LimitsSeen.Override!;
        Assert.Equal(("submit-per-officer", 45, 0, "raid night"), (sent.Rule, sent.Limit, sent.Burst, sent.Reason));
        Assert.InRange(sent.ExpiresAt.ToDateTimeOffset(), before.AddHours(2), DateTimeOffset.UtcNow.AddHours(2));
    }

    [Fact]
    public async Task Shadow_takes_on_or_off_and_every_change_needs_a_reason()
    {
        Assert.Equal(ExitCodes.Success, (await RunAsync("shadow", "decide-per-approver", "on", "--reason", "rollout")).ExitCode);
        Assert.True(_broker.LimitsSeen.Shadow!.Shadow);

        Assert.Equal(ExitCodes.Usage, (await RunAsync("shadow", "decide-per-approver", "maybe", "--reason", "x")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("reset", "--unit", "ATU", "--rule", "submit-per-unit")).ExitCode);
        Assert.Null(_broker.LimitsSeen.Reset);
    }
}
