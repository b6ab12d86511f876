using DataBroker.Identity;
using DataBroker.Records.Synthetic;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Records.Tests.Grpc;

public sealed class RecordsServiceTests(RecordsServiceTests.ServerFixture fixture) : IClassFixture<RecordsServiceTests.ServerFixture>
{
    private static readonly SyntheticPopulation Population = new(RecordsServer.Seed, RecordsServer.Citizens);
    private static readonly DateTimeOffset From = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private const long Subject = 1234;

    public sealed class ServerFixture : IAsyncLifetime
    {
        public RecordsServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await RecordsServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Fact]
    public async Task Broker_gets_every_requested_category_of_an_nid_subject()
    {
        var request = NidRequest(Category.NidDetails, Category.SimRegistrations, Category.CallRecords, Category.CriminalRecord);
        request.CdrFrom = Timestamp.FromDateTimeOffset(From);
        request.CdrTo = Timestamp.FromDateTimeOffset(From.AddDays(7));

        var response = await LookupAsBroker(request);

        Assert.True(response.SubjectFound);
        Assert.Equal(Population.NidDetailsOf(Subject), response.NidDetails);
        Assert.Equal(Population.SimCountOf(Subject), response.SimRegistrations.Count);
        Assert.Equal(Population.CallRecordsOfCitizen(Subject, From, From.AddDays(7)), response.CallRecords);
        Assert.Equal(Population.CriminalRecordOf(Subject), response.CriminalRecord);
    }

    [Fact]
    public async Task Only_the_requested_category_is_returned()
    {
        var response = await LookupAsBroker(NidRequest(Category.NidDetails));

        Assert.NotNull(response.NidDetails);
        Assert.Empty(response.SimRegistrations);
        Assert.Empty(response.CallRecords);
        Assert.Null(response.CriminalRecord);
    }

    [Fact]
    public async Task An_msisdn_subject_yields_its_registrant_and_that_one_sim()
    {
        var index = Enumerable.Range(0, 1000).First(i => Population.SimCountOf(i) > 1);
        var msisdn = Population.MsisdnOf(new SimSlot(index, 1));
        var request = new LookupRequest { Msisdn = msisdn, Categories = { Category.NidDetails, Category.SimRegistrations, Category.CallRecords } };
        request.CdrFrom = Timestamp.FromDateTimeOffset(From);
        request.CdrTo = Timestamp.FromDateTimeOffset(From.AddDays(2));

        var response = await LookupAsBroker(request);

        Assert.Equal(Population.NidOf(index), response.NidDetails.Nid);
        Assert.Equal(msisdn, Assert.Single(response.SimRegistrations).Msisdn);
        Assert.NotEmpty(response.CallRecords);
        Assert.All(response.CallRecords, c => Assert.Equal(msisdn, c.Caller));
        Assert.Null(response.CriminalRecord);
    }

    [Fact]
    public async Task An_unknown_subject_is_not_found_and_nothing_else_is_set()
    {
        var stranger = new SyntheticPopulation(RecordsServer.Seed, 10_000_000).NidOf(9_000_000);
        var response = await LookupAsBroker(new LookupRequest { Nid = stranger, Categories = { Category.NidDetails, Category.CriminalRecord } });

        Assert.Equal(new LookupResponse { SubjectFound = false }, response);
    }

    [Theory]
    [InlineData("no subject", "subject")]
    [InlineData("short nid", "nid")]
    [InlineData("nid with letters", "nid")]
    [InlineData("local msisdn", "msisdn")]
    [InlineData("msisdn with no operator", "msisdn")]
    [InlineData("no categories", "categories")]
    [InlineData("unspecified category", "categories")]
    [InlineData("unknown category", "categories")]
    [InlineData("call records without a window", "cdr_from")]
    [InlineData("call records without an end", "cdr_to")]
    [InlineData("inverted window", "cdr_to")]
    [InlineData("window over 90 days", "cdr_to")]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string problem, string field)
    {
        var call = fixture.Server.Client.LookupAsync(BadRequest(problem), RecordsServer.Bearer(RecordsServer.BrokerToken()));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_unauthenticated()
    {
        var error = await LookupFails(new Metadata());
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_malformed_token_is_unauthenticated()
    {
        var error = await LookupFails(RecordsServer.Bearer("not.a.jwt"));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task An_officer_token_is_refused()
    {
        var officer = TokenMinter.DevelopmentIdentityProvider(TimeProvider.System)
            .Mint(Audiences.Broker, TimeSpan.FromMinutes(5), "officer-1", [Roles.Officer], "RAB-6", "RAB-HQ");

        var error = await LookupFails(RecordsServer.Bearer(officer));
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
    }

    [Fact]
    public async Task A_broker_signed_token_without_the_broker_service_role_is_permission_denied()
    {
        var error = await LookupFails(RecordsServer.Bearer(RecordsServer.BrokerToken(roles: [Roles.Officer])));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task An_expired_broker_token_is_unauthenticated()
    {
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));

        var error = await LookupFails(RecordsServer.Bearer(RecordsServer.BrokerToken(anHourAgo)));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Health_answers_serving_without_a_token()
    {
        var health = new Health.HealthClient(fixture.Server.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.DefaultTimeout();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_records_service_without_a_token()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Server.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }).DefaultTimeout();
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == RecordsService.Descriptor.FullName);
    }

    private async Task<LookupResponse> LookupAsBroker(LookupRequest request) =>
        await fixture.Server.Client.LookupAsync(request, RecordsServer.Bearer(RecordsServer.BrokerToken())).ResponseAsync.DefaultTimeout();

    private async Task<RpcException> LookupFails(Metadata headers)
    {
        var call = fixture.Server.Client.LookupAsync(NidRequest(Category.NidDetails), headers);
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());
    }

    private static LookupRequest NidRequest(params Category[] categories) =>
        new() { Nid = Population.NidOf(Subject), Categories = { categories } };

    private static LookupRequest BadRequest(string problem)
    {
        var request = NidRequest(Category.CallRecords);
        request.CdrFrom = Timestamp.FromDateTimeOffset(From);
        request.CdrTo = Timestamp.FromDateTimeOffset(From.AddDays(1));
        switch (problem)
        {
            case "no subject": request.ClearSubject(); break;
            case "short nid": request.Nid = "12345"; break;
            case "nid with letters": request.Nid = "12345678ab"; break;
            case "local msisdn": request.Msisdn = "01712345678"; break;
            case "msisdn with no operator": request.Msisdn = "8801212345678"; break;
            case "no categories": request.Categories.Clear(); break;
            case "unspecified category": request.Categories.Add(Category.Unspecified); break;
            case "unknown category": request.Categories.Add((Category)99); break;
            case "call records without a window": request.CdrFrom = null; request.CdrTo = null; break;
            case "call records without an end": request.CdrTo = null; break;
            case "inverted window": request.CdrTo = Timestamp.FromDateTimeOffset(From.AddDays(-1)); break;
            case "window over 90 days": request.CdrTo = Timestamp.FromDateTimeOffset(From.AddDays(91)); break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, "no such case");
        }
        return request;
    }
}
