using System.Security.Cryptography;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Transparency;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Transparency;

/// <summary>GetTransparencyReport over real gRPC, on each store: who may have it, what a bad period gets, and that it recomputes.</summary>
public abstract class TransparencyApiTests : IAsyncLifetime
{
    protected SuiteHost Suite { get; private set; } = null!;

    protected abstract Task<SuiteHost> StartSuiteAsync();

    public async Task InitializeAsync() => Suite = await StartSuiteAsync();

    public async Task DisposeAsync() => await Suite.DisposeAsync();

    private static BrokerProto.GetTransparencyReportRequest ThisMonth()
    {
        var now = DateTimeOffset.UtcNow;
        var from = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new() { From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(from.AddMonths(1)) };
    }

    [Fact]
    public async Task An_auditor_gets_a_signed_report_that_recomputes_byte_for_byte_from_the_chains()
    {
        var officer = Suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
        var approver = Suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
        for (var i = 0; i < 3; i++)
        {
            var request = (await Suite.Requests.SubmitAsync(Requests.Submit(Suite.Population.NidOf(40 + i)), officer)).Request;
            await Suite.Approvals.DecideAsync(new BrokerProto.DecideRequest
            {
                RequestId = request.RequestId,
                Decision = i == 2 ? BrokerProto.Decision.Reject : BrokerProto.Decision.Approve,
                Note = "linked to the case",
            }, approver);
        }
        // Until this test's six events are chained: on Redis the previous test's broker may still hold the unit's lease.
        var auditor = Suite.As("oversight-auditor-1", Roles.Auditor);
        var response = await Suite.ReadChainedAsync(
            () => Suite.Oversight.GetTransparencyReportAsync(ThisMonth(), auditor).ResponseAsync.DefaultTimeout(),
            r => SignedReport.Parse(r.SignedReport).Report.Heads.Any(h => h.Chain == "unit:ATU" && h.Seq >= 6));

        var published = SignedReport.Parse(response.SignedReport);
        using var key = ECDsa.Create();
        key.ImportFromPem(DevelopmentKeys.TransparencyPublicPem);
        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), response.PublicKeyPem);
        var report = published.Report;
        Assert.Contains(report.Heads, h => h.Chain == "unit:ATU" && h.Seq >= 6);
        Assert.Equal(MerkleTree.Root(report.Heads), report.MerkleRoot);
        var check = ReportVerifier.Check(published, key, await ReadChainsAsync(report.Heads));
        Assert.True(check.Holds, check.Problem);
    }

    [Theory]
    [InlineData(Roles.Officer)]
    [InlineData(Roles.Approver)]
    public async Task Anyone_but_oversight_staff_is_refused(string role)
    {
        var caller = role == Roles.Officer ? Suite.As("atu-officer-1", role, unit: "ATU") : Suite.As("phq-approver-1", role, headquarters: "POLICE-HQ");
        var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Oversight.GetTransparencyReportAsync(ThisMonth(), caller).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task A_period_that_is_not_a_month_or_quarter_is_invalid_and_names_the_field()
    {
        var admin = Suite.As("police-admin", Roles.Admin);
        var midMonth = ThisMonth();
        midMonth.From = Timestamp.FromDateTimeOffset(midMonth.From.ToDateTimeOffset().AddDays(3));
        var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Oversight.GetTransparencyReportAsync(midMonth, admin).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("from", error.Status.Detail, StringComparison.Ordinal);

        var noEnd = ThisMonth();
        noEnd.To = null;
        error = await Assert.ThrowsAsync<RpcException>(() => Suite.Oversight.GetTransparencyReportAsync(noEnd, admin).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("to ", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, IReadOnlyList<ChainEntry>>> ReadChainsAsync(IEnumerable<ChainPosition> heads)
    {
        var store = Suite.BrokerServices.GetRequiredService<IAuditChainStore>();
        var chains = new Dictionary<string, IReadOnlyList<ChainEntry>>(StringComparer.Ordinal);
        foreach (var head in heads.Where(h => h.Seq > 0))
            chains[head.Chain] = [.. (await store.ReadAsync(head.Chain, 1, (int)head.Seq, default)).Select(t => AuditChain.Parse(t)!)];
        return chains;
    }
}
