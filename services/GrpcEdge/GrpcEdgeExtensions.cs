using System.IO.Compression;
using Grpc.AspNetCore.Server;
using Grpc.Net.Compression;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DataBroker.GrpcEdge;

public static class GrpcEdgeExtensions
{
    /// <summary>
    /// Call after AddGrpc: every request of every service is read through a <see cref="RequestGuard"/> holding
    /// <paramref name="bounds"/>, no message above <see cref="MessageBounds.MaxMessageBytes"/> is read, and a
    /// compressed message that does not decompress is INVALID_ARGUMENT.
    /// </summary>
    public static IServiceCollection AddGrpcEdge(this IServiceCollection services, MessageBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var binder = services.SingleOrDefault(d => d.ServiceType == typeof(IServiceMethodProvider<>)
                && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" })
            ?? throw new InvalidOperationException("AddGrpc must come first (or grpc-dotnet no longer binds with BinderServiceMethodProvider).");
        services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(GuardedMethodProvider<>));
        services.AddSingleton(bounds);
        services.AddSingleton<RequestGuard>();
        services.Configure<GrpcServiceOptions>(o =>
        {
            o.MaxReceiveMessageSize = bounds.MaxMessageBytes;
            // After AddGrpc's own setup has added its providers (gzip).
            var providers = o.CompressionProviders.Count > 0 ? o.CompressionProviders.ToList() : [new GzipCompressionProvider(CompressionLevel.Fastest)];
            o.CompressionProviders.Clear();
            foreach (var provider in providers)
                o.CompressionProviders.Add(new CheckedDecompression(provider));
        });
        return services;
    }
}
