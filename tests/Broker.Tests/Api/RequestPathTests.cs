using System.Text;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Time.Testing;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// The request path over real gRPC, with the real records service behind the broker. Runs once per
/// store: the concrete classes say which.
/// </summary>
public abstract class RequestPathTests : IAsyncLifetime
{
    protected SuiteHost Suite { get; private set; } = null!;

    private Metadata AtuOfficer => Suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
    private Metadata AtuOfficer2 => Suite.As("atu-officer-2", Roles.Officer, unit: "ATU");
    // As the development personas: call records need one supervisor and one legal approver of the HQ.
    private Metadata Approver1 => Suite.Supervisor("phq-approver-1", "POLICE-HQ");
    private Metadata Approver2 => Suite.LegalApprover("phq-approver-2", "POLICE-HQ");
    private Metadata RabApprover => Suite.Supervisor("rabhq-approver-1", "RAB-HQ");
    private Metadata Admin => Suite.As("police-admin", Roles.Admin, unit: "ATU", headquarters: "POLICE-HQ");

    protected abstract Task<SuiteHost> StartSuiteAsync();

    public async Task InitializeAsync() => Suite = await StartSuiteAsync();

    public async Task DisposeAsync() => await Suite.DisposeAsync();

    [Fact]
    public async Task Submit_approve_fetch_returns_only_the_approved_categories_fields()
    {
        var nid = Suite.Population.NidOf(42);
        var submitted = (await Suite.Requests.SubmitAsync(Requests.Submit(nid, RecordsProto.Category.NidDetails), AtuOfficer)).Request;
        Assert.Equal(BrokerProto.RequestState.AwaitingApproval, submitted.State);
        Assert.Equal("atu-officer-1", submitted.RequesterId);

        var pending = await Suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest(), Approver1);
        Assert.Contains(pending.Requests, r => r.RequestId == submitted.RequestId);

        var approved = (await Suite.Approvals.DecideAsync(Decision(submitted.RequestId, approve: true), Approver1)).Request;
        Assert.Equal(BrokerProto.RequestState.Approved, approved.State);

        var fetched = await Suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = submitted.RequestId }, AtuOfficer);
        Assert.True(fetched.SubjectFound);
        Assert.Equal(nid, fetched.NidDetails.Nid);
        Assert.False(string.IsNullOrEmpty(fetched.NidDetails.FullName));
        Assert.Empty(fetched.SimRegistrations);
        Assert.Empty(fetched.CallRecords);
        Assert.Null(fetched.CriminalRecord);
        Assert.StartsWith("rel-", fetched.ReleaseId, StringComparison.Ordinal);

        var after = (await Suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = submitted.RequestId }, AtuOfficer)).Request;
        Assert.Equal(BrokerProto.RequestState.Disclosed, after.State);
        Assert.Equal(3, after.History.Count);
    }

    [Fact]
    public async Task Call_records_are_released_after_two_distinct_approvals_only()
    {
        var request = await SubmitAsync(AtuOfficer, RecordsProto.Category.CallRecords, RecordsProto.Category.SimRegistrations);
        await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Approver1);

        var early = await Assert.ThrowsAsync<RpcException>(() => Fetch(request.RequestId, AtuOfficer));
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);

        await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Approver2);
        var fetched = await Fetch(request.RequestId, AtuOfficer);
        Assert.NotEmpty(fetched.SimRegistrations);
        Assert.Null(fetched.NidDetails);
        Assert.All(fetched.CallRecords, c => Assert.InRange(c.Start.ToDateTimeOffset(),
            request.CdrWindow.From.ToDateTimeOffset(), request.CdrWindow.To.ToDateTimeOffset()));
    }

    [Fact]
    public async Task A_second_fetch_is_refused()
    {
        var request = await SubmitAsync(AtuOfficer);
        await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Approver1);
        await Fetch(request.RequestId, AtuOfficer);
        var second = await Assert.ThrowsAsync<RpcException>(() => Fetch(request.RequestId, AtuOfficer));
        Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_request()
    {
        var message = Requests.Submit(Suite.Population.NidOf(7));
        var first = await Suite.Requests.SubmitAsync(message, AtuOfficer);
        var again = await Suite.Requests.SubmitAsync(message, AtuOfficer);
        Assert.Equal(first.Request.RequestId, again.Request.RequestId);
        Assert.True(again.Replayed);
        var mine = await Suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), AtuOfficer);
        Assert.Single(mine.Requests, r => r.RequestId == first.Request.RequestId);
    }

    [Fact]
    public async Task Without_a_token_every_method_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Requests.SubmitAsync(Requests.Submit("1234567890")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        var pending = await Assert.ThrowsAsync<RpcException>(() => Suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, pending.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthenticated()
    {
        using var rogue = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var forged = new TokenMinter(new ECDsaSecurityKey(rogue), Audiences.DevelopmentIdentityProvider, TimeProvider.System)
            .Mint(Audiences.Broker, TimeSpan.FromMinutes(5), "atu-officer-1", [Roles.Officer], "ATU");
        await AssertUnauthenticated(forged);
    }

    [Fact]
    public async Task An_expired_token_is_unauthenticated()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = TokenMinter.DevelopmentIdentityProvider(past)
            .Mint(Audiences.Broker, TimeSpan.FromMinutes(30), "atu-officer-1", [Roles.Officer], "ATU");
        await AssertUnauthenticated(expired);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_unauthenticated()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{Audiences.DevelopmentIdentityProvider}}","aud":"{{Audiences.Broker}}","sub":"atu-officer-1","role":"officer","unit":"ATU","exp":{{exp}}}""");
        await AssertUnauthenticated(header + "." + payload + ".");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_unauthenticated()
    {
        await AssertUnauthenticated(Suite.Tokens.Mint(Audiences.Records, TimeSpan.FromMinutes(5), "atu-officer-1", [Roles.Officer], "ATU"));
    }

    [Fact]
    public async Task A_token_naming_an_unknown_unit_is_denied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Requests.SubmitAsync(Requests.Submit("1234567890"), Suite.As("x", Roles.Officer, unit: "NO-SUCH-UNIT")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task An_officer_may_not_decide()
    {
        var request = await SubmitAsync(AtuOfficer);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), AtuOfficer2).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task An_admin_is_not_a_requester()
    {
        // Even an admin token that names a unit: administering the broker is not asking it for records.
        var error = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Admin));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("unit officer", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_is_not_an_approver_by_the_back_door_but_one_who_also_holds_the_approver_role_decides_as_an_approver()
    {
        var request = await SubmitAsync(AtuOfficer, RecordsProto.Category.NidDetails, RecordsProto.Category.CallRecords);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Admin).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => Suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest(), Admin).ResponseAsync);

        var both = SuiteHost.Bearer(Suite.Tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(10), "phq-admin-approver",
            [Roles.Admin, Roles.Approver], null, "POLICE-HQ", ApproverRanks.Supervisor));
        var decided = await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), both).ResponseAsync.DefaultTimeout();
        Assert.Equal("phq-admin-approver", Assert.Single(decided.Request.Approvals).ApproverId);
    }

    [Fact]
    public async Task An_approver_of_another_HQ_cannot_see_or_decide()
    {
        var request = await SubmitAsync(AtuOfficer);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), RabApprover).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var pending = await Suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest(), RabApprover);
        Assert.DoesNotContain(pending.Requests, r => r.RequestId == request.RequestId);
    }

    [Fact]
    public async Task Another_officer_can_neither_read_nor_fetch_the_request()
    {
        var request = await SubmitAsync(AtuOfficer);
        await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Approver1);

        var read = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = request.RequestId }, AtuOfficer2).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, read.StatusCode);
        var fetch = await Assert.ThrowsAsync<RpcException>(() => Fetch(request.RequestId, AtuOfficer2));
        Assert.Equal(StatusCode.NotFound, fetch.StatusCode);
        Assert.DoesNotContain((await Suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), AtuOfficer2)).Requests,
            r => r.RequestId == request.RequestId);

        // The grant is untouched: the owner still fetches.
        Assert.True((await Fetch(request.RequestId, AtuOfficer)).SubjectFound);
    }

    [Fact]
    public async Task A_decision_on_a_final_state_is_refused()
    {
        var request = await SubmitAsync(AtuOfficer);
        await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: false, "No link to the stated case."), Approver1);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Approver2).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task An_officer_token_is_refused_by_the_records_service()
    {
        var records = new RecordsProto.RecordsService.RecordsServiceClient(Suite.RecordsChannel);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            records.LookupAsync(new RecordsProto.LookupRequest { Nid = Suite.Population.NidOf(1), Categories = { RecordsProto.Category.NidDetails } },
                AtuOfficer).ResponseAsync);
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
    }

    [Theory]
    [InlineData("justification")]
    [InlineData("subject")]
    [InlineData("categories")]
    [InlineData("cdr_window")]
    [InlineData("legal_basis")]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field)
    {
        var message = Requests.Submit(Suite.Population.NidOf(3), RecordsProto.Category.CallRecords);
        switch (field)
        {
            case "justification": message.Justification = "x"; break;
            case "subject": message.Subject = null; break;
            case "categories": message.Categories.Clear(); message.Categories.Add((RecordsProto.Category)99); break;
            case "cdr_window": message.CdrWindow = null; break;
            case "legal_basis": message.LegalBasis = BrokerProto.LegalBasis.Unspecified; break;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => Suite.Requests.SubmitAsync(message, AtuOfficer).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_before_disclosure_ends_the_request_and_is_kept()
    {
        var request = await SubmitAsync(AtuOfficer);
        var cancelled = (await Suite.Requests.CancelAsync(new BrokerProto.CancelRequest { RequestId = request.RequestId, Reason = "Suspect arrested" }, AtuOfficer)).Request;
        Assert.Equal(BrokerProto.RequestState.Cancelled, cancelled.State);
        var mine = await Suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest { States = { BrokerProto.RequestState.Cancelled } }, AtuOfficer);
        Assert.Contains(mine.Requests, r => r.RequestId == request.RequestId);
    }

    [Fact]
    public async Task Watch_streams_the_state_until_it_is_final()
    {
        var request = await SubmitAsync(AtuOfficer);
        using var call = Suite.Requests.Watch(new BrokerProto.WatchRequest { RequestId = request.RequestId }, AtuOfficer,
            deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.True(await call.ResponseStream.MoveNext(default).DefaultTimeout());
        Assert.Equal(BrokerProto.RequestState.AwaitingApproval, call.ResponseStream.Current.Request.State);

        await Suite.Approvals.DecideAsync(Decision(request.RequestId, approve: true), Approver1);
        Assert.True(await call.ResponseStream.MoveNext(default).DefaultTimeout());
        Assert.Equal(BrokerProto.RequestState.Approved, call.ResponseStream.Current.Request.State);

        await Fetch(request.RequestId, AtuOfficer);
        Assert.True(await call.ResponseStream.MoveNext(default).DefaultTimeout());
        Assert.Equal(BrokerProto.RequestState.Disclosed, call.ResponseStream.Current.Request.State);
        Assert.False(await call.ResponseStream.MoveNext(default).DefaultTimeout());
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        var health = new Health.HealthClient(Suite.BrokerChannel);
        var response = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    private async Task AssertUnauthenticated(string token)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Requests.SubmitAsync(Requests.Submit("1234567890"), SuiteHost.Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    private async Task<BrokerProto.DataRequest> SubmitAsync(Metadata who, params RecordsProto.Category[] categories) =>
        (await Suite.Requests.SubmitAsync(Requests.Submit(Suite.Population.NidOf(Random.Shared.Next(1000)), categories), who)).Request;

    private Task<BrokerProto.FetchResponse> Fetch(string requestId, Metadata who) =>
        Suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = requestId }, who).ResponseAsync;

    private static BrokerProto.DecideRequest Decision(string requestId, bool approve, string note = "") => new()
    {
        RequestId = requestId,
        Decision = approve ? BrokerProto.Decision.Approve : BrokerProto.Decision.Reject,
        Note = note,
    };
}
