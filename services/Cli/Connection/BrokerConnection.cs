using System.Net;
using DataBroker.Broker.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace DataBroker.Cli.Connection;

/// <summary>One channel to the broker, its two clients, and the call options every command uses.</summary>
internal sealed class BrokerConnection : IDisposable
{
    public static readonly TimeSpan UnaryDeadline = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly TimeProvider _time;

    private BrokerConnection(GrpcChannel channel, CallInvoker invoker, TimeProvider time)
    {
        _channel = channel;
        _time = time;
        Requests = new RequestService.RequestServiceClient(invoker);
        Approvals = new ApprovalService.ApprovalServiceClient(invoker);
        Limits = new LimitsAdminService.LimitsAdminServiceClient(invoker);
        Oversight = new OversightService.OversightServiceClient(invoker);
        Policy = new PolicyService.PolicyServiceClient(invoker);
    }

    public RequestService.RequestServiceClient Requests { get; }

    public ApprovalService.ApprovalServiceClient Approvals { get; }

    public LimitsAdminService.LimitsAdminServiceClient Limits { get; }
    public OversightService.OversightServiceClient Oversight { get; }

    public PolicyService.PolicyServiceClient Policy { get; }

    public static BrokerConnection Open(string address, string? token, HttpMessageHandler? handler, TimeProvider time)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"--broker: '{address}' is not an http:// or https:// address.");

        // h2c carries the token in clear text: acceptable on this machine's loopback, nowhere else.
        if (!string.IsNullOrEmpty(token) && uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            throw new UsageException($"--broker: refusing to send a token in clear text to {uri.Host}; use https://.");

        var channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = handler is null });
        CallInvoker invoker = string.IsNullOrEmpty(token)
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return metadata;
            });
        return new BrokerConnection(channel, invoker, time);
    }

    public CallOptions Unary(CancellationToken cancellationToken) =>
        new(deadline: _time.GetUtcNow().UtcDateTime + UnaryDeadline, cancellationToken: cancellationToken);

    /// <summary>Watches last as long as the request or the approver does: no deadline, only Ctrl+C.</summary>
    public static CallOptions Streaming(CancellationToken cancellationToken) => new(cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
