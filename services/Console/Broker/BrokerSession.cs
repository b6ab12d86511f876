using DataBroker.Broker.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication;

namespace DataBroker.WebConsole.Broker;

/// <summary>
/// The broker as the signed-in person sees it: every call carries that person's own access token, so the broker
/// decides what they may see and do exactly as it would for their CLI.
/// </summary>
public sealed class BrokerSession(GrpcChannel channel, IHttpContextAccessor accessor, TimeProvider time)
{
    private static readonly TimeSpan UnaryDeadline = TimeSpan.FromSeconds(10);

    public RequestService.RequestServiceClient Requests { get; } = new(channel);

    public ApprovalService.ApprovalServiceClient Approvals { get; } = new(channel);

    public OversightService.OversightServiceClient Oversight { get; } = new(channel);

    public LimitsAdminService.LimitsAdminServiceClient Limits { get; } = new(channel);

    /// <summary>Options for a unary call: the bearer token and a deadline.</summary>
    public Task<CallOptions> UnaryAsync(CancellationToken cancellationToken) =>
        OptionsAsync(time.GetUtcNow().UtcDateTime + UnaryDeadline, cancellationToken);

    /// <summary>Options for a stream that lasts as long as the page listens.</summary>
    public Task<CallOptions> StreamAsync(CancellationToken cancellationToken) => OptionsAsync(null, cancellationToken);

    private async Task<CallOptions> OptionsAsync(DateTime? deadline, CancellationToken cancellationToken)
    {
        var http = accessor.HttpContext ?? throw new InvalidOperationException("A broker call needs the person's request.");
        var token = await http.GetTokenAsync("access_token");
        if (string.IsNullOrEmpty(token))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Your session holds no access token; sign in again."));
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        return new CallOptions(headers, deadline, cancellationToken);
    }
}
