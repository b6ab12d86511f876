using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DataBroker.GrpcEdge;

/// <summary>
/// Reads every request message of a service. grpc-dotnet deserializes before any interceptor or handler
/// runs and answers what its deserializer throws as UNKNOWN with an Error-level stack trace, so the check
/// sits in the deserializer itself: a message that does not parse, or holds a string or list beyond
/// <see cref="MessageBounds"/>, is INVALID_ARGUMENT naming the field, with one short log line.
/// </summary>
public sealed class RequestGuard(MessageBounds bounds, ILoggerFactory loggers)
{
    private const int MaxReasonLength = 200;
    private readonly ILogger _logger = loggers.CreateLogger(EdgeLog.Category);

    public MessageBounds Bounds => bounds;

    /// <summary>The same method, reading its requests through the guard.</summary>
    public Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var read = method.RequestMarshaller.ContextualDeserializer;
        var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context => Read(read, context, method.FullName));
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    /// <summary>Throws INVALID_ARGUMENT naming the first string or list field beyond its bound.</summary>
    public void Check(IMessage message) => CheckMessage(message, "");

    private TRequest Read<TRequest>(Func<DeserializationContext, TRequest> read, DeserializationContext context, string method)
    {
        TRequest request;
        try
        {
            request = read(context);
        }
        // The parser throws InvalidProtocolBufferException, and for some inputs Argument or InvalidOperation exceptions.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw Refuse(method, $"the request is not a valid {typeof(TRequest).Name} message ({StatusText.Cap(e.Message, MaxReasonLength)})");
        }
        try
        {
            if (request is IMessage message)
                Check(message);
        }
        catch (RpcException e)
        {
            EdgeLog.Refused(_logger, method, e.Status.Detail);
            throw;
        }
        return request;
    }

    private RpcException Refuse(string method, string reason)
    {
        EdgeLog.Refused(_logger, method, reason);
        return new RpcException(new Status(StatusCode.InvalidArgument, StatusText.Cap(reason)));
    }

    private void CheckMessage(IMessage message, string path)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var name = path + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                CheckEntries(map.Count, name);
                var key = field.MessageType.FindFieldByNumber(1);
                var mapValue = field.MessageType.FindFieldByNumber(2);
                foreach (DictionaryEntry entry in map)
                {
                    CheckValue(key, entry.Key, name + " key");
                    CheckValue(mapValue, entry.Value, name);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                CheckEntries(list.Count, name);
                foreach (var item in list)
                    CheckValue(field, item, name);
            }
            else
            {
                CheckValue(field, value, name);
            }
        }
    }

    private void CheckValue(FieldDescriptor field, object? value, string name)
    {
        switch (value)
        {
            case string text when text.Length > bounds.TextLengthOf(field.FullName):
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"{name} may hold at most {bounds.TextLengthOf(field.FullName)} characters (it held {text.Length})."));
            case IMessage nested when field.FieldType == FieldType.Message:
                CheckMessage(nested, name + ".");
                break;
        }
    }

    private void CheckEntries(int count, string name)
    {
        if (count > bounds.MaxEntries)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{name} may hold at most {bounds.MaxEntries} entries (it held {count})."));
    }
}
