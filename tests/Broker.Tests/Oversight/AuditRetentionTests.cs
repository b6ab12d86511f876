using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using StackExchange.Redis;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// Once the chain holds an event, its copy in the unit's stream goes (by default in the script that chains it, else
/// after the retention): every event is not kept in Redis twice, and the chain still verifies and answers. Each
/// test has its own redis-server.
/// </summary>
public sealed class AuditRetentionTests
{
    private const int Submissions = 5;

    [Fact]
    public async Task By_default_the_unit_stream_keeps_at_most_the_last_chained_event_and_the_chain_keeps_them_all()
    {
        var (stream, chained, intact) = await SubmitAndChainAsync(null);

        Assert.InRange(stream, 0, 1);
        Assert.Equal(Submissions, chained);
        Assert.True(intact);
    }

    [Fact]
    public async Task Within_the_retention_the_unit_stream_keeps_every_event()
    {
        var (stream, chained, intact) = await SubmitAndChainAsync("00:10:00");

        Assert.Equal(Submissions, stream);
        Assert.Equal(Submissions, chained);
        Assert.True(intact);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("31.00:00:00")]
    public async Task A_retention_out_of_range_stops_the_broker_at_start(string retention)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["Broker:Audit:SourceRetention"] = retention }));
        Assert.Contains("SourceRetention", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(long Stream, int Chained, bool Intact)> SubmitAndChainAsync(string? retention)
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var suite = await SuiteHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Broker:Store:SubjectKey"] = Convert.ToBase64String(new byte[32]),
            ["Broker:Audit:SourceRetention"] = retention,
        });
        var officer = suite.As("db-officer-1", Roles.Officer, unit: "DB");
        for (var citizen = 1; citizen <= Submissions; citizen++)
            await suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(900 + citizen)), officer).ResponseAsync.DefaultTimeout();

        await suite.SequenceAuditAsync();
        await suite.SequenceAuditAsync();

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString).DefaultTimeout();
        var stream = await connection.GetDatabase().StreamLengthAsync("{u:DB}:audit").DefaultTimeout();
        var auditor = suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");
        var chained = await suite.Oversight.QueryAuditAsync(
            new BrokerProto.QueryAuditRequest { Kind = "request.submitted", PageSize = 200 }, auditor).ResponseAsync.DefaultTimeout();
        var verified = await suite.Oversight.VerifyAuditAsync(new BrokerProto.VerifyAuditRequest(), auditor).ResponseAsync.DefaultTimeout();
        return (stream, chained.Entries.Count, verified.Intact);
    }
}
