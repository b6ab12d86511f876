using DataBroker.Broker.V1;
using Google.Protobuf;

namespace DataBroker.Cli.Tests;

public sealed class CommandPlumbingTests : IAsyncLifetime
{
    private const string Address = "http://localhost";
    private FakeBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await FakeBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync(["--broker", Address, .. args], _broker.Handler);

    [Fact]
    public async Task The_token_reaches_the_server_as_a_bearer_header()
    {
        var run = await RunAsync("status", "req-1", "--token", "tok.en.value");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Bearer tok.en.value", _broker.Seen.Authorization);
        Assert.Contains("AWAITING_APPROVAL", run.Out, StringComparison.Ordinal);
        Assert.Contains("NID_DETAILS,CALL_RECORDS", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_defaults_to_the_environment()
    {
        var run = await CliRun.ExecuteAsync(["status", "req-1"], _broker.Handler,
            new Dictionary<string, string> { ["DBROKER_ADDRESS"] = Address, ["DBROKER_TOKEN"] = "from-env" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Bearer from-env", _broker.Seen.Authorization);
    }

    [Fact]
    public async Task Json_output_parses_as_the_response()
    {
        var run = await RunAsync("status", "req-7", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var response = JsonParser.Default.Parse<GetResponse>(run.Out.Trim());
        Assert.Equal(FakeBroker.CannedRequest("req-7"), response.Request);
    }

    [Fact]
    public async Task Json_streams_print_one_response_per_line()
    {
        var run = await RunAsync("watch", "req-3", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var states = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonParser.Default.Parse<WatchResponse>(line).Request.State);
        Assert.Equal([RequestState.AwaitingApproval, RequestState.Approved], states);
    }

    [Fact]
    public async Task Pending_follows_every_page_into_one_table()
    {
        var run = await RunAsync("pending");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("req-1", run.Out, StringComparison.Ordinal);
        Assert.Contains("req-2", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_sends_its_reason()
    {
        var run = await RunAsync("reject", "req-4", "--reason", "No link to the case");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(new DecideRequest { RequestId = "req-4", Decision = Decision.Reject, Note = "No link to the case" }, _broker.Seen.Decision);
    }

    [Fact]
    public async Task A_server_refusal_is_one_line_on_stderr_and_exit_code_1()
    {
        var run = await RunAsync("status", FakeBroker.ForeignRequestId, "--json");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: PermissionDenied: request belongs to another unit", run.Error.Trim());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_rate_limit_says_when_to_retry()
    {
        var run = await RunAsync("status", FakeBroker.RateLimitedRequestId);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: ResourceExhausted: too many requests (retry after 1.5 s)", run.Error.Trim());
    }

    [Fact]
    public async Task A_token_is_never_sent_in_clear_text_off_the_loopback()
    {
        var run = await CliRun.ExecuteAsync(["--broker", "http://broker.example:5100", "--token", "t", "status", "req-1"], _broker.Handler);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--broker", run.Error, StringComparison.Ordinal);
        Assert.Null(_broker.Seen.Authorization);
    }
}
