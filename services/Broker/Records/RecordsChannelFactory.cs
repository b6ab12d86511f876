using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace DataBroker.Broker.Records;

/// <summary>
/// The channel to the records service: one address as is, or several replicas balanced call by call
/// (client-side round robin over long-lived HTTP/2 connections; an unreachable replica is skipped until
/// it answers again), so no extra balancer is needed between the broker and the records service.
/// </summary>
public static class RecordsChannelFactory
{
    public static GrpcChannel Create(IReadOnlyList<string> addresses)
    {
        if (addresses.Count == 0)
            throw new ArgumentException("At least one records address is required.", nameof(addresses));
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
        if (addresses.Count == 1)
            return GrpcChannel.ForAddress(addresses[0], new GrpcChannelOptions { HttpHandler = handler });

        var uris = addresses.Select(a => new Uri(a, UriKind.Absolute)).ToArray();
        var secure = uris[0].Scheme == Uri.UriSchemeHttps;
        if (uris.Any(u => (u.Scheme == Uri.UriSchemeHttps) != secure))
            throw new ArgumentException("Records addresses must all be http or all be https.", nameof(addresses));
        var resolver = new StaticResolverFactory(_ => uris.Select(u => new BalancerAddress(u.Host, u.Port)));
        var services = new ServiceCollection().AddSingleton<ResolverFactory>(resolver).BuildServiceProvider();
        return GrpcChannel.ForAddress("static:///records", new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            ServiceProvider = services,
        });
    }
}
