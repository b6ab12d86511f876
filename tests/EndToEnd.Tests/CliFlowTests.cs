using System.Text.Json;
using DataBroker.Broker.Tests.Storage;
using DataBroker.EndToEnd.Tests.Support;
using DataBroker.Records.Synthetic;

namespace DataBroker.EndToEnd.Tests;

/// <summary>
/// The real processes on loopback, driven through the real CLI the way an officer and two HQ
/// approvers would: submit, approve twice, fetch once.
/// </summary>
public sealed class CliFlowTests
{
    // The records service's default population: what `dbroker dev` and a default deployment serve.
    private static readonly SyntheticPopulation Population = new(20240607, 100_000);

    [Fact]
    public async Task Submit_approve_fetch_through_the_cli_on_the_embedded_store()
    {
        await using var suite = await LoopbackSuite.StartAsync();
        await RunFlowAsync(suite, restartBetweenSteps: false);
    }

    [Fact]
    public async Task Submit_approve_fetch_through_the_cli_on_redis_surviving_broker_restarts()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var suite = await LoopbackSuite.StartAsync(redis.ConnectionString);
        await RunFlowAsync(suite, restartBetweenSteps: true);
    }

    private static async Task RunFlowAsync(LoopbackSuite suite, bool restartBetweenSteps)
    {
        var officer = await suite.TokenAsync("rab6-officer-1");
        var approver1 = await suite.TokenAsync("rabhq-approver-1");
        var approver2 = await suite.TokenAsync("rabhq-approver-2");
        var nid = Population.NidOf(777);

        var submitted = await Json(suite.CliAsync(officer, "--json", "submit", "--nid", nid, "--category", "nid,cdr",
            "--days", "14", "--case", "RAB-6/Khulna/2026/311", "--basis", "anti-terrorism",
            "--justification", "Number recovered from the detonator wiring in the Khalishpur raid."));
        var id = submitted.GetProperty("request").GetProperty("requestId").GetString()!;
        Assert.Equal("REQUEST_STATE_AWAITING_APPROVAL", submitted.GetProperty("request").GetProperty("state").GetString());

        if (restartBetweenSteps)
            await suite.RestartBrokerAsync();

        var (code, pending, _) = await suite.CliAsync(approver1, "pending");
        Assert.Equal(0, code);
        Assert.Contains(id, pending, StringComparison.Ordinal);

        // An officer cannot approve, and nobody else's officer can see it.
        var (deniedCode, _, deniedError) = await suite.CliAsync(await suite.TokenAsync("rab6-officer-2"), "approve", id);
        Assert.Equal(1, deniedCode);
        Assert.Contains("PermissionDenied", deniedError, StringComparison.Ordinal);

        Assert.Equal(0, (await suite.CliAsync(approver1, "approve", id, "--note", "Linked to the raid")).ExitCode);
        var (earlyCode, _, earlyError) = await suite.CliAsync(officer, "fetch", id);
        Assert.Equal(1, earlyCode);
        Assert.Contains("FailedPrecondition", earlyError, StringComparison.Ordinal);

        if (restartBetweenSteps)
            await suite.RestartBrokerAsync();
        Assert.Equal(0, (await suite.CliAsync(approver2, "approve", id)).ExitCode);

        var fetched = await Json(suite.CliAsync(officer, "--json", "fetch", id));
        Assert.Equal(nid, fetched.GetProperty("nidDetails").GetProperty("nid").GetString());
        Assert.True(fetched.GetProperty("callRecords").GetArrayLength() > 0);
        Assert.False(fetched.TryGetProperty("simRegistrations", out _));

        var (againCode, _, againError) = await suite.CliAsync(officer, "fetch", id);
        Assert.Equal(1, againCode);
        Assert.Contains("already fetched", againError, StringComparison.Ordinal);

        var status = await Json(suite.CliAsync(officer, "--json", "status", id));
        Assert.Equal("REQUEST_STATE_DISCLOSED", status.GetProperty("request").GetProperty("state").GetString());
    }

    private static async Task<JsonElement> Json(Task<(int ExitCode, string StdOut, string StdErr)> run)
    {
        var (code, stdout, stderr) = await run;
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }
}
