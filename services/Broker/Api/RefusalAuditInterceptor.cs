using DataBroker.Broker.Domain.Oversight;
using DataBroker.Identity;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataBroker.Broker.Api;

/// <summary>Records every call refused for who is calling or what they ask (auth, permission, policy, limits) on the audit trail.</summary>
public sealed class RefusalAuditInterceptor(RefusalLog refusals) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (IsRefusal(e.StatusCode))
        {
            await RecordAsync(context, e);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (IsRefusal(e.StatusCode))
        {
            await RecordAsync(context, e);
            throw;
        }
    }

    private static bool IsRefusal(StatusCode status) =>
        status is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.ResourceExhausted or StatusCode.FailedPrecondition;

    private Task RecordAsync(ServerCallContext context, RpcException e)
    {
        var user = context.GetHttpContext().User;
        return refusals.RecordAsync(user.FindFirst(ClaimNames.Subject)?.Value ?? "anonymous", user.FindFirst(ClaimNames.Unit)?.Value ?? "",
            context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "", context.Method, e.StatusCode.ToString(), e.Status.Detail,
            e.Trailers.GetValue(ErrorMappingInterceptor.LimitRuleTrailer) ?? "", CancellationToken.None);
    }
}
