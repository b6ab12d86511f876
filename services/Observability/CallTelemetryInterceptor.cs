using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataBroker.Observability;

/// <summary>
/// The outermost interceptor: counts each call by method and final status, and tags the call's span with
/// the request id it concerns (read from the request or the response), so one request's calls (submit,
/// decisions, fetch) can be found together. The request id is the only message field it ever reads.
/// </summary>
public sealed class CallTelemetryInterceptor(RpcMetrics metrics) : Interceptor
{
    public const string RequestIdTag = "databroker.request_id";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        TagRequestId(request as IMessage);
        try
        {
            var response = await continuation(request, context);
            TagRequestId(response as IMessage);
            return response;
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch
        {
            status = StatusCode.Unknown;
            throw;
        }
        finally
        {
            metrics.Record(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        TagRequestId(request as IMessage);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch
        {
            status = context.CancellationToken.IsCancellationRequested ? StatusCode.Cancelled : StatusCode.Unknown;
            throw;
        }
        finally
        {
            metrics.Record(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>A top-level <c>request_id</c>, or the <c>request_id</c> of a top-level <c>request</c> message.</summary>
    private static void TagRequestId(IMessage? message)
    {
        if (message is null || Activity.Current is not { IsAllDataRequested: true } activity || activity.GetTagItem(RequestIdTag) is not null)
            return;
        // Descriptor lookups by name are dictionary reads: this runs on every call, request and response.
        var id = message.Descriptor.FindFieldByName("request_id")?.Accessor.GetValue(message) as string;
        if (string.IsNullOrEmpty(id) && message.Descriptor.FindFieldByName("request") is { FieldType: Google.Protobuf.Reflection.FieldType.Message } nested
            && nested.Accessor.GetValue(message) is IMessage inner)
            id = inner.Descriptor.FindFieldByName("request_id")?.Accessor.GetValue(inner) as string;
        if (!string.IsNullOrEmpty(id))
            activity.SetTag(RequestIdTag, id);
    }
}
