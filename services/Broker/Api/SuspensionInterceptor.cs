using DataBroker.Broker.Domain.Oversight;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataBroker.Broker.Api;

/// <summary>
/// Refuses every call of a suspended officer, or of any member of a suspended unit, with the reason.
/// Calls without a token (health, reflection) pass: they reach nothing a suspension protects.
/// </summary>
public sealed class SuspensionInterceptor(CallerResolver callers, SuspensionCache suspensions) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await EnsureNotSuspendedAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await EnsureNotSuspendedAsync(context);
        await continuation(request, responseStream, context);
    }

    private async Task EnsureNotSuspendedAsync(ServerCallContext context)
    {
        if (context.GetHttpContext().User.Identity?.IsAuthenticated != true)
            return;
        var caller = callers.Resolve(context);
        SuspensionPolicy.EnsureNotSuspended(await suspensions.StatusAsync(caller.Id, caller.Unit, context.Budget()));
    }
}
