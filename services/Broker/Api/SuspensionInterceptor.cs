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
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // No state machine when the check completes at once (a fresh book: nearly every call); a refusal throws here,
        // which the interceptors outside see as they see a faulted task.
        var check = EnsureNotSuspendedAsync(context);
        if (!check.IsCompletedSuccessfully)
            return CheckedAsync(check, request, context, continuation);
        check.GetAwaiter().GetResult();
        return continuation(request, context);
    }

    private static async Task<TResponse> CheckedAsync<TRequest, TResponse>(ValueTask check, TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        await check;
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await EnsureNotSuspendedAsync(context);
        await continuation(request, responseStream, context);
    }

    private ValueTask EnsureNotSuspendedAsync(ServerCallContext context)
    {
        if (context.GetHttpContext().User.Identity?.IsAuthenticated != true)
            return ValueTask.CompletedTask;
        var caller = callers.Resolve(context);
        var status = suspensions.StatusAsync(caller.Id, caller.Unit, context.Budget());
        if (!status.IsCompletedSuccessfully)
            return EnsureAsync(status);
        SuspensionPolicy.EnsureNotSuspended(status.Result);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask EnsureAsync(ValueTask<SuspensionStatus> status) => SuspensionPolicy.EnsureNotSuspended(await status);
}
