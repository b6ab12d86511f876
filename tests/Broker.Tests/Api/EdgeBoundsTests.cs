using DataBroker.Broker.Api;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Tests.Support;
using DataBroker.GrpcEdge;
using DataBroker.Identity;
using Google.Protobuf;
using Grpc.Core;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>What a client sends or asks for is bounded: echoed text, free text, list pages, deadlines (embedded store, real gRPC).</summary>
public sealed class EdgeBoundsTests : IAsyncLifetime
{
    private const int Megabyte = 1024 * 1024;
    private SuiteHost _suite = null!;

    private Metadata Officer => _suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
    private Metadata Approver => _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");

    public async Task InitializeAsync() => _suite = await SuiteHost.StartAsync();

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_megabyte_request_id_gets_a_short_refusal()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.GetAsync(
            new BrokerProto.GetRequest { RequestId = new string('A', Megabyte) }, Officer).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.InRange(error.Status.Detail.Length, 1, StatusText.MaxLength);
    }

    [Fact]
    public async Task A_request_id_is_echoed_shortened_and_an_overlong_one_is_refused_naming_the_field()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.GetAsync(
            new BrokerProto.GetRequest { RequestId = "ATU." + new string('Z', 250) }, Officer).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.InRange(unknown.Status.Detail.Length, 1, Echo.MaxLength + 40);

        var overlong = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.GetAsync(
            new BrokerProto.GetRequest { RequestId = new string('A', 100_000) }, Officer).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.InvalidArgument, overlong.StatusCode);
        Assert.StartsWith("request_id ", overlong.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(overlong.Status.Detail.Length, 1, 100);
    }

    [Theory]
    [InlineData(Megabyte, StatusCode.ResourceExhausted)]
    [InlineData(150_000, StatusCode.InvalidArgument)]
    [InlineData(TextLimits.Note + 1, StatusCode.InvalidArgument)]
    public async Task An_overlong_approval_note_is_refused_and_the_request_stays_undecided(int length, StatusCode expected)
    {
        var submitted = (await _suite.Requests.SubmitAsync(Requests.Submit(_suite.Population.NidOf(7)), Officer).ResponseAsync.DefaultTimeout()).Request;

        var error = await Assert.ThrowsAsync<RpcException>(() => _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest
        {
            RequestId = submitted.RequestId, Decision = BrokerProto.Decision.Approve, Note = new string('n', length),
        }, Approver).ResponseAsync.DefaultTimeout());

        Assert.Equal(expected, error.StatusCode);
        Assert.InRange(error.Status.Detail.Length, 1, StatusText.MaxLength);
        if (expected == StatusCode.InvalidArgument)
            Assert.StartsWith("note may hold at most 1000 characters", error.Status.Detail, StringComparison.Ordinal);
        var after = await _suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = submitted.RequestId }, Officer).ResponseAsync.DefaultTimeout();
        Assert.Empty(after.Request.Approvals);
    }

    [Fact]
    public async Task A_status_message_longer_than_the_cap_is_cut_by_the_error_mapping()
    {
        // A suspended officer is told the reason: at its longest, with the rest of the sentence, past 512 characters.
        var officer = _suite.As("atu-officer-5", Roles.Officer, unit: "ATU");
        await _suite.Oversight.SuspendAsync(new BrokerProto.SuspendRequest
        {
            Scope = BrokerProto.SuspensionScope.Officer, Target = "atu-officer-5", Reason = new string('s', TextLimits.Reason),
        }, _suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ")).ResponseAsync.DefaultTimeout();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), officer).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(StatusText.MaxLength, error.Status.Detail.Length);
        Assert.EndsWith("…", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_cancel_reason_is_invalid_argument_naming_reason()
    {
        var submitted = (await _suite.Requests.SubmitAsync(Requests.Submit(_suite.Population.NidOf(8)), Officer).ResponseAsync.DefaultTimeout()).Request;

        var error = await Assert.ThrowsAsync<RpcException>(() => _suite.Requests.CancelAsync(new BrokerProto.CancelRequest
        {
            RequestId = submitted.RequestId, Reason = new string('r', TextLimits.Note + 1),
        }, Officer).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("reason ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_long_requests_stays_under_a_mebibyte_and_its_token_continues_where_it_stopped()
    {
        // Bengali takes three bytes a character: 200 requests at the longest justification pass 1 MiB.
        var words = "তদন্তের জন্য এই নাগরিকের তথ্য জরুরি ";
        var justification = string.Concat(Enumerable.Repeat(words, (TextLimits.Justification / words.Length) + 1))[..TextLimits.Justification].Trim();
        var submitted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            var request = Requests.Submit(_suite.Population.NidOf(100 + i));
            request.Justification = justification;
            submitted.Add((await _suite.Requests.SubmitAsync(request, Officer).ResponseAsync.DefaultTimeout()).Request.RequestId);
        }

        var first = await _suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest { PageSize = 200 }, Approver).ResponseAsync.DefaultTimeout();
        Assert.InRange(first.CalculateSize(), 1, ResponsePage.MaxBytes + 1024);
        Assert.InRange(first.Requests.Count, 1, 199);
        Assert.NotEmpty(first.NextPageToken);
        var second = await _suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest
        {
            PageSize = 200, PageToken = first.NextPageToken,
        }, Approver).ResponseAsync.DefaultTimeout();
        var listed = first.Requests.Concat(second.Requests).Select(r => r.RequestId).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(listed.ToHashSet(StringComparer.Ordinal), submitted);

        var mine = await _suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest { PageSize = 200 }, Officer).ResponseAsync.DefaultTimeout();
        Assert.InRange(mine.CalculateSize(), 1, ResponsePage.MaxBytes + 1024);
        Assert.NotEmpty(mine.NextPageToken);
        var rest = await _suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest
        {
            PageSize = 200, PageToken = mine.NextPageToken,
        }, Officer).ResponseAsync.DefaultTimeout();
        Assert.Equal(submitted.Count, mine.Requests.Concat(rest.Requests).Select(r => r.RequestId).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(60)]
    [InlineData(5 * 365)]
    public async Task A_deadline_weeks_or_years_away_is_served_like_any_other(int days)
    {
        var deadline = DateTime.UtcNow.AddDays(days);

        var submitted = await _suite.Requests.SubmitAsync(Requests.Submit(_suite.Population.NidOf(9)), Officer, deadline).ResponseAsync.DefaultTimeout();
        var listed = await _suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), Officer, deadline).ResponseAsync.DefaultTimeout();

        Assert.Contains(listed.Requests, r => r.RequestId == submitted.Request.RequestId);
    }
}
