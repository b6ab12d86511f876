using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>Limits as a client meets them over real gRPC (embedded store): statuses, trailers, and the admin service.</summary>
public sealed class LimitsApiTests : IAsyncLifetime
{
    private SuiteHost _suite = null!;

    private Metadata Officer => _suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
    private Metadata Approver => _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
    private Metadata Admin => _suite.As("police-admin", Roles.Admin, unit: "ATU", headquarters: "POLICE-HQ");

    public async Task InitializeAsync() => _suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Broker:Limits:Rules:submit-per-officer:Limit"] = "3",
        ["Broker:Limits:Rules:submit-per-officer:Burst"] = "3",
        ["Broker:Limits:Rules:decide-per-approver:Limit"] = "2",
        ["Broker:Limits:Rules:decide-per-approver:Burst"] = "2",
        ["Broker:Limits:Rules:released-subjects-per-unit:Limit"] = "1",
    });

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Over_a_limit_a_submit_is_resource_exhausted_naming_the_rule_with_retry_after_in_the_trailers()
    {
        for (var i = 0; i < 3; i++)
            await SubmitAsync(Officer);

        var error = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Officer));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("submit-per-officer", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("submit-per-officer", error.Trailers.GetValue("limit-rule"));
        var retryAfter = long.Parse(error.Trailers.GetValue("retry-after-ms")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (long)TimeSpan.FromMinutes(20).TotalMilliseconds);
        // Another officer of the unit is not held back by this officer's counter.
        await SubmitAsync(_suite.As("atu-officer-2", Roles.Officer, unit: "ATU"));
    }

    [Fact]
    public async Task An_approver_over_the_decision_limit_is_refused_and_the_request_stays_pending()
    {
        var requests = new List<BrokerProto.DataRequest>();
        foreach (var officer in new[] { "atu-officer-1", "atu-officer-2" })
        {
            for (var i = 0; i < 2; i++)
                requests.Add(await SubmitAsync(_suite.As(officer, Roles.Officer, unit: "ATU")));
        }
        await DecideAsync(requests[0]);
        await DecideAsync(requests[1]);

        var error = await Assert.ThrowsAsync<RpcException>(() => DecideAsync(requests[2]));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("decide-per-approver", error.Trailers.GetValue("limit-rule"));
        var still = await _suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = requests[2].RequestId },
            _suite.As("atu-officer-2", Roles.Officer, unit: "ATU"));
        Assert.Equal(BrokerProto.RequestState.AwaitingApproval, still.Request.State);
        Assert.Empty(still.Request.Approvals);
    }

    [Fact]
    public async Task The_release_quota_refuses_a_new_subject_and_the_grant_stays_usable_after_a_reset()
    {
        var first = await SubmitAsync(Officer, nid: _suite.Population.NidOf(1));
        var second = await SubmitAsync(Officer, nid: _suite.Population.NidOf(2));
        await DecideAsync(first);
        await DecideAsync(second);
        await FetchAsync(first);

        var error = await Assert.ThrowsAsync<RpcException>(() => FetchAsync(second));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("released-subjects-per-unit", error.Trailers.GetValue("limit-rule"));

        await _suite.Limits.ResetCounterAsync(new BrokerProto.ResetCounterRequest
        {
            Unit = "ATU", Rule = "released-subjects-per-unit", Reason = "court order 17/2026 covers both subjects",
        }, Admin);
        var fetched = await FetchAsync(second);
        Assert.True(fetched.SubjectFound);
    }

    [Fact]
    public async Task Only_an_admin_may_use_the_limits_service_and_only_for_units_under_their_headquarters()
    {
        var officer = await Assert.ThrowsAsync<RpcException>(() =>
            _suite.Limits.GetUsageAsync(new BrokerProto.GetUsageRequest { Unit = "ATU" }, Officer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, officer.StatusCode);

        var foreign = await Assert.ThrowsAsync<RpcException>(() =>
            _suite.Limits.GetUsageAsync(new BrokerProto.GetUsageRequest { Unit = "RAB-6" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);

        var unknownRule = await Assert.ThrowsAsync<RpcException>(() => _suite.Limits.ResetCounterAsync(
            new BrokerProto.ResetCounterRequest { Unit = "ATU", Rule = "no-such-rule" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknownRule.StatusCode);
    }

    [Theory]
    [InlineData("ATU", "submit-per-officer", "atu-officer-1", 0, 0, 24, "limit")]
    [InlineData("ATU", "submit-per-officer", "atu-officer-1", 1_000_001, 0, 24, "limit")]
    [InlineData("ATU", "submit-per-officer", "atu-officer-1", 5, 6, 24, "burst")]
    [InlineData("ATU", "submit-per-officer", "atu-officer-1", 5, 0, null, "expires_at")]
    [InlineData("ATU", "submit-per-officer", "atu-officer-1", 5, 0, -1, "expires_at")]
    [InlineData("ATU", "submit-per-officer", "atu-officer-1", 5, 0, 32 * 24, "expires_at")]
    [InlineData("ATU", "submit-per-officer", "", 5, 0, 24, "holder")]
    [InlineData("ATU", "submit-per-unit", "atu-officer-1", 5, 0, 24, "holder")]
    [InlineData("NOPE", "submit-per-unit", "", 5, 0, 24, "unit")]
    [InlineData("ATU", "", "", 5, 0, 24, "rule")]
    [InlineData("", "submit-per-unit", "", 5, 0, 24, "unit")]
    public async Task A_bad_override_is_invalid_argument_naming_its_field_and_changes_nothing(
        string unit, string rule, string holder, int limit, int burst, int? expiresInHours, string field)
    {
        var request = new BrokerProto.SetOverrideRequest
        {
            Unit = unit, Rule = rule, Holder = holder, Limit = limit, Burst = burst, Reason = "test",
            ExpiresAt = expiresInHours is { } hours ? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(hours)) : null,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => _suite.Limits.SetOverrideAsync(request, Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        // Still the configured limit of 3: nothing was overridden.
        for (var i = 0; i < 3; i++)
            await SubmitAsync(Officer);
        Assert.Equal(StatusCode.ResourceExhausted, (await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Officer))).StatusCode);
    }

    [Theory]
    [InlineData(253_402_300_800L, 0)]          // 10000-01-01: past Timestamp's range
    [InlineData(long.MaxValue, 0)]
    [InlineData(-62_135_596_801L, 0)]          // before 0001-01-01
    [InlineData(0L, -1)]                       // nanos out of range; seconds filled in from now below
    [InlineData(0L, 1_000_000_000)]
    public async Task An_override_expiry_outside_the_timestamp_range_is_invalid_argument_naming_expires_at(long seconds, int nanos)
    {
        var request = new BrokerProto.SetOverrideRequest
        {
            Unit = "ATU", Rule = "submit-per-officer", Holder = "atu-officer-1", Limit = 5, Reason = "test",
            ExpiresAt = new Timestamp { Seconds = seconds == 0 ? DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() : seconds, Nanos = nanos },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => _suite.Limits.SetOverrideAsync(request, Admin).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("expires_at ", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> AdminChanges => new()
    {
        { "override", "" }, { "override", "   " }, { "reset", "" }, { "reset", " \t " }, { "shadow", "" }, { "shadow", "  " },
    };

    [Theory]
    [MemberData(nameof(AdminChanges))]
    public async Task An_admin_change_without_a_reason_is_invalid_argument_naming_reason_and_is_not_made(string change, string reason)
    {
        Func<Task> call = change switch
        {
            "override" => () => _suite.Limits.SetOverrideAsync(new BrokerProto.SetOverrideRequest
            {
                Unit = "ATU", Rule = "submit-per-officer", Holder = "atu-officer-1", Limit = 50, Reason = reason,
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)),
            }, Admin).ResponseAsync,
            "reset" => () => _suite.Limits.ResetCounterAsync(new BrokerProto.ResetCounterRequest
            {
                Unit = "ATU", Rule = "submit-per-officer", Holder = "atu-officer-1", Reason = reason,
            }, Admin).ResponseAsync,
            _ => () => _suite.Limits.SetShadowModeAsync(new BrokerProto.SetShadowModeRequest
            {
                Rule = "submit-per-officer", Shadow = true, Reason = reason,
            }, Admin).ResponseAsync,
        };
        for (var i = 0; i < 3; i++)
            await SubmitAsync(Officer);

        var error = await Assert.ThrowsAsync<RpcException>(() => call().DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("reason ", error.Status.Detail, StringComparison.Ordinal);
        // Neither raised, reset nor shadowed: the officer's fourth submission is still refused.
        Assert.Equal(StatusCode.ResourceExhausted, (await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Officer))).StatusCode);
        Assert.DoesNotContain(_suite.BrokerServices.GetRequiredService<EmbeddedRequestStore>().AdminAudit(),
            e => e.Kind is LimitAuditKinds.ShadowOn);
    }

    [Fact]
    public async Task Shadow_mode_for_an_unknown_rule_is_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _suite.Limits.SetShadowModeAsync(
            new BrokerProto.SetShadowModeRequest { Rule = "no-such-rule", Shadow = true, Reason = "test" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("no-such-rule", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_override_takes_effect_at_once_shows_in_usage_and_every_admin_call_is_audited()
    {
        for (var i = 0; i < 3; i++)
            await SubmitAsync(Officer);
        await _suite.Limits.SetOverrideAsync(new BrokerProto.SetOverrideRequest
        {
            Unit = "ATU", Rule = "submit-per-officer", Holder = "atu-officer-1", Limit = 5,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)), Reason = "raid night",
        }, Admin);

        await SubmitAsync(Officer);
        await SubmitAsync(Officer);
        await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Officer));

        var usage = await _suite.Limits.GetUsageAsync(new BrokerProto.GetUsageRequest { Unit = "ATU", Holder = "atu-officer-1" }, Admin);
        var counter = Assert.Single(usage.Counters, c => c.Rule == "submit-per-officer");
        Assert.Equal(5, counter.Limit);
        Assert.Equal(0, counter.Remaining);
        Assert.NotNull(counter.OverrideExpiresAt);
        Assert.Contains(usage.Counters, c => c.Rule == "call-records-per-officer" && c.Category == "CallRecords" && c.Remaining == c.Limit);

        var audit = _suite.BrokerServices.GetRequiredService<EmbeddedRequestStore>().AuditOf("ATU");
        Assert.Contains(audit, e => e.Kind == LimitAuditKinds.OverrideSet && e.ActorId == "police-admin" && e.Details["reason"] == "raid night");
        Assert.Contains(audit, e => e.Kind == LimitAuditKinds.UsageRead && e.Details["holder"] == "atu-officer-1");
    }

    [Fact]
    public async Task A_rule_in_shadow_mode_refuses_nothing_until_it_is_enforced_again()
    {
        await _suite.Limits.SetShadowModeAsync(new BrokerProto.SetShadowModeRequest
        {
            Rule = "submit-per-officer", Shadow = true, Reason = "rolling out the new rate",
        }, Admin);
        for (var i = 0; i < 5; i++)
            await SubmitAsync(Officer);

        await _suite.Limits.SetShadowModeAsync(new BrokerProto.SetShadowModeRequest
        {
            Rule = "submit-per-officer", Shadow = false, Reason = "enforcing from today",
        }, Admin);
        var error = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Officer));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var trail = _suite.BrokerServices.GetRequiredService<EmbeddedRequestStore>().AdminAudit();
        Assert.Equal([LimitAuditKinds.ShadowOn, LimitAuditKinds.ShadowOff], trail.Select(e => e.Kind));
    }

    private async Task<BrokerProto.DataRequest> SubmitAsync(Metadata who, string? nid = null) =>
        (await _suite.Requests.SubmitAsync(Requests.Submit(nid ?? _suite.Population.NidOf(Random.Shared.Next(1000)), RecordsProto.Category.NidDetails),
            who).ResponseAsync.DefaultTimeout()).Request;

    private Task<BrokerProto.DecideResponse> DecideAsync(BrokerProto.DataRequest request) =>
        _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = request.RequestId, Decision = BrokerProto.Decision.Approve },
            Approver).ResponseAsync.DefaultTimeout();

    private Task<BrokerProto.FetchResponse> FetchAsync(BrokerProto.DataRequest request) =>
        _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request.RequestId }, Officer).ResponseAsync.DefaultTimeout();
}
