using DataBroker.Broker.V1;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataBroker.Cli.Tests;

/// <summary>
/// A real gRPC server with canned answers, in process over TestServer: enough to prove what the CLI sends and how it
/// prints what comes back, without the broker.
/// </summary>
public sealed class FakeBroker : IAsyncDisposable
{
    public const string ForeignRequestId = "req-foreign";
    public const string RateLimitedRequestId = "req-limited";

    private readonly WebApplication _app;

    private FakeBroker(WebApplication app, Observed seen)
    {
        _app = app;
        Seen = seen;
    }

    /// <summary>What the servers saw, for the tests to check.</summary>
    public Observed Seen { get; }

    /// <summary>What the limits admin service saw.</summary>
    public FakeLimitsService.Calls LimitsSeen => _app.Services.GetRequiredService<FakeLimitsService.Calls>();

    public HttpMessageHandler Handler => new ResponseVersionHandler { InnerHandler = _app.GetTestServer().CreateHandler() };

    public static async Task<FakeBroker> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var seen = new Observed();
        builder.Services.AddSingleton(seen);
        builder.Services.AddSingleton<FakeLimitsService.Calls>();
        var app = builder.Build();
        app.MapGrpcService<FakeRequestService>();
        app.MapGrpcService<FakeApprovalService>();
        app.MapGrpcService<FakeLimitsService>();
        app.MapGrpcService<FakeOversightService>();
        await app.StartAsync();
        return new FakeBroker(app, seen);
    }

    public static DataRequest CannedRequest(string id) => new()
    {
        RequestId = id,
        Unit = "ATU",
        Headquarters = "POLICE-HQ",
        RequesterId = "atu-officer-1",
        CaseReference = "ATU-2024-17",
        LegalBasis = LegalBasis.AntiTerrorismAct,
        Justification = "Seen with the suspect",
        Subject = new Subject { Nid = "1234567890" },
        Categories = { Category.NidDetails, Category.CallRecords },
        State = RequestState.AwaitingApproval,
        Version = 1,
        CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 6, 7, 4, 30, 0, TimeSpan.Zero)),
        ApprovalsRequired = 2,
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed class Observed
    {
        public string? Authorization { get; set; }

        public DecideRequest? Decision { get; set; }

        public SuspendRequest? Suspension { get; set; }

        public string? TracedText { get; set; }
    }

    private sealed class FakeRequestService(Observed seen) : RequestService.RequestServiceBase
    {
        public override Task<GetResponse> Get(GetRequest request, ServerCallContext context)
        {
            seen.Authorization = context.RequestHeaders.GetValue("authorization");
            return request.RequestId switch
            {
                // As the broker answers for another unit's request: not found would hide it; here we test the mapping.
                ForeignRequestId => throw new RpcException(new Status(StatusCode.PermissionDenied, "request belongs to another unit")),
                RateLimitedRequestId => throw new RpcException(new Status(StatusCode.ResourceExhausted, "too many requests"),
                    new Metadata { { "retry-after-ms", "1500" } }),
                _ => Task.FromResult(new GetResponse { Request = CannedRequest(request.RequestId) }),
            };
        }

        public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchResponse> responseStream, ServerCallContext context)
        {
            foreach (var state in new[] { RequestState.AwaitingApproval, RequestState.Approved })
            {
                var changed = CannedRequest(request.RequestId);
                changed.State = state;
                await responseStream.WriteAsync(new WatchResponse { Request = changed });
            }
        }
    }

    private sealed class FakeApprovalService(Observed seen) : ApprovalService.ApprovalServiceBase
    {
        public override Task<ListPendingResponse> ListPending(ListPendingRequest request, ServerCallContext context) =>
            Task.FromResult(request.PageToken switch
            {
                "" => new ListPendingResponse { Requests = { CannedRequest("req-1") }, NextPageToken = "page-2" },
                _ => new ListPendingResponse { Requests = { CannedRequest("req-2") } },
            });

        public override Task<DecideResponse> Decide(DecideRequest request, ServerCallContext context)
        {
            seen.Decision = request;
            return Task.FromResult(new DecideResponse { Request = CannedRequest(request.RequestId) });
        }
    }

    // TestServer answers with HTTP/1.1 as its version; gRPC clients insist on HTTP/2.
    internal sealed class ResponseVersionHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Version = request.Version;
            return response;
        }
    }
}
