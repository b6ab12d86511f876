using DataBroker.Broker.Domain;
using DataBroker.GrpcEdge;
using Grpc.Core;
using Grpc.Core.Interceptors;
using StackExchange.Redis;

namespace DataBroker.Broker.Api;

/// <summary>
/// Maps what the domain and the adapters throw to gRPC statuses with a message a person can act on.
/// No stack trace, and no internal detail, reaches a client, and no message is longer than
/// <see cref="StatusText.MaxLength"/> whatever the call carried.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, StoreOutageLog outages) : Interceptor
{
    /// <summary>On RESOURCE_EXHAUSTED: milliseconds until the call could pass.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    /// <summary>On RESOURCE_EXHAUSTED: the name of the rule that refused the call.</summary>
    public const string LimitRuleTrailer = "limit-rule";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (e.Status.Detail.Length > StatusText.MaxLength)
        {
            throw Capped(e);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Capped(Map(e, context));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (e.Status.Detail.Length > StatusText.MaxLength)
        {
            throw Capped(e);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Capped(Map(e, context));
        }
    }

    private static RpcException Capped(RpcException e) =>
        e.Status.Detail.Length <= StatusText.MaxLength ? e : new RpcException(new Status(e.StatusCode, StatusText.Cap(e.Status.Detail)), e.Trailers);

    private RpcException Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case DomainException { Kind: DomainErrorKind.ResourceExhausted } d:
                return new RpcException(new Status(StatusCode.ResourceExhausted, d.Message), new Metadata
                {
                    { RetryAfterTrailer, ((long)Math.Ceiling(d.RetryAfter?.TotalMilliseconds ?? 0)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    { LimitRuleTrailer, d.Rule ?? "" },
                });
            case DomainException d:
                return new RpcException(new Status(d.Kind switch
                {
                    DomainErrorKind.InvalidArgument => StatusCode.InvalidArgument,
                    DomainErrorKind.NotFound => StatusCode.NotFound,
                    DomainErrorKind.PermissionDenied => StatusCode.PermissionDenied,
                    DomainErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
                    DomainErrorKind.Conflict => StatusCode.Aborted,
                    DomainErrorKind.Unavailable => StatusCode.Unavailable,
                    _ => StatusCode.Internal,
                }, d.Message));
            case OperationCanceledException when CallBudget.Exhausted(context):
                outages.Failed(context.Method, "no answer within the call's deadline");
                return new RpcException(new Status(StatusCode.Unavailable, OutcomeUnknown));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."));
            case RedisException or TimeoutException:
                outages.Failed(context.Method, e.GetType().Name);
                return new RpcException(new Status(StatusCode.Unavailable, CertainlyNotSent(e)
                    ? "The broker's store is unavailable; nothing was changed. Retry shortly."
                    : OutcomeUnknown));
            default:
                LogUnexpected(logger, context.Method, e);
                return new RpcException(new Status(StatusCode.Internal, "The broker failed to handle the call; it has been logged."));
        }
    }

    private const string OutcomeUnknown =
        "The broker's store did not answer; the outcome is unknown: retry with the same idempotency key (a retry never applies twice).";

    /// <summary>
    /// Only a command that never left this process changed nothing. One that was sent and got no reply (the
    /// connection dropped, the reply timed out) may have run its script to the end: the outcome is unknown.
    /// </summary>
    private static bool CertainlyNotSent(Exception e) => e switch
    {
        RedisConnectionException c => c.CommandStatus is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog,
        RedisTimeoutException t => t.Commandstatus is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog,
        RedisCommandException => true,
        _ => false,
    };

    [LoggerMessage(EventId = 2, EventName = "UnexpectedError", Level = LogLevel.Error, Message = "{Method}: unexpected error")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception error);
}
