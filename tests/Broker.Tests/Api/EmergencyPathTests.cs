using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>The emergency path over real gRPC, with the delays shortened to seconds.</summary>
public sealed class EmergencyPathTests : IAsyncLifetime
{
    private SuiteHost _suite = null!;

    private Metadata Duty => _suite.As("atu-duty-officer", Roles.Officer, unit: "ATU");
    private Metadata Reviewer => _suite.As("phq-approver-2", Roles.Approver, headquarters: "POLICE-HQ");
    private Metadata Auditor => _suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");

    public async Task InitializeAsync() => _suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?>(
        // Identity details need two approvers in this policy, and an emergency the duty approver alone.
        PolicySettings.Of(AuthorisationPolicy.Default with
        {
            Version = 2,
            Approvals =
            [
                .. AuthorisationPolicy.Default.Approvals.Where(r => !(r.Category == Category.NidDetails && r.Urgency is null)),
                new(Category.NidDetails, null, 2, []),
            ],
        }))
    {
        ["Broker:Oversight:Emergency:Officers:0"] = "atu-duty-officer",
        ["Broker:Oversight:Emergency:AutoGrantAfter"] = "00:00:01",
        ["Broker:Oversight:Emergency:ReviewWithin"] = "00:00:02",
        ["Broker:Oversight:Emergency:BudgetPerUnitPerDay"] = "3",
        ["Broker:Oversight:Emergency:ScanInterval"] = "00:00:00.200",
    });

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Only_officers_the_directory_allows_may_mark_a_request_emergency()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.SubmitAsync(
            Emergency(1), _suite.As("atu-officer-1", Roles.Officer, unit: "ATU")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("PRIORITY", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_emergency_asks_only_for_identity_and_sims()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.SubmitAsync(
            Emergency(2, RecordsProto.Category.CallRecords), Duty).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    [Fact]
    public async Task One_approval_stands_in_for_the_quorum()
    {
        var request = (await _suite.Requests.SubmitAsync(Emergency(3), Duty)).Request;
        Assert.Equal(1, request.ApprovalsRequired);
        await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = request.RequestId, Decision = BrokerProto.Decision.Approve },
            _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ"));
        Assert.True((await _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request.RequestId }, Duty)).SubjectFound);
    }

    [Fact]
    public async Task With_no_approver_answering_it_is_granted_flagged_and_an_unjustified_review_raises_an_alert()
    {
        var request = (await _suite.Requests.SubmitAsync(Emergency(4), Duty)).Request;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var fetched = await _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request.RequestId }, Duty);
        Assert.True(fetched.SubjectFound);

        await _suite.SequenceAuditAsync();
        var query = await _suite.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest { RequestId = request.RequestId }, Auditor);
        // The request's own trail: on a slow machine the 2 s review deadline may pass first, and its alert names the request too.
        var trail = query.Entries.Where(e => e.Kind.StartsWith("request.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["request.disclosed", "request.auto_granted", "request.submitted"], trail.Select(e => e.Kind));
        Assert.All(trail, e => Assert.Equal("true", e.Details["emergency"]));
        Assert.Equal("system", trail[1].ActorId);

        var own = await Assert.ThrowsAsync<RpcException>(() => _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, false), Duty).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, own.StatusCode);
        await _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, false), Reviewer);
        var twice = await Assert.ThrowsAsync<RpcException>(() => _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, true), Reviewer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        var alerts = await RecentAlertsAsync();
        Assert.Contains(alerts, a => a.Rule == "emergency_unjustified" && a.OfficerId == "atu-duty-officer" && a.RequestId == request.RequestId);
    }

    [Fact]
    public async Task An_emergency_left_unreviewed_past_its_deadline_raises_an_alert_and_closes_the_path_to_its_officer()
    {
        var first = (await _suite.Requests.SubmitAsync(Emergency(5), Duty)).Request;
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var blocked = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.SubmitAsync(Emergency(6), Duty).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, blocked.StatusCode);
        Assert.Contains(first.RequestId, blocked.Status.Detail, StringComparison.Ordinal);
        Assert.Single(await RecentAlertsAsync(), a => a.Rule == "emergency_unreviewed" && a.RequestId == first.RequestId);

        // A routine request still goes through, and a late review reopens the path.
        var routine = Emergency(6);
        routine.Urgency = BrokerProto.Urgency.Priority;
        await _suite.Requests.SubmitAsync(routine, Duty);
        await _suite.Oversight.ReviewEmergencyAsync(Review(first.RequestId, true), Reviewer);
        await _suite.Requests.SubmitAsync(Emergency(7), Duty);
    }

    [Fact]
    public async Task A_unit_has_a_small_daily_emergency_budget()
    {
        for (var i = 0; i < 3; i++)
            await _suite.Requests.SubmitAsync(Emergency(10 + i), Duty);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.SubmitAsync(Emergency(13), Duty).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("emergency requests", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_emergency_submission_spends_the_budget_once()
    {
        var retried = Emergency(20);
        var first = (await _suite.Requests.SubmitAsync(retried, Duty)).Request;
        for (var i = 0; i < 3; i++)
            Assert.Equal(first.RequestId, (await _suite.Requests.SubmitAsync(retried, Duty)).Request.RequestId);

        // Budget 3: the retries above used none of the two that are left.
        await _suite.Requests.SubmitAsync(Emergency(21), Duty);
        await _suite.Requests.SubmitAsync(Emergency(22), Duty);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.SubmitAsync(Emergency(23), Duty).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task An_auto_grant_alerts_oversight_and_the_HQ_at_once_though_nobody_read_the_request()
    {
        var request = (await _suite.Requests.SubmitAsync(Emergency(30), Duty)).Request;

        // Nobody reads or fetches it: the broker's own scan records the grant when it falls due, and raises its alert.
        BrokerProto.Alert? alert = null;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (alert is null && DateTime.UtcNow < deadline)
        {
            alert = (await RecentAlertsAsync(Auditor, TimeSpan.FromMilliseconds(300)))
                .FirstOrDefault(a => a.Rule == "emergency_auto_granted" && a.RequestId == request.RequestId);
        }
        Assert.NotNull(alert);
        Assert.Equal("atu-duty-officer", alert.OfficerId);
        Assert.Contains("POLICE-HQ must review it", alert.Detail, StringComparison.Ordinal);

        // The HQ hears of it as oversight does; another HQ does not, and an officer may not listen at all.
        Assert.Contains(await RecentAlertsAsync(Reviewer), a => a.AlertId == alert.AlertId);
        Assert.DoesNotContain(await RecentAlertsAsync(_suite.As("rabhq-approver-1", Roles.Approver, headquarters: "RAB-HQ")),
            a => a.AlertId == alert.AlertId);
        var officer = await Assert.ThrowsAsync<RpcException>(async () => await RecentAlertsAsync(Duty));
        Assert.Equal(StatusCode.PermissionDenied, officer.StatusCode);
    }

    [Fact]
    public async Task An_emergency_is_reviewed_by_someone_other_than_its_officer_and_its_approver()
    {
        var approver = _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
        var request = (await _suite.Requests.SubmitAsync(Emergency(31), Duty)).Request;
        await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = request.RequestId, Decision = BrokerProto.Decision.Approve },
            approver);

        var own = await Assert.ThrowsAsync<RpcException>(() => _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, true), approver).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, own.StatusCode);
        Assert.Contains("approved", own.Status.Detail, StringComparison.Ordinal);
        var duty = await Assert.ThrowsAsync<RpcException>(() => _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, true), Duty).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, duty.StatusCode);

        await _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, true), Reviewer);
    }

    [Fact]
    public async Task The_review_queue_shows_an_approver_their_HQs_open_emergencies_and_oversight_all_and_never_anyone_their_own()
    {
        var request = (await _suite.Requests.SubmitAsync(Emergency(40), Duty)).Request;

        var approverQueue = await _suite.Oversight.ListEmergencyReviewsAsync(new BrokerProto.ListEmergencyReviewsRequest(), Reviewer);
        var item = Assert.Single(approverQueue.Reviews, r => r.RequestId == request.RequestId);
        Assert.Equal("atu-duty-officer", item.OfficerId);
        Assert.Equal(("ATU", "POLICE-HQ"), (item.Unit, item.Headquarters));
        Assert.True(item.Deadline.ToDateTimeOffset() > item.SubmittedAt.ToDateTimeOffset());
        Assert.Contains((await _suite.Oversight.ListEmergencyReviewsAsync(new BrokerProto.ListEmergencyReviewsRequest(), Auditor)).Reviews,
            r => r.RequestId == request.RequestId);

        // Another HQ's approver is not told of it; the officer, who may not review it, may not list the queue at all.
        var rab = await _suite.Oversight.ListEmergencyReviewsAsync(new BrokerProto.ListEmergencyReviewsRequest(),
            _suite.As("rabhq-approver-1", Roles.Approver, headquarters: "RAB-HQ"));
        Assert.DoesNotContain(rab.Reviews, r => r.RequestId == request.RequestId);
        var officer = await Assert.ThrowsAsync<RpcException>(() =>
            _suite.Oversight.ListEmergencyReviewsAsync(new BrokerProto.ListEmergencyReviewsRequest(), Duty).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, officer.StatusCode);

        // Reviewed, it leaves the queue.
        await _suite.Oversight.ReviewEmergencyAsync(Review(request.RequestId, true), Reviewer);
        Assert.DoesNotContain((await _suite.Oversight.ListEmergencyReviewsAsync(new BrokerProto.ListEmergencyReviewsRequest(), Reviewer)).Reviews,
            r => r.RequestId == request.RequestId);
    }

    private Task<List<BrokerProto.Alert>> RecentAlertsAsync() => RecentAlertsAsync(Auditor);

    private async Task<List<BrokerProto.Alert>> RecentAlertsAsync(Metadata who, TimeSpan? listen = null)
    {
        using var cancel = new CancellationTokenSource(listen ?? TimeSpan.FromSeconds(1));
        var alerts = new List<BrokerProto.Alert>();
        try
        {
            using var call = _suite.Oversight.WatchAlerts(new BrokerProto.WatchAlertsRequest { Recent = 100 }, who, cancellationToken: cancel.Token);
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancel.Token))
                alerts.Add(message.Alert);
        }
        // Stopping to listen cancels the stream; under load the reset may surface as Unavailable instead.
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || cancel.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
        }
        return alerts;
    }

    private BrokerProto.SubmitRequest Emergency(int citizen, params RecordsProto.Category[] categories)
    {
        var message = Requests.Submit(_suite.Population.NidOf(700 + citizen), categories);
        message.Urgency = BrokerProto.Urgency.Emergency;
        return message;
    }

    private static BrokerProto.ReviewEmergencyRequest Review(string id, bool justified) => new()
    {
        RequestId = id,
        Verdict = justified ? BrokerProto.ReviewVerdict.Justified : BrokerProto.ReviewVerdict.Unjustified,
        Note = justified ? "kidnapping in progress, confirmed by the duty log" : "no threat to life on the record",
    };
}
