using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace DataBroker.GrpcEdge;

/// <summary>
/// Binds a service's methods as grpc-dotnet's own binder does (through the generated BindService), but
/// with every request read through the <see cref="RequestGuard"/>. It replaces that binder, so no method
/// of any service (health and reflection included) is reachable unguarded.
/// </summary>
internal sealed class GuardedMethodProvider<TService>(RequestGuard guard) : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind)
                continue;
            var method = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
                [typeof(ServiceBinderBase), type]) ?? throw new InvalidOperationException(
                    $"{bind.BindType} has no {bind.BindMethodName}(ServiceBinderBase, {type.Name}) to bind {typeof(TService)} with.");
            method.Invoke(null, [new GuardedServiceBinder<TService>(context, type, guard), null]);
            return;
        }
    }
}
