using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>Refusals reach the audit trail, and a flood of them costs one entry per caller and minute, not one per call.</summary>
public sealed class RefusalAuditTests : IAsyncLifetime
{
    private SuiteHost _suite = null!;

    private Metadata Auditor => _suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");

    public async Task InitializeAsync() => _suite = await SuiteHost.StartAsync();

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Unauthenticated_and_forbidden_calls_are_chained_once_per_minute_then_counted()
    {
        for (var i = 0; i < 20; i++)
        {
            var anonymous = await Assert.ThrowsAsync<RpcException>(() =>
                _suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest()).ResponseAsync.DefaultTimeout());
            Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        }
        var officer = _suite.As("atu-officer-3", Roles.Officer, unit: "ATU");
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() =>
                _suite.Oversight.VerifyAuditAsync(new BrokerProto.VerifyAuditRequest(), officer).ResponseAsync.DefaultTimeout());
        }

        await _suite.SequenceAuditAsync();
        var first = (await Refusals()).ToArray();
        Assert.Equal(2, first.Length);
        Assert.Contains(first, e => e.ActorId == "anonymous" && e.Details["status"] == "Unauthenticated" && e.Details["count"] == "1");
        var forbidden = Assert.Single(first, e => e.ActorId == "atu-officer-3");
        Assert.Equal(("PermissionDenied", "/databroker.broker.v1.OversightService/VerifyAudit"), (forbidden.Details["status"], forbidden.Details["method"]));

        await _suite.BrokerServices.GetRequiredService<RefusalLog>().FlushAsync(default).DefaultTimeout();
        await _suite.SequenceAuditAsync();
        var counted = (await Refusals()).Except(first).Select(e => (e.ActorId, e.Details["count"])).OrderBy(e => e.ActorId).ToArray();
        Assert.Equal([("anonymous", "19"), ("atu-officer-3", "2")], counted);
    }

    [Fact]
    public async Task A_limit_refusal_is_chained_with_the_rule_that_refused()
    {
        await using var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Broker:Limits:Rules:submit-per-officer:Limit"] = "1",
            ["Broker:Limits:Rules:submit-per-officer:Burst"] = "1",
        });
        var officer = suite.As("atu-officer-4", Roles.Officer, unit: "ATU");
        await suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(1)), officer).ResponseAsync.DefaultTimeout();
        var limited = await Assert.ThrowsAsync<RpcException>(() =>
            suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(2)), officer).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);

        await suite.SequenceAuditAsync();
        var refusal = Assert.Single((await suite.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest { Kind = "oversight.refused" },
            suite.As("oversight-auditor-1", Roles.Auditor))).Entries);
        Assert.Equal(("atu-officer-4", "ResourceExhausted", "submit-per-officer"), (refusal.ActorId, refusal.Details["status"], refusal.Details["rule"]));
    }

    private async Task<IEnumerable<BrokerProto.AuditEntry>> Refusals() =>
        (await _suite.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest { Kind = "oversight.refused" }, Auditor)).Entries;
}
