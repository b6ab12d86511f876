using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace DataBroker.GrpcEdge;

/// <summary>
/// Receives the generated BindService's methods and adds each to the endpoint model with a guarded request
/// marshaller, the service's implementing method as invoker, and its attributes ([Authorize] and the like) as metadata.
/// </summary>
internal sealed class GuardedServiceBinder<TService>(ServiceMethodProviderContext<TService> context, Type declaringType, RequestGuard guard)
    : ServiceBinderBase where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Implementation<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name,
            typeof(TRequest), typeof(ServerCallContext));
        context.AddUnaryMethod(guard.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Implementation<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
            typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddServerStreamingMethod(guard.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Implementation<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
            typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        context.AddClientStreamingMethod(guard.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Implementation<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
            typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddDuplexStreamingMethod(guard.Guard(method), metadata, invoker);
    }

    private (TDelegate Invoker, List<object> Metadata) Implementation<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
    {
        var implementation = Find(name, parameters) ?? throw new InvalidOperationException($"{typeof(TService)} does not implement {name}.");
        // The type's attributes first, the method's last, so the method's win (as grpc-dotnet orders them).
        var metadata = new List<object>(typeof(TService).GetCustomAttributes(inherit: true));
        metadata.AddRange(implementation.GetCustomAttributes(inherit: true));
        metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
        return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation), metadata);
    }

    /// <summary>The override of the generated base's virtual method; a method merely hiding it does not count.</summary>
    private MethodInfo? Find(string name, Type[] parameters)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, parameters, modifiers: null);
            if (candidate is null)
                return null;
            if (candidate.IsVirtual && candidate.GetBaseDefinition().DeclaringType == declaringType)
                return candidate;
        }
        return null;
    }
}
