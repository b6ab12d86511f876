using System.Collections.Concurrent;
using System.Diagnostics;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// A scripted insider on one replica, with a colluding approver, while oversight watches alerts on another
/// replica of the same real redis-server (this class's own: the rules' counters and suspensions are global).
/// </summary>
public sealed class InsiderDetectionTests : IAsyncLifetime
{
    private ReplicaPair _pair = null!;

    private SuiteHost A => _pair.A;

    private SuiteHost B => _pair.B;

    public async Task InitializeAsync() => _pair = await ReplicaPair.StartAsync(new Dictionary<string, string?> { ["Broker:Oversight:Insider:SubjectsPerHour"] = "5" });

    public async Task DisposeAsync() => await _pair.DisposeAsync();

    [Fact]
    public async Task A_bulk_puller_with_a_colluding_approver_is_suspended_after_at_most_five_subjects_and_oversight_hears_within_a_second()
    {
        var auditor = B.As("oversight-auditor-1", Roles.Auditor, headquarters: "RAB-HQ");
        var insider = A.As("rab6-insider", Roles.Officer, unit: "RAB-6");
        var colluder = A.As("rabhq-colluder", Roles.Approver, headquarters: "RAB-HQ");
        var clock = Stopwatch.StartNew();
        var heard = new ConcurrentQueue<(BrokerProto.Alert Alert, TimeSpan At)>();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = B.Oversight.WatchAlerts(new BrokerProto.WatchAlertsRequest { Recent = 100 }, auditor, cancellationToken: watching.Token);
        var listener = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in watch.ResponseStream.ReadAllAsync(watching.Token))
                    heard.Enqueue((message.Alert, clock.Elapsed));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
            }
        });

        var released = 0;
        RpcException? stopped = null;
        var stoppedAt = TimeSpan.Zero;
        for (var citizen = 1; citizen <= 10 && stopped is null; citizen++)
        {
            try
            {
                var request = (await A.Requests.SubmitAsync(Requests.Submit(A.Population.NidOf(500 + citizen)), insider)
                    .ResponseAsync.DefaultTimeout()).Request;
                await A.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = request.RequestId, Decision = BrokerProto.Decision.Approve },
                    colluder).ResponseAsync.DefaultTimeout();
                var fetched = await A.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request.RequestId }, insider).ResponseAsync.DefaultTimeout();
                Assert.True(fetched.SubjectFound);
                released++;
            }
            catch (RpcException e)
            {
                (stopped, stoppedAt) = (e, clock.Elapsed);
            }
        }

        Assert.NotNull(stopped);
        Assert.Equal(StatusCode.PermissionDenied, stopped.StatusCode);
        Assert.Contains("bulk_subjects", stopped.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(released, 1, 5);

        // Oversight, on the other replica, hears the severe alert within a second.
        var deadline = stoppedAt + TimeSpan.FromSeconds(1);
        while (clock.Elapsed < deadline && !heard.Any(h => h.Alert.Rule == "bulk_subjects"))
            await Task.Delay(10);
        var bulk = Assert.Single(heard, h => h.Alert.Rule == "bulk_subjects");
        Assert.Equal("rab6-insider", bulk.Alert.OfficerId);
        Assert.Equal(BrokerProto.AlertSeverity.Severe, bulk.Alert.Severity);
        Assert.True(bulk.At <= deadline, $"heard {bulk.At - stoppedAt} after the refusal");
        Assert.Contains(heard, h => h.Alert.Rule == "approved_too_fast" && h.Alert.OfficerId == "rabhq-colluder");

        // The insider stays out, on every replica, and the suspension names the rule.
        var suspensions = await B.Oversight.ListSuspensionsAsync(new BrokerProto.ListSuspensionsRequest(), auditor);
        var suspension = Assert.Single(suspensions.Suspensions, s => s.Target == "rab6-insider");
        Assert.Equal("system", suspension.SuspendedBy);
        var after = await Assert.ThrowsAsync<RpcException>(() =>
            B.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), B.As("rab6-insider", Roles.Officer, unit: "RAB-6")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, after.StatusCode);

        // A page's list of the same alerts, from the other replica: newest first, to its audience only.
        var listed = (await B.Oversight.ListAlertsAsync(new BrokerProto.ListAlertsRequest(), auditor)).Alerts;
        Assert.Contains(listed, a => a.Rule == "bulk_subjects" && a.OfficerId == "rab6-insider");
        Assert.Equal(listed.OrderByDescending(a => a.At.ToDateTimeOffset()).Select(a => a.AlertId), listed.Select(a => a.AlertId));
        var policeApprover = B.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
        Assert.DoesNotContain((await B.Oversight.ListAlertsAsync(new BrokerProto.ListAlertsRequest(), policeApprover)).Alerts, a => a.Unit == "RAB-6");
        var tooMany = await Assert.ThrowsAsync<RpcException>(() =>
            B.Oversight.ListAlertsAsync(new BrokerProto.ListAlertsRequest { Max = 1001 }, auditor).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "max must be between 1 and 1000 (0 means 100)."), (tooMany.StatusCode, tooMany.Status.Detail));

        await A.SequenceAuditAsync();
        var chained = await B.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest { Kind = "oversight.alert" }, auditor);
        Assert.Contains(chained.Entries, e => e.Details["rule"] == "bulk_subjects" && e.Details["officer"] == "rab6-insider");
        await watching.CancelAsync();
        await listener;
    }
}
