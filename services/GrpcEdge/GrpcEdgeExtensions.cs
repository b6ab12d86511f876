using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DataBroker.GrpcEdge;

public static class GrpcEdgeExtensions
{
    /// <summary>
    /// Call after AddGrpc: every request of every service is read through a <see cref="RequestGuard"/> holding
    /// <paramref name="bounds"/>, and no message above <see cref="MessageBounds.MaxMessageBytes"/> is read.
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
        services.Configure<GrpcServiceOptions>(o => o.MaxReceiveMessageSize = bounds.MaxMessageBytes);
        return services;
    }
}
